// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { animatedSvg } from '../../../src/lib/diagram/animatedSvg';
import { runFlow } from '../../../src/lib/sim/index';

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
	const luminance = (hex: string) => {
		const [r, g, b] = [1, 3, 5].map((i) => {
			const s = parseInt(hex.slice(i, i + 2), 16) / 255;
			return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
		});
		return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
	};
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi! + 0.05) / (lo! + 0.05);
}

/** The custom properties one `svg{…}` rule of the style sets. */
function palette(rule: string): Record<string, string> {
	return Object.fromEntries(
		[...rule.matchAll(/--([a-z]+):(#[0-9a-f]{6})/g)].map((m) => [m[1], m[2]])
	);
}

describe('animated SVG export', () => {
	test('scales with its container: a viewBox, width 100%, no fixed width or height', async () => {
		const text = animatedSvg(await runFlow({ flow: 'attack-dpop-stolen-token' }));
		const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
		expect(svg.getAttribute('viewBox')).toMatch(/^0 0 \d+ \d+$/);
		expect(svg.getAttribute('width')).toBe('100%');
		expect(svg.hasAttribute('height')).toBe(false);
	});

	test('a message not lit reads at 4.5:1 or more on the background, light and dark, never faded', async () => {
		const text = animatedSvg(await runFlow({ flow: 'code-pkce' }));
		const css = new DOMParser()
			.parseFromString(text, 'image/svg+xml')
			.querySelector('style')!.textContent!;
		const light = palette(css.match(/^svg\{[^}]*\}/m)![0]);
		const dark = palette(css.match(/prefers-color-scheme:dark\)\{svg\{[^}]*\}/)![0]);
		const keyframes = css.match(/@keyframes ts-light\{(.*)\}$/m)![1]!;
		// The state after the lit slot: what every other message shows for most of the loop.
		const dimmed = keyframes.match(/%,100%\{([^}]*)\}/)![1]!;
		const colour = dimmed.match(/color:var\(--([a-z]+)\)/)![1]!;
		expect(dimmed).not.toMatch(/opacity/);
		expect(css).not.toMatch(/opacity:\s*0?\.\d/);
		for (const scheme of [light, dark]) {
			expect(contrast(scheme[colour]!, scheme.bg!)).toBeGreaterThanOrEqual(4.5);
			// The lit message and the still (reduced motion) ink too.
			expect(contrast(scheme.accent!, scheme.bg!)).toBeGreaterThanOrEqual(4.5);
			expect(contrast(scheme.ink!, scheme.bg!)).toBeGreaterThanOrEqual(4.5);
		}
	});
});
