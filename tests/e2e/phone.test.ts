import type { Page } from '@playwright/test';
import { runFlow, type FlowId } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { expect, test, type FlowPage } from './flowPage';

// A phone: touch, and the page seen as a reader first sees it (the inspector's sheet closed).
test.use({ hasTouch: true });
test.beforeEach(({ ui }) => {
	ui.openSheet = false;
});

const PHONES = [
	{ width: 390, height: 844 },
	{ width: 320, height: 640 }
] as const;

/** Counts the page's own scrolls (not the diagram's or the sheet's: their scroll events stay theirs). */
async function countPageScrolls(page: Page) {
	await page.addInitScript(() => {
		const w = window as { pageScrolls?: number };
		w.pageScrolls = 0;
		addEventListener('scroll', () => (w.pageScrolls! += 1));
	});
}

/**
 * What the reader sees: whether the page scrolled or could, where the step controls are and
 * their smallest target, and whether the current message's label is in sight inside the
 * diagram's frame (its middle below the pinned participant row, and nothing drawn over it).
 */
async function look(page: Page) {
	return page.evaluate(
		({ controlsId, diagramId }) => {
			const root = document.scrollingElement!;
			const bar = document.querySelector(`[data-testid="${controlsId}"]`)!.getBoundingClientRect();
			const targets = [
				...document.querySelectorAll(
					`[data-testid="${controlsId}"] :is(.buttons button, input, select)`
				)
			].map((el) => {
				const r = el.getBoundingClientRect();
				return Math.min(r.width, r.height);
			});
			const diagram = document.querySelector(`[data-testid="${diagramId}"]`)!;
			const label = diagram.querySelector('text.messageText[aria-current="step"]');
			let frame = diagram.parentElement!;
			while (!/auto|scroll/.test(getComputedStyle(frame).overflowY)) frame = frame.parentElement!;
			const outer = frame.getBoundingClientRect();
			const lanes = frame.querySelector('.lanes')?.getBoundingClientRect();
			const box = label?.getBoundingClientRect();
			const x = box ? box.left + box.width / 2 : -1;
			const y = box ? box.top + box.height / 2 : -1;
			const labelSeen =
				!!box &&
				x > outer.left &&
				x < outer.left + frame.clientLeft + frame.clientWidth &&
				y > Math.max(outer.top, lanes?.bottom ?? 0) &&
				y < outer.top + frame.clientTop + frame.clientHeight &&
				frame.contains(document.elementFromPoint(x, y));
			return {
				scrollY,
				scrollX,
				pageScrolls: (window as { pageScrolls?: number }).pageScrolls,
				overflowY: root.scrollHeight - innerHeight,
				overflowX: root.scrollWidth - innerWidth,
				controls: {
					inside:
						bar.top >= 0 && bar.left >= 0 && bar.bottom <= innerHeight && bar.right <= innerWidth,
					// At the bottom edge, within reach of a thumb.
					atBottom: innerHeight - bar.bottom
				},
				smallestTarget: Math.min(...targets),
				targets: targets.length,
				step: label ? Number(label.getAttribute('data-step')) : -1,
				labelSeen,
				frameHeight: outer.height
			};
		},
		{ controlsId: TID.stepControls, diagramId: TID.diagram }
	);
}

/** The page never scrolled and cannot; the controls are whole, at the bottom edge, big enough; the step is in sight. */
async function expectPhoneView(page: Page, step: number, where: string) {
	await expect.poll(async () => (await look(page)).step, { message: where }).toBe(step);
	// The diagram follows in the next frame.
	await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))));
	const seen = await look(page);
	expect(seen.scrollY, where).toBe(0);
	expect(seen.scrollX, where).toBe(0);
	expect(seen.pageScrolls, where).toBe(0);
	expect(seen.overflowY, where).toBeLessThanOrEqual(0);
	expect(seen.overflowX, where).toBeLessThanOrEqual(0);
	expect(seen.controls.inside, where).toBe(true);
	expect(seen.controls.atBottom, where).toBeLessThanOrEqual(1);
	// Five buttons, the slider and the speed, each at least 44 px each way.
	expect(seen.targets, where).toBe(7);
	expect(seen.smallestTarget, where).toBeGreaterThanOrEqual(44);
	expect(seen.labelSeen, where).toBe(true);
}

