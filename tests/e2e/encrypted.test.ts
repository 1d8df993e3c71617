import { exportJWK, generateKeyPair } from 'jose';
import { TID } from '../../src/lib/testids';
import { seriousAxeViolations } from './audits';
import { expect, test } from './flowPage';

const JWE_PARTS = ['protected', 'encrypted_key', 'iv', 'ciphertext', 'tag'];
const JWE_CHECKS = ['jwe', 'jwe_alg', 'decrypt', 'nested'];

test('the token response shows the id_token as five JWE parts, with its protected header decoded', async ({
	ui
}) => {
	await ui.openAt('encrypted-id-token', 'token-response.1');
	const jwe = ui.inspector().getByTestId(TID.jwe);
	await expect(jwe).toHaveCount(1);
	await expect(jwe.locator('[data-jwe-part]')).toHaveCount(5);
	for (const [i, part] of JWE_PARTS.entries())
		await expect(jwe.locator('[data-jwe-part]').nth(i)).toHaveAttribute('data-jwe-part', part);
	await expect(jwe.locator('tr[data-jwe-header="alg"] .value')).toHaveText('RSA-OAEP-256');
	await expect(jwe.locator('tr[data-jwe-header="enc"] .value')).toHaveText('A256GCM');
	// No claim of the id_token is readable before decryption (the access token beside it is a plain JWT).
	const idToken = ui.token('id_token');
	await expect(idToken.getByTestId(TID.jwe)).toHaveCount(1);
	await expect(idToken.getByTestId(TID.claims)).toHaveCount(0);
});

test('validation: the JWE, then the decrypted signed id_token, then its checks, the JWE ones first', async ({
	page,
	ui
}) => {
	await ui.openAt('encrypted-id-token', 'validate-id-token.1');
	const inspector = ui.inspector();
	const jwe = inspector.getByTestId(TID.jwe);
	await expect(jwe).toHaveAttribute('data-decrypted', 'true');
	await expect(jwe.locator('[data-jwe-part]')).toHaveCount(5);
	const inner = ui.token('decrypted id_token');
	await expect(inner.locator('tr[data-claim="sub"]')).toBeVisible();
	await expect(inner.locator('tr[data-claim="aud"] .value')).toHaveText('tokenstep-vault');
	// In the order a person reads it: the verdict and the checks lead (issue 27), then the JWE and
	// the token inside.
	const order = await inspector.evaluate((root) =>
		[
			...root.querySelectorAll(
				'[data-testid="jwe"], [data-token="decrypted id_token"], [data-testid="checklist"]'
			)
		].map((el) => el.getAttribute('data-testid') + ':' + (el.getAttribute('data-token') ?? ''))
	);
	expect(order).toEqual(['checklist:', 'jwe:id_token', 'token:decrypted id_token']);
	const ids = await page
		.getByTestId(TID.checklist)
		.locator('li[data-check]')
		.evaluateAll((items) => items.map((li) => li.getAttribute('data-check')));
	expect(ids.slice(0, 4)).toEqual(JWE_CHECKS);
	await ui.expectChecks('passed', [...JWE_CHECKS, 'signature']);
});

test('attack: a token encrypted to the client but signed by the attacker decrypts, and is refused at the signature', async ({
	ui
}) => {
	await ui.openAtRefusal('attack-jwe-forged-signature');
	await ui.expectRefusal('signature', 'client');
	await expect(ui.inspector().getByTestId(TID.jwe)).toHaveAttribute('data-decrypted', 'true');
	await ui.expectChecks('passed', JWE_CHECKS);
	await ui.expectChecks('failed', ['signature']);
	await expect(ui.lane('Attacker')).not.toHaveCount(0);
});

