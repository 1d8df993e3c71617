import type { Page } from '@playwright/test';
import { TID } from '../../src/lib/testids';
import { expect, test } from './flowPage';

/** How many diagrams Mermaid drew in this page (the renderer's own User Timing measure). */
const mermaidDrawings = (page: Page) =>
	page.evaluate(() => performance.getEntriesByName('tokenstep:mermaid-render').length);
/** How many diagrams this page showed, drawn or kept. */
const drawnDiagrams = (page: Page) =>
	page.evaluate(() => performance.getEntriesByName('tokenstep:diagram-ready').length);
const labels = (page: Page) =>
	page.getByTestId(TID.diagram).locator('text.messageText').allTextContents();

// The drawings this browser keeps, without the prerendered ones (prerendered.test.ts): a first
// visit then draws with Mermaid, as at settings no drawing was prerendered for.
test.beforeEach(({ page }) => page.route('**/diagrams/**', (route) => route.abort()));

test('a later visit shows the kept drawing of its own run; another run or theme is drawn afresh', async ({
	page,
	ui
}) => {
	await ui.open('/flow/no-revocation');
	expect(await mermaidDrawings(page)).toBe(1);
	const drawn = await labels(page);

	// The same run's text: Mermaid is not asked again, and the drawing is the same.
	await ui.open('/flow/no-revocation');
	expect(await mermaidDrawings(page)).toBe(0);
	expect(await labels(page)).toEqual(drawn);
	// Renamed for this page: its id is unique and its styles are scoped to it.
	const svg = page.getByTestId(TID.diagram).locator('svg');
	expect(
		await svg.evaluate(
			(root) =>
				document.querySelectorAll(`[id="${root.id}"]`).length === 1 &&
				!!root.querySelector('style')?.textContent?.includes(`#${root.id}`)
		)
	).toBe(true);
	// And it steps like a drawn one.
	await ui.press('End');
	await expect(ui.current()).toHaveAttribute('data-step', String(drawn.length - 1));
	await page.keyboard.press('Home');
	await expect(ui.current()).toHaveAttribute('data-step', '0');

	// Mermaid still loads once the page is idle, so a later drawing needs no network: the dark
	// theme is another drawing, drawn offline.
	await page.waitForFunction(
		() => performance.getEntriesByName('tokenstep:mermaid-loaded').length > 0
	);
	await page.context().setOffline(true);
	await page.locator('header.site select').selectOption('dark');
	await expect.poll(() => mermaidDrawings(page)).toBe(1);
	await expect(page.getByRole('alert')).toHaveCount(0);
	await page.locator('header.site select').selectOption('system');
	await page.context().setOffline(false);

	// A clock jump adds a message: another text, so Mermaid draws it.
	await ui.open('/flow/no-revocation?wait=discovery-response%2B5');
	expect(await mermaidDrawings(page)).toBe(1);
	expect(await labels(page)).toHaveLength(drawn.length + 1);

	// Each theme is its own drawing: the dark one, drawn above while offline, is kept too.
	await ui.open('/flow/no-revocation');
	await page.locator('header.site select').selectOption('dark');
	await expect.poll(() => drawnDiagrams(page)).toBe(2);
	expect(await mermaidDrawings(page)).toBe(0);
	expect(await labels(page)).toEqual(drawn);
});

test('/learn says how many drawings are kept and forgets them; the next visit draws afresh', async ({
	page,
	ui
}) => {
	await ui.open('/flow/no-revocation');
	await ui.open('/flow/refresh');

	await page.goto('/learn/keys');
	await page.locator('details.more summary').click();
	const control = page.getByTestId(TID.keptDrawings);
	await expect(control).toHaveAttribute('data-count', '2');
	await control.getByRole('button').click();
	await expect(control).toHaveAttribute('data-count', '0');
	await expect(control.getByRole('button')).toBeDisabled();

	await ui.open('/flow/no-revocation');
	expect(await mermaidDrawings(page)).toBe(1);
});
