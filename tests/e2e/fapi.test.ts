import { expect, test } from '@playwright/test';
import { runFlow, type FlowId } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { FlowPage } from './flowPage';

/** The 1-based step number of the first step with this ref in a fresh run of the flow. */
async function stepOf(flow: FlowId, message: string, nth = 1): Promise<number> {
	const trace = await runFlow({ flow });
	const found = trace.steps.find((s) => s.ref?.message === message && s.ref.nth === nth);
	if (!found) throw new Error(`${flow} has no ${message}#${nth}`);
	return found.index + 1;
}

const token = (ui: FlowPage, name: string) =>
	ui.page.getByTestId(TID.inspector).locator(`[data-testid="${TID.token}"][data-token="${name}"]`);
const check = (ui: FlowPage, id: string) =>
	ui.page.getByTestId(TID.checklist).locator(`li[data-check="${id}"]`);

test('PAR + JAR: the push shows the request object and the client assertion decoded, the browser carries only the request_uri', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open(`/flow/par-jar?step=${await stepOf('par-jar', 'par-request')}`);
	await ui.expectRef('par-request.1');
	await expect(token(ui, 'request')).toHaveCount(1);
	await expect(token(ui, 'client_assertion')).toHaveCount(1);
	await expect(ui.claim('redirect_uri')).toBeVisible();
	await expect(ui.claim('code_challenge')).toBeVisible();
	await expect(
		token(ui, 'client_assertion').locator(`[data-testid="${TID.claims}"] tr[data-claim="aud"]`)
	).toBeVisible();

	// The front channel: a request_uri and the client_id, nothing else.
	await ui.button('Next step').click();
	await ui.button('Next step').click();
	await ui.expectRef('authorize-request.1');
	await expect(token(ui, 'request_uri')).toHaveCount(1);
	await expect(token(ui, 'code_challenge')).toHaveCount(0);

	// The issuer swaps it for the pushed request.
	await ui.button('Next step').click();
	await ui.expectRef('validate-pushed-request.1');
	await expect(check(ui, 'request_uri')).toHaveAttribute('data-status', 'passed');
	await expect(check(ui, 'front_channel_params')).toHaveAttribute('data-status', 'not_applicable');
});

test('DPoP: the API validates the proof with every check passing, and the tokens are bound', async ({
	page
}) => {
	const ui = new FlowPage(page);
	await ui.open(`/flow/dpop?step=${await stepOf('dpop', 'token-request')}`);
	await ui.expectRef('token-request.1');
	await expect(token(ui, 'dpop')).toHaveCount(1);
	await expect(
		token(ui, 'dpop').locator(`[data-testid="${TID.claims}"] tr[data-claim="htu"]`)
	).toBeVisible();

	await ui.open(`/flow/dpop?step=${await stepOf('dpop', 'token-response')}`);
	await ui.expectRef('token-response.1');
	await expect(
		token(ui, 'access_token').locator(`[data-testid="${TID.claims}"] tr[data-claim="cnf"]`)
	).toBeVisible();

	await ui.open(`/flow/dpop?step=${await stepOf('dpop', 'validate-access-token')}`);
	await ui.expectRef('validate-access-token.1');
	for (const id of ['dpop_htm', 'dpop_htu', 'dpop_iat', 'dpop_jti', 'dpop_ath', 'dpop_jkt'])
		await expect(check(ui, id)).toHaveAttribute('data-status', 'passed');
	const inspector = page.getByTestId(TID.inspector);
	await expect(inspector).not.toHaveAttribute('data-refusal');
});

for (const [flow, code, by] of [
	['attack-par-reuse', 'invalid_request_uri', 'issuer'],
	['attack-dpop-stolen-token', 'dpop_jkt', 'api'],
	['attack-dpop-replay', 'dpop_jti', 'api'],
	['attack-dpop-wrong-url', 'dpop_htu', 'api']
] as const) {
	test(`${flow}: refused with ${code} by the ${by}`, async ({ page }) => {
		const ui = new FlowPage(page);
		await ui.open(`/flow/${flow}`);
		await ui.gotoFirstRefusal();
		await ui.expectRefusal(code, by);
		if (by === 'api') await expect(check(ui, code)).toHaveAttribute('data-status', 'failed');
		await expect(
			page.getByTestId(TID.diagram).locator('text.actor', { hasText: 'Attacker' })
		).not.toHaveCount(0);
	});
}

test('parameters added next to request_uri: the issuer’s check lists them as ignored and nothing is refused', async ({
	page
}) => {
	const ui = new FlowPage(page);
	const at = await stepOf('attack-par-front-channel-params', 'validate-pushed-request');
	await ui.open(`/flow/attack-par-front-channel-params?step=${at}`);
	await ui.expectRef('validate-pushed-request.1');
	await expect(check(ui, 'front_channel_params')).toHaveAttribute('data-status', 'passed');
	await expect(page.getByTestId(TID.inspector)).not.toHaveAttribute('data-refusal');
	await expect(page.getByTestId(TID.outcome)).toHaveCount(0);
});

test('the DPoP flow runs in the embed', async ({ page }) => {
	await page.goto('/embed/dpop?step=3&panels=controls,inspector,title');
	await expect(page.getByTestId(TID.diagram).locator('[data-step]').first()).toBeAttached({
		timeout: 20_000
	});
	const total = (await runFlow({ flow: 'dpop' })).steps.length;
	await expect(page.getByTestId(TID.stepCounter)).toHaveText(`Step 3 of ${total}`);
});