test('decoder: a JWE copied from a flow is pasted, decrypted with the simulator’s keys, then verified', async ({
	page,
	ui
}) => {
	await ui.openAt('encrypted-id-token', 'token-response.1');
	const jwe = ui.inspector().getByTestId(TID.jwe);
	// Into the decoder in the same tab (where the simulator's keys live); the link hands the
	// token over in session storage, never in the address (issue 31, item 10).
	await jwe.getByRole('link', { name: 'Open in decoder' }).click();
	await expect(page).toHaveURL(/\/decode$/);
	await expect(page.getByLabel('Token', { exact: true })).toHaveValue(/^eyJ/);
	// Copy it as a person would, then paste it back.
	const copied = await page.getByLabel('Token', { exact: true }).inputValue();
	expect(copied.split('.')).toHaveLength(5);
	await page.getByLabel('Token').fill('');
	await page.getByLabel('Token').fill(copied);
	const panel = page.getByTestId(TID.decrypt);
	await expect(panel.getByTestId(TID.jwe).locator('[data-jwe-part]')).toHaveCount(5);
	await panel.getByLabel("The simulator's client keys").check();
	await panel.getByRole('button', { name: 'Decrypt' }).click();
	await expect(panel).toHaveAttribute('data-result', 'ok');
	await expect(ui.token('decrypted token').locator('tr[data-claim="sub"]')).toBeVisible();
	// The inner JWS is verified like any pasted token, with the simulator's issuer keys.
	await page.getByLabel('Expected audience (client_id)').fill('tokenstep-vault');
	await page.getByRole('button', { name: 'Verify' }).click();
	await ui.expectChecks('passed', ['signature', 'aud']);
});

test('decoder: a wrong key, a non-RSA key, an unreadable key and a malformed JWE each give their code', async ({
	page,
	ui
}) => {
	const other = await generateKeyPair('RSA-OAEP-256', { extractable: true });
	const ec = await generateKeyPair('ES256', { extractable: true });
	await ui.openAt('encrypted-id-token', 'token-response.1');
	await ui.inspector().getByTestId(TID.jwe).getByRole('link', { name: 'Open in decoder' }).click();
	// The decoder reads the link's #fragment, then takes it out of the address (issue 26, item 13).
	await expect(page).toHaveURL(/\/decode$/);
	await expect(page.getByLabel('Token', { exact: true })).toHaveValue(/^eyJ/);
	const panel = page.getByTestId(TID.decrypt);
	await panel.getByLabel('A private RSA key').check();
	const attempts: [string, string][] = [
		[JSON.stringify(await exportJWK(other.privateKey)), 'ERR_JWE_DECRYPT'],
		[JSON.stringify(await exportJWK(ec.privateKey)), 'ERR_KEY_TYPE'],
		[JSON.stringify(await exportJWK(other.publicKey)), 'ERR_KEY_TYPE'],
		['-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----', 'ERR_KEY_FORMAT'],
		['{"kty": "RSA"', 'ERR_KEY_FORMAT']
	];
	for (const [key, code] of attempts) {
		await panel.getByLabel('Private key (JWK or PEM)').fill(key);
		await panel.getByRole('button', { name: 'Decrypt' }).click();
		await expect(panel).toHaveAttribute('data-result', code);
		await expect(panel.getByRole('alert')).toHaveAttribute('data-code', code);
	}
	// A five-part token whose header is not JSON: refused before any key is tried.
	await page.getByLabel('Token').fill('bm90IGpzb24.a.b.c.d');
	await panel
		.getByLabel('Private key (JWK or PEM)')
		.fill(JSON.stringify(await exportJWK(other.privateKey)));
	await panel.getByRole('button', { name: 'Decrypt' }).click();
	await expect(panel).toHaveAttribute('data-result', 'ERR_JWE_FORMAT');
	// Nothing blanked the page.
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.getByLabel('Token')).toHaveValue('bm90IGpzb24.a.b.c.d');
});

test('axe finds no serious or critical problem in the JWE views, light and dark', async ({
	page,
	ui
}) => {
	// Four full axe runs on a machine shared with others.
	test.setTimeout(120_000);
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		await ui.openAt('encrypted-id-token', 'validate-id-token.1');
		const jwe = ui.inspector().getByTestId(TID.jwe);
		await expect(jwe).toBeVisible();
		expect(await seriousAxeViolations(page)).toEqual([]);
		await jwe.getByRole('link', { name: 'Open in decoder' }).click();
		const panel = page.getByTestId(TID.decrypt);
		await panel.getByRole('button', { name: 'Decrypt' }).click();
		await expect(panel).toHaveAttribute('data-result', 'ok');
		expect(await seriousAxeViolations(page)).toEqual([]);
	}
});