/** A one-finger swipe, as a touch screen sends it (touch events through the browser's input). */
async function swipe(page: Page, at: { x: number; y: number }, dx: number, dy = 0) {
	const cdp = await page.context().newCDPSession(page);
	const points = (f: number) => [{ x: at.x + dx * f, y: at.y + dy * f }];
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(0) });
	for (const f of [0.2, 0.4, 0.6, 0.8, 1])
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(f) });
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	await cdp.detach();
}

/** The middle of an element on screen. */
async function middle(ui: FlowPage, testId: string) {
	const box = (await ui.page.getByTestId(testId).boundingBox())!;
	return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * The diagram's scrolling frame, once a swipe's fling has come to rest (and scrolled to `left`,
 * -1 for its right end): how far it is scrolled sideways, and how far it could be.
 */
async function frameScroll(page: Page, left?: number) {
	let last = NaN;
	await expect
		.poll(async () => {
			const now = await page
				.getByTestId(TID.diagram)
				.evaluate((diagram) => diagram.closest('.frame')!.scrollLeft);
			const still = now === last;
			last = now;
			return still;
		})
		.toBe(true);
	return page.getByTestId(TID.diagram).evaluate((diagram, to) => {
		let frame = diagram.parentElement!;
		while (!/auto|scroll/.test(getComputedStyle(frame).overflowY)) frame = frame.parentElement!;
		if (to !== undefined) frame.scrollLeft = to === -1 ? frame.scrollWidth : to;
		const box = frame.getBoundingClientRect();
		return {
			left: frame.scrollLeft,
			room: frame.scrollWidth - frame.clientWidth,
			middle: { x: box.left + box.width / 2, y: box.top + box.height / 2 }
		};
	}, left);
}

for (const phone of PHONES)
	for (const flow of ['code-pkce', 'dpop'] as FlowId[])
		test(`${phone.width}×${phone.height}, ${flow}: every step forward by the on-screen buttons and back by swipes, and the page never scrolls`, async ({
			page,
			ui
		}) => {
			test.setTimeout(180_000);
			await page.setViewportSize(phone);
			await countPageScrolls(page);
			const total = (await runFlow({ flow })).steps.length;
			await ui.open(`/flow/${flow}`);
			// As a reader first sees it: the sheet closed, its handle reading the step.
			await expect(ui.sheetToggle()).toHaveAttribute('aria-expanded', 'false');
			await expect(ui.inspector()).toBeHidden();
			await expect(ui.aboutToggle()).toHaveAttribute('aria-expanded', 'false');
			expect((await look(page)).frameHeight).toBeGreaterThan(phone.height * 0.35);
			await expectPhoneView(page, 0, 'step 1');

			const next = ui.controls().getByRole('button', { name: 'Next step' });
			for (let i = 1; i < total; i++) {
				await next.tap();
				await ui.expectStep(i + 1, total);
				await expect(ui.inspector()).toHaveAttribute('data-step', String(i));
				await expectPhoneView(page, i, `step ${i + 1} by the button`);
			}
			await expect(next).toBeDisabled();

			// Back to the first by swiping right over the sheet's handle.
			for (let i = total - 2; i >= 0; i--) {
				await swipe(page, await middle(ui, TID.sheetToggle), 120, 8);
				await ui.expectStep(i + 1, total);
				await expectPhoneView(page, i, `step ${i + 1} by a swipe`);
			}
			// A swipe is not a tap: the sheet stayed closed all along.
			await expect(ui.sheetToggle()).toHaveAttribute('aria-expanded', 'false');
			// And forward again by swiping left, over the step controls (their counter).
			await swipe(page, await middle(ui, TID.stepCounter), -120);
			await ui.expectStep(2, total);
			await expectPhoneView(page, 1, 'step 2 by a swipe over the controls');
		});

for (const phone of PHONES)
	test(`${phone.width}×${phone.height}: over the diagram a sideways swipe steps only where the diagram cannot scroll that way; a vertical one scrolls it`, async ({
		page,
		ui
	}) => {
		await page.setViewportSize(phone);
		await countPageScrolls(page);
		const total = (await runFlow({ flow: 'dpop' })).steps.length;
		// Five lanes: wider than any phone, so the frame scrolls sideways.
		await ui.open('/flow/dpop?step=5');
		await ui.expectStep(5, total);
		const start = await frameScroll(page, -1);
		expect(start.room).toBeGreaterThan(0);
		// At its right edge: swiping left (content onwards) has no room, so it is the next step.
		await swipe(page, start.middle, -120, 6);
		await ui.expectStep(6, total);
		// At its left edge: swiping left has room, so the diagram is the swipe's, not the flow.
		await frameScroll(page, 0);
		await swipe(page, start.middle, -120, 6);
		await page.waitForTimeout(300);
		await ui.expectStep(6, total);
		// Swiping right there has no room: the previous step.
		await frameScroll(page, 0);
		await swipe(page, start.middle, 120, 6);
		await ui.expectStep(5, total);
		// Up and down is a scroll: no step.
		await swipe(page, start.middle, 20, -150);
		await page.waitForTimeout(300);
		await ui.expectStep(5, total);
		// A short sideways move is no swipe either.
		await frameScroll(page, -1);
		await swipe(page, start.middle, -30);
		await page.waitForTimeout(300);
		await ui.expectStep(5, total);
		// The step slider keeps its own drag.
		const slider = (await page.getByTestId(TID.scrubber).boundingBox())!;
		await swipe(page, { x: slider.x + slider.width - 10, y: slider.y + slider.height / 2 }, -60);
		const { scrollY, pageScrolls, overflowY } = await look(page);
		expect({ scrollY, pageScrolls, overflowY: Math.max(0, overflowY) }).toEqual({
			scrollY: 0,
			pageScrolls: 0,
			overflowY: 0
		});
		// The keys step as ever.
		await ui.press('Home');
		await ui.expectStep(1, total);
		await ui.press('ArrowRight');
		await ui.expectStep(2, total);
	});

for (const phone of PHONES)
	test(`${phone.width}×${phone.height}: opening the step's details and closing them keeps the current message in sight, and so does "About"`, async ({
		page,
		ui
	}) => {
		await page.setViewportSize(phone);
		await countPageScrolls(page);
		const { steps } = await runFlow({ flow: 'attack-dpop-stolen-token' });
		const refused = steps.find((s) => s.refusal)!;
		await ui.open(`/flow/attack-dpop-stolen-token?step=${refused.index + 1}`);
		await expectPhoneView(page, refused.index, 'at the refusal');

		// Open: the inspector is on screen, at the step shown, and the message stays in sight.
		await ui.sheetToggle().tap();
		await expect(ui.sheetToggle()).toHaveAttribute('aria-expanded', 'true');
		await expect(ui.inspector()).toBeVisible();
		await expect(ui.inspector()).toHaveAttribute('data-step', String(refused.index));
		await expect(ui.inspector()).toHaveAttribute('data-refusal', refused.refusal!.code);
		await expect(ui.inspector().getByTestId(TID.refusal)).toBeInViewport();
		await expectPhoneView(page, refused.index, 'details open');
		// Stepping with the sheet open: still in sight, the inspector follows.
		await ui.controls().getByRole('button', { name: 'Previous step' }).tap();
		await expectPhoneView(page, refused.index - 1, 'details open, a step back');
		await expect(ui.inspector()).toHaveAttribute('data-step', String(refused.index - 1));
		await swipe(page, await middle(ui, TID.sheetToggle), -120);
		await expectPhoneView(page, refused.index, 'details open, a swipe on');
		// Closed again: the inspector is put away, the message still in sight.
		await ui.sheetToggle().tap();
		await expect(ui.sheetToggle()).toHaveAttribute('aria-expanded', 'false');
		await expect(ui.inspector()).toBeHidden();
		await expectPhoneView(page, refused.index, 'details closed');

		// "About": the flow's description and its settings, then closed; the message stays in sight.
		await ui.aboutToggle().tap();
		await expect(ui.aboutToggle()).toHaveAttribute('aria-expanded', 'true');
		await expect(page.locator('p.defence')).toBeVisible();
		await expect(page.getByTestId(TID.settings)).toBeVisible();
		await expectPhoneView(page, refused.index, 'about open');
		// Opening the details puts "About" away: one panel at a time.
		await ui.sheetToggle().tap();
		await expect(ui.aboutToggle()).toHaveAttribute('aria-expanded', 'false');
		await expect(page.locator('p.defence')).toBeHidden();
		await expectPhoneView(page, refused.index, 'about closed by the details');
	});
