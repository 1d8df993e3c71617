import type { Page } from '@playwright/test';
import { FLOWS } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { expect, test } from './flowPage';

/**
 * Every flow, every step, on a laptop and two phones: the whole current label is on screen (both
 * axes: inside the window, inside the diagram's frame, below its pinned lane row, above any
 * controls pinned over the bottom edge) and inside its drawing, big enough to read, and every
 * text of the drawing has the contrast it needs; on a laptop the frame never scrolls sideways.
 * Axe skips the SVG, so this measures the SVG itself, in the page, once per step.
 *
 * One page per flow and screen, stepped with the keyboard. The scheme alternates (flow by flow,
 * and screen by screen), so every flow is walked in light and in dark, every screen sees both,
 * and the walk stays a few minutes; a dark walk starts light and checks the page draws again.
 */
const SCREENS = [
	{ name: 'laptop', width: 1280, height: 900, minFont: 12 },
	{ name: 'phone', width: 390, height: 844, minFont: 11 },
	{ name: 'small phone', width: 320, height: 640, minFont: 11 }
] as const;

interface Box {
	top: number;
	bottom: number;
	left: number;
	right: number;
}

interface StepReport {
	step: number | null;
	/** The current label, all its lines, on screen. */
	box: Box;
	/** Where the label may be seen whole: the window, the frame's inside below its pinned lane
	 *  row, and above controls pinned over the bottom edge (if the page pins them). */
	visible: Box;
	/** The label's extent outside the drawing's viewBox, in SVG units (0: inside). */
	outsideDrawing: number;
	/** The diagram frame's scrollWidth and clientWidth. */
	frame: { scrollWidth: number; clientWidth: number };
	font: number;
	lowContrast: string[];
}

/**
 * Runs in the page: measures the current label, and the contrast of the texts of the steps that
 * just changed state (all texts when `all`). Walking from the first step to the last with `all`
 * at both ends checks every text in every state it takes: future, current, past.
 */
async function measure(page: Page, expected: number, all: boolean): Promise<StepReport> {
	return page.evaluate(
		async ([expected, all]) => {
			const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
			const svg = document.querySelector('[data-testid="diagram"] svg')!;
			for (let i = 0; i < 100; i++) {
				const current = svg.querySelector('[aria-current="step"]');
				if (current?.getAttribute('data-step') === String(expected)) break;
				await frame();
			}
			// The page follows the step in the frame after it: let that happen.
			await frame();
			await frame();

			const rgba = (css: string): number[] => {
				const m = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0];
				return [m[0]!, m[1]!, m[2]!, m[3] ?? 1];
			};
			const over = (top: number[], under: number[]): number[] =>
				[0, 1, 2].map((k) => top[k]! * top[3]! + under[k]! * (1 - top[3]!)).concat(1);
			const luminance = (c: number[]) => {
				const [r, g, b] = c.slice(0, 3).map((v) => {
					const s = v / 255;
					return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
				});
				return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
			};
			const ratio = (a: number[], b: number[]) => {
				const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
				return (l1! + 0.05) / (l2! + 0.05);
			};
			const opacity = (el: Element) => {
				let o = 1;
				for (let e: Element | null = el; e && e !== svg.parentElement; e = e.parentElement)
					o *= Number(getComputedStyle(e).opacity);
				return o;
			};
			const page = rgba(getComputedStyle(svg.closest('.frame')!).backgroundColor);
			const fillOf = (el: Element | null) => (el ? rgba(getComputedStyle(el).fill) : page);
			const noteRects = [...svg.querySelectorAll('rect.note')].map((r) => ({
				box: (r as SVGGraphicsElement).getBBox(),
				fill: over(fillOf(r), page)
			}));
			const actorRects = [...svg.querySelectorAll('rect.actor')].map((r) => ({
				box: (r as SVGGraphicsElement).getBBox(),
				fill: over(fillOf(r), page)
			}));
			const numberDisc = over(fillOf(svg.querySelector('[id$="-sequencenumber"] circle')), page);
			const inside = (text: SVGGraphicsElement, rects: { box: DOMRect; fill: number[] }[]) => {
				const b = text.getBBox();
				const x = b.x + b.width / 2;
				const y = b.y + b.height / 2;
				return rects.find(
					(r) =>
						x >= r.box.x &&
						x <= r.box.x + r.box.width &&
						y >= r.box.y &&
						y <= r.box.y + r.box.height
				)?.fill;
			};

			const lowContrast: string[] = [];
			const texts = 'text.messageText, text.noteText, text.sequenceNumber';
			const changed = [expected - 1, expected]
				.map((i) => texts.replaceAll(', ', `[data-step="${i}"], `) + `[data-step="${i}"]`)
				.join(', ');
			for (const el of svg.querySelectorAll<SVGTextElement>(
				all ? `${texts}, text.actor` : changed
			)) {
				const behind = el.matches('.noteText')
					? (inside(el, noteRects) ?? page)
					: el.matches('.actor')
						? (inside(el, actorRects) ?? page)
						: el.matches('.sequenceNumber')
							? numberDisc
							: page;
				const tspan = el.querySelector('tspan');
				const colour = rgba(getComputedStyle(tspan ?? el).fill);
				colour[3] = colour[3]! * opacity(el) * Number(getComputedStyle(el).fillOpacity);
				const contrast = ratio(over(colour, behind), behind);
				const needed = el.matches('.ts-future') ? 3 : 4.5;
				if (contrast < needed)
					lowContrast.push(
						`${el.getAttribute('class')} "${el.textContent}": ${contrast.toFixed(2)}`
					);
			}

			const label = svg.querySelector('[aria-current="step"]') as SVGTextElement | null;
			const rect = label?.getBoundingClientRect();
			const frameEl = svg.closest('.frame') as HTMLElement;
			const frameBox = frameEl.getBoundingClientRect();
			const lanes = frameEl.querySelector('.lanes');
			// Controls pinned over the bottom of the window (fixed or sticky, in its lower half, and
			// not a box the diagram is in too).
			const controls = document.querySelector('[data-testid*="step-controls"]');
			let pinnedTop = Infinity;
			for (let e = controls; e && !e.contains(frameEl); e = e.parentElement) {
				const position = getComputedStyle(e).position;
				const top = e.getBoundingClientRect().top;
				if ((position === 'fixed' || position === 'sticky') && top > innerHeight / 2)
					pinnedTop = Math.min(pinnedTop, top);
			}
			const doc = document.documentElement;
			const inner = {
				top: frameBox.top + frameEl.clientTop,
				left: frameBox.left + frameEl.clientLeft
			};
			const drawn = label?.getBBox();
			const viewBox = (svg as SVGSVGElement).viewBox.baseVal;
			return {
				step: label ? Number(label.getAttribute('data-step')) : null,
				box: {
					top: rect?.top ?? -1,
					bottom: rect?.bottom ?? -1,
					left: rect?.left ?? -1,
					right: rect?.right ?? -1
				},
				visible: {
					top: Math.max(0, inner.top, lanes?.getBoundingClientRect().bottom ?? 0),
					bottom: Math.min(doc.clientHeight, inner.top + frameEl.clientHeight, pinnedTop),
					left: Math.max(0, inner.left),
					right: Math.min(doc.clientWidth, inner.left + frameEl.clientWidth)
				},
				outsideDrawing: drawn
					? Math.max(
							0,
							viewBox.x - drawn.x,
							drawn.x + drawn.width - (viewBox.x + viewBox.width),
							viewBox.y - drawn.y,
							drawn.y + drawn.height - (viewBox.y + viewBox.height)
						)
					: -1,
				frame: { scrollWidth: frameEl.scrollWidth, clientWidth: frameEl.clientWidth },
				font: label ? parseFloat(getComputedStyle(label).fontSize) * label.getScreenCTM()!.a : 0,
				lowContrast
			};
		},
		[expected, all] as const
	);
}

