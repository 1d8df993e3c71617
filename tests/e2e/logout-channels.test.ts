import { expect, test } from '@playwright/test';
import { runFlow, type FlowId, type StepName } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { FlowPage } from './flowPage';

/** The 1-based step number of a protocol step in the flow's default run, found by its ref. */
async function stepOf(flow: FlowId, message: StepName, nth = 1): Promise<number> {
	const trace = await runFlow({ flow });
	const step = trace.steps.find((s) => s.ref?.message === message && s.ref.nth === nth);
	if (!step) throw new Error(`${flow} has no ${message} #${nth}`);
	return step.index + 1;
}

const check = (ui: FlowPage, id: string) =>
	ui.page.getByTestId(TID.checklist).locator(`li[data-check="${id}"]`);

test('back-channel logout: the issuer’s POST shows the decoded logout token, then the client’s §2.6 checks pass', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open(
		`/flow/backchannel-logout?step=${await stepOf('backchannel-logout', 'backchannel-logout-request')}`
	);
	await ui.expectRef('backchannel-logout-request.1');
	const inspector = page.getByTestId(TID.inspector);
	await expect(inspector).toHaveAttribute('data-from', 'issuer');
	const token = page.locator(`[data-testid="${TID.token}"][data-token="logout_token"]`);
	await expect(token).toHaveCount(1);
	await expect(ui.claim('events')).toBeVisible();
	await expect(ui.claim('sid')).toBeVisible();
	await expect(ui.claim('nonce')).toHaveCount(0);

	await page.keyboard.press('ArrowRight');
	await ui.expectRef('validate-logout-token.1');
	for (const id of ['typ', 'signature', 'events', 'nonce_absent', 'jti_replay', 'session'])
		await expect(check(ui, id)).toHaveAttribute('data-status', 'passed');

	await page.keyboard.press('ArrowRight');
	await ui.expectRef('backchannel-logout-response.1');
	await expect(inspector).not.toHaveAttribute('data-refusal');
});

test('front-channel logout: the browser loads the wiki’s logout URI in an iframe, and the wiki’s checks pass', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open(
		`/flow/frontchannel-logout?step=${await stepOf('frontchannel-logout', 'frontchannel-logout-request')}`
	);
	await ui.expectRef('frontchannel-logout-request.1');
	const inspector = page.getByTestId(TID.inspector);
	await expect(inspector).toHaveAttribute('data-from', 'browser');
	await expect(inspector.locator('[data-note-kind="frame"]')).toHaveCount(1);
	await page.keyboard.press('ArrowRight');
	await ui.expectRef('check-frontchannel-logout.1');
	for (const id of ['iss_sid_pair', 'iss', 'sid'])
		await expect(check(ui, id)).toHaveAttribute('data-status', 'passed');
	// At the end, prompt=none finds no session any more.
	await page.keyboard.press('End');
	await ui.expectRefusal('login_required', 'client');
});

for (const [flow, defence] of [
	['attack-logout-replay', 'jti_replay'],
	['attack-logout-nonce', 'nonce_absent'],
	['attack-id-token-as-logout-token', 'typ']
] as const) {
	test(`${flow}: the client refuses the logout token at ${defence}`, async ({ page }) => {
		const ui = new FlowPage(page);
		await ui.open(`/flow/${flow}`);
		await ui.gotoFirstRefusal();
		await ui.expectRefusal(defence, 'client');
		await expect(check(ui, defence)).toHaveAttribute('data-status', 'failed');
		// The refused token was a genuine issuer signature every time: only the logout rules stop it.
		await expect(check(ui, 'signature')).toHaveAttribute('data-status', 'passed');
	});
}

test('the embed runs the back-channel logout flow', async ({ page }) => {
	const ui = new FlowPage(page);
	await ui.open(
		`/embed/backchannel-logout?panels=controls,inspector,title&step=${await stepOf('backchannel-logout', 'validate-logout-token')}`
	);
	await ui.expectRef('validate-logout-token.1');
});
