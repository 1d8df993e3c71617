import { describe, expect, test } from 'vitest';
import { main, type Io } from '../../../src/cli/export';
import { importHar, MASK } from '../../../src/lib/har/index';
import { collectSecrets } from '../../../src/lib/har/mask';
import { readHar } from '../../../src/lib/har/read';
import { FIXTURES, fixtureText } from './fixtures';

const PASSWORD = 'correct horse battery staple';
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]+/;

describe('secrets are masked before anything is shown or exported', () => {
	test.each(FIXTURES)(
		'%s: no token, code, cookie or typed password survives in the trace',
		async (name) => {
			const text = fixtureText(name);
			const secrets = collectSecrets(readHar(text).exchanges);
			expect(secrets.size).toBeGreaterThan(0);
			const { trace } = await importHar(text, { expandPages: true, showUnrelated: true });
			const shown = JSON.stringify(trace);
			for (const secret of secrets) expect(shown).not.toContain(secret);
			expect(shown).not.toMatch(JWT);
			expect(shown).not.toContain(PASSWORD.replaceAll(' ', '+'));
			expect(shown).toContain(MASK);
		}
	);

	test('the typed password, cookies and bearer tokens are among the secrets found', () => {
		const secrets = collectSecrets(readHar(fixtureText('code-pkce')).exchanges);
		expect(secrets.has(PASSWORD)).toBe(true);
		const all = [...secrets];
		expect(all.some((s) => JWT.test(s))).toBe(true);
	});

	test('decoded claims stay readable; revealing shows the recording as it was', async () => {
		const text = fixtureText('code-pkce');
		const masked = (await importHar(text)).trace;
		const token = masked.steps.flatMap((s) => s.tokens).find((t) => t.name === 'id_token')!;
		expect(token.value).toBe(MASK);
		expect(token.payload?.sub).toBe('jane');
		const revealed = (await importHar(text, { reveal: true, expandPages: true })).trace;
		expect(JSON.stringify(revealed)).toMatch(JWT);
		expect(JSON.stringify(revealed)).toContain(PASSWORD.replaceAll(' ', '+'));
	});
});

describe('npm run export -- --har', () => {
	function capture() {
		const io = { stdout: '', stderr: '' };
		const sink: Io = {
			out: (t) => (io.stdout += t),
			err: (t) => (io.stderr += t),
			write: () => {}
		};
		return { io, sink };
	}
	const file = new URL('../../fixtures/har/code-pkce.har', import.meta.url).pathname;

	test('prints the Mermaid diagram, secrets masked', async () => {
		const { io, sink } = capture();
		expect(await main(['--har', file], sink)).toBe(0);
		expect(io.stdout).toMatch(/^%% .+\nsequenceDiagram\n/);
		expect(io.stdout).toContain('POST /token (authorization_code)');
		expect(io.stdout).not.toMatch(JWT);
	});

	test('prints the JSON trace, and --reveal keeps the secrets', async () => {
		const masked = capture();
		expect(await main(['--har', file, '--format', 'json'], masked.sink)).toBe(0);
		expect(JSON.parse(masked.io.stdout).steps.length).toBeGreaterThan(10);
		expect(masked.io.stdout).not.toMatch(JWT);
		const revealed = capture();
		expect(await main(['--har', file, '--format', 'json', '--reveal'], revealed.sink)).toBe(0);
		expect(revealed.io.stdout).toMatch(JWT);
	});

	test('exits 1 for a file that is not a HAR, 2 for a bad command line', async () => {
		const notHar = capture();
		expect(
			await main(['--har', new URL('../../../package.json', import.meta.url).pathname], notHar.sink)
		).toBe(1);
		expect(notHar.io.stderr.length).toBeGreaterThan(0);
		expect(await main(['--har', file, 'code-pkce'], capture().sink)).toBe(2);
		expect(await main(['--har', file, '--format', 'svg'], capture().sink)).toBe(2);
	});
});
