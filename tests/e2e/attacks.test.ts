import type { FlowId } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { expect, FlowPage, test } from './flowPage';

/** Walks to the step where the defence fires and checks the page shows it failing there. */
async function expectRefusedAt(ui: FlowPage, flow: FlowId, check: string) {
	const refused = await ui.openAtRefusal(flow);
	await ui.expectRefusal(check, 'client');
	await ui.expectChecks('failed', [check]);
	// In the token as the validator read it, the members whose checks failed are marked, and
	// only those: a check named after a claim or header parameter is about it.
	const report = refused.checks!;
	const failedMembers = (part: Record<string, unknown> | undefined) =>
		Object.keys(part ?? {})
			.filter((name) => report.checks.some((c) => c.id === name && c.status === 'failed'))
			.sort();
	const checked = ui.token('checked token');
	const marked = (attribute: string) =>
		checked
			.locator(`tr[data-failed][${attribute}]`)
			.evaluateAll((rows, a) => rows.map((r) => r.getAttribute(a)!).sort(), attribute);
	// Rows below the fold arrive when the page is idle: wait for every row to be drawn.
	await expect(checked.getByTestId(TID.rowsLater)).toHaveCount(0);
	expect(await marked('data-claim')).toEqual(failedMembers(report.claims));
	expect(await marked('data-header')).toEqual(failedMembers(report.header));
	if (check !== 'signature')
		expect([...failedMembers(report.claims), ...failedMembers(report.header)]).toContain(check);
	// The attacker has its own lane on the diagram where it acts.
	if (flow !== 'attack-expired') await expect(ui.lane('Attacker')).not.toHaveCount(0);
}

test('tampered payload: the client’s signature check fails', async ({ ui }) => {
	await expectRefusedAt(ui, 'attack-tamper', 'signature');
});

test('the issuer’s genuine answer is drawn going to the attacker, before the changed copy', async ({
	page,
	ui
}) => {
	const { trace } = await ui.openWhere('attack-tamper', (s) => !!s.intercepted);
	const inspector = ui.inspector();
	await expect(inspector).toHaveAttribute('data-intercepted', 'true');
	await expect(inspector).toHaveAttribute('data-from', 'issuer');
	await expect(inspector).not.toHaveAttribute('data-change');
	// The genuine token, as the issuer signed it, is shown on the intercepted message.
	await expect(ui.claim('sub')).toContainText(trace.settings.user);
	await page.keyboard.press('ArrowRight');
	await expect(inspector).toHaveAttribute('data-from', 'attacker');
	await page.keyboard.press('ArrowRight');
	await expect(inspector).toHaveAttribute('data-change', 'tamper');
	await expect(ui.claim('sub')).toContainText('auth0|mallory');
});

test('alg none: the client’s alg check fails', async ({ ui }) => {
	await expectRefusedAt(ui, 'attack-alg-none', 'alg');
});

test('RS256 → HS256 key confusion: the client’s alg check fails', async ({ ui }) => {
	await expectRefusedAt(ui, 'attack-key-confusion', 'alg');
});

test('an expired token: the client’s exp check fails', async ({ ui }) => {
	await expectRefusedAt(ui, 'attack-expired', 'exp');
});

test('audience confusion: the web app refuses the quiz’s genuine id_token by aud alone', async ({
	ui
}) => {
	await ui.openAt('attack-audience-confusion', 'validate-id-token.1');
	await ui.expectRefusal('aud', 'client');
	await ui.expectChecks('failed', ['aud']);
	// The token is genuine: signed by the issuer, about the person, fresh; no nonce to compare.
	await ui.expectChecks('passed', ['signature', 'iss', 'sub', 'exp']);
	await ui.expectChecks('not_applicable', ['nonce', 'azp']);
	await expect(ui.lane('Attacker’s app')).not.toHaveCount(0);
});

test('mix-up: the client refuses the honest issuer’s response, sent to the attacker’s AS, by iss', async ({
	ui
}) => {
	await ui.openAt('attack-mix-up', 'callback-request.1');
	await expect(ui.inspector()).toHaveAttribute('data-from', 'browser');
	await ui.stepTo('reject-response.1', 'End');
	await ui.expectRefusal('issuer_mismatch', 'client');
	await expect(ui.lane('Attacker’s AS')).not.toHaveCount(0);
});

test('CSRF on the callback: the client rejects a response without its state', async ({
	page,
	ui
}) => {
	await ui.open('/flow/attack-csrf');
	await ui.stepTo('reject-response.1', 'End');
	await ui.expectRefusal('state_missing', 'client');
	// Earlier, the attacker logged in as itself to get the code it plants: its own request,
	// counted as no step of the protocol.
	await ui.button('First step').click();
	for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
	await expect(ui.inspector()).toHaveAttribute('data-from', 'attacker');
	await expect(ui.inspector()).not.toHaveAttribute('data-ref');
});

