import { TID } from '../../src/lib/testids';
import { expect, test } from './flowPage';

test('the settings start folded and the page remembers when they were opened', async ({
	page,
	ui
}) => {
	await ui.open('/flow/code-pkce');
	await expect(page.getByTestId(TID.knobs)).toBeHidden();
	const top = await page.getByTestId(TID.diagram).evaluate((el) => el.getBoundingClientRect().top);
	expect(top).toBeLessThan(page.viewportSize()!.height / 2);
	await ui.openSettings();
	await ui.open('/flow/call-api');
	await expect(page.getByTestId(TID.knobs)).toBeVisible();
});

test('a lifetime applies while typing, without Enter, and a bad one stays in the field, refused', async ({
	page,
	ui
}) => {
	await ui.openWithSettings('/flow/code-pkce?step=13');
	const lifetime = ui.lifetime();
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
	page,
	ui
}) => {
	await ui.openWithSettings('/flow/code-pkce?step=13');
	const other = page.locator('#knob-scope-extra');
	await ui.enter(other, 'phone read:messages');
	await expect(page.getByRole('checkbox', { name: 'phone' })).toBeChecked();
	await expect(other).toHaveValue('read:messages');
	await expect(page).toHaveURL(/scope=[^&]*phone/);

	await ui.enter(other, 'read:messages bad"scope');
	await expect(other).toHaveValue('read:messages bad"scope');
	await expect(other).toHaveAttribute('aria-invalid', 'true');
	await expect(page).not.toHaveURL(/bad/);
});

test('the diff waits for the id_token and reports header changes when the algorithm changes', async ({
	page,
	ui
}) => {
	await ui.openWithSettings('/flow/code-pkce');
	await page.getByLabel('Signing algorithm').selectOption('ES256');
	await expect(page).toHaveURL(/alg=ES256/);
	await expect(page.getByTestId(TID.diff)).toHaveCount(0);
	await page.keyboard.press('End');
	const diff = page.getByTestId(TID.diff);
	await expect(diff.locator('li.changed code', { hasText: /alg$/ })).toHaveCount(1);
	await expect(diff.locator('li.changed code', { hasText: 'ES256' })).toHaveCount(1);
});

test('each token shows the lifetime its own setting gave it, beside exp', async ({ ui }) => {
	await ui.open('/flow/code-pkce?step=13&lifetime=600&at_lifetime=120');
	const exp = (token: string) => ui.token(token).locator('tr[data-claim="exp"]').first();
	await expect(exp('id_token')).toHaveAttribute('data-lifetime', '600');
	await expect(exp('access_token')).toHaveAttribute('data-lifetime', '120');
});

test('at 390 px, a long claim name and the times beside exp wrap between words, never inside one', async ({
	page,
	ui
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await ui.open('/flow/code-pkce?step=13');
	const card = ui.token('id_token');
	const name = card.locator('tr[data-claim="preferred_username"] th code');
	const time = card.locator('tr[data-claim="exp"] .time');
	await expect(time).toBeVisible();
	await expect(name).toBeVisible();
	/** For each text node: how many lines it runs over, and the text itself. */
	const lines = (el: Element) =>
		[...el.querySelectorAll('*'), el].flatMap((parent) =>
			[...parent.childNodes]
				.filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())
				.map((n) => {
					const range = document.createRange();
					range.selectNodeContents(n);
					const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
					return { text: n.textContent!.trim(), lines: tops.size };
				})
		);
	const nameLines = await name.evaluate(lines);
	// The name does not fit on one line here: it breaks, but only between its words.
	expect(await name.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(
		await card
			.locator('tr[data-claim="sub"] th code')
			.evaluate((el) => el.getBoundingClientRect().height)
	);
	expect(nameLines.map((n) => n.text).join('')).toBe('preferred_username');
	for (const node of nameLines) expect(node.lines, node.text).toBe(1);
	// Each phrase ("expires in 10 h", "lives 10 h from iat") stays on one line.
	const phrases = await time
		.locator('.phrase')
		.evaluateAll((els) =>
			els.map((el) => new Set([...el.getClientRects()].map((r) => Math.round(r.top))).size)
		);
	expect(phrases).toEqual([1, 1]);
});
