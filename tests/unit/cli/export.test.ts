// @vitest-environment jsdom
import { execFileSync } from 'node:child_process';
import mermaid from 'mermaid';
import { describe, expect, test } from 'vitest';
import { main, type Io } from '../../../src/cli/export';
import { FLOW_IDS, type Trace } from '../../../src/lib/sim/index';

function capture() {
	const io = { stdout: '', stderr: '', files: {} as Record<string, string> };
	const sink: Io = {
		out: (t) => (io.stdout += t),
		err: (t) => (io.stderr += t),
		write: (path, t) => (io.files[path] = t)
	};
	return { io, sink };
}

describe('npm run export', () => {
	test.each(FLOW_IDS)(
		'%s: the Mermaid source parses with Mermaid and the JSON is the full trace',
		async (flow) => {
			const mermaidRun = capture();
			expect(await main([flow], mermaidRun.sink)).toBe(0);
			expect(mermaidRun.io.stdout).toMatch(
				/^%% .+\n%% scope: openid profile email; id_token lifetime: 36000 s; alg: RS256\nsequenceDiagram\n/
			);
			expect(await mermaid.parse(mermaidRun.io.stdout)).toBeTruthy();

			const jsonRun = capture();
			expect(await main([flow, '--format', 'json'], jsonRun.sink)).toBe(0);
			const trace = JSON.parse(jsonRun.io.stdout) as Trace;
			expect(trace.flow).toBe(flow);
			expect(trace.steps.length).toBeGreaterThan(4);
			// Every JWT in the trace comes decoded.
			const jwts = trace.steps
				.flatMap((s) => s.tokens)
				.filter((t) => t.value.split('.').length === 3 && t.value.startsWith('eyJ'));
			for (const token of jwts) expect(token.payload ?? token.header).toBeTruthy();
		}
	);

	test('options change the run: scope, lifetime and algorithm show in the trace', async () => {
		const run = capture();
		expect(
			await main(
				[
					'code-pkce',
					'--scope',
					'openid email',
					'--lifetime',
					'600',
					'--alg',
					'ES256',
					'--format',
					'json',
					'--out',
					'trace.json'
				],
				run.sink
			)
		).toBe(0);
		const trace = JSON.parse(run.io.files['trace.json']!) as Trace;
		const idToken = trace.steps.flatMap((s) => s.tokens).find((t) => t.name === 'id_token')!;
		expect(idToken.header?.alg).toBe('ES256');
		expect((idToken.payload!.exp as number) - (idToken.payload!.iat as number)).toBe(600);
		expect(idToken.payload!.email).toBe('alice@example.com');
		expect(idToken.payload!.name).toBeUndefined();
		expect(run.io.stdout).toBe('');
	});

	test.each([
		[['nope'], 'unknown flow "nope"; allowed: code-pkce, code-webapp'],
		[[], 'name a flow'],
		[['code-pkce', '--format', 'svg'], 'unknown format "svg"; allowed: mermaid, json'],
		[['code-pkce', '--lifetime', '10h'], '--lifetime must be a whole number of seconds, got "10h"'],
		[['code-pkce', '--lifetime', '0'], '--lifetime: lifetime must be at least 1 second, got 0'],
		[['code-pkce', '--alg', 'none'], '--alg: unsupported algorithm "none"'],
		[['code-pkce', '--colour', 'red'], "Unknown option '--colour'"]
	])('%j is refused with exit code 2 and a message naming the problem', async (args, message) => {
		const run = capture();
		expect(await main(args, run.sink)).toBe(2);
		expect(run.io.stderr).toContain(message);
		expect(run.io.stderr).toContain('usage: npm run export');
		expect(run.io.stdout).toBe('');
	});

	test('the script itself exits non-zero on a bad flow', () => {
		let status = 0;
		let stderr = '';
		try {
			execFileSync(
				process.execPath,
				['node_modules/tsx/dist/cli.mjs', 'src/cli/export.ts', 'nope'],
				{ stdio: 'pipe' }
			);
		} catch (e) {
			status = (e as { status: number }).status;
			stderr = String((e as { stderr: Buffer }).stderr);
		}
		expect(status).toBe(2);
		expect(stderr).toContain('unknown flow "nope"');
	});
});
