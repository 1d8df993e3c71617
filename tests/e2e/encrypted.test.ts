import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { exportJWK, generateKeyPair } from 'jose';
import { runFlow } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { FlowPage } from './flowPage';

const JWE_PARTS = ['protected', 'encrypted_key', 'iv', 'ciphertext', 'tag'];
const JWE_CHECKS = ['jwe', 'jwe_alg', 'decrypt', 'nested'];

/** The 1-based step of the first step with this ref, from the same run in Node. */
async function stepOf(flow: 'encrypted-id-token' | 'attack-jwe-forged-signature', ref: string) {
	const trace = await runFlow({ flow });
	return trace.steps.findIndex((s) => s.ref && `${s.ref.message}.${s.ref.nth}` === ref) + 1;
}

const checkItem = (page: Page, id: string) =>
	page.getByTestId(TID.checklist).locator(`li[data-check="${id}"]`);

test('the token response shows the id_token as five JWE parts, with its protected header decoded', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open(
		`/flow/encrypted-id-token?step=${await stepOf('encrypted-id-token', 'token-response.1')}`
	);
	await ui.expectRef('token-response.1');
	const jwe = page.getByTestId(TID.inspector).getByTestId(TID.jwe);
	await expect(jwe).toHaveCount(1);
	await expect(jwe.locator('[data-jwe-part]')).toHaveCount(5);
	for (const [i, part] of JWE_PARTS.entries())
		await expect(jwe.locator('[data-jwe-part]').nth(i)).toHaveAttribute('data-jwe-part', part);
	await expect(jwe.locator('tr[data-jwe-header="alg"] .value')).toHaveText('RSA-OAEP-256');
	await expect(jwe.locator('tr[data-jwe-header="enc"] .value')).toHaveText('A256GCM');
	// No claim of the id_token is readable before decryption (the access token beside it is a plain JWT).
	const idToken = page
		.getByTestId(TID.inspector)
		.locator(`[data-testid="${TID.token}"][data-token="id_token"]`);
	await expect(idToken.getByTestId(TID.jwe)).toHaveCount(1);
	await expect(idToken.getByTestId(TID.claims)).toHaveCount(0);
});

test('validation: the JWE, then the decrypted signed id_token, then its checks, the JWE ones first', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open(
		`/flow/encrypted-id-token?step=${await stepOf('encrypted-id-token', 'validate-id-token.1')}`
	);
	await ui.expectRef('validate-id-token.1');
	const inspector = page.getByTestId(TID.inspector);
	const jwe = inspector.getByTestId(TID.jwe);
	await expect(jwe).toHaveAttribute('data-decrypted', 'true');
	await expect(jwe.locator('[data-jwe-part]')).toHaveCount(5);
	const inner = inspector.locator(`[data-testid="${TID.token}"][data-token="decrypted id_token"]`);
	await expect(inner.locator('tr[data-claim="sub"]')).toBeVisible();
	await expect(inner.locator('tr[data-claim="aud"] .value')).toHaveText('tokenstep-vault');
	// In the order a person reads it: the JWE, the token inside, the checks.
	const order = await inspector.evaluate((root) =>
		[
			...root.querySelectorAll(
				'[data-testid="jwe"], [data-token="decrypted id_token"], [data-testid="checklist"]'
			)
		].map((el) => el.getAttribute('data-testid') + ':' + (el.getAttribute('data-token') ?? ''))
	);
	expect(order).toEqual(['jwe:id_token', 'token:decrypted id_token', 'checklist:']);
	const ids = await page
		.getByTestId(TID.checklist)
		.locator('li[data-check]')
		.evaluateAll((items) => items.map((li) => li.getAttribute('data-check')));
	expect(ids.slice(0, 4)).toEqual(JWE_CHECKS);
	for (const id of [...JWE_CHECKS, 'signature'])
		await expect(checkItem(page, id)).toHaveAttribute('data-status', 'passed');
});

