import { runFlow } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { expect, test } from './flowPage';

/** The refs of a flow's steps as the inspector writes them ("token-response.1"), by index. */
async function refs(flow: 'code-webapp') {
	const trace = await runFlow({ flow });
	return trace.steps.map((s) => (s.ref ? `${s.ref.message}.${s.ref.nth}` : null));
}

test('after choosing a flow in the settings with the keyboard, ← → step it, and focus stays put', async ({
	page,
	ui
}) => {
	const expected = await refs('code-webapp');
	await ui.openWithSettings('/flow/code-pkce');
	const select = page.getByLabel('Flow', { exact: true });
	await select.focus();
	// The next flow in the catalog, chosen as a keyboard user does.
	await page.keyboard.press('ArrowDown');
	await expect(select).toHaveValue('code-webapp');
	await expect(page).toHaveURL(/\/flow\/code-webapp/);
	await ui.settled();
	await expect(ui.inspector()).toHaveAttribute('data-step', '0');

	// Pressed without leaving the drop-down: the flow steps, the drop-down keeps its flow.
	await page.keyboard.press('ArrowRight');
	await expect(ui.inspector()).toHaveAttribute('data-step', '1');
	await expect(ui.inspector()).toHaveAttribute('data-ref', expected[1]!);
	await page.keyboard.press('ArrowRight');
	await expect(ui.inspector()).toHaveAttribute('data-step', '2');
	await ui.expectRef(expected[2]!);
	await page.keyboard.press('ArrowLeft');
	await expect(ui.inspector()).toHaveAttribute('data-step', '1');
	await expect(select).toHaveValue('code-webapp');
	await expect(page).toHaveURL(/\/flow\/code-webapp/);
	// Focus was not moved (the person can go on choosing with ↑ ↓), and it is visible.
	await expect(select).toBeFocused();
	expect(await select.evaluate((el) => el.matches(':focus-visible'))).toBe(true);
	// The counter says the same as the inspector.
	await expect(page.getByTestId(TID.stepCounter)).toContainText('Step 2 of');
});

test('← → in a text field move the caret, not the flow; a changed setting leaves the arrows stepping', async ({
	page,
	ui
}) => {
	await ui.openWithSettings('/flow/code-pkce?step=3');
	await expect(ui.inspector()).toHaveAttribute('data-step', '2');
	const lifetime = ui.lifetime();
	await lifetime.focus();
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowLeft');
	await page.keyboard.press('ArrowLeft');
	await expect(ui.inspector()).toHaveAttribute('data-step', '2');
	await expect(lifetime).toBeFocused();

	// Other knobs, changed with the keyboard: the client drop-down, then a scope's checkbox.
	const client = page.getByLabel('Client', { exact: true });
	await client.focus();
	await page.keyboard.press('ArrowDown');
	await expect(client).toHaveValue('webapp');
	await ui.settled();
	const at = Number(await ui.inspector().getAttribute('data-step'));
	await page.keyboard.press('ArrowRight');
	await expect(ui.inspector()).toHaveAttribute('data-step', String(at + 1));
	await expect(client).toHaveValue('webapp');
	const scope = page.getByTestId(TID.knobs).locator('input[type="checkbox"]').last();
	await scope.focus();
	await page.keyboard.press('Space');
	await ui.settled();
	const then = Number(await ui.inspector().getAttribute('data-step'));
	await page.keyboard.press('ArrowLeft');
	await expect(ui.inspector()).toHaveAttribute('data-step', String(then - 1));
	await expect(scope).toBeFocused();
});
