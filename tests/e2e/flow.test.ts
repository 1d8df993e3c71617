import type { Page } from '@playwright/test';
import { FLOWS, runFlow } from '../../src/lib/sim/index';
import { CLOCK_LABEL } from '../../src/lib/sim/types';
import { TID } from '../../src/lib/testids';
import { expect, test } from './flowPage';

for (const flow of FLOWS) {
	test(`${flow.id}: stepping with keys and buttons shows each message of the trace in the diagram and the inspector`, async ({
		page,
		ui
	}) => {
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		// The same settings run in Node give the labels the page must show, step by step.
		const trace = await runFlow({ flow: flow.id });
		const total = trace.steps.length;
		await ui.open(`/flow/${flow.id}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(flow.title);

		for (const [i, step] of trace.steps.entries()) {
			await ui.expectStep(i + 1, total);
			await ui.expectMessage(step.label);
			// A message names the channel it travels on; a party's own check or a pause has only
			// its kind. A pause is the clock's, as the diagram draws it.
			const badges = ui.inspector().locator('header .badge');
			if (step.kind === 'request' || step.kind === 'response') {
				await expect(badges).toHaveCount(2);
				await expect(badges.nth(1)).toHaveAttribute('data-channel', step.channel);
			} else await expect(badges).toHaveCount(1);
			if (step.kind === 'time')
				await expect(page.getByTestId(TID.inspectorTitle)).toHaveText(
					`${CLOCK_LABEL}: ${step.label}`
				);
			if (i < total - 1) await page.keyboard.press('ArrowRight');
		}
		// Failed steps are drawn in red; refusals the flow expects in the success colour.
		const failed = trace.steps.filter((s) => s.failed && !s.expected).length;
		await expect(page.getByTestId(TID.diagram).locator('text.messageText.ts-failed')).toHaveCount(
			failed
		);
		const expected = trace.steps.filter((s) => s.expected).length;
		await expect(page.getByTestId(TID.diagram).locator('text.messageText.ts-expected')).toHaveCount(
			expected
		);

		await page.keyboard.press('Home');
		await ui.expectStep(1, total);
		await ui.button('Next step').click();
		await ui.expectMessage(trace.steps[1]!.label);
		await ui.button('Last step').click();
		await ui.expectStep(total, total);
		await ui.button('Previous step').click();
		await ui.expectMessage(trace.steps[total - 2]!.label);
		await page.keyboard.press('ArrowLeft');
		await ui.expectStep(total - 2, total);
		await ui.button('First step').click();
		await ui.expectStep(1, total);
		await page.keyboard.press('End');
		await ui.expectStep(total, total);
		expect(errors).toEqual([]);
	});
}

test('clicking a message in the diagram jumps to it, and play advances on its own', async ({
	page,
	ui
}) => {
	await ui.open('/flow/code-pkce');
	await page.getByTestId(TID.diagram).locator('text.messageText[data-step="8"]').click();
	await ui.expectStep(9, 14);
	await ui.expectRef('login-response.1');
	await page.getByLabel('Speed').selectOption('4');
	await ui.button('Play').click();
	await expect(ui.counter()).toHaveText('Step 11 of 14', { timeout: 5000 });
	await ui.button('Pause').click();
	const stopped = await ui.counter().textContent();
	await page.waitForTimeout(800);
	await expect(ui.counter()).toHaveText(stopped!);
	// The current step is announced to screen readers.
	await expect(page.getByTestId(TID.stepNarration)).toHaveText(/^Step \d+ of 14: /);
});

test('the inspector shows the token like jwt.io: coloured parts, explained claims, times on the simulated clock', async ({
	page,
	ui
}) => {
	await ui.openAt('code-pkce', 'token-response.1');
	const idToken = ui.token('id_token');
	// The compact form and the raw message are built when their folds are opened.
	await idToken.locator('details > summary').click();
	await expect(idToken.getByLabel('id_token in compact form')).toBeVisible();
	await expect(idToken.getByLabel('id_token in compact form').locator('span')).toHaveCount(3);
	await expect(ui.claim('iss')).toContainText('Issuer: Who issued the token');
	await expect(ui.claim('exp')).toContainText('expires in 10 h');
	await expect(ui.claim('aud')).toContainText('tokenstep-spa');
	await ui.inspector().locator('details.raw > summary').click();
	await expect(page.getByTestId(TID.response)).toBeVisible();
	await expect(page.getByTestId(TID.response)).toContainText('HTTP/1.1 200 OK');
	await expect(page.getByTestId(TID.response)).toContainText('Cache-Control: no-store');
	await page.keyboard.press('ArrowRight');
	const checklist = page.getByTestId(TID.checklist);
	await expect(checklist).toHaveAttribute('data-valid', 'true');
	await ui.expectChecks('passed', ['nonce']);
	// Checks with nothing to check are shown as n/a and counted apart, never as passed.
	await ui.expectChecks('not_applicable', ['azp']);
	const notApplicable = checklist.locator('li[data-status="not_applicable"]');
	await expect(notApplicable).toHaveCount(4);
	await expect(checklist).toHaveAttribute('data-not-applicable', '4');
	await expect(checklist).toHaveAttribute('data-passed', '16');
	await expect(notApplicable.first().locator('.mark')).toBeVisible();
});

test('a token issued then checked keeps its table from one step to the next, updated in place', async ({
	page,
	ui
}) => {
	await ui.openAt('code-pkce', 'token-response.1');
	const tokens = ui.inspector().getByTestId(TID.token);
	await expect(tokens).toHaveCount(2);
	await expect(tokens.first()).toHaveAttribute('data-token', 'id_token');
	await ui.claim('nonce').evaluate((row) => ((window as { kept?: Element }).kept = row));
	await page.keyboard.press('ArrowRight');
	await expect(page.getByTestId(TID.checklist)).toBeAttached();
	await expect(tokens).toHaveCount(1);
	await expect(tokens.first()).toHaveAttribute('data-token', 'checked token');
	// The same row element, not a rebuilt one: a step rewrites only what changed.
	const kept = await ui
		.claim('nonce')
		.evaluate((row) => row === (window as { kept?: Element }).kept);
	expect(kept).toBe(true);
	// And back: the id_token's table is the one the check showed, the access token's is new.
	await page.keyboard.press('ArrowLeft');
	await expect(tokens).toHaveCount(2);
	await expect(tokens.first()).toHaveAttribute('data-token', 'id_token');
	await expect(page.getByTestId(TID.checklist)).toHaveCount(0);
});

test('stepping past a message without parameters keeps the parameters table, rewritten in place', async ({
	ui
}) => {
	// The callback's parameters, then the client's answer (none), then the token request's.
	await ui.openAt('code-pkce', 'callback-request.1');
	const params = ui.inspector().getByTestId(TID.requestParams);
	await expect(params).toHaveAttribute('data-place', 'callback');
	await params.evaluate((table) => ((window as { kept?: Element }).kept = table));
	await ui.press('ArrowRight');
	await expect(params).toHaveCount(0);
	await ui.stepTo('token-request.1');
	await expect(params).toHaveAttribute('data-place', 'token');
	await expect(params.locator('tr[data-param="code_verifier"]')).toHaveCount(1);
	// The same table element, not a rebuilt one; on the step between, none was in the page.
	expect(await params.evaluate((table) => table === (window as { kept?: Element }).kept)).toBe(
		true
	);
});

/** The rows of the inspector's tables and checklist. */
const ROWS = 'tr:has(> th[scope="row"]), li[data-check]';

/**
 * Steps forward in the page's own task, as a key press does, and reads the inspector before the
 * frame is painted (in an animation frame callback asked for after the step's, as late as script
 * runs before the paint): the rows drawn, the rows left for later, and how many of the stand-ins
 * for those are in view (in the window and in the inspector's own scrolling box). `showInspector`
 * first scrolls the inspector into view, where it sits below the diagram (narrow screens).
 */
async function stepAndRead(page: Page, showInspector = false) {
	return page.evaluate(
		async ({ inspectorId, laterId, rows, showInspector }) => {
			const inspector = document.querySelector(`[data-testid="${inspectorId}"]`)!;
			let box = inspector.parentElement;
			while (box && !/auto|scroll/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
			if (showInspector) (box ?? inspector).scrollIntoView({ block: 'start' });
			const before = Number(inspector.getAttribute('data-step'));
			document.body.dispatchEvent(
				new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })
			);
			// Svelte applies a step in a microtask; rows in view are drawn before the next paint.
			await Promise.resolve();
			await Promise.resolve();
			await new Promise((painted) => requestAnimationFrame(painted));
			const frame = box?.getBoundingClientRect();
			const top = Math.max(0, frame?.top ?? 0);
			const bottom = Math.min(innerHeight, frame?.bottom ?? innerHeight);
			const later = [...inspector.querySelectorAll(`[data-testid="${laterId}"]`)];
			return {
				before,
				step: Number(inspector.getAttribute('data-step')),
				drawn: inspector.querySelectorAll(rows).length,
				pending: later.reduce((n, el) => n + Number(el.getAttribute('data-rows')), 0),
				inView: later.filter((el) => {
					const r = el.getBoundingClientRect();
					return r.top < bottom && r.bottom > top;
				}).length
			};
		},
		{ inspectorId: TID.inspector, laterId: TID.rowsLater, rows: ROWS, showInspector }
	);
}

test('a long step draws the rows in view with the key press and the rest when the page is idle', async ({
	page,
	ui
}) => {
	await ui.open('/flow/code-pkce?step=12');
	await ui.settled();
	const inspector = page.getByTestId(TID.inspector);
	// Onto the token response: two signed tokens, more rows than a screen holds.
	const first = await stepAndRead(page);
	expect(first.step).toBe(first.before + 1);
	await ui.expectRef('token-response.1');
	expect(first.pending).toBeGreaterThan(0);
	expect(first.drawn).toBeGreaterThan(0);
	expect(first.inView).toBe(0);
	// Then, unasked, every row: none lost, none doubled.
	await expect(inspector.getByTestId(TID.rowsLater)).toHaveCount(0);
	await expect(inspector.locator(ROWS)).toHaveCount(first.drawn + first.pending);
});

for (const viewport of [
	{ width: 1280, height: 720 },
	{ width: 1280, height: 1300 },
	{ width: 390, height: 844 }
])
	test(`at ${viewport.width}×${viewport.height}, no step leaves a gap in view where rows are still to come`, async ({
		page,
		ui
	}) => {
		await page.setViewportSize(viewport);
		await ui.open('/flow/no-revocation');
		await ui.settled();
		const count = await page
			.getByTestId(TID.diagram)
			.locator('text.messageText[data-step]')
			.count();
		const gaps: number[] = [];
		let deferred = 0;
		for (let i = 1; i < count; i++) {
			const read = await stepAndRead(page, viewport.width < 800);
			expect(read.step).toBe(read.before + 1);
			if (read.inView > 0) gaps.push(read.step);
			if (read.pending > 0) deferred++;
		}
		expect(gaps).toEqual([]);
		// The check means something only if some step did leave rows for later.
		expect(deferred).toBeGreaterThan(0);
	});

test('changing the scope changes the claims, and the diff says which appeared and disappeared', async ({
	page,
	ui
}) => {
	// The diff speaks of the id_token, so it shows from the step that carries one.
	await ui.openWithSettings('/flow/code-pkce?step=13');
	await page.getByRole('checkbox', { name: 'email' }).uncheck();
	await expect(page.getByTestId(TID.diff)).toContainText('email disappeared');
	await page.getByRole('checkbox', { name: 'phone' }).check();
	await expect(page.getByTestId(TID.diff)).toContainText('phone_number appeared');
	await ui.gotoStepWithToken('id_token');
	await expect(ui.claim('phone_number')).toContainText('+44 1865 000000');
	await expect(ui.claim('email')).toHaveCount(0);
});

test('changing the lifetime moves exp, a rule adds a claim, and reloading restores the exact view', async ({
	page,
	ui
}) => {
	await ui.openWithSettings('/flow/code-pkce?step=13');
	await ui.enter(ui.lifetime(), '3600');
	await expect(page.getByTestId(TID.diff)).toContainText('exp');
	await expect(page.getByTestId(TID.diff)).toContainText('−9 h');
	await page.getByRole('button', { name: 'Add rule' }).click();
	await ui.gotoStepWithToken('id_token');
	await expect(ui.claim('exp')).toContainText('expires in 1 h');
	const step = await ui.counter().textContent();
	await expect(page).toHaveURL(/lifetime=3600/);
	await expect(page).toHaveURL(/rules=/);
	await expect(page).toHaveURL(/step=13/);

	await ui.reload();
	// Opened once, the settings stay open on the next visit.
	await expect(page.getByTestId(TID.knobs)).toBeVisible();
	await expect(ui.counter()).toHaveText(step!);
	await expect(ui.lifetime()).toHaveValue('3600');
	await expect(ui.claim('exp')).toContainText('expires in 1 h');
});

test('an impossible lifetime typed in is refused with a message and the settings stay', async ({
	page,
	ui
}) => {
	await ui.openWithSettings('/flow/code-pkce');
	const lifetime = ui.lifetime();
	await ui.enter(lifetime, '-5');
	await expect(page.getByText('Lifetime must be at least 1 second, got -5.')).toBeVisible();
	await expect(lifetime).toHaveAttribute('aria-invalid', 'true');
	await expect(page).not.toHaveURL(/lifetime=/);
});

test('malformed URL parameters fall back to defaults with a visible notice', async ({
	page,
	ui
}) => {
	await ui.open(
		'/flow/code-pkce?lifetime=abc&alg=none&user=%3Cscript%3E&step=zz&rules=%7Bnot-json'
	);
	const notice = page.getByTestId(TID.notice);
	await expect(notice).toContainText(
		'Ignored lifetime=abc: lifetime must be a whole number of seconds'
	);
	await expect(notice).toContainText('Ignored alg=none: unsupported algorithm "none"');
	await expect(notice).toContainText('Ignored user=<script>');
	await expect(notice).toContainText('Ignored step=zz');
	await expect(notice).toContainText('Ignored rules=');
	await ui.expectStep(1, 14);
	await ui.openSettings();
	await expect(ui.lifetime()).toHaveValue('36000');
	await page.getByRole('button', { name: 'Dismiss notice' }).click();
	await expect(notice).toHaveCount(0);
});

test('a step restored from a link puts the scrubber at that step, not at the start', async ({
	page,
	ui
}) => {
	await ui.open('/flow/code-pkce?step=13');
	await ui.expectRef('token-response.1');
	await expect(page.getByTestId(TID.scrubber)).toHaveValue('13');
	await page.keyboard.press('ArrowRight');
	await expect(page.getByTestId(TID.scrubber)).toHaveValue('14');
});
