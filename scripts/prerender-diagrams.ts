/**
 * npm run diagrams: writes static/diagrams/<flow>.<light|dark>.json, each flow's drawing at its
 * default settings, prerendered so a first visit shows it before its run ends (see
 * src/lib/diagram/prerendered.ts).
 *
 * Drawn by the site itself: the built page, in Debian's Chromium, with the shipped font, its own
 * Mermaid and configuration. Each flow is visited once per theme in a fresh context, with the
 * prerendered files out of reach (so Mermaid draws), and the drawing the page kept in storage is
 * taken as it is. Its layout is the flow's own (traceToMermaid at DEFAULT_SETTINGS, `fit`), which
 * the page's run produced too: the runs are deterministic. tests/unit/diagram/prerendered.test.ts
 * fails when a file no longer matches its flow's text, Mermaid's version or the font.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { traceToMermaid } from '../src/lib/diagram/mermaidText';
import type { PrerenderedDrawing } from '../src/lib/diagram/prerendered';
import { runFlow } from '../src/lib/sim/index';
import { DEFAULT_SETTINGS } from '../src/lib/sim/settings';
import { FLOW_IDS, type FlowId } from '../src/lib/sim/types';
import { startPreview } from '../tests/bench/preview';
import { CHROMIUM } from '../tests/chromium';
import { currentContext } from './diagramContext';

const PORT = Number(process.env.DIAGRAMS_PORT ?? 4395);
const OUT = new URL('../static/diagrams/', import.meta.url);

/** The page's drawing as Mermaid made it, and the sides the page fitted to it. */
async function drawn(
	browser: Browser,
	base: string,
	flow: FlowId,
	dark: boolean
): Promise<{ svg: string; viewBox: string }> {
	const context = await browser.newContext({
		viewport: { width: 1280, height: 900 },
		colorScheme: dark ? 'dark' : 'light'
	});
	try {
		await context.route('**/diagrams/**', (route) => route.abort());
		const page = await context.newPage();
		await page.goto(`${base}/flow/${flow}`);
		await page.waitForFunction(
			() => performance.getEntriesByName('tokenstep:diagram-ready').length > 0,
			undefined,
			{ timeout: 60_000 }
		);
		const svg = await page.evaluate((id) => {
			const index = JSON.parse(localStorage.getItem('tokenstep:drawings') ?? '[]') as {
				key: string;
				flow: string;
			}[];
			const entry = index.length === 1 && index[0]!.flow === id ? index[0] : undefined;
			return entry ? localStorage.getItem(`tokenstep:drawing:${entry.key}`) : null;
		}, flow);
		if (!svg?.startsWith('<svg')) throw new Error(`${flow}: the page kept no drawing`);
		const viewBox = await page.locator('[data-testid="diagram"] > svg').getAttribute('viewBox');
		if (!viewBox) throw new Error(`${flow}: the page's drawing has no viewBox`);
		return { svg, viewBox };
	} finally {
		await context.close();
	}
}

async function main() {
	const preview = startPreview(PORT);
	const browser = await chromium.launch(CHROMIUM);
	try {
		await preview.ready();
		mkdirSync(OUT, { recursive: true });
		const context = currentContext();
		// `npm run diagrams -- <flow> …` redraws only those flows.
		const only = process.argv.slice(2);
		const jobs = FLOW_IDS.filter((f) => !only.length || only.includes(f)).flatMap((flow) =>
			[false, true].map((dark) => ({ flow, dark }))
		);
		// Two at a time: the machines have two cores.
		const work = async () => {
			for (let job = jobs.shift(); job; job = jobs.shift()) {
				const { flow, dark } = job;
				const layout = traceToMermaid(await runFlow({ ...DEFAULT_SETTINGS, flow }), { fit: true });
				const drawing: PrerenderedDrawing = {
					v: 1,
					flow,
					dark,
					context,
					layout,
					...(await drawn(browser, preview.base, flow, dark))
				};
				const file = new URL(`${flow}.${dark ? 'dark' : 'light'}.json`, OUT);
				writeFileSync(file, JSON.stringify(drawing));
				console.log(`${file.pathname}: ${drawing.svg.length} characters`);
			}
		};
		await Promise.all([work(), work()]);
	} finally {
		await browser.close();
		preview.stop();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
