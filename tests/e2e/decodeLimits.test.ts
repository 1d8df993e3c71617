/**
 * The decoder's bounds on what is pasted (issue 31, items 11 and 12): a private key over the
 * limit is refused before it is read, a token longer than the decoder reads makes no link, and a
 * compressed JWE is opened as the JWE view says, with the sections that say why it is advised
 * against.
 */
import { CompactEncrypt, exportJWK, generateKeyPair } from 'jose';
import { expect, openHydrated, test } from './flowPage';
import { TID } from '../../src/lib/testids';

async function jwe(zip?: 'DEF') {
	const keys = await generateKeyPair('RSA-OAEP-256', { extractable: true });
	const token = await new CompactEncrypt(new TextEncoder().encode('eyJhbGciOiJub25lIn0.e30.'))
		.setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT', ...(zip && { zip }) })
		.encrypt(keys.publicKey);
	return { token, key: JSON.stringify(await exportJWK(keys.privateKey)) };
}

test('a pasted private key over 64 KB is refused with its code, before it is read', async ({
	page
}) => {
	const { token, key } = await jwe();
	await openHydrated(page, '/decode');
	await page.getByLabel('Token').fill(token);
	const panel = page.getByTestId(TID.decrypt);
	await panel.getByLabel('A private RSA key').check();
	// A real key padded past the limit: read, it would decrypt.
	await panel.getByLabel('Private key (JWK or PEM)').fill(`${key}${' '.repeat(70_000)}`);
	await panel.getByRole('button', { name: 'Decrypt' }).click();
	await expect(panel).toHaveAttribute('data-result', 'KEY_TOO_LARGE');
	await expect(panel.getByRole('alert')).toHaveAttribute('data-code', 'KEY_TOO_LARGE');
	await panel.getByLabel('Private key (JWK or PEM)').fill(key);
	await panel.getByRole('button', { name: 'Decrypt' }).click();
	await expect(panel).toHaveAttribute('data-result', 'ok');
});

test('a token longer than the decoder reads is put in no link, address or history', async ({
	page
}) => {
	await openHydrated(page, '/decode');
	const long = `eyJhbGciOiJub25lIn0.${'A'.repeat(2_000_000)}.`;
	await page.getByLabel('Token').fill(long);
	for (const name of ['Copy link', 'Put in address']) {
		await page.getByRole('button', { name }).click();
		await expect(page.locator('[role="status"][data-code="TOKEN_TOO_LARGE"]')).toBeVisible();
		expect(new URL(page.url()).hash).toBe('');
		await expect(page.getByLabel('Shareable link')).toHaveCount(0);
	}
});

test('a compressed (zip DEF) JWE opens in the decoder, and its zip row cites the sections', async ({
	page
}) => {
	const { token, key } = await jwe('DEF');
	await openHydrated(page, '/decode');
	await page.getByLabel('Token').fill(token);
	const panel = page.getByTestId(TID.decrypt);
	const zip = panel.locator('tr[data-jwe-header="zip"]');
	await expect(zip.locator('a[href$="rfc7516#section-4.1.3"]')).toHaveCount(1);
	await expect(zip.locator('a[href$="rfc8725#section-3.6"]')).toHaveCount(1);
	await panel.getByLabel('A private RSA key').check();
	await panel.getByLabel('Private key (JWK or PEM)').fill(key);
	await panel.getByRole('button', { name: 'Decrypt' }).click();
	await expect(panel).toHaveAttribute('data-result', 'ok');
});
