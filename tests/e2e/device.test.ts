import { runFlow } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { expect, test } from './flowPage';

test('device flow: the TV and the phone have their own lanes, and the TV ends with a valid id_token', async ({
	page,
	ui
}) => {
	await ui.open('/flow/device');
	await expect(ui.lane('TV (client)')).not.toHaveCount(0);
	await expect(ui.lane('Phone (browser)')).not.toHaveCount(0);
	await ui.stepTo('validate-id-token.1', 'End');
	// The inspector names the party as the diagram does.
	const { participants } = await runFlow({ flow: 'device' });
	await expect(ui.inspectorTitle()).toContainText(participants!.client!);
	await ui.expectChecks('passed', ['signature', 'iss', 'aud', 'exp', 'at_hash']);
	// It ran to its end: no notice that the flow stopped.
	await expect(page.getByTestId(TID.outcome)).toHaveCount(0);
});

test('device flow: the poll that came too soon is refused with slow_down by the issuer', async ({
	ui
}) => {
	await ui.openAt('device', 'token-response.2');
	await ui.expectRefusal('slow_down', 'issuer');
});

test('device flow: the codes and the id_token are shown as tokens, the id_token decoded for the TV', async ({
	ui
}) => {
	await ui.openAt('device', 'device-authorization-response.1');
	await expect(ui.token('device_code')).toHaveCount(1);
	await expect(ui.token('user_code')).toHaveCount(1);
	await ui.gotoStepWithToken('id_token');
	await ui.expectRef('token-response.4');
	await expect(ui.claim('aud')).toContainText('tokenstep-tv');
});

for (const [flow, code, title] of [
	[
		'attack-device-code-expired',
		'expired_token',
		'a device code typed too late: the TV’s poll is refused with expired_token'
	],
	[
		'attack-device-phishing',
		'access_denied',
		'a phished device code: the victim denies and the attacker’s poll is refused with access_denied'
	]
] as const)
	test(title, async ({ ui }) => {
		await ui.open(`/flow/${flow}`);
		await ui.gotoFirstRefusal();
		await ui.expectRef('token-response.1');
		await ui.expectRefusal(code, 'issuer');
	});

test('the device flow runs in the embed', async ({ ui }) => {
	await ui.open('/embed/device?step=6');
	await expect(ui.counter()).toHaveText(/^Step 6 of \d+$/);
});

test('learn links to the device flows', async ({ page }) => {
	await page.goto('/learn/modern');
	await expect(page.locator('a[data-see-it][data-flow="device"]')).toHaveCount(1);
	// The longer text, folded under the lesson, links the device attacks.
	await page.locator('details.more summary').click();
	await expect(page.locator('article a[href$="/flow/attack-device-phishing"]')).toHaveCount(1);
});
