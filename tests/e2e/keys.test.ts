import type { Page } from '@playwright/test';
import { TID } from '../../src/lib/testids';
import { expect, test } from './flowPage';

/** What the page's origin keeps in IndexedDB: each kept key's kid and whether it can be exported. */
function keptKeys(page: Page) {
	return page.evaluate(
		() =>
			new Promise<{ kid: string; extractable: boolean }[]>((resolve, reject) => {
				// Whatever version the page made (2 since the clients' decryption keys are kept too).
				const open = indexedDB.open('tokenstep-keys');
				open.onupgradeneeded = () => open.result.createObjectStore('signing-keys');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const all = open.result.transaction('signing-keys').objectStore('signing-keys').getAll();
					all.onsuccess = () => {
						open.result.close();
						resolve(
							all.result.map((k: { kid: string; privateKey: CryptoKey }) => ({
								kid: k.kid,
								extractable: k.privateKey.extractable
							}))
						);
					};
				};
			})
	);
}

test('the issuer keys are kept non-extractable across visits, and /learn forgets them', async ({
	page,
	ui
}) => {
	await ui.open('/flow/no-revocation');
	await expect.poll(async () => (await keptKeys(page)).length).toBeGreaterThan(0);
	const kept = await keptKeys(page);
	expect(kept.every((k) => !k.extractable)).toBe(true);

	// A later visit signs with the same keys instead of making new ones.
	await ui.open('/flow/no-revocation');
	expect((await keptKeys(page)).map((k) => k.kid)).toEqual(kept.map((k) => k.kid));

	await page.goto('/learn/keys');
	await page.locator('details.more summary').click();
	const control = page.getByTestId(TID.keptKeys);
	await expect(control).toHaveAttribute('data-count', String(kept.length));
	await control.getByRole('button').click();
	await expect(control).toHaveAttribute('data-count', '0');
	expect(await keptKeys(page)).toEqual([]);

	// The next visit generates and keeps new keys.
	await ui.open('/flow/no-revocation');
	await expect.poll(async () => (await keptKeys(page)).length).toBeGreaterThan(0);
	const renewed = await keptKeys(page);
	expect(renewed.some((k) => kept.some((old) => old.kid === k.kid))).toBe(false);
});
