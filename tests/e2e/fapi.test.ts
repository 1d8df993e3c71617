import { runFlow } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { expect, FlowPage, test } from './flowPage';

/** A claim row of one of the tokens the step shows. */
const claimOf = (ui: FlowPage, token: string, claim: string) =>
	ui.token(token).locator(`[data-testid="${TID.claims}"] tr[data-claim="${claim}"]`);

test('PAR + JAR: the push shows the request object and the client assertion decoded, the browser carries only the request_uri', async ({
	ui
}) => {
	await ui.openAt('par-jar', 'par-request.1');
	await expect(ui.token('request')).toHaveCount(1);
	await expect(ui.token('client_assertion')).toHaveCount(1);
	await expect(ui.claim('redirect_uri')).toBeVisible();
	await expect(ui.claim('code_challenge')).toBeVisible();
	await expect(claimOf(ui, 'client_assertion', 'aud')).toBeVisible();

	// The issuer checks the push: the client assertion, then the request object, then answers.
	await ui.stepTo('validate-client-assertion.1');
	await ui.stepTo('validate-request-object.1');
	await ui.stepTo('par-response.1');
	// The front channel: a request_uri and the client_id, nothing else.
	await ui.button('Next step').click();
	await ui.expectRef('authorize-request.1');
	await expect(ui.token('request_uri')).toHaveCount(1);
	await expect(ui.token('code_challenge')).toHaveCount(0);

	// The issuer swaps it for the pushed request.
	await ui.button('Next step').click();
	await ui.expectRef('validate-pushed-request.1');
	await ui.expectChecks('passed', ['request_uri']);
	await ui.expectChecks('not_applicable', ['front_channel_params']);
});

test('DPoP: the API validates the proof with every check passing, and the tokens are bound', async ({
	ui
}) => {
	await ui.openAt('dpop', 'token-request.1');
	await expect(ui.token('dpop')).toHaveCount(1);
	await expect(claimOf(ui, 'dpop', 'htu')).toBeVisible();

	await ui.openAt('dpop', 'token-response.1');
	await expect(claimOf(ui, 'access_token', 'cnf')).toBeVisible();

	await ui.openAt('dpop', 'validate-access-token.1');
	const proof = ['dpop_htm', 'dpop_htu', 'dpop_iat', 'dpop_jti', 'dpop_ath', 'cnf_jkt'];
	await ui.expectChecks('passed', proof);
	await expect(ui.inspector()).not.toHaveAttribute('data-refusal');
});

for (const [flow, code, by] of [
	['attack-par-reuse', 'invalid_request_uri', 'issuer'],
	['attack-dpop-stolen-token', 'cnf_jkt', 'api'],
	['attack-dpop-replay', 'dpop_jti', 'api'],
	['attack-dpop-wrong-url', 'dpop_htu', 'api']
] as const) {
	test(`${flow}: refused with ${code} by the ${by}`, async ({ ui }) => {
		await ui.open(`/flow/${flow}`);
		await ui.gotoFirstRefusal();
		await ui.expectRefusal(code, by);
		if (by === 'api') await ui.expectChecks('failed', [code]);
		await expect(ui.lane('Attacker')).not.toHaveCount(0);
	});
}

test('parameters added next to request_uri: the issuer’s check lists them as ignored and nothing is refused', async ({
	page,
	ui
}) => {
	await ui.openAt('attack-par-front-channel-params', 'validate-pushed-request.1');
	await ui.expectChecks('passed', ['front_channel_params']);
	await expect(ui.inspector()).not.toHaveAttribute('data-refusal');
	await expect(page.getByTestId(TID.outcome)).toHaveCount(0);
});

test('the DPoP flow runs in the embed', async ({ ui }) => {
	await ui.open('/embed/dpop?step=3&panels=controls,inspector,title');
	const total = (await runFlow({ flow: 'dpop' })).steps.length;
	await expect(ui.counter()).toHaveText(`Step 3 of ${total}`);
});

test('PAR + JAR: the issuer’s checks at the push and at the token endpoint are steps with their check lists', async ({
	ui
}) => {
	await ui.openAt('par-jar', 'validate-client-assertion.1');
	await ui.expectChecks('passed', ['signature', 'iss', 'sub', 'aud', 'exp', 'jti']);
	await expect(ui.inspector()).not.toHaveAttribute('data-refusal');
	await ui.stepTo('validate-request-object.1');
	await ui.expectChecks('passed', ['typ', 'signature', 'aud', 'client_id', 'jti', 'nested']);

	// At the token endpoint: a fresh assertion, then the PKCE code_verifier (RFC 7636 §4.6).
	await ui.openAt('par-jar', 'validate-client-assertion.2');
	await ui.expectChecks('passed', ['signature', 'aud', 'jti']);
	await ui.stepTo('verify-code-verifier.1');
	await ui.expectChecks('passed', ['code_verifier', 'code_challenge']);
	await ui.stepTo('token-response.1');
});

test('DPoP: the issuer checks the proof at the token endpoint, and the refresh token’s binding', async ({
	ui
}) => {
	await ui.openAt('dpop', 'validate-dpop-proof.1');
	await ui.expectChecks('passed', [
		'dpop_typ',
		'dpop_signature',
		'dpop_htm',
		'dpop_htu',
		'dpop_jti'
	]);
	await ui.openAt('dpop', 'validate-dpop-proof.2');
	await ui.expectChecks('passed', ['dpop_htu', 'refresh_token_binding']);
});

test('DPoP with server nonces on: the first proof is refused with use_dpop_nonce, the retry passes', async ({
	page,
	ui
}) => {
	await ui.openAt('dpop', 'validate-dpop-proof.1', '/flow/dpop?dpop_nonce=on');
	await ui.expectChecks('failed', ['dpop_nonce']);
	await ui.stepTo('token-response.1');
	await ui.expectRefusal('use_dpop_nonce', 'issuer');
	await ui.stepTo('token-request.2');
	await ui.stepTo('validate-dpop-proof.2');
	await ui.expectChecks('passed', ['dpop_nonce']);
	// The setting is a knob of the DPoP flow, on as the link said.
	await ui.openSettings();
	await expect(page.locator('#knob-dpop-nonce')).toBeChecked();
});

test('attack-dpop-nonce-premade: the copied proof made before the nonce is refused by dpop_nonce at the API', async ({
	ui
}) => {
	await ui.openWhere(
		'attack-dpop-nonce-premade',
		(s) => s.kind === 'action' && s.from === 'api' && !s.ref && !!s.refusal
	);
	await ui.expectRefusal('dpop_nonce', 'api');
	await ui.expectChecks('failed', ['dpop_nonce']);
	await expect(ui.lane('Attacker')).not.toHaveCount(0);
});
