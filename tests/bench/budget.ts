/**
 * npm run test:budget: size budgets of the built site, printed as JSON; exits 1 when one is
 * exceeded.
 * - flow_initial_js_gzip_kb: every script /flow/[id] loads before anything is imported lazily
 *   (its entry scripts and their modulepreload graph), gzipped: at most 60 KB.
 * - mermaid_on_pages_without_diagram: pages that draw no diagram must not preload Mermaid.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUILD = 'build';
// The URL reader, the settings' rules, the run diff and the engine load after the page is shown;
// each flow's text and starting settings are prerendered into its page rather than shipped for
// every flow; the prerendered drawing needs no script to show: 56.2 KB.
const BUDGET_KB = 60;

if (!existsSync(BUILD)) {
	console.error('budget: no build/ folder; run npm run build first');
	process.exit(2);
}

/** Scripts a page loads at once: modulepreload links and the entry imports of its inline boot script. */
function initialScripts(htmlPath: string): string[] {
	const html = readFileSync(htmlPath, 'utf8');
	const links = [...html.matchAll(/<link href="([^"]+\.js)" rel="modulepreload">/g)].map(
		(m) => m[1]!
	);
	const imports = [...html.matchAll(/import\("([^"]+\.js)"\)/g)].map((m) => m[1]!);
	return [...new Set([...links, ...imports])].map((src) => resolve(dirname(htmlPath), src));
}

const gzipKb = (files: string[]) =>
	files.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0) / 1024;

/** The chunk files that contain Mermaid's code (found by a string only Mermaid has). */
const chunksDir = join(BUILD, '_app/immutable/chunks');
const mermaidChunks = new Set(
	readdirSync(chunksDir)
		.filter((f) => readFileSync(join(chunksDir, f), 'utf8').includes('sequenceDiagram'))
		.map((f) => resolve(chunksDir, f))
);
// Our own diagram-text module mentions "sequenceDiagram" too; Mermaid's chunks are the large ones.
for (const file of [...mermaidChunks])
	if (readFileSync(file).length < 50_000) mermaidChunks.delete(file);

const flowScripts = initialScripts(join(BUILD, 'flow/code-pkce.html'));
const pagesWithoutDiagram = ['index.html', 'decode.html', 'learn.html'];
const mermaidPreloaded = pagesWithoutDiagram.filter((page) =>
	initialScripts(join(BUILD, page)).some((s) => mermaidChunks.has(s))
);
const flowPreloadsMermaid = flowScripts.some((s) => mermaidChunks.has(s));

const result = {
	flow_initial_js_gzip_kb: +gzipKb(flowScripts).toFixed(1),
	flow_initial_js_budget_kb: BUDGET_KB,
	flow_initial_scripts: flowScripts.length,
	mermaid_chunks_found: mermaidChunks.size,
	mermaid_preloaded_by_flow_page: flowPreloadsMermaid,
	mermaid_preloaded_by_pages_without_diagram: mermaidPreloaded
};
console.log(JSON.stringify(result, null, 2));

const failures = [
	result.flow_initial_js_gzip_kb > BUDGET_KB &&
		`initial JS of /flow/[id] is ${result.flow_initial_js_gzip_kb} KB gzip, over ${BUDGET_KB} KB`,
	mermaidChunks.size === 0 && 'no Mermaid chunk found in the build: the check would be meaningless',
	flowPreloadsMermaid && 'Mermaid is loaded up front by /flow/[id]; it must load lazily',
	mermaidPreloaded.length &&
		`Mermaid is loaded by pages that draw nothing: ${mermaidPreloaded.join(', ')}`
].filter(Boolean);
if (failures.length) {
	console.error(`budget exceeded:\n- ${failures.join('\n- ')}`);
	process.exit(1);
}
