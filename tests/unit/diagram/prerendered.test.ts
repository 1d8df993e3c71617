/**
 * The prerendered drawings (static/diagrams) are what each flow's page would draw at its default
 * settings: the same Mermaid text and layout, Mermaid's installed version, the shipped font and
 * the site's configuration. A change to any of them fails here until `npm run diagrams` is run;
 * the page would otherwise only lose its head start (it confirms every drawing by its text).
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentContext } from '../../../scripts/diagramContext';
import { inDiagramFont } from '../../../src/lib/diagram/font';
import { traceToMermaid } from '../../../src/lib/diagram/mermaidText';
import {
	asksDefaults,
	fetchPrerendered,
	prerenderedPath,
	type PrerenderedDrawing
} from '../../../src/lib/diagram/prerendered';
import { runFlow } from '../../../src/lib/sim/index';
import { DEFAULT_SETTINGS } from '../../../src/lib/sim/settings';
import { FLOW_IDS } from '../../../src/lib/sim/types';

const STATIC = new URL('../../../static', import.meta.url).pathname;
const read = (flow: string, dark: boolean) =>
	JSON.parse(readFileSync(`${STATIC}${prerenderedPath(flow, dark)}`, 'utf8')) as PrerenderedDrawing;
const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe('prerendered drawings', () => {
	const context = currentContext();

	it.each(FLOW_IDS)('%s: both themes match the flow at its default settings', async (flow) => {
		const layout = traceToMermaid(await runFlow({ ...DEFAULT_SETTINGS, flow }), { fit: true });
		for (const dark of [false, true]) {
			expect(existsSync(`${STATIC}${prerenderedPath(flow, dark)}`), 'run npm run diagrams').toBe(
				true
			);
			const drawing = read(flow, dark);
			expect({ v: drawing.v, flow: drawing.flow, dark: drawing.dark }).toEqual({
				v: 1,
				flow,
				dark
			});
			expect(drawing.context, 'Mermaid, the font or the config changed: npm run diagrams').toBe(
				context
			);
			expect(drawing.layout, 'the flow draws other text now: npm run diagrams').toEqual(layout);
			// The SVG draws that text: one label element per line of each message, one per note line.
			const lines = layout.steps.reduce((n, s) => n + 1 + (s.messageJoins?.length ?? 0), 0);
			const notes = layout.steps.reduce(
				(n, s) => n + (s.note === undefined ? 0 : (s.noteLines ?? 1)),
				0
			);
			expect(drawing.svg.startsWith('<svg')).toBe(true);
			expect(count(drawing.svg, /<text[^>]*class="messageText"/g)).toBe(lines);
			expect(count(drawing.svg, /<text[^>]*class="noteText"/g)).toBe(notes);
			expect(drawing.svg.includes('\u0000')).toBe(true);
		}
		// The font draws every character of the labels, so browsers measure them alike.
		expect([...layout.text].filter((c) => !inDiagramFont(c))).toEqual([]);
	});
});

describe('asksDefaults', () => {
	it.each([
		['', true],
		['step=3', true],
		['step=abc', true],
		['alg=ES256', false],
		['step=2&scope=openid', false],
		['unknown=1', false]
	])('?%s → %s', (query, expected) => {
		expect(asksDefaults(new URLSearchParams(query))).toBe(expected);
	});
});

describe('fetchPrerendered', () => {
	afterEach(() => vi.unstubAllGlobals());
	const answer = (body: unknown, status = 200) =>
		vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status }));

	it('returns the file when it is a drawing of that flow in that theme', async () => {
		const drawing = read('code-pkce', true);
		answer(drawing);
		expect(await fetchPrerendered('/x.json', 'code-pkce', true)).toEqual(drawing);
	});

	it.each([
		['another flow', (d: PrerenderedDrawing) => ({ ...d, flow: 'implicit' })],
		['another theme', (d: PrerenderedDrawing) => ({ ...d, dark: !d.dark })],
		['no SVG', (d: PrerenderedDrawing) => ({ ...d, svg: '<script>' })],
		['no layout', (d: PrerenderedDrawing) => ({ ...d, layout: null })],
		['a newer format', (d: PrerenderedDrawing) => ({ ...d, v: 2 })],
		['not an object', () => 'svg']
	])('is undefined for %s', async (_, change) => {
		answer(change(read('code-pkce', true)));
		expect(await fetchPrerendered('/x.json', 'code-pkce', true)).toBeUndefined();
	});

	it('is undefined when the file is missing or the network fails', async () => {
		answer({}, 404);
		expect(await fetchPrerendered('/x.json', 'code-pkce', false)).toBeUndefined();
		vi.stubGlobal('fetch', async () => {
			throw new TypeError('offline');
		});
		expect(await fetchPrerendered('/x.json', 'code-pkce', false)).toBeUndefined();
	});
});

describe('static/diagram-guard.js', () => {
	const guard = readFileSync(new URL('../../../static/diagram-guard.js', import.meta.url), 'utf8');
	/** Runs the guard as the page's head would, for an address's query; true if it hid the drawing. */
	const hides = (search: string) => {
		const attributes = new Set<string>();
		const document = {
			documentElement: { setAttribute: (name: string) => attributes.add(name) },
			fonts: { load: async () => [] }
		};
		new Function('location', 'document', guard)({ search }, document);
		return attributes.has('data-settings-asked');
	};

	it.each(['', '?step=3', '?step=x&step=2', '?alg=ES256', '?step=1&client=webapp', '?=', '?a'])(
		'hides the drawing for %j exactly when asksDefaults is false',
		(search) => {
			expect(hides(search)).toBe(!asksDefaults(new URLSearchParams(search)));
		}
	);
});
