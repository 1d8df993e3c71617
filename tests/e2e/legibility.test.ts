import type { Page } from '@playwright/test';
import { FLOWS } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { expect, test } from './flowPage';

/**
 * Every flow, every step, on a laptop and a phone, light and dark: the current message is on
 * screen, big enough to read, and every text of the drawing has the contrast it needs. Axe skips
 * the SVG, so this measures the SVG itself, in the page, once per step.
 */
const SCREENS = [
	{ name: 'laptop', width: 1280, height: 900, minFont: 12 },
	{ name: 'phone', width: 390, height: 844, minFont: 11 }
] as const;

interface StepReport {
	step: number | null;
	box: { top: number; bottom: number; left: number; right: number };
	viewport: { width: number; height: number };
	/** Where the pinned participant row ends: the label must not hide under it. */
	lanesBottom: number;
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
			const lanes = document
				.querySelector('[data-testid="diagram"]')
				?.parentElement?.querySelector('.lanes');
			return {
				step: label ? Number(label.getAttribute('data-step')) : null,
				box: {
					top: rect?.top ?? -1,
					bottom: rect?.bottom ?? -1,
					left: rect?.left ?? -1,
					right: rect?.right ?? -1
				},
				viewport: {
					width: document.documentElement.clientWidth,
					height: document.documentElement.clientHeight
				},
				lanesBottom: lanes?.getBoundingClientRect().bottom ?? 0,
				font: label ? parseFloat(getComputedStyle(label).fontSize) * label.getScreenCTM()!.a : 0,
				lowContrast
			};
		},
		[expected, all] as const
	);
}

for (const screen of SCREENS) {
	test.describe(`on a ${screen.name} (${screen.width}×${screen.height})`, () => {
		test.use({ viewport: { width: screen.width, height: screen.height } });
		for (const flow of FLOWS) {
			test(`${flow.id}: every step's label is on screen, readable, with enough contrast, light and dark`, async ({
				page,
				ui
			}) => {
				test.setTimeout(120_000);
				const drawn = page.getByTestId(TID.diagram).locator('svg [data-step]').first();
				await page.emulateMedia({ colorScheme: 'light' });
				await page.goto(`/flow/${flow.id}`);
				await expect(drawn).toBeAttached({ timeout: 20_000 });
				const total = Number((await ui.counter().textContent())!.match(/of (\d+)/)![1]);
				for (const scheme of ['light', 'dark'] as const) {
					if (scheme === 'dark') {
						// The page follows the system's scheme and draws the diagram again: no reload.
						const before = await page.getByTestId(TID.diagram).locator('svg').getAttribute('id');
						await page.emulateMedia({ colorScheme: 'dark' });
						await expect(page.getByTestId(TID.diagram).locator('svg')).not.toHaveAttribute(
							'id',
							before!,
							{ timeout: 20_000 }
						);
						await page.keyboard.press('Home');
					}
					for (let i = 0; i < total; i++) {
						if (i > 0) await page.keyboard.press('ArrowRight');
						const at = `${scheme}, step ${i + 1}`;
						const r = await measure(page, i, i === 0 || i === total - 1);
						expect(r.step, at).toBe(i);
						expect(r.box.top, at).toBeGreaterThanOrEqual(Math.max(0, r.lanesBottom - 1));
						expect(r.box.bottom, at).toBeLessThanOrEqual(r.viewport.height);
						expect(r.box.left, at).toBeGreaterThanOrEqual(0);
						expect(r.box.right, at).toBeLessThanOrEqual(r.viewport.width);
						expect(r.font, at).toBeGreaterThanOrEqual(screen.minFont);
						expect(r.lowContrast, at).toEqual([]);
					}
				}
			});
		}
	});
}
