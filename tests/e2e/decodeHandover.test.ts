import type { Page } from '@playwright/test';
import { TID } from '../../src/lib/testids';
import { expect, test, openHydrated } from './flowPage';

/**
 * Records every address the tab's main frame had and every URL given to the History API
 * (pushState/replaceState, hash changes), from the first document on.
 */
export async function recordAddresses(page: Page): Promise<() => Promise<string[]>> {
	const navigated: string[] = [];
	page.on('framenavigated', (frame) => {
		if (frame === page.mainFrame()) navigated.push(frame.url());
	});
	await page.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { __addresses: string[] }).__addresses = seen;
		for (const name of ['pushState', 'replaceState'] as const) {
			const original = history[name].bind(history);
			history[name] = (data: unknown, unused: string, url?: string | URL | null) => {
				seen.push(String(url ?? ''));
				original(data, unused, url);
			};
		}
		addEventListener('hashchange', () => seen.push(location.href));
	});
	return async () => [
		...navigated,
		...(await page.evaluate(() => (window as unknown as { __addresses: string[] }).__addresses))
	];
}

/** The handover entries left in this tab's session storage. */
const handoverEntries = (page: Page) =>
	page.evaluate(() =>
		Object.keys(sessionStorage).filter((k) => k.startsWith('tokenstep:handover:'))
	);

test('"Open in decoder" hands the token over without ever putting it in the address', async ({
	page,
	ui
}) => {
	const addresses = await recordAddresses(page);
	await ui.open('/flow/code-pkce?step=13');
	const link = ui.token('id_token').getByRole('link', { name: 'Open in decoder' });
	// Before the click the link names the page and the step's time, and no token.
	const href = (await link.getAttribute('href'))!;
	expect([...new URLSearchParams(href.split('#')[1]).keys()]).toEqual(['from', 'at']);
	await link.click();
	await page.waitForURL(/\/decode/);
	// Right after the navigation, the address holds a one-time id at most.
	const arrived = new URL(page.url());
	expect(arrived.hash).not.toContain('token');
	expect(arrived.hash).not.toMatch(/eyJ/);
	const field = page.getByLabel('Token');
	await expect(field).toHaveValue(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
	const token = await field.inputValue();
	await expect(page.locator('tr[data-claim="sub"]')).toContainText('auth0|alice');
	await expect(page).toHaveURL(/\/decode$/);
	// No address this tab had, nor any URL given to the History API, held the token or its parts.
	const seen = await addresses();
	expect(seen.some((url) => url.includes('handover='))).toBe(true);
	for (const url of seen) {
		for (const part of token.split('.')) expect(url).not.toContain(part);
		expect(new URLSearchParams(new URL(url, arrived).hash.slice(1)).has('token')).toBe(false);
	}
	expect(await page.evaluate(() => location.href)).not.toContain(token.split('.')[2]!);
	// The entry was read once and deleted.
	expect(await handoverEntries(page)).toEqual([]);
	await expect(page.getByTestId(TID.decodeHandover)).toHaveCount(0);
	// Back in history: the simulator page, with no token in its address either.
	await page.goBack();
	await expect(page).toHaveURL(/\/flow\/code-pkce\?step=13$/);
});

test('a handover opened in another tab finds nothing, says so by code, and asks for a paste', async ({
	page
}) => {
	await openHydrated(
		page,
		`/decode#${new URLSearchParams({ handover: 'ab'.repeat(16), from: '/flow/code-pkce?step=13' })}`
	);
	await expect(page.getByTestId(TID.decodeHandover)).toHaveAttribute(
		'data-code',
		'HANDOVER_MISSING'
	);
	await expect(page.getByLabel('Token')).toHaveValue('');
	await expect(page.getByRole('link', { name: '← Back to the simulator' })).toBeVisible();
	await expect(page).toHaveURL(/\/decode$/);
	// A paste takes over: the note goes.
	await page.getByLabel('Token').fill('eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.');
	await expect(page.getByTestId(TID.decodeHandover)).toHaveCount(0);
});

test('an entry left under another id is not read, and a malformed id reads nothing', async ({
	page
}) => {
	await openHydrated(page, '/decode');
	await page.evaluate(() =>
		sessionStorage.setItem(`tokenstep:handover:${'cd'.repeat(16)}`, 'eyJhbGciOiJub25lIn0.e30.')
	);
	// A fresh document of the same tab (a hash change alone would not load the page again).
	await page.goto('about:blank');
	await openHydrated(page, `/decode#handover=..%2F${'cd'.repeat(16)}&from=%2Fflow%2Fdevice`);
	await expect(page.getByTestId(TID.decodeHandover)).toHaveAttribute(
		'data-code',
		'HANDOVER_MISSING'
	);
	await expect(page.getByLabel('Token')).toHaveValue('');
	// The other entry is still there, unread.
	expect(await handoverEntries(page)).toHaveLength(1);
});

test('a step just before "Open in decoder" never writes the flow’s address over the decoder’s', async ({
	page,
	ui
}) => {
	await ui.openWhere('code-pkce', (s) => s.tokens.some((t) => t.name === 'id_token'));
	// The flow page writes its step to the address a moment after it settles: leave before then.
	await ui.press('ArrowLeft');
	await ui.press('ArrowRight');
	await ui.token('id_token').getByRole('link', { name: 'Open in decoder' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Decode and verify a JWT');
	// Longer than the flow page's pending write would take to come due.
	await page.waitForTimeout(600);
	expect(new URL(page.url()).pathname).toBe('/decode');
});
