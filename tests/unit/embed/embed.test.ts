// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { main, type Io } from '../../../src/cli/export';
import { animatedLayout, animatedSvg, xmlText } from '../../../src/lib/diagram/animatedSvg';
import { oembedFor } from '../../../src/lib/embed/oembed';
import {
	DEFAULT_EMBED,
	EMBED_PANELS,
	EMBED_SPEEDS,
	EMBED_THEMES,
	readEmbedOptions,
	writeEmbedOptions,
	type EmbedOptions
} from '../../../src/lib/embed/params';
import { embedSnippets, withStep } from '../../../src/lib/embed/snippets';
import { runFlow } from '../../../src/lib/sim/index';

const parseXml = (text: string) => new DOMParser().parseFromString(text, 'image/svg+xml');

describe('embed parameters', () => {
	test('bad values fall back to their defaults, each with a problem naming its parameter', () => {
		const { options, problems } = readEmbedOptions(
			new URLSearchParams('theme=neon&panels=bogus,title&autoplay=yes&speed=3&height=10')
		);
		expect(options).toEqual({ ...DEFAULT_EMBED, panels: ['title'] });
		expect(problems.map((p) => p.param)).toEqual([
			'theme',
			'autoplay',
			'speed',
			'panels',
			'height'
		]);
		expect(problems.find((p) => p.param === 'panels')?.value).toBe('bogus');
	});

	test('any query reads without throwing, and good options survive a write and a read', () => {
		const optionsArb: fc.Arbitrary<EmbedOptions> = fc.record({
			theme: fc.constantFrom(...EMBED_THEMES),
			autoplay: fc.boolean(),
			speed: fc.constantFrom(...EMBED_SPEEDS),
			panels: fc.subarray([...EMBED_PANELS]),
			height: fc.constant('auto' as const)
		});
		fc.assert(
			fc.property(optionsArb, (options) => {
				const read = readEmbedOptions(writeEmbedOptions(options));
				expect(read.problems).toEqual([]);
				expect(read.options).toEqual(options);
			})
		);
		fc.assert(
			fc.property(
				fc.dictionary(
					fc.constantFrom('theme', 'autoplay', 'speed', 'panels', 'height'),
					fc.string()
				),
				(query) => {
					const { options } = readEmbedOptions(new URLSearchParams(query));
					expect(EMBED_THEMES).toContain(options.theme);
				}
			)
		);
	});
});

describe('snippets', () => {
	const description = {
		origin: 'https://tokenstep.example',
		flow: 'code-pkce',
		title: 'A "quoted" <b>[title]</b> & more',
		view: withStep(new URLSearchParams('lifetime=3600'), 3),
		options: { ...DEFAULT_EMBED, theme: 'dark', panels: ['controls', 'inspector'] } as EmbedOptions
	};

	test('every snippet points at the same embed, with the view and the options', () => {
		const s = embedSnippets(description);
		expect(s.embedUrl).toBe(
			'https://tokenstep.example/embed/code-pkce?lifetime=3600&step=3&theme=dark&panels=controls%2Cinspector'
		);
		expect(s.html).toContain(`src="${s.embedUrl}"`);
		expect(s.mdx).toContain(`src="${s.embedUrl}"`);
		expect(s.webComponent).toContain('flow="code-pkce" lifetime="3600" step="3" theme="dark"');
		expect(s.webComponent).toContain('src="https://tokenstep.example/tokenstep-flow.js"');
		expect(s.markdown).toBe(
			'[![A "quoted" <b>\\[title\\]</b> & more (Tokenstep)](https://tokenstep.example/animated/code-pkce.svg)](https://tokenstep.example/flow/code-pkce?lifetime=3600&step=3)'
		);
	});

	test('HTML and MDX are markup that parses to one iframe with the title intact; MDX has no style string', () => {
		const s = embedSnippets(description);
		for (const text of [s.html, s.mdx.replace('style={{ border: 0 }}', '')]) {
			const doc = new DOMParser().parseFromString(text, 'text/html');
			const frames = doc.querySelectorAll('iframe');
			expect(frames).toHaveLength(1);
			expect(frames[0]!.title).toBe('A "quoted" <b>[title]</b> & more (Tokenstep)');
		}
		expect(s.mdx).not.toMatch(/style="/);
		expect(s.mdx).toMatch(/style=\{\{ border: 0 \}\} loading="lazy" \/>$/);
	});

	test('a fixed height goes to the iframe and the element; "auto" leaves the element to size itself', () => {
		const fixed = embedSnippets({ ...description, options: { ...DEFAULT_EMBED, height: 500 } });
		expect(fixed.html).toContain('height="500"');
		expect(fixed.webComponent).toContain('height="500"');
		const auto = embedSnippets({ ...description, options: { ...DEFAULT_EMBED, height: 'auto' } });
		expect(auto.webComponent).not.toContain('height=');
		expect(auto.embedUrl).not.toContain('height=');
	});
});

describe('oEmbed', () => {
	test('a rich response with every field the oEmbed spec requires', () => {
		const o = oembedFor('refresh', 'https://tokenstep.example');
		expect(o).toMatchObject({ type: 'rich', version: '1.0' });
		expect(Number.isInteger(o.width) && o.width > 0).toBe(true);
		expect(Number.isInteger(o.height) && o.height > 0).toBe(true);
		expect(o.html).toMatch(/^<iframe src="https:\/\/tokenstep\.example\/embed\/refresh" /);
	});
});

describe('animated SVG', () => {
	test('well-formed XML, no script, one lit group per message, static under reduced motion', async () => {
		const trace = await runFlow({ flow: 'attack-tamper' });
		const text = animatedSvg(trace);
		const doc = parseXml(text);
		expect(doc.querySelector('parsererror')).toBeNull();
		expect(doc.documentElement.nodeName).toBe('svg');
		expect(doc.querySelectorAll('script, foreignObject, image, use, a')).toHaveLength(0);
		expect(text).not.toMatch(/\son[a-z]+=|javascript:|href=|url\(/i);
		expect(doc.querySelectorAll('g.m')).toHaveLength(trace.steps.length);
		expect(doc.querySelectorAll('g.m.failed').length).toBeGreaterThan(0);
		// Animation only where motion is welcome: everything else sees every message drawn.
		const css = doc.querySelector('style')!.textContent!;
		const animated = css.indexOf('@media (prefers-reduced-motion:no-preference)');
		expect(animated).toBeGreaterThan(0);
		expect(css.slice(0, animated)).not.toContain('animation');
		const layout = animatedLayout(trace);
		expect(layout.rows).toHaveLength(trace.steps.length);
	});

	test('any text is escaped into XML character data', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary' }), (text) => {
				const doc = parseXml(
					`<svg xmlns="http://www.w3.org/2000/svg"><text a="${xmlText(text)}">${xmlText(text)}</text></svg>`
				);
				expect(doc.querySelector('parsererror')).toBeNull();
			})
		);
	});

	test('npm run export -- code-pkce --format animated-svg', async () => {
		let out = '';
		const io: Io = { out: (t) => (out += t), err: () => {}, write: () => {} };
		expect(await main(['code-pkce', '--format', 'animated-svg'], io)).toBe(0);
		expect(parseXml(out).querySelectorAll('g.m')).toHaveLength(14);
	});
});

test('the <tokenstep-flow> module is at most 5 KB gzip', () => {
	const size = gzipSync(readFileSync('static/tokenstep-flow.js'), { level: 9 }).length;
	expect(size).toBeLessThanOrEqual(5 * 1024);
});
