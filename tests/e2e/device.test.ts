import { expect, test } from '@playwright/test';
import { runFlow, type TraceStep } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { FlowPage } from './flowPage';

/** The 1-based step number of a protocol step, for the page's ?step= parameter. */
async function stepOf(flow: 'device' | 'attack-device-code-expired', ref: string): Promise<number> {
	const trace = await runFlow({ flow });
	const [message, nth] = ref.split('.');
	const step = trace.steps.find(
		(s: TraceStep) => s.ref?.message === message && s.ref?.nth === Number(nth)
	);
	if (!step) throw new Error(`no ${ref} in ${flow}`);
	return step.index + 1;
}

test('device flow: the TV and the phone have their own lanes, and the TV ends with a valid id_token', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open('/flow/device');
	const diagram = page.getByTestId(TID.diagram);
	await expect(diagram.locator('text.actor', { hasText: 'TV (client)' })).not.toHaveCount(0);
	await expect(diagram.locator('text.actor', { hasText: 'Phone (browser)' })).not.toHaveCount(0);
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.keyboard.press('End');
	await ui.expectRef('validate-id-token.1');
	// The inspector names the party as the diagram does.
	const { participants } = await runFlow({ flow: 'device' });
	await expect(page.getByTestId(TID.inspectorTitle)).toContainText(participants!.client!);
	const checklist = page.getByTestId(TID.checklist);
	for (const check of ['signature', 'iss', 'aud', 'exp', 'at_hash'])
		await expect(checklist.locator(`li[data-check="${check}"]`)).toHaveAttribute(
			'data-status',
			'passed'
		);
	// It ran to its end: no notice that the flow stopped.
	await expect(page.getByTestId(TID.outcome)).toHaveCount(0);
});

test('device flow: the poll that came too soon is refused with slow_down by the issuer', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open(`/flow/device?step=${await stepOf('device', 'token-response.2')}`);
	await ui.expectRef('token-response.2');
	await ui.expectRefusal('slow_down', 'issuer');
});

test('device flow: the codes and the id_token are shown as tokens, the id_token decoded for the TV', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open(`/flow/device?step=${await stepOf('device', 'device-authorization-response.1')}`);
	const inspector = page.getByTestId(TID.inspector);
	await expect(
		inspector.locator(`[data-testid="${TID.token}"][data-token="device_code"]`)
	).toHaveCount(1);
	await expect(
		inspector.locator(`[data-testid="${TID.token}"][data-token="user_code"]`)
	).toHaveCount(1);
	await ui.gotoStepWithToken('id_token');
	await ui.expectRef('token-response.4');
	await expect(ui.claim('aud')).toContainText('tokenstep-tv');
});

test('a device code typed too late: the TV’s poll is refused with expired_token', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open('/flow/attack-device-code-expired');
	await ui.gotoFirstRefusal();
	await ui.expectRef('token-response.1');
	await ui.expectRefusal('expired_token', 'issuer');
});

test('a phished device code: the victim denies and the attacker’s poll is refused with access_denied', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open('/flow/attack-device-phishing');
	await ui.gotoFirstRefusal();
	await ui.expectRef('token-response.1');
	await ui.expectRefusal('access_denied', 'issuer');
});

test('the device flow runs in the embed', async ({ page }) => {
	await page.goto('/embed/device?step=6');
	await expect(page.getByTestId(TID.diagram).locator('[data-step]').first()).toBeAttached({
		timeout: 20_000
	});
	await expect(page.getByTestId(TID.stepCounter)).toHaveText(/^Step 6 of \d+$/);
});

test('learn links to the device flows', async ({ page }) => {
	await page.goto('/learn');
	const section = page.locator('section#device');
	await expect(section.locator('a[href$="/flow/device"]')).toHaveCount(1);
	await expect(section.locator('a[href$="/flow/attack-device-code-expired"]')).toHaveCount(1);
	await expect(section.locator('a[href$="/flow/attack-device-phishing"]')).toHaveCount(1);
});
