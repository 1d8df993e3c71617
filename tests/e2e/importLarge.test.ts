import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { MAX_SHOWN } from '../../src/lib/core/visible';
import { TID } from '../../src/lib/testids';
import { expect, test } from './flowPage';

const FIXTURE = new URL('../fixtures/har/code-pkce.har', import.meta.url).pathname;
const URL_PAD = 1_000_000;
const BODY = 25_000_000;

/** code-pkce.har with a 1 MB query in its first request and a 25 MB body in its answer. */
function hugeHar(): Buffer {
	const har = JSON.parse(readFileSync(FIXTURE, 'utf8'));
	const first = har.log.entries[0];
	first.request.url = `${first.request.url}&pad=${'u'.repeat(URL_PAD)}`;
	first.response.content.text = `<p>${'b'.repeat(BODY)}</p>`;
	first.response.content.size = BODY + 7;
	return Buffer.from(JSON.stringify(har));
}

/** Long tasks (over 50 ms) the page runs from now on, in ms, read with `take`. */
async function watchLongTasks(page: Page) {
	await page.evaluate(() => {
		const w = window as unknown as { __long: number[]; __observer?: PerformanceObserver };
		w.__observer?.disconnect();
		w.__long = [];
		w.__observer = new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) w.__long.push(entry.duration);
		});
		w.__observer.observe({ type: 'longtask' });
	});
	return async () => {
		// Let the work settle and the observer report.
		await page.waitForTimeout(600);
		return page.evaluate(() => (window as unknown as { __long: number[] }).__long);
	};
}

test('a 25 MB body and a 1 MB URL open in the inspector within 200 ms a task, cut at the decoder’s cap with more on request', async ({
	page,
	ui
}) => {
	test.setTimeout(120_000);
	await page.goto('/import');
	await expect(page.getByTestId(TID.importFile)).toBeEnabled();
	await page
		.getByTestId(TID.importFile)
		.setInputFiles({ name: 'huge.har', mimeType: 'application/json', buffer: hugeHar() });
	await expect(page.getByTestId(TID.diagram).locator('[data-step]').first()).toBeAttached({
		timeout: 60_000
	});
	await page.waitForTimeout(1000);
	await page.keyboard.press('End');
	await page.waitForTimeout(500);
	const inspector = ui.inspector();

	// The request with the 1 MB URL.
	let take = await watchLongTasks(page);
	await page.keyboard.press('Home');
	await ui.expectStep(
		1,
		Number(await page.getByTestId(TID.importSummary).getAttribute('data-steps'))
	);
	await inspector.locator('details.raw > summary').click();
	const request = inspector.getByTestId(TID.request).locator('pre');
	await expect(request).toHaveAttribute('data-shown', String(MAX_SHOWN));
	expect(Number(await request.getAttribute('data-length'))).toBeGreaterThan(URL_PAD);
	for (const cell of await inspector.getByTestId(TID.request).locator('td').allTextContents())
		expect(cell.length).toBeLessThan(MAX_SHOWN + 100);
	expect(Math.max(0, ...(await take()))).toBeLessThan(200);

	// The response with the 25 MB body.
	take = await watchLongTasks(page);
	await page.keyboard.press('ArrowRight');
	await ui.expectStep(
		2,
		Number(await page.getByTestId(TID.importSummary).getAttribute('data-steps'))
	);
	const raw = inspector.locator('details.raw');
	if (!(await raw.evaluate((d) => (d as HTMLDetailsElement).open)))
		await raw.locator('summary').click();
	const response = inspector.getByTestId(TID.response).locator('pre');
	await expect(response).toHaveAttribute('data-shown', String(MAX_SHOWN));
	expect(Number(await response.getAttribute('data-length'))).toBeGreaterThan(BODY);
	expect(((await response.textContent()) ?? '').length).toBeLessThan(MAX_SHOWN + 10);
	expect(Math.max(0, ...(await take()))).toBeLessThan(200);

	// More on request, each step bounded; "Show all" only once what is left is small.
	take = await watchLongTasks(page);
	const more = inspector.getByTestId(TID.response).getByTestId(TID.showMore);
	await expect(more.getByRole('button', { name: 'Show all' })).toHaveCount(0);
	await more.getByRole('button', { name: /^Show [\d,]+ more$/ }).click();
	await expect(response).toHaveAttribute('data-shown', String(MAX_SHOWN + 50_000));
	expect(Math.max(0, ...(await take()))).toBeLessThan(200);
});

/** code-pkce.har followed by `n` callbacks each carrying its own code: slow to import on purpose. */
function slowHar(n: number): Buffer {
	const har = JSON.parse(readFileSync(FIXTURE, 'utf8'));
	const template = har.log.entries[0];
	for (let i = 0; i < n; i++)
		har.log.entries.push({
			startedDateTime: template.startedDateTime,
			time: 1,
			request: {
				method: 'GET',
				url: `http://localhost:4402/callback?code=c${i.toString(36).padStart(12, '0')}&state=s${i}`,
				httpVersion: 'HTTP/1.1',
				headers: [],
				queryString: [],
				cookies: [],
				headersSize: -1,
				bodySize: 0
			},
			response: {
				status: 200,
				statusText: 'OK',
				httpVersion: 'HTTP/1.1',
				headers: [],
				cookies: [],
				content: { size: 0, mimeType: 'text/html' },
				redirectURL: '',
				headersSize: -1,
				bodySize: 0
			},
			cache: {},
			timings: { send: 0, wait: 1, receive: 0 }
		});
	return Buffer.from(JSON.stringify(har));
}

test('a slow import shows its progress by entry, Cancel ends it, and the next file imports in a fresh worker', async ({
	page
}) => {
	test.setTimeout(120_000);
	await page.goto('/import');
	await expect(page.getByTestId(TID.importFile)).toBeEnabled();
	const har = slowHar(60_000);
	expect(har.length).toBeLessThan(30 * 1024 * 1024);
	const total = JSON.parse(har.toString()).log.entries.length;
	await page
		.getByTestId(TID.importFile)
		.setInputFiles({ name: 'slow.har', mimeType: 'application/json', buffer: har });
	const status = page.getByTestId(TID.importProgress);
	await expect(status).toHaveAttribute('data-total', String(total), { timeout: 30_000 });
	const take = await watchLongTasks(page);
	await status.getByRole('button', { name: 'Cancel' }).click();
	await expect(status).toHaveAttribute('data-code', 'IMPORT_CANCELLED');
	await expect(status.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
	await expect(page.getByTestId(TID.diagram).locator('[data-step]')).toHaveCount(0);
	await expect(page.getByTestId(TID.importSummary)).toHaveCount(0);
	expect(Math.max(0, ...(await take()))).toBeLessThan(200);

	// The cancelled worker is gone: the next file imports at once.
	await page.getByTestId(TID.importFile).setInputFiles(FIXTURE);
	await expect(page.getByTestId(TID.importSummary)).toHaveAttribute('data-flow', 'logout', {
		timeout: 10_000
	});
	await expect(status).toHaveCount(0);
});