SCREENS.forEach((screen, screenIndex) => {
	test.describe(`on a ${screen.name} (${screen.width}×${screen.height})`, () => {
		test.use({ viewport: { width: screen.width, height: screen.height } });
		FLOWS.forEach((flow, flowIndex) => {
			const scheme = (flowIndex + screenIndex) % 2 ? 'dark' : 'light';
			test(`${flow.id}, ${scheme}: every step's whole label is on screen and in its drawing, readable, with enough contrast`, async ({
				page,
				ui
			}) => {
				test.setTimeout(120_000);
				const drawn = page.getByTestId(TID.diagram).locator('svg [data-step]').first();
				await page.emulateMedia({ colorScheme: 'light' });
				await page.goto(`/flow/${flow.id}`);
				await expect(drawn).toBeAttached({ timeout: 20_000 });
				const total = Number((await ui.counter().textContent())!.match(/of (\d+)/)![1]);
				if (scheme === 'dark') {
					// The page follows the system's scheme and draws the diagram again: no reload.
					const before = await page.getByTestId(TID.diagram).locator('svg').getAttribute('id');
					await page.emulateMedia({ colorScheme: 'dark' });
					await expect(page.getByTestId(TID.diagram).locator('svg')).not.toHaveAttribute(
						'id',
						before!,
						{ timeout: 20_000 }
					);
				}
				await page.keyboard.press('Home');
				for (let i = 0; i < total; i++) {
					if (i > 0) await page.keyboard.press('ArrowRight');
					const at = `${scheme}, step ${i + 1}`;
					const r = await measure(page, i, i === 0 || i === total - 1);
					expect(r.step, at).toBe(i);
					// Half a pixel of slack for subpixel layout.
					expect(r.box.top, at).toBeGreaterThanOrEqual(r.visible.top - 0.5);
					expect(r.box.bottom, at).toBeLessThanOrEqual(r.visible.bottom + 0.5);
					expect(r.box.left, at).toBeGreaterThanOrEqual(r.visible.left - 0.5);
					expect(r.box.right, at).toBeLessThanOrEqual(r.visible.right + 0.5);
					expect(r.outsideDrawing, at).toBe(0);
					expect(r.font, at).toBeGreaterThanOrEqual(screen.minFont);
					if (screen.name === 'laptop')
						expect(r.frame.scrollWidth, at).toBeLessThanOrEqual(r.frame.clientWidth);
					expect(r.lowContrast, at).toEqual([]);
				}
			});
		});
	});
});
