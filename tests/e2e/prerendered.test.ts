/**
 * A flow's drawing at its default settings is prerendered (static/diagrams, and a copy in the
 * page's HTML): it is on screen before any script runs, the run's own text confirms it, and
 * only a setting that changes that text draws the diagram again.
 */
import type { Locator, Page } from '@playwright/test';
import { traceToMermaid } from '../../src/lib/diagram/mermaidText';
import { runFlow } from '../../src/lib/sim/index';
import { DEFAULT_SETTINGS } from '../../src/lib/sim/settings';
import { TID } from '../../src/lib/testids';
import { expect, test } from './flowPage';

/** How many diagrams Mermaid drew in this page (the renderer's own User Timing measure). */
const mermaidDrawings = (page: Page) =>
	page.evaluate(() => performance.getEntriesByName('tokenstep:mermaid-render').length);
const diagram = (page: Page) => page.getByTestId(TID.diagram);
/** Tags the SVG on show, so a later look can tell the same element from a new drawing. */
const tagDrawing = (page: Page) =>
	diagram(page)
		.locator('svg')
		.evaluate((svg) => svg.setAttribute('data-test-tag', 'first'));
/** How many runs have ended in this page (the simulation's own User Timing mark). */
const traceReady = (page: Page) =>
	page.evaluate(() => performance.getEntriesByName('tokenstep:trace-ready').length);
const sameDrawing = (page: Page) => diagram(page).locator('svg[data-test-tag="first"]').count();

/** The labels the page draws for code-pkce at its defaults: as many lines as the run's layout. */
async function expectedLines() {
	const layout = traceToMermaid(await runFlow({ ...DEFAULT_SETTINGS, flow: 'code-pkce' }), {
		fit: true
	});
	return {
		messages: layout.steps.length,
		lines: layout.steps.reduce((n, s) => n + 1 + (s.messageJoins?.length ?? 0), 0)
	};
}

test('the drawing is in the page before any script runs, in both colour schemes', async ({
	browser
}) => {
	const { lines, messages } = await expectedLines();
	for (const colorScheme of ['light', 'dark'] as const) {
		const context = await browser.newContext({ javaScriptEnabled: false, colorScheme });
		const page = await context.newPage();
		await page.goto('/flow/code-pkce');
		const svg = page.locator('[data-prerendered="code-pkce"] > svg');
		await expect(svg).toBeVisible();
		await expect(svg.locator('text.messageText')).toHaveCount(lines);
		await expect(svg.locator('text.sequenceNumber')).toHaveCount(messages);
		// Drawn in the shipped font, with the scheme's own Mermaid style sheet in force.
		expect(
			await svg
				.locator('text.messageText')
				.first()
				.evaluate((t) => getComputedStyle(t).fontFamily)
		).toContain('Tokenstep Diagram');
		const styles = await svg.evaluate((root) =>
			[...root.querySelectorAll('style')].map((s) => ({
				media: s.getAttribute('media'),
				applies: matchMedia(s.getAttribute('media') ?? 'all').matches
			}))
		);
		expect(styles).toEqual([
			{ media: '(prefers-color-scheme: light)', applies: colorScheme === 'light' },
			{ media: '(prefers-color-scheme: dark)', applies: colorScheme === 'dark' }
		]);
		await context.close();
	}
});

/**
 * Where each label line is drawn, in the SVG's own units: its left and right ends and its top.
 * A line is a message label's text element, or each tspan line of a label the page joined.
 */
const labelLines = (svg: Locator) =>
	svg.evaluate((svg) => {
		const root = svg as SVGSVGElement;
		const frame = root.getBoundingClientRect();
		const box = root.viewBox.baseVal;
		const scale = frame.width / box.width;
		const x = (px: number) => +(box.x + (px - frame.left) / scale).toFixed(1);
		const y = (px: number) => +(box.y + (px - frame.top) / scale).toFixed(1);
		return [...root.querySelectorAll('text.messageText')].flatMap((text) => {
			const lines = text.querySelectorAll(':scope > tspan');
			return [...(lines.length ? lines : [text])].map((line) => {
				const b = line.getBoundingClientRect();
				return [x(b.left), x(b.right), y(b.top)];
			});
		});
	});

test('the run confirms the drawing without moving a line: a wrapped label joined by the page stays where the HTML drew it', async ({
	browser,
	page,
	ui
}) => {
	const { lines, messages } = await expectedLines();
	// The flow has a wrapped label, so there is a joined one to compare.
	expect(lines).toBeGreaterThan(messages);
	const context = await browser.newContext({ javaScriptEnabled: false });
	const before = await context.newPage();
	await before.setViewportSize(page.viewportSize()!);
	await before.goto('/flow/code-pkce');
	const drawn = await labelLines(before.locator('[data-prerendered] > svg'));
	await context.close();
	expect(drawn).toHaveLength(lines);

	await ui.open('/flow/code-pkce');
	await expect(diagram(page)).toHaveAttribute('data-confirmed', 'true');
	await expect(diagram(page)).toHaveAttribute('data-source', 'prerendered');
	const confirmed = await labelLines(diagram(page).locator('svg').first());
	expect(confirmed).toHaveLength(lines);
	confirmed.forEach((line, i) =>
		line.forEach((at, k) => expect(Math.abs(at - drawn[i]![k]!), `line ${i}`).toBeLessThan(0.5))
	);
});