test('attack: a token encrypted to the client but signed by the attacker decrypts, and is refused at the signature', async ({
	page
}) => {
	const trace = await runFlow({ flow: 'attack-jwe-forged-signature' });
	const refused = trace.steps.find((s) => s.refusal)!;
	const ui = new FlowPage(page);
	await ui.open(`/flow/attack-jwe-forged-signature?step=${refused.index + 1}`);
	await ui.expectRefusal('signature', 'client');
	await expect(page.getByTestId(TID.inspector).getByTestId(TID.jwe)).toHaveAttribute(
		'data-decrypted',
		'true'
	);
	for (const id of JWE_CHECKS)
		await expect(checkItem(page, id)).toHaveAttribute('data-status', 'passed');
	await expect(checkItem(page, 'signature')).toHaveAttribute('data-status', 'failed');
	await expect(
		page.getByTestId(TID.diagram).locator('text.actor', { hasText: 'Attacker' })
	).not.toHaveCount(0);
});

test('decoder: a JWE copied from a flow is pasted, decrypted with the simulator’s keys, then verified', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open(
		`/flow/encrypted-id-token?step=${await stepOf('encrypted-id-token', 'token-response.1')}`
	);
	const jwe = page.getByTestId(TID.inspector).getByTestId(TID.jwe);
	// Copy the token as a person would: its parts, joined, as the inspector shows them encoded.
	const href = await jwe.getByRole('link', { name: 'Open in decoder' }).getAttribute('href');
	const copied = new URLSearchParams(href!.split('#')[1]).get('token')!;
	expect(copied.split('.')).toHaveLength(5);
	// Into the decoder in the same tab (where the simulator's keys live), and paste it.
	await jwe.getByRole('link', { name: 'Open in decoder' }).click();
	await expect(page).toHaveURL(/\/decode#/);
	await page.getByLabel('Token').fill('');
	await page.getByLabel('Token').fill(copied);
	const panel = page.getByTestId(TID.decrypt);
	await expect(panel.getByTestId(TID.jwe).locator('[data-jwe-part]')).toHaveCount(5);
	await panel.getByLabel("The simulator's client keys").check();
	await panel.getByRole('button', { name: 'Decrypt' }).click();
	await expect(panel).toHaveAttribute('data-result', 'ok');
	const inner = page.locator(`[data-testid="${TID.token}"][data-token="decrypted token"]`);
	await expect(inner.locator('tr[data-claim="sub"]')).toBeVisible();
	// The inner JWS is verified like any pasted token, with the simulator's issuer keys.
	await page.getByLabel('Expected audience (client_id)').fill('tokenstep-vault');
	await page.getByRole('button', { name: 'Verify' }).click();
	await expect(checkItem(page, 'signature')).toHaveAttribute('data-status', 'passed');
	await expect(checkItem(page, 'aud')).toHaveAttribute('data-status', 'passed');
});

test('decoder: a wrong key, a non-RSA key, an unreadable key and a malformed JWE each give their code', async ({
	page
}) => {
	const other = await generateKeyPair('RSA-OAEP-256', { extractable: true });
	const ec = await generateKeyPair('ES256', { extractable: true });
	const ui = new FlowPage(page);
	await ui.open(
		`/flow/encrypted-id-token?step=${await stepOf('encrypted-id-token', 'token-response.1')}`
	);
	const link = page.getByTestId(TID.inspector).getByTestId(TID.jwe).getByRole('link', {
		name: 'Open in decoder'
	});
	await link.click();
	await expect(page).toHaveURL(/\/decode#/);
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
	page
}) => {
	// Four full axe runs on a machine shared with others.
	test.setTimeout(120_000);
	const ui = new FlowPage(page);
	const serious = async () =>
		(
			await new AxeBuilder({ page })
				.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
				.exclude('[data-testid="diagram"] svg')
				.analyze()
		).violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}`);
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		await ui.open(
			`/flow/encrypted-id-token?step=${await stepOf('encrypted-id-token', 'validate-id-token.1')}`
		);
		await expect(page.getByTestId(TID.inspector).getByTestId(TID.jwe)).toBeVisible();
		expect(await serious()).toEqual([]);
		await page
			.getByTestId(TID.inspector)
			.getByTestId(TID.jwe)
			.getByRole('link', { name: 'Open in decoder' })
			.click();
		const panel = page.getByTestId(TID.decrypt);
		await panel.getByRole('button', { name: 'Decrypt' }).click();
		await expect(panel).toHaveAttribute('data-result', 'ok');
		expect(await serious()).toEqual([]);
	}
});
