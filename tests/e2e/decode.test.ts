import { TID } from '../../src/lib/testids';
import { expect, test, openHydrated } from './flowPage';

test('a token from the simulator opens in the decoder, verifies with the simulator’s keys, and leads back', async ({
	page,
	ui
}) => {
	await ui.open('/flow/code-pkce?step=13');
	await ui.token('id_token').getByRole('link', { name: 'Open in decoder' }).click();
	// The link's #fragment is read, then taken out of the address: no history entry keeps the token.
	await expect(page.getByLabel('Token')).toHaveValue(/^eyJ/);
	await expect(page).toHaveURL(/\/decode$/);
	expect(new URL(page.url()).search).toBe('');
	await expect(page.getByText('Nothing you paste leaves this page.')).toBeVisible();
	await expect(page.locator('tr[data-claim="sub"]')).toContainText('auth0|alice');
	// Judged at the flow step's simulated time, when the token had its whole ten hours.
	await expect(page.getByTestId(TID.decodeFlowTime)).toBeVisible();
	await expect(page.locator('tr[data-claim="exp"]')).toContainText('expires in 10 h');
	await page.getByRole('button', { name: 'Verify' }).click();
	await expect(page.getByTestId(TID.checklist)).toHaveAttribute('data-valid', 'true');
	await page.getByRole('link', { name: '← Back to the simulator' }).click();
	await expect(page).toHaveURL(/\/flow\/code-pkce\?step=13$/);
});

test('the RFC 7515 example token verifies with its JWK, and is reported expired', async ({
	page
}) => {
	await openHydrated(page, '/decode');
	await page
		.getByLabel('Token')
		.fill(
			'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
		);
	await expect(page.locator('tr[data-claim="iss"]')).toContainText('joe');
	await expect(page.locator('tr[data-claim="exp"]')).toContainText('2011-03-22T18:43:00Z');
	// Nothing is marked before a check has run.
	await expect(page.locator('tr[data-failed]')).toHaveCount(0);
	await page.getByLabel('A JWK or JWKS').check();
	await page
		.getByLabel('JWK or JWKS (JSON)')
		.fill(
			'{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}'
		);
	await page.getByLabel('Expected issuer').fill('joe');
	await page.getByRole('button', { name: 'Verify' }).click();
	const checklist = page.getByTestId(TID.checklist);
	await expect(checklist.locator('li[data-check="signature"]')).toHaveClass(/pass/);
	await expect(checklist.locator('li[data-check="iss"]')).toHaveClass(/pass/);
	await expect(checklist.locator('li[data-check="exp"]')).toHaveClass(/fail/);
	await expect(checklist.locator('li[data-check="exp"]')).toContainText('expired');
	// The claim whose check failed is marked in the token itself, and no other.
	await expect(page.locator('tr[data-failed]')).toHaveCount(1);
	await expect(page.locator('tr[data-claim="exp"]')).toHaveAttribute('data-failed', 'true');
	// A wrong key is a signature failure, said plainly.
	await page.getByLabel('JWK or JWKS (JSON)').fill('{"kty":"oct","k":"c2VjcmV0"}');
	await page.getByRole('button', { name: 'Verify' }).click();
	await expect(checklist.locator('li[data-check="signature"]')).toHaveClass(/fail/);
});

test('malformed input is decoded as far as possible, with the exact problem and where it is', async ({
	page
}) => {
	await openHydrated(page, '/decode');
	const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9$.c2ln';
	await page.getByLabel('Token').fill(token);
	const errors = page.getByTestId('decode-errors');
	await expect(errors).toContainText(
		`ERR_B64_CHARACTER in the payload at character ${token.indexOf('$')}: payload has '$'`
	);
	await expect(errors.locator('mark')).toHaveText('$');
	// The header still decodes.
	await expect(page.getByText('"alg": "RS256"')).toBeVisible();
	await page.getByLabel('Token').fill('not a token');
	await expect(errors).toContainText(
		'a signed JWT has 3 segments separated by dots (header.payload.signature); this has 1'
	);
	await page.getByLabel('Token').fill('a.b.c.d.e');
	await expect(errors).toContainText('it is an encrypted JWE');
	await page.getByLabel('A JWK or JWKS').check();
	await page.getByLabel('Token').fill('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln');
	await page.getByLabel('JWK or JWKS (JSON)').fill('{"keys": "nope"');
	await page.getByRole('button', { name: 'Verify' }).click();
	await expect(
		page.getByRole('alert').filter({ hasText: 'The key is not valid JSON' })
	).toBeVisible();
});

test('a hostile "from" in the fragment never becomes a link', async ({ page }) => {
	await openHydrated(page, '/decode#token=abc&from=javascript%3Aalert(1)');
	await expect(page.getByLabel('Token')).toHaveValue('abc');
	await expect(page.getByRole('link', { name: '← Back to the simulator' })).toHaveCount(0);
});

/** A token the decoder shows claims for (header {"alg":"none"}, payload {"sub":"alice"}). */
const PASTED = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.';

test('a pasted token stays out of the address and the history until a link is asked for', async ({
	page
}) => {
	await openHydrated(page, '/decode');
	const before = await page.evaluate(() => history.length);
	await page.getByLabel('Token').fill(PASTED);
	await expect(page.locator('tr[data-claim="sub"]')).toContainText('alice');
	// The old page wrote the token into the fragment 300 ms after typing; wait past that.
	await page.waitForTimeout(800);
	expect(await page.evaluate(() => location.hash)).toBe('');
	expect(await page.evaluate(() => history.length)).toBe(before);

	// Asked for, a link carries the token (and nothing else: no key, no expected values).
	await page.getByRole('button', { name: 'Copy link' }).click();
	const link = page.getByLabel('Shareable link');
	await expect(link).toHaveValue(/\/decode#token=/);
	const shared = new URL(await link.inputValue());
	expect([...new URLSearchParams(shared.hash.slice(1)).keys()]).toEqual(['token']);
	expect(new URLSearchParams(shared.hash.slice(1)).get('token')).toBe(PASTED);
	expect(await page.evaluate(() => location.hash)).toBe('');

	// Put in the address on request: this entry now carries it, and no entry was added.
	await page.getByRole('button', { name: 'Put in address' }).click();
	await expect(page).toHaveURL(/\/decode#token=/);
	expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('token')).toBe(PASTED);
	expect(await page.evaluate(() => history.length)).toBe(before);

	// Editing the token takes it back out of the address.
	await page.getByLabel('Token').fill(`${PASTED}x`);
	await expect(page).toHaveURL(/\/decode$/);
});

test('a shared link still opens its token, which then leaves the address', async ({ page }) => {
	const link = `/decode#${new URLSearchParams({ token: PASTED, from: '/flow/code-pkce?step=3' })}`;
	await openHydrated(page, link);
	await expect(page.getByLabel('Token')).toHaveValue(PASTED);
	await expect(page.locator('tr[data-claim="sub"]')).toContainText('alice');
	await expect(page).toHaveURL(/\/decode$/);
	await expect(page.getByRole('link', { name: '← Back to the simulator' })).toHaveAttribute(
		'href',
		'/flow/code-pkce?step=3'
	);
	// The link it makes carries the way back too.
	await page.getByRole('button', { name: 'Copy link' }).click();
	const shared = new URL(await page.getByLabel('Shareable link').inputValue());
	expect(Object.fromEntries(new URLSearchParams(shared.hash.slice(1)))).toEqual({
		token: PASTED,
		from: '/flow/code-pkce?step=3'
	});
});
