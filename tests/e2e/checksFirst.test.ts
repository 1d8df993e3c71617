import { FLOW_IDS, runFlow, type Trace } from '../../src/lib/sim/index';
import { checkInputs } from '../../src/lib/sim/checkInputs';
import { TID } from '../../src/lib/testids';
import { seriousAxeViolations } from './audits';
import { expect, test } from './flowPage';

/** Where a status sorts in the checklist: failures, then passes, then the rest. */
const RANK: Record<string, number> = { failed: 0, passed: 1, not_applicable: 2, skipped: 2 };

const VIEWS = [
	{ name: 'wide, light', viewport: { width: 1280, height: 900 }, scheme: 'light' },
	{ name: 'narrow, dark', viewport: { width: 390, height: 844 }, scheme: 'dark' },
	{ name: 'wide, dark', viewport: { width: 1280, height: 900 }, scheme: 'dark' },
	{ name: 'narrow, light', viewport: { width: 390, height: 844 }, scheme: 'light' }
] as const;

/** The validation steps of a flow, as the same run in Node numbers them. */
async function validations(flow: (typeof FLOW_IDS)[number]) {
	const trace = await runFlow({ flow });
	return { trace, steps: trace.steps.filter((s) => s.checks) };
}

// Every flow, every step with a checklist: the verdict leads, then the failed checks. Two of the
// four views walk all flows (the order does not depend on the theme); every view checks one.
for (const view of VIEWS.slice(0, 2))
	test(`${view.name}: on every validation step of every flow the verdict and the failed checks lead`, async ({
		page,
		ui
	}) => {
		test.setTimeout(600_000);
		await page.setViewportSize(view.viewport);
		await page.emulateMedia({ colorScheme: view.scheme });
		let walked = 0;
		for (const flow of FLOW_IDS) {
			const { steps } = await validations(flow);
			if (!steps.length) continue;
			await ui.open(`/flow/${flow}?step=${steps[0]!.index + 1}`);
			for (const step of steps) {
				// A click on a message goes to it, as a reader's does (the handler is on the drawing).
				await page
					.getByTestId(TID.diagram)
					.locator(`text.messageText[data-step="${step.index}"]`)
					.dispatchEvent('click');
				const inspector = ui.inspector();
				await expect(inspector).toHaveAttribute('data-step', String(step.index));
				const where = `${flow} step ${step.index + 1}`;
				const checklist = inspector.getByTestId(TID.checklist);
				// The verdict is the checklist's first child, with the failed checks named.
				const first = checklist.locator(':scope > *').first();
				await expect(first, where).toHaveAttribute('data-testid', TID.checkVerdict);
				const failed = step.checks!.checks.filter((c) => c.status === 'failed').map((c) => c.id);
				await expect(first, where).toHaveAttribute('data-valid', String(step.checks!.valid));
				await expect(first, where).toHaveAttribute('data-failed-checks', failed.join(' '));
				// Then the checks: the failed ones first, passed, then not applicable or skipped.
				const rows = checklist.getByTestId(TID.check);
				await expect(rows, where).toHaveCount(step.checks!.checks.length);
				const statuses = await rows.evaluateAll((items) =>
					items.map((li) => [li.getAttribute('data-check-id'), li.getAttribute('data-status')])
				);
				const ranks = statuses.map(([, status]) => RANK[status!]!);
				expect(ranks, where).toEqual([...ranks].sort((a, b) => a - b));
				if (failed.length) expect(statuses[0], where).toEqual([failed[0], 'failed']);
				// The checklist comes before the claim rows and the raw message.
				const order = await inspector.evaluate((root, ids) => {
					const list = root.querySelector(`[data-testid="${ids.checklist}"]`)!;
					const later = [...root.querySelectorAll(`[data-testid="${ids.token}"], details.raw`)];
					return later.every(
						(el) => list.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING
					);
				}, TID);
				expect(order, where).toBe(true);
				walked++;
			}
		}
		expect(walked).toBeGreaterThan(60);
	});

/** The trace index of the first step with this ref. */
const indexOf = (trace: Trace, message: string, nth = 1) =>
	trace.steps.findIndex((s) => s.ref?.message === message && s.ref.nth === nth);