test('the run confirms the prerendered drawing; a setting that changes the text draws again, one that does not keeps it', async ({
	page,
	ui
}) => {
	const { messages } = await expectedLines();
	await ui.open('/flow/code-pkce');
	await expect(diagram(page)).toHaveAttribute('data-confirmed', 'true');
	await expect(diagram(page)).toHaveAttribute('data-source', 'prerendered');
	expect(await mermaidDrawings(page)).toBe(0);
	await expect(diagram(page).locator('text.messageText[data-step]')).toHaveCount(messages);
	// Its labels are in the shipped font, loaded (and Mermaid would measure in it too).
	expect(await page.evaluate(() => document.fonts.check('16px "Tokenstep Diagram"', 'A→✓'))).toBe(
		true
	);
	// It steps like a drawn one.
	await ui.press('End');
	await expect(ui.current()).toHaveAttribute('data-step', String(messages - 1));
	await tagDrawing(page);

	// The algorithm is in the tokens, not in the drawn text: the drawing stays, only the run changes.
	await ui.openSettings();
	const runs = await traceReady(page);
	await page.getByLabel('Signing algorithm').selectOption('ES256');
	// The new run has ended (not only the address changed).
	await expect.poll(() => traceReady(page)).toBe(runs + 1);
	await expect(diagram(page)).toHaveAttribute('data-confirmed', 'true');
	expect(await sameDrawing(page)).toBe(1);
	expect(await mermaidDrawings(page)).toBe(0);
	await expect(ui.current()).toHaveAttribute('data-step', String(messages - 1));

	// A server-side web app sends other messages: Mermaid draws the new text.
	await page.locator('#knob-client').selectOption('webapp');
	await expect(page).toHaveURL(/client=webapp/);
	await expect.poll(() => mermaidDrawings(page)).toBe(1);
	await expect(diagram(page)).toHaveAttribute('data-confirmed', 'true');
	await expect(diagram(page)).toHaveAttribute('data-source', 'mermaid');
	expect(await sameDrawing(page)).toBe(0);
});

test('a drawing overtaken by a newer one (the theme switched and back at once) is never shown; stepping still works', async ({
	page,
	ui
}) => {
	const { messages } = await expectedLines();
	await ui.open('/flow/code-pkce');
	await expect(diagram(page)).toHaveAttribute('data-confirmed', 'true');
	await tagDrawing(page);
	// The dark drawing needs Mermaid; the light one is on show: switched back in the next task,
	// long before Mermaid has drawn the dark one.
	await page.evaluate(async () => {
		const select = document.querySelector<HTMLSelectElement>('header.site select')!;
		const choose = (value: string) => {
			select.value = value;
			select.dispatchEvent(new Event('change', { bubbles: true }));
		};
		choose('dark');
		await new Promise((next) => setTimeout(next, 0));
		choose('light');
	});
	// The overtaken dark draw did happen (Mermaid drew it), and was then put aside.
	await expect.poll(() => mermaidDrawings(page), { timeout: 20_000 }).toBe(1);
	await expect(diagram(page)).toHaveAttribute('data-confirmed', 'true');
	expect(await sameDrawing(page)).toBe(1);
	await expect(diagram(page).locator('svg')).toHaveCount(1);
	await ui.press('End');
	await expect(ui.current()).toHaveAttribute('data-step', String(messages - 1));
	await expect(ui.current()).toHaveAttribute('aria-current', 'step');
});

/** Records, in every frame from the document's start that has the HTML's drawing, whether it is visible. */
const watchPrerendered = `(() => {
	window.__prerenderedSeen = [];
	const look = () => {
		const svg = document.querySelector('[data-prerendered] > svg');
		if (svg) window.__prerenderedSeen.push(svg.checkVisibility());
		if (!document.querySelector('[data-confirmed="true"]')) requestAnimationFrame(look);
	};
	requestAnimationFrame(look);
})();`;
const framesSeen = (page: Page) =>
	page.evaluate(() => (window as unknown as { __prerenderedSeen: boolean[] }).__prerenderedSeen);

test('the drawing in the HTML is never painted when the address asks for other settings', async ({
	page,
	ui
}) => {
	await page.addInitScript(watchPrerendered);
	await ui.open('/flow/code-pkce?step=2');
	// Only a step: the drawing is visible in every frame it is in the page, from the first.
	const shown = await framesSeen(page);
	expect(shown.length).toBeGreaterThan(0);
	expect(shown.filter((visible) => !visible)).toEqual([]);

	await ui.open('/flow/code-pkce?client=webapp&step=2');
	const frames = await framesSeen(page);
	expect(frames.length).toBeGreaterThan(0);
	expect(frames.filter(Boolean)).toEqual([]);
	await expect(diagram(page)).toHaveAttribute('data-confirmed', 'true');
	await expect(diagram(page).locator('svg')).toBeVisible();
});

test('with settings in the address, or a stored theme unlike the system, the run draws its own', async ({
	page,
	ui
}) => {
	// Not the defaults: no prerendered drawing is fetched, whatever the HTML held.
	await ui.open('/flow/code-pkce?client=webapp');
	await expect(diagram(page)).toHaveAttribute('data-confirmed', 'true');
	expect(await diagram(page).getAttribute('data-source')).not.toBe('prerendered');

	// A stored dark choice on a light system: the dark drawing is fetched and confirmed.
	await page.evaluate(() => localStorage.setItem('tokenstep-theme', 'dark'));
	await ui.open('/flow/code-pkce');
	await expect(diagram(page)).toHaveAttribute('data-confirmed', 'true');
	await expect(diagram(page)).toHaveAttribute('data-source', 'prerendered');
	expect(await mermaidDrawings(page)).toBe(0);
	expect(
		await diagram(page)
			.locator('svg style')
			.evaluateAll((styles) => styles.map((s) => s.getAttribute('media')))
	).toEqual([null]);
});
