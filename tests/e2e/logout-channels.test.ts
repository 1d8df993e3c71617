import { expect, test } from './flowPage';

test('back-channel logout: the issuer’s POST shows the decoded logout token, then the client’s §2.6 checks pass', async ({
	ui
}) => {
	await ui.openAt('backchannel-logout', 'backchannel-logout-request.1');
	await expect(ui.inspector()).toHaveAttribute('data-from', 'issuer');
	await expect(ui.token('logout_token')).toHaveCount(1);
	await expect(ui.claim('events')).toBeVisible();
	await expect(ui.claim('sid')).toBeVisible();
	await expect(ui.claim('nonce')).toHaveCount(0);

	await ui.stepTo('validate-logout-token.1');
	// The checks Back-Channel Logout §2.6 lists.
	const listed = ['typ', 'signature', 'events', 'nonce_absent', 'jti_replay', 'session'];
	await ui.expectChecks('passed', listed);

	await ui.stepTo('backchannel-logout-response.1');
	await expect(ui.inspector()).not.toHaveAttribute('data-refusal');
});

test('front-channel logout: the browser loads the wiki’s logout URI in an iframe, and the wiki’s checks pass', async ({
	ui
}) => {
	await ui.openAt('frontchannel-logout', 'frontchannel-logout-request.1');
	await expect(ui.inspector()).toHaveAttribute('data-from', 'browser');
	await expect(ui.inspector().locator('[data-note-kind="frame"]')).toHaveCount(1);
	await ui.stepTo('check-frontchannel-logout.1');
	await ui.expectChecks('passed', ['iss_sid_pair', 'iss', 'sid']);
	// At the end, prompt=none finds no session any more.
	await ui.press('End');
	await ui.expectRefusal('login_required', 'client');
});

for (const [flow, defence] of [
	['attack-logout-replay', 'jti_replay'],
	['attack-logout-nonce', 'nonce_absent'],
	// A genuine id_token typed JWT: the type is not decisive (Back-Channel Logout §2.4, §4.1), the
	// events claim a logout token must carry is (§2.6).
	['attack-id-token-as-logout-token', 'events']
] as const) {
	test(`${flow}: the client refuses the logout token at ${defence}`, async ({ ui }) => {
		await ui.open(`/flow/${flow}`);
		await ui.gotoFirstRefusal();
		await ui.expectRefusal(defence, 'client');
		await ui.expectChecks('failed', [defence]);
		// The refused token was a genuine issuer signature every time: only the logout rules stop it.
		await ui.expectChecks('passed', ['signature']);
	});
}

test('the embed runs the back-channel logout flow', async ({ ui }) => {
	await ui.openAt(
		'backchannel-logout',
		'validate-logout-token.1',
		'/embed/backchannel-logout?panels=controls,inspector,title'
	);
});
