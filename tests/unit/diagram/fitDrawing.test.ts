// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { joinLabelLines } from '../../../src/lib/diagram/fitDrawing';

const SVG = 'http://www.w3.org/2000/svg';

/** Text elements as Mermaid draws a two-line label, a one-line one, and a label split inside a path. */
function drawing(): SVGSVGElement {
	const root = document.createElementNS(SVG, 'svg');
	const lines: [string, number][] = [
		['validate token and', 100],
		['DPoP proof ✓', 118],
		['GET /callback', 160],
		['GET /.well-known/', 200],
		['openid-configuration', 218]
	];
	for (const [text, y] of lines) {
		const el = document.createElementNS(SVG, 'text');
		el.setAttribute('class', 'messageText');
		el.setAttribute('x', '300');
		el.setAttribute('y', String(y));
		el.textContent = text;
		root.append(el);
	}
	document.body.append(root);
	return root;
}

test('a wrapped label is one text element again, a tspan a line where Mermaid put it, its text the whole label', () => {
	const root = drawing();
	joinLabelLines(root, {
		text: '',
		steps: [{ message: 0, messageJoins: [' '] }, { message: 1 }, { message: 2, messageJoins: [''] }]
	});
	const texts = [...root.querySelectorAll('text.messageText')];
	expect(texts.map((t) => t.textContent)).toEqual([
		'validate token and DPoP proof ✓',
		'GET /callback',
		'GET /.well-known/openid-configuration'
	]);
	const spans = [...texts[0]!.querySelectorAll(':scope > tspan')];
	expect(spans.map((s) => [s.getAttribute('x'), s.getAttribute('y')])).toEqual([
		['300', '100'],
		['300', '118']
	]);
	// The space the label broke at takes no room, so the centred line stays where Mermaid put it.
	expect(
		[...spans[1]!.querySelectorAll('tspan')].map((j) => [
			j.textContent,
			j.getAttribute('font-size')
		])
	).toEqual([[' ', '0']]);
	expect(spans[0]!.querySelector('tspan')).toBeNull();
	expect(texts[1]!.querySelector('tspan')).toBeNull();
	// A word split inside has nothing to join with.
	expect(texts[2]!.querySelectorAll(':scope > tspan')).toHaveLength(2);
	expect(texts[2]!.querySelectorAll('tspan tspan')).toHaveLength(0);
});