for (const view of VIEWS)
	test(`${view.name}: picking the nonce check marks the authorization request it came from`, async ({
		page,
		ui
	}) => {
		await page.setViewportSize(view.viewport);
		await page.emulateMedia({ colorScheme: view.scheme });
		const trace = await runFlow({ flow: 'code-pkce' });
		const validate = await ui.openAt('code-pkce', 'validate-id-token.1');
		const authorize = indexOf(trace, 'authorize-request');
		expect(checkInputs(trace, validate.index, 'nonce').from?.index).toBe(authorize);

		const nonce = ui.inspector().locator(`[data-testid="${TID.check}"][data-check-id="nonce"]`);
		const source = nonce.getByTestId(TID.checkSource);
		await expect(source).toHaveAttribute('data-ref', 'authorize-request.1');
		await expect(source).toHaveAttribute('data-step', String(authorize));
		await expect(source).toHaveAttribute('data-matched', 'true');
		const diagram = page.getByTestId(TID.diagram);
		await expect(diagram.locator('[data-source="true"]')).toHaveCount(0);

		// By keyboard: the check's own button, Enter.
		const pick = nonce.locator('button[aria-pressed]');
		await expect(pick).toHaveAttribute('aria-pressed', 'false');
		await pick.focus();
		await page.keyboard.press('Enter');
		await expect(nonce).toHaveAttribute('data-picked', 'true');
		await expect(nonce.getByRole('button', { pressed: true })).toHaveCount(1);
		// The step did not move; the authorization request is marked on the drawing, and only it.
		await expect(ui.inspector()).toHaveAttribute('data-ref', 'validate-id-token.1');
		const marked = diagram.locator('text.messageText.ts-source');
		await expect(marked).toHaveCount(1);
		await expect(marked).toHaveAttribute('data-step', String(authorize));
		await expect(marked).toHaveAttribute('data-source', 'true');
		// The claim it reads is marked in the token as the validator decoded it.
		const row = ui.token('checked token').locator('tr[data-claim="nonce"]');
		await expect(row).toHaveAttribute('data-read', 'true');
		await expect(ui.inspector().locator('tr[data-read]')).toHaveCount(1);

		// "from step N" brings the message into view.
		await source.click();
		await expect(marked).toBeInViewport();
		await expect(nonce).toHaveAttribute('data-picked', 'true');

		// Picking it again lets go.
		await pick.click();
		await expect(diagram.locator('[data-source="true"]')).toHaveCount(0);
		await expect(ui.inspector().locator('tr[data-read]')).toHaveCount(0);

		// Picked again for the audit: the marks, the chips and the links pass axe in this scheme.
		await ui.pickCheck('nonce');
		expect(await seriousAxeViolations(page)).toEqual([]);

		await page.screenshot({
			path: `test-results/checks-first-${view.name.replace(/\W+/g, '-')}.png`
		});
	});

test('the authorization request shows state, nonce and PKCE as rows with their roles; the nonce picked is marked there', async ({
	page,
	ui
}) => {
	const trace = await runFlow({ flow: 'code-pkce' });
	await ui.openAt('code-pkce', 'validate-id-token.1');
	// The nonce the validator read in the token (each run draws its own).
	const claim = await ui
		.token('checked token')
		.locator('tr[data-claim="nonce"] .value')
		.innerText();
	await ui
		.inspector()
		.locator(`[data-testid="${TID.check}"][data-check-id="nonce"] button[aria-pressed]`)
		.click();
	// Going to the message the value came from keeps the check picked, and marks the value there.
	const authorize = indexOf(trace, 'authorize-request');
	await page
		.getByTestId(TID.diagram)
		.locator(`text.messageText[data-step="${authorize}"]`)
		.dispatchEvent('click');
	await ui.expectRef('authorize-request.1');
	const params = ui.inspector().getByTestId(TID.requestParams);
	await expect(params).toHaveAttribute('data-place', 'authorization');
	for (const name of [
		'state',
		'nonce',
		'code_challenge',
		'code_challenge_method',
		'redirect_uri',
		'scope',
		'response_type',
		'client_id'
	])
		await expect(params.locator(`tr[data-param="${name}"]`), name).toHaveAttribute(
			'data-role',
			'known'
		);
	const nonceRow = params.locator('tr[data-param="nonce"]');
	await expect(nonceRow).toHaveAttribute('data-source', 'true');
	await expect(nonceRow.locator('.value')).toHaveText(claim.replace(/^"|"$/g, ''));
	await expect(params.locator('tr[data-source]')).toHaveCount(1);
	// Each role links its section.
	await expect(nonceRow.locator('a[href*="#AuthRequest"]')).toHaveCount(1);
	// The callback shows code, state and iss the same way; stepping on lets the pick go.
	await ui.openAt('code-pkce', 'callback-request.1');
	const callback = ui.inspector().getByTestId(TID.requestParams);
	await expect(callback).toHaveAttribute('data-place', 'callback');
	for (const name of ['code', 'state', 'iss'])
		await expect(callback.locator(`tr[data-param="${name}"]`), name).toHaveAttribute(
			'data-role',
			'known'
		);
	await expect(page.getByTestId(TID.diagram).locator('[data-source="true"]')).toHaveCount(0);
});

test('a refusal without a checklist names where the value it expected came from: the state of a CSRF callback', async ({
	ui
}) => {
	const trace = await runFlow({ flow: 'attack-csrf' });
	await ui.openAtRefusal('attack-csrf');
	await expect(ui.inspector()).toHaveAttribute('data-refusal', 'state_missing');
	const source = ui.inspector().getByTestId(TID.refusal).getByTestId(TID.checkSource);
	await expect(source).toHaveAttribute('data-ref', 'authorize-request.1');
	await expect(source).toHaveAttribute('data-field', 'state');
	await source.click();
	await expect(ui.sourceMarked()).toHaveAttribute(
		'data-step',
		String(indexOf(trace, 'authorize-request'))
	);
});

/**
 * Where the marked source label sits: inside its diagram's scrolling frame (the nearest
 * scrolling ancestor, below its pinned participant row) and inside the window, by geometry.
 */
