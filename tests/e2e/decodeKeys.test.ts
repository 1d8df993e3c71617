import type { Page } from '@playwright/test';
import { TID } from '../../src/lib/testids';
import { expect, openHydrated, test } from './flowPage';

/** How many keys of each kind the page's origin keeps in IndexedDB (missing stores count 0). */
function keptCounts(page: Page) {
	return page.evaluate(
		() =>
			new Promise<{ signing: number; encryption: number }>((resolve, reject) => {
				const open = indexedDB.open('tokenstep-keys');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const count = (name: string) =>
						new Promise<number>((done) => {
							if (!db.objectStoreNames.contains(name)) return done(0);
							const request = db.transaction(name).objectStore(name).count();
							request.onsuccess = () => done(request.result);
						});
					void Promise.all([count('signing-keys'), count('encryption-keys')]).then(
						([signing, encryption]) => {
							db.close();
							resolve({ signing, encryption });
						}
					);
				};
			})
	);
}

/** Pastes a JWE into the decoder, decrypts it with the simulator's keys, then verifies it. */
async function decryptAndVerify(page: Page, jwe: string, audience?: string) {
	await page.getByLabel('Token').fill(jwe);
	const panel = page.getByTestId(TID.decrypt);
	await panel.getByLabel("The simulator's client keys").check();
	await panel.getByRole('button', { name: 'Decrypt' }).click();
	await expect(panel).toHaveAttribute('data-result', 'ok');
	await expect(
		page.locator(`[data-testid="${TID.token}"][data-token="decrypted token"] tr[data-claim="aud"]`)
	).toBeVisible();
	if (audience) await page.getByLabel('Expected audience (client_id)').fill(audience);
	await page.getByLabel("The simulator's issuer keys").check();
	await page.getByRole('button', { name: 'Verify' }).click();
	const checklist = page.getByTestId(TID.checklist);
	for (const id of ['signature', 'iss', 'aud', 'exp'])
		await expect(checklist.locator(`li[data-check="${id}"]`)).toHaveAttribute(
			'data-status',
			'passed'
		);
	await expect(checklist).toHaveAttribute('data-valid', 'true');
}

test('after the encrypted flow, a reloaded /decode and a fresh page decrypt and verify its JWE', async ({
	page,
	context,
	ui
}) => {
	await ui.openAt('encrypted-id-token', 'token-response.1');
	// The token is handed over in session storage, not in the link: read it in the decoder.
	await ui.inspector().getByTestId(TID.jwe).getByRole('link', { name: 'Open in decoder' }).click();
	await expect(page.getByLabel('Token', { exact: true })).toHaveValue(/^eyJ/);
	const jwe = await page.getByLabel('Token', { exact: true }).inputValue();
	expect(jwe.split('.')).toHaveLength(5);
	// The run keeps the issuer's signing key and the client's decryption key.
	await expect
		.poll(async () => {
			const { signing, encryption } = await keptCounts(page);
			return signing > 0 && encryption > 0;
		})
		.toBe(true);

	// /decode opened directly, then reloaded: nothing in memory, the kept keys are loaded.
	await openHydrated(page, '/decode');
	await page.reload();
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	const status = page.getByTestId(TID.decodeKeys);
	await expect(status).toHaveAttribute('data-state', 'kept');
	expect(Number(await status.getAttribute('data-signing'))).toBeGreaterThan(0);
	expect(Number(await status.getAttribute('data-decryption'))).toBeGreaterThan(0);
	await decryptAndVerify(page, jwe, 'tokenstep-vault');
	// No key material went into the address.
	expect(page.url()).toMatch(/\/decode$/);

	// A fresh page of the same browser (another tab) does the same.
	const other = await context.newPage();
	await openHydrated(other, '/decode');
	await expect(other.getByTestId(TID.decodeKeys)).toHaveAttribute('data-state', 'kept');
	await decryptAndVerify(other, jwe, 'tokenstep-vault');
	await other.close();
});

test('with no flow run yet, /decode says so, and verifying with the simulator’s keys gives its code', async ({
	page
}) => {
	await openHydrated(page, '/decode');
	await expect(page.getByTestId(TID.decodeKeys)).toHaveAttribute('data-state', 'none');
	await page.getByLabel('Token').fill('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln');
	await page.getByRole('button', { name: 'Verify' }).click();
	await expect(page.locator('.verify [role="alert"]')).toHaveAttribute(
		'data-code',
		'KEY_NO_SIMULATOR_KEYS'
	);
});

test('where the browser refuses storage, /decode says the keys cannot be kept', async ({
	page
}) => {
	await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
	await openHydrated(page, '/decode');
	const status = page.getByTestId(TID.decodeKeys);
	await expect(status).toHaveAttribute('data-state', 'unavailable');
	await expect(status).toHaveAttribute('data-signing', '0');
});

test('"Open in decoder" expects the flow’s own client: the encrypted client and the TV pass aud', async ({
	page,
	ui
}) => {
	// The encrypted flow's client is tokenstep-vault, not the SPA.
	await ui.openAt('encrypted-id-token', 'token-response.1');
	await ui.inspector().getByTestId(TID.jwe).getByRole('link', { name: 'Open in decoder' }).click();
	await expect(page).toHaveURL(/\/decode$/);
	await expect(page.getByLabel('Expected audience (client_id)')).toHaveValue('tokenstep-vault');
	const panel = page.getByTestId(TID.decrypt);
	await panel.getByRole('button', { name: 'Decrypt' }).click();
	await expect(panel).toHaveAttribute('data-result', 'ok');
	await page.getByRole('button', { name: 'Verify' }).click();
	await ui.expectChecks('passed', ['signature', 'iss', 'aud']);

	// The device grant's client is the TV.
	await ui.openWhere('device', (s) => s.tokens.some((t) => t.name === 'id_token'));
	await ui.token('id_token').getByRole('link', { name: 'Open in decoder' }).click();
	await expect(page).toHaveURL(/\/decode$/);
	await expect(page.getByLabel('Expected audience (client_id)')).toHaveValue('tokenstep-tv');
	// The device flow's clock is ahead of the wall clock after its polling waits: times are
	// judged at the step's simulated time, so iat is not "in the future".
	await expect(page.getByTestId(TID.decodeFlowTime)).toHaveAttribute('data-at', /^\d+$/);
	await page.getByRole('button', { name: 'Verify' }).click();
	await ui.expectChecks('passed', ['signature', 'iss', 'aud', 'iat', 'exp']);

	// A web app chosen in the settings is the client that expects the token.
	await ui.open('/flow/code-pkce?client=webapp');
	await ui.gotoStepWithToken('id_token');
	await ui.token('id_token').getByRole('link', { name: 'Open in decoder' }).click();
	await expect(page.getByLabel('Expected audience (client_id)')).toHaveValue('tokenstep-webapp');
});