test('tamper by hand: edit a claim in the inspector, then watch the client refuse the token', async ({
	page,
	ui
}) => {
	await ui.openAt('code-pkce', 'token-response.1');
	await page.getByText('Tamper with this message').click();
	await page.getByLabel('Claim').fill('email');
	await page.getByLabel('New value').fill('mallory@attacker.example');
	await page.getByRole('button', { name: 'Change it and continue' }).click();
	// The page shows the message the edit landed on: the same token response, now changed.
	await ui.expectStep(15, 16);
	await ui.expectRef('token-response.1');
	const inspector = ui.inspector();
	await expect(inspector).toHaveAttribute('data-change', 'tamper');
	await expect(inspector).toHaveAttribute('data-changed-by', 'person');
	await expect(inspector.locator('[data-note-kind="changed"]')).toHaveCount(1);
	await expect(ui.claim('email')).toContainText('mallory@attacker.example');
	await page.keyboard.press('ArrowRight');
	await ui.expectRefusal('signature', 'client');
	// The edit is part of the URL, like every setting, named by the message it changes.
	await expect(page).toHaveURL(
		/tamper=token-response%40id_token%3Aemail%3Dmallory%40attacker.example.*step=16/
	);
	await ui.reload();
	await ui.expectRefusal('signature', 'client');
	await ui.openSettings();
	await page.getByRole('button', { name: 'Remove the attack on the 1st token response' }).click();
	await ui.expectStep(14, 14);
	await expect(page.getByTestId(TID.checklist)).toHaveAttribute('data-valid', 'true');
});

test('tamper by hand: alg none is refused by the alg check', async ({ page, ui }) => {
	await ui.open('/flow/code-pkce?step=13');
	await page.getByText('Tamper with this message').click();
	await page.getByRole('button', { name: 'Send with alg: none' }).click();
	await ui.expectRef('token-response.1');
	await page.keyboard.press('ArrowRight');
	await ui.expectRefusal('alg', 'client');
});

test('hostile claim values stay inert text in the inspector and the diagram, and no script runs', async ({
	page,
	ui
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
	await ui.open(
		`/flow/attack-tamper?step=16&rules=${encodeURIComponent(rules)}&tamper=${encodeURIComponent(`token-response:name=${hostile}`)}`
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

test('a clock jump after step 2 does not switch the attack off: the refusal fires at the named check', async ({
	page,
	ui
}) => {
	await ui.openWithSettings('/flow/attack-tamper?step=2');
	await page.locator('#knob-wait').fill('5');
	await page.getByLabel('Unit').selectOption('1');
	await ui.button('Advance').click();
	await expect(page).toHaveURL(/wait=discovery-response%2B5/);
	// Time passes as a step of its own, right after step 2.
	await page.keyboard.press('ArrowRight');
	await expect(ui.inspector()).not.toHaveAttribute('data-ref');
	await ui.gotoFirstRefusal();
	await ui.expectRef('validate-id-token.1');
	await ui.expectRefusal('signature', 'client');
	await ui.expectChecks('failed', ['signature']);
});

test('an old link that counted steps still loads, converted, with a notice', async ({
	page,
	ui
}) => {
	const old = encodeURIComponent(JSON.stringify([{ kind: 'alg-none', step: 13 }]));
	await ui.open(`/flow/code-pkce?do=${old}&step=16`);
	await expect(page.getByTestId(TID.notice)).toBeVisible();
	await ui.expectRefusal('alg', 'client');
	await expect(page).toHaveURL(/alg-none=token-response/);
});

test('tamper by hand past the attack limit: refused with a message, the attacks already set stay on', async ({
	page,
	ui
}) => {
	const twenty = Array.from({ length: 20 }, (_, i) => `tamper=token-response:n${i}=x`).join('&');
	await ui.open(`/flow/code-pkce?${twenty}`);
	await ui.press('End');
	await ui.expectRefusal('signature', 'client');
	await page.keyboard.press('ArrowLeft');
	await expect(ui.inspector()).toHaveAttribute('data-change', 'tamper');
	await page.getByText('Tamper with this message').click();
	// The token the form will change is shown chosen, not a blank choice.
	await expect(page.locator('.tamper select')).toHaveValue('id_token');
	await page.getByRole('button', { name: 'Change it and continue' }).click();
	await expect(page.getByTestId(TID.tamperProblem)).toBeVisible();
	// Nothing was switched off: the twenty attacks are still in the link and still refused.
	await expect(page).toHaveURL(/(tamper=[^&]+&){19}tamper=/);
	await page.keyboard.press('ArrowRight');
	await ui.expectRefusal('signature', 'client');
});
