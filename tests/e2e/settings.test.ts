import { expect, test } from '@playwright/test';
import { TID } from '../../src/lib/testids';
import { FlowPage } from './flowPage';

test('the settings start folded and the page remembers when they were opened', async ({ page }) => {
	const ui = new FlowPage(page);
	await ui.open('/flow/code-pkce');
	await expect(page.getByTestId(TID.knobs)).toBeHidden();
	const top = await page.getByTestId(TID.diagram).evaluate((el) => el.getBoundingClientRect().top);
	expect(top).toBeLessThan(page.viewportSize()!.height / 2);
	await ui.openSettings();
	await ui.open('/flow/call-api');
	await expect(page.getByTestId(TID.knobs)).toBeVisible();
});

test('a lifetime applies while typing, without Enter, and a bad one stays in the field, refused', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open('/flow/code-pkce?step=13');
	await ui.openSettings();
	const lifetime = page.getByLabel('id_token lifetime (s)');
	const hint = page.locator('#knob-lifetime-hint');
	const before = await hint.textContent();
	await lifetime.fill('');
	await lifetime.pressSequentially('60');
	// The hint follows each keystroke; the flow runs again once typing pauses.
	await expect(hint).not.toHaveText(before!);
	await expect(page).toHaveURL(/lifetime=60(&|$)/);
	await expect(page.getByTestId(TID.diff).locator('code', { hasText: /^exp$/ })).toHaveCount(1);

	await lifetime.pressSequentially('x');
	await expect(lifetime).toHaveValue('60x');
	await expect(lifetime).toHaveAttribute('aria-invalid', 'true');
	await expect(hint).toContainText('60x');
	await page.waitForTimeout(600);
	await expect(page).toHaveURL(/lifetime=60(&|$)/);
});

test('a standard scope typed in "other scopes" moves to its checkbox; a bad scope stays in the field', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open('/flow/code-pkce?step=13');
	await ui.openSettings();
	const other = page.locator('#knob-scope-extra');
	await other.fill('phone read:messages');
	await other.press('Enter');
	await expect(page.getByRole('checkbox', { name: 'phone' })).toBeChecked();
	await expect(other).toHaveValue('read:messages');
	await expect(page).toHaveURL(/scope=[^&]*phone/);

	await other.fill('read:messages bad"scope');
	await other.press('Enter');
	await expect(other).toHaveValue('read:messages bad"scope');
	await expect(other).toHaveAttribute('aria-invalid', 'true');
	await expect(page).not.toHaveURL(/bad/);
});

test('the diff waits for the id_token and reports header changes when the algorithm changes', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open('/flow/code-pkce');
	await ui.openSettings();
	await page.getByLabel('Signing algorithm').selectOption('ES256');
	await expect(page).toHaveURL(/alg=ES256/);
	await expect(page.getByTestId(TID.diff)).toHaveCount(0);
	await page.keyboard.press('End');
	const diff = page.getByTestId(TID.diff);
	await expect(diff.locator('li.changed code', { hasText: /alg$/ })).toHaveCount(1);
	await expect(diff.locator('li.changed code', { hasText: 'ES256' })).toHaveCount(1);
});