async function sourcePlace(page: import('@playwright/test').Page) {
	return page.getByTestId(TID.diagram).evaluate((diagram) => {
		const label = diagram.querySelector('text.messageText[data-source="true"]');
		if (!label) return { marked: false, inFrame: false, inWindow: false, flashing: false };
		let frame = diagram.parentElement!;
		while (frame && !/(auto|scroll)/.test(getComputedStyle(frame).overflowY))
			frame = frame.parentElement!;
		const box = label.getBoundingClientRect();
		const outer = frame.getBoundingClientRect();
		const pinned = frame.querySelector('[aria-hidden="true"]')?.getBoundingClientRect();
		const seen = {
			top: Math.max(outer.top + frame.clientTop, pinned?.bottom ?? -Infinity),
			left: outer.left + frame.clientLeft,
			bottom: outer.top + frame.clientTop + frame.clientHeight,
			right: outer.left + frame.clientLeft + frame.clientWidth
		};
		const inside = (b: DOMRect, r: { top: number; left: number; bottom: number; right: number }) =>
			b.width > 0 &&
			b.top >= r.top - 1 &&
			b.left >= r.left - 1 &&
			b.bottom <= r.bottom + 1 &&
			b.right <= r.right + 1;
		return {
			marked: true,
			inFrame: inside(box, seen),
			inWindow: inside(box, { top: 0, left: 0, bottom: innerHeight, right: innerWidth }),
			flashing: label.getAttribute('data-flash') === 'true'
		};
	});
}

/** Scrolls the diagram's frame to its far corner and the window to its bottom. */
async function scrollAway(page: import('@playwright/test').Page) {
	await page.getByTestId(TID.diagram).evaluate((diagram) => {
		let frame = diagram.parentElement!;
		while (frame && !/(auto|scroll)/.test(getComputedStyle(frame).overflowY))
			frame = frame.parentElement!;
		frame.scrollTo({ top: frame.scrollHeight, left: frame.scrollWidth, behavior: 'instant' });
		window.scrollTo({ top: document.body.scrollHeight, behavior: 'instant' });
	});
}

for (const viewport of [
	{ width: 390, height: 844 },
	{ width: 1280, height: 900 }
])
	test(`${viewport.width}×${viewport.height}: picking the nonce check and its "from step" link bring the authorization request into view and flash it; the step stays`, async ({
		page,
		ui
	}) => {
		await page.setViewportSize(viewport);
		const trace = await runFlow({ flow: 'code-pkce' });
		const validate = await ui.openAt('code-pkce', 'validate-id-token.1');
		const authorize = indexOf(trace, 'authorize-request');
		const diagram = page.getByTestId(TID.diagram);
		const current = diagram.locator('text.messageText[aria-current="step"]');
		await expect(current).toHaveAttribute('data-step', String(validate.index));

		// Picked as a reader does, from wherever the page is: the message comes into view, flashing.
		await ui.checkRow('nonce').scrollIntoViewIfNeeded();
		await ui.pickCheck('nonce');
		await expect(ui.sourceMarked()).toHaveAttribute('data-step', String(authorize));
		await expect
			.poll(() => sourcePlace(page))
			.toEqual({ marked: true, inFrame: true, inWindow: true, flashing: true });
		await page.screenshot({ path: `test-results/source-flash-${viewport.width}.png` });
		// The flash is brief; the mark stays, and the current step is still the validation.
		await expect(ui.sourceMarked()).not.toHaveAttribute('data-flash', /.*/, { timeout: 5000 });
		await expect(ui.sourceMarked()).toHaveAttribute('data-source', 'true');
		await expect(current).toHaveAttribute('data-step', String(validate.index));
		await expect(ui.inspector()).toHaveAttribute('data-ref', 'validate-id-token.1');
		await page.screenshot({ path: `test-results/source-revealed-${viewport.width}.png` });

		// Scrolled away, the "from step N" link brings it back and flashes it again.
		await scrollAway(page);
		// On a phone the diagram's frame, above the inspector's sheet, is short: the message is then
		// out of its sight (on a wide screen it stays in sight).
		if (viewport.width < 640) expect((await sourcePlace(page)).inFrame).toBe(false);
		const link = ui.checkRow('nonce').getByTestId(TID.checkSource);
		await link.scrollIntoViewIfNeeded();
		await link.click();
		await expect
			.poll(() => sourcePlace(page))
			.toEqual({ marked: true, inFrame: true, inWindow: true, flashing: true });
		await expect(current).toHaveAttribute('data-step', String(validate.index));

		// With reduced motion the scroll is instant: in place two frames after the link, by keyboard.
		await page.emulateMedia({ reducedMotion: 'reduce' });
		await scrollAway(page);
		await link.focus();
		await page.keyboard.press('Enter');
		await page.evaluate(
			() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
		);
		expect(await sourcePlace(page)).toEqual({
			marked: true,
			inFrame: true,
			inWindow: true,
			flashing: true
		});
		await expect(ui.inspector()).toHaveAttribute('data-ref', 'validate-id-token.1');
	});
