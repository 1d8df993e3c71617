import { expect, test } from '@playwright/test';

test('the home page runs a real code flow in the browser and shows the id_token’s claims', async ({
	page
}) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto('/');

	const messages = page.getByTestId('messages').locator('li');
	await expect(messages).toHaveCount(5);
	await expect(messages.nth(0)).toContainText('Client → Issuer');
	await expect(messages.nth(0)).toContainText(
		'GET issuer.example/.well-known/openid-configuration'
	);
	await expect(messages.nth(2)).toContainText('Browser → Issuer');
	await expect(messages.nth(2)).toContainText('302');
	await expect(messages.nth(4)).toContainText('POST issuer.example/oauth/token');
	await expect(messages.nth(4)).toContainText('200');

	await expect(page.getByTestId('verdict')).toContainText('Valid');
	const claims = page.getByTestId('claims');
	await expect(claims.getByRole('row', { name: /^sub / })).toContainText('auth0|alice');
	await expect(claims.getByRole('row', { name: /^iss / })).toContainText('https://issuer.example/');
	await expect(claims.getByRole('row', { name: /^aud / })).toContainText('tokenstep-spa');
	await expect(claims.getByRole('row', { name: /^email / })).toContainText('alice@example.com');
	await expect(page.getByText('it lives 10 h')).toBeVisible();

	// Running again signs a new token: nothing here is canned.
	const firstToken = await page.getByLabel('The id_token in compact form').textContent();
	await page.getByRole('button', { name: 'Run the flow again' }).click();
	await expect(page.getByLabel('The id_token in compact form')).not.toHaveText(firstToken ?? '');
	expect(errors).toEqual([]);
});
