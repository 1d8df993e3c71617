import { expect, test } from '@playwright/test';
import { FLOWS } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';

test('the home page lists every flow and leads into the simulator', async ({ page }) => {
	await page.goto('/');
	const cards = page.getByTestId(TID.gallery).getByRole('link');
	await expect(cards).toHaveCount(FLOWS.length);
	await expect(cards.filter({ hasText: 'Implicit' })).toContainText('Not recommended');
	await cards.filter({ hasText: 'Authorization code + PKCE' }).click();
	await expect(page).toHaveURL(/\/flow\/code-pkce/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Authorization code + PKCE');
	await expect(page.getByTestId(TID.diagram).locator('[data-step]').first()).toBeAttached();
});
