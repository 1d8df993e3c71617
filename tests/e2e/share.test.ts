import { readFileSync } from 'node:fs';
import { TID } from '../../src/lib/testids';
import { expect, test } from './flowPage';

test('the embed page runs inside an iframe on another page, configured by its URL, and steps', async ({
	page,
	baseURL
}) => {
	// Someone's docs page on a secure origin (WebCrypto needs one, frames included).
	await page.route(`${baseURL}/docs-page.html`, (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: `<!doctype html><title>My docs</title><h1>My docs</h1><iframe src="${baseURL}/embed/refresh?step=3&scope=openid+email&theme=dark&panels=controls,inspector" title="flow" width="1000" height="900"></iframe>`
		})
	);
	await page.goto('/docs-page.html');
	const frame = page.frameLocator('iframe');
	await expect(frame.locator('[data-testid="diagram"] [data-step]').first()).toBeAttached();
	await expect(frame.getByTestId(TID.stepCounter)).toHaveText('Step 3 of 27');
	await frame.getByRole('button', { name: 'Next step' }).click();
	await expect(frame.getByTestId(TID.stepCounter)).toHaveText('Step 4 of 27');
	await expect(frame.getByTestId(TID.inspectorTitle)).toContainText('200 OK');
	// No site chrome inside the embed.
	await expect(frame.getByRole('navigation')).toHaveCount(0);
	await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('the embed can hide its controls and autoplay', async ({ page }) => {
	await page.goto('/embed/code-pkce?panels=&autoplay=1');
	await expect(page.getByRole('toolbar')).toHaveCount(0);
	await expect(page.getByTestId(TID.stepNarration)).toContainText('Step 2 of 14', {
		timeout: 5000
	});
});

test('share dialog: link, iframe snippet, Mermaid source, and SVG, PNG and .mmd downloads', async ({
	page,
	ui
}) => {
	await ui.open('/flow/code-pkce?lifetime=3600&step=5');
	await page.getByRole('button', { name: 'Share / Embed' }).click();
	const dialog = page.getByRole('dialog', { name: 'Share or embed this view' });
	await expect(dialog.getByLabel('Link to this view')).toHaveValue(
		/\/flow\/code-pkce\?lifetime=3600&step=5$/
	);
	await expect(dialog.getByLabel('Embed in a page (iframe)')).toHaveValue(
		/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\/code-pkce\?lifetime=3600&step=5" title="Authorization code \+ PKCE \(Tokenstep\)"/
	);
	const source = await dialog.getByLabel(/Mermaid source/).inputValue();
	expect(source).toContain('sequenceDiagram');
	expect(source).toContain('Client->>Issuer: POST /oauth/token (authorization_code)');

	const svgDownload = page.waitForEvent('download');
	await dialog.getByRole('button', { name: 'Download SVG' }).click();
	const svg = readFileSync((await (await svgDownload).path())!, 'utf8');
	expect(svg.startsWith('<?xml')).toBe(true);
	// The SVG is well-formed XML that a browser parses without error.
	const parsed = await page.evaluate((text) => {
		const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
		return {
			error: doc.querySelector('parsererror')?.textContent ?? null,
			root: doc.documentElement.nodeName,
			messages: doc.querySelectorAll('text.messageText').length
		};
	}, svg);
	expect(parsed).toEqual({ error: null, root: 'svg', messages: 14 });

	const pngDownload = page.waitForEvent('download');
	await dialog.getByRole('button', { name: 'Download PNG' }).click();
	const png = readFileSync((await (await pngDownload).path())!);
	expect(png.subarray(1, 4).toString()).toBe('PNG');
	expect(png.length).toBeGreaterThan(5000);

	const mmdDownload = page.waitForEvent('download');
	await dialog.getByRole('button', { name: 'Download .mmd' }).click();
	expect(readFileSync((await (await mmdDownload).path())!, 'utf8')).toBe(source);
	await dialog.getByRole('button', { name: 'Close' }).click();
	await expect(dialog).toBeHidden();
});
