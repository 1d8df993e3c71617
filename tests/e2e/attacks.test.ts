import { expect, test } from '@playwright/test';
import { runFlow } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { FlowPage } from './flowPage';

/** Walks to the step where the defence fires and checks the page shows it failing there. */
async function expectRefusedAt(
	ui: FlowPage,
	flow: Parameters<typeof runFlow>[0]['flow'],
	check: string
) {
	const trace = await runFlow({ flow });
	const refused = trace.steps.find((s) => s.checks && !s.checks.valid)!;
	await ui.open(`/flow/${flow}?step=${refused.index + 1}`);
	await ui.expectMessage(refused.label);
	await expect(ui.inspectorTitle()).toHaveClass(/failed/);
	const item = ui.page.getByTestId(TID.checklist).locator(`li[data-check="${check}"]`);
	await expect(item).toHaveClass(/fail/);
	// The refusal is drawn in red on the diagram, at that very step.
	await expect(
		ui.page
			.getByTestId(TID.diagram)
			.locator(`text.messageText.ts-failed[data-step="${refused.index}"]`)
	).toHaveCount(1);
	// The attacker has its own lane on the diagram where it acts.
	if (flow !== 'attack-expired')
		await expect(
			ui.page.getByTestId(TID.diagram).locator('text.actor', { hasText: 'Attacker' })
		).not.toHaveCount(0);
}

test('tampered payload: the client’s signature check fails', async ({ page }) => {
	await expectRefusedAt(new FlowPage(page), 'attack-tamper', 'signature');
});

test('alg none: the client’s alg check fails', async ({ page }) => {
	await expectRefusedAt(new FlowPage(page), 'attack-alg-none', 'alg');
});

test('RS256 → HS256 key confusion: the client’s alg check fails', async ({ page }) => {
	await expectRefusedAt(new FlowPage(page), 'attack-key-confusion', 'alg');
});

test('an expired token: the client’s exp check fails', async ({ page }) => {
	await expectRefusedAt(new FlowPage(page), 'attack-expired', 'exp');
});

test('CSRF on the callback: the client rejects a response without its state', async ({ page }) => {
	const ui = new FlowPage(page);
	await ui.open('/flow/attack-csrf');
	await page.keyboard.press('End');
	await ui.expectMessage('reject response: state_missing');
	await expect(ui.inspectorTitle()).toHaveClass(/failed/);
	await expect(page.getByTestId(TID.inspector)).toContainText('it may be forged (CSRF)');
	// Earlier, the attacker logged in as itself to get the code it plants.
	await ui.button('First step').click();
	for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
	await ui.expectMessage('GET /authorize');
	await expect(ui.inspectorTitle()).toContainText('Attacker → Issuer');
});

test('tamper by hand: edit a claim in the inspector, then watch the client refuse the token', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open('/flow/code-pkce?step=13');
	await ui.expectMessage('200 OK');
	await page.getByText('Tamper with this message').click();
	await page.getByLabel('Claim').fill('email');
	await page.getByLabel('New value').fill('mallory@attacker.example');
	await page.getByRole('button', { name: 'Change it and continue' }).click();
	await ui.expectStep(14, 15);
	await expect(page.getByTestId(TID.inspector)).toContainText(
		'Tampered in transit: the id_token\'s email set to "mallory@attacker.example"'
	);
	await expect(ui.claim('email')).toContainText('mallory@attacker.example');
	await page.keyboard.press('ArrowRight');
	await expect(page.getByTestId(TID.checklist).locator('li[data-check="signature"]')).toHaveClass(
		/fail/
	);
	// The edit is part of the URL, like every setting.
	await expect(page).toHaveURL(/do=.*step=15/);
	await page.reload();
	await expect(page.getByTestId(TID.checklist).locator('li[data-check="signature"]')).toHaveClass(
		/fail/
	);
	await ui.openSettings();
	await page.getByRole('button', { name: 'Remove the attack at step 13' }).click();
	await ui.expectStep(14, 14);
	await expect(page.getByTestId(TID.checklist)).toHaveAttribute('data-valid', 'true');
});

test('tamper by hand: alg none is refused by the alg check', async ({ page }) => {
	const ui = new FlowPage(page);
	await ui.open('/flow/code-pkce?step=13');
	await page.getByText('Tamper with this message').click();
	await page.getByRole('button', { name: 'Send with alg: none' }).click();
	await page.keyboard.press('ArrowRight');
	await expect(page.getByTestId(TID.checklist).locator('li[data-check="alg"]')).toHaveClass(/fail/);
});

test('hostile claim values stay inert text in the inspector and the diagram, and no script runs', async ({
	page
}) => {
	const dialogs: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	const hostile =
		'<img src=x onerror=alert(1)><script>alert(2)</script> --> %%{init: {"theme":"forest"}}%%; A->>B: x\n\u202Eevil' +
		'x'.repeat(300);
	const rules = JSON.stringify([
		{ kind: 'addClaim', namespace: 'https://tokenstep.example/', name: 'note', value: hostile }
	]);
	const ui = new FlowPage(page);
	await ui.open(
		`/flow/attack-tamper?step=14&rules=${encodeURIComponent(rules)}&do=${encodeURIComponent(JSON.stringify([{ kind: 'tamper', step: 13, claim: 'name', value: hostile }]))}`
	);
	await expect(ui.claim('https://tokenstep.example/note')).toContainText(
		'<img src=x onerror=alert(1)><script>alert(2)</script>'
	);
	await expect(page.locator('[data-testid="inspector"] img')).toHaveCount(0);
	await expect(page.getByTestId(TID.diagram).locator('svg')).toHaveCount(1);
	await page.keyboard.press('End');
	await page.waitForTimeout(300);
	expect(dialogs).toEqual([]);
	expect(errors).toEqual([]);
});
