/**
 * npm run export -- <flow> [--scope "openid email"] [--lifetime 3600] [--alg ES256]
 *                           [--format mermaid|json|animated-svg] [--out file]
 * npm run export -- --har login.har [--reveal] [--budget-ms 6000] [--format mermaid|json|animated-svg] [--out file]
 * Runs a flow in Node, exactly as the page does, and prints its diagram or its trace; or imports
 * a login recorded in DevTools (HAR), secrets masked unless --reveal, with the page's limits:
 * files over 30 MB are refused (HAR_TOO_LARGE) and an import past its time budget gives up
 * (HAR_OVER_BUDGET); either exits 1 with the code on stderr.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SIGNING_ALGORITHMS } from '../lib/core/index';
import { animatedSvg } from '../lib/diagram/animatedSvg';
import { mermaidSource } from '../lib/diagram/exportText';
import { importedMermaid } from '../lib/diagram/importedText';
import { importHar, MAX_HAR_BYTES } from '../lib/har/index';
import { IMPORT_BUDGET_MS } from '../lib/har/read';
import { FLOW_IDS, normaliseSettings, runFlow, type FlowId } from '../lib/sim/index';

const FORMATS = ['mermaid', 'json', 'animated-svg'] as const;

const USAGE = `usage: npm run export -- <flow> [--scope "openid email"] [--lifetime seconds] [--alg ${SIGNING_ALGORITHMS.join('|')}] [--format mermaid|json|animated-svg] [--out file]
       npm run export -- --har login.har [--reveal] [--budget-ms ${IMPORT_BUDGET_MS}] [--format mermaid|json|animated-svg] [--out file]
flows: ${FLOW_IDS.join(', ')}`;

export interface Io {
	out(text: string): void;
	err(text: string): void;
	write(path: string, text: string): void;
}

const nodeIo: Io = {
	out: (text) => process.stdout.write(text),
	err: (text) => process.stderr.write(text),
	write: (path, text) => writeFileSync(path, text)
};

/** Returns the exit code: 0 done, 2 for a bad command line (with a message naming the problem). */
export async function main(argv: string[], io: Io = nodeIo): Promise<number> {
	const fail = (message: string) => {
		io.err(`export: ${message}\n${USAGE}\n`);
		return 2;
	};
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				scope: { type: 'string' },
				lifetime: { type: 'string' },
				alg: { type: 'string' },
				format: { type: 'string', default: 'mermaid' },
				out: { type: 'string' },
				har: { type: 'string' },
				reveal: { type: 'boolean' },
				'budget-ms': { type: 'string' },
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (e) {
		return fail(e instanceof Error ? e.message : String(e));
	}
	const { values, positionals } = parsed;
	if (values.help) {
		io.out(`${USAGE}\n`);
		return 0;
	}
	if (values.har !== undefined) {
		if (positionals.length) return fail(`--har takes no flow, got ${positionals.join(' ')}`);
		if (!(FORMATS as readonly string[]).includes(values.format!))
			return fail(`unknown format "${values.format}"; allowed: ${FORMATS.join(', ')}`);
		const budget = values['budget-ms'];
		if (budget !== undefined && !/^[1-9]\d{0,8}$/.test(budget))
			return fail(`--budget-ms must be a whole number of milliseconds, got "${budget}"`);
		return exportHar(values.har, values.format as (typeof FORMATS)[number], values, io, {
			budgetMs: budget === undefined ? IMPORT_BUDGET_MS : Number(budget)
		});
	}
	if (values['budget-ms'] !== undefined) return fail('--budget-ms is for --har imports');
	if (positionals.length !== 1)
		return fail(
			positionals.length ? `one flow at a time, got ${positionals.join(' ')}` : 'name a flow'
		);
	const flow = positionals[0]!;
	if (!FLOW_IDS.includes(flow as FlowId))
		return fail(`unknown flow "${flow}"; allowed: ${FLOW_IDS.join(', ')}`);
	if (!(FORMATS as readonly string[]).includes(values.format!))
		return fail(`unknown format "${values.format}"; allowed: ${FORMATS.join(', ')}`);
	if (values.lifetime !== undefined && !/^\d{1,10}$/.test(values.lifetime)) {
		return fail(`--lifetime must be a whole number of seconds, got "${values.lifetime}"`);
	}
	const { settings, problems } = normaliseSettings({
		flow,
		...(values.scope !== undefined && { scope: values.scope }),
		...(values.lifetime !== undefined && { idTokenLifetime: Number(values.lifetime) }),
		...(values.alg !== undefined && { algorithm: values.alg })
	});
	if (problems.length) {
		const option = {
			scope: '--scope',
			idTokenLifetime: '--lifetime',
			algorithm: '--alg'
		} as Record<string, string>;
		return fail(problems.map((p) => `${option[p.field] ?? p.field}: ${p.message}`).join('; '));
	}

	const trace = await runFlow(settings);
	const text =
		values.format === 'json'
			? `${JSON.stringify(trace, null, 2)}\n`
			: values.format === 'animated-svg'
				? animatedSvg(trace)
				: mermaidSource(trace);
	if (values.out) io.write(values.out, text);
	else io.out(text);
	if (!trace.outcome.completed)
		io.err(`export: note: the flow stopped early: ${trace.outcome.stopped}\n`);
	return 0;
}

/**
 * Imports a HAR and prints it; 1 when nothing could be imported, each problem on stderr after
 * its stable code (`export: HAR_OVER_BUDGET: …`).
 */
async function exportHar(
	path: string,
	format: (typeof FORMATS)[number],
	values: { reveal?: boolean; out?: string },
	io: Io,
	limits: { budgetMs: number }
): Promise<number> {
	let text: string;
	try {
		if (statSync(path).size > MAX_HAR_BYTES) {
			io.err(`export: HAR_TOO_LARGE: ${path} is larger than ${MAX_HAR_BYTES / 1024 / 1024} MB\n`);
			return 1;
		}
		text = readFileSync(path, 'utf8');
	} catch (e) {
		io.err(`export: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
		return 1;
	}
	const { trace, problems, codes } = await importHar(text, {
		reveal: values.reveal,
		budgetMs: limits.budgetMs
	});
	for (const [i, problem] of problems.entries())
		io.err(`export: ${codes[i] ? `${codes[i]}: ` : ''}${problem}\n`);
	if (!trace.steps.length) return 1;
	const output =
		format === 'json'
			? `${JSON.stringify(trace, null, 2)}\n`
			: format === 'animated-svg'
				? animatedSvg(trace)
				: importedMermaid(trace, path, !values.reveal);
	if (values.out) io.write(values.out, output);
	else io.out(output);
	return 0;
}

// Run when invoked as a script (not when imported by tests).
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/src\//, '/src/'))) {
	// Piping into `head` closes stdout early; that is not an error.
	process.stdout.on('error', (e: NodeJS.ErrnoException) =>
		e.code === 'EPIPE' ? process.exit(0) : undefined
	);
	process.exitCode = await main(process.argv.slice(2));
}
