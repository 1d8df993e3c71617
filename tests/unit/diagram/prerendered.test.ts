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

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
const unescapeXml = (text: string) =>
	text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name]!);
/** Mermaid's own escapes in its text (#58; for a colon, #9888; for ⚠). */
const unescapeMermaid = (text: string) =>
	text.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));

/** The lines of every message label and note the Mermaid text asks for, in order. */
function askedLines(text: string) {
	const lines = text.split('\n').map((l) => l.trim());
	const split = (label: string) => label.split('<br/>').map(unescapeMermaid);
	return {
		messages: lines
			.filter((l) => /^\w+(--?>>|--?x|--?\))\w+:/.test(l))
			.flatMap((l) => split(l.slice(l.indexOf(':') + 1).trim())),
		notes: lines
			.filter((l) => l.startsWith('Note '))
			.flatMap((l) => split(l.slice(l.indexOf(':') + 1).trim()))
	};
}

/** The lines the SVG draws: each message label's text element, each note line's tspan. */
function drawnLines(svg: string) {
	const texts = (pattern: RegExp) => [...svg.matchAll(pattern)].map((m) => unescapeXml(m[1]!));
	return {
		messages: texts(/<text[^>]*class="messageText"[^>]*>([^<]*)<\/text>/g),
		notes: texts(/<text[^>]*class="noteText"[^>]*><tspan[^>]*>([^<]*)<\/tspan><\/text>/g)
	};
}
const withoutStyle = (svg: string) => svg.replace(/<style>[\s\S]*?<\/style>/, '');

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
			// Each line the SVG draws is the line the text asks for (a stale SVG beside a current
			// layout fails here).
			expect(drawnLines(drawing.svg)).toEqual(askedLines(layout.text));
			expect(drawing.svg.includes('\u0000')).toBe(true);
		}
		// The page's HTML holds one SVG for both themes (src/lib/server/ssrDrawing.ts): they may
		// differ only in Mermaid's style sheet.
		const [light, dark] = [read(flow, false), read(flow, true)];
		expect(withoutStyle(dark.svg)).toBe(withoutStyle(light.svg));
		expect(dark.viewBox).toBe(light.viewBox);
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
	interface Run {
		hidden: boolean;
		fontLoads: number;
		preloaded: { rel: string; as: string; href: string; crossOrigin: string }[];
	}
	/** Runs the guard as a page's head would, while the page is parsed; what it did. */
	const run = (search: string, stored: string | null, systemDark: boolean): Run => {
		const result: Run = { hidden: false, fontLoads: 0, preloaded: [] };
		const document = {
			readyState: 'loading',
			currentScript: {
				dataset: {
					light: '../diagrams/f.light.json',
					dark: '../diagrams/f.dark.json',
					themeKey: 'k'
				}
			},
			documentElement: { setAttribute: () => (result.hidden = true) },
			fonts: { load: async () => (result.fontLoads += 1) },
			createElement: () => ({}),
			head: { appendChild: (link: Run['preloaded'][number]) => result.preloaded.push(link) }
		};
		const localStorage = { getItem: (key: string) => (key === 'k' ? stored : null) };
		const matchMedia = (query: string) => ({ matches: systemDark && query.includes('dark') });
		new Function('location', 'document', 'localStorage', 'matchMedia', guard)(
			{ search },
			document,
			localStorage,
			matchMedia
		);
		return result;
	};

	it.each(['', '?step=3', '?step=x&step=2', '?alg=ES256', '?step=1&client=webapp', '?=', '?a'])(
		'hides the drawing for %j exactly when asksDefaults is false, and then fetches nothing',
		(search) => {
			const { hidden, fontLoads, preloaded } = run(search, null, false);
			const defaults = asksDefaults(new URLSearchParams(search));
			expect(hidden).toBe(!defaults);
			expect(fontLoads).toBe(defaults ? 1 : 0);
			expect(preloaded.length).toBe(defaults ? 1 : 0);
		}
	);

	it.each([
		[null, false, 'light'],
		[null, true, 'dark'],
		['dark', false, 'dark'],
		['light', true, 'light'],
		['garbage', true, 'dark']
	])('stored %j, system dark %j: preloads the %s drawing', (stored, systemDark, theme) => {
		expect(run('', stored, systemDark).preloaded).toEqual([
			{
				rel: 'preload',
				as: 'fetch',
				crossOrigin: 'anonymous',
				href: `../diagrams/f.${theme}.json`
			}
		]);
	});
});
