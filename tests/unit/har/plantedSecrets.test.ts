/**
 * Issue 31 items 1 and 9: secrets are masked by meaning. Random secrets are planted in random
 * places of a recorded login (JSON at any depth and in any case style, forms, multipart, query,
 * headers, cookies, magic-link paths; escaped forms too), and none may survive in what the
 * importer gives out without a DOM: the trace, and its JSON, Mermaid and animated SVG exports.
 */
import fc from 'fast-check';
import type { Entry, Har } from 'har-format';
import { expect, test } from 'vitest';
import { animatedSvg } from '../../../src/lib/diagram/animatedSvg';
import { traceToMermaid } from '../../../src/lib/diagram/mermaidText';
import { importHar } from '../../../src/lib/har/index';
import { fixture } from './fixtures';

const NAMES = [
	'password',
	'passcode',
	'refresh_token',
	'access_token',
	'id_token',
	'api_key',
	'client_secret',
	'state_handle',
	'session_token',
	'otp',
	'pin',
	'x_api_key',
	'csrf_token',
	'auth_token',
	'user_password',
	'credentials'
];
type Style = 'snake' | 'camel' | 'pascal' | 'kebab' | 'upper';
function styled(name: string, style: Style): string {
	const words = name.split('_');
	const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
	switch (style) {
		case 'snake':
			return name;
		case 'camel':
			return words[0] + words.slice(1).map(cap).join('');
		case 'pascal':
			return words.map(cap).join('');
		case 'kebab':
			return words.join('-');
		case 'upper':
			return name.toUpperCase();
	}
}

/** A secret no recording holds by chance: `zqx` and at least two more characters. */
const secret = fc
	.stringMatching(/^[a-z0-9]{2,30}$/)
	.chain((tail) =>
		fc.constantFrom(`zqx${tail}`, `zqx${tail}/x+y=`, `zqx-${tail}.${tail}`, `zqx ${tail}`)
	);
const name = fc
	.tuple(
		fc.constantFrom(...NAMES),
		fc.constantFrom<Style>('snake', 'camel', 'pascal', 'kebab', 'upper')
	)
	.map(([n, s]) => styled(n, s));
const place = fc.constantFrom(
	'json-request',
	'json-response',
	'json-escaped',
	'json-number',
	'form',
	'multipart',
	'query',
	'fragment',
	'header',
	'cookie',
	'set-cookie',
	'path'
);
const planting = fc.record({ place, name, secret, depth: fc.nat(3), at: fc.nat() });

/** `{ a: { b: { name: value } } }`, `depth` levels down (arrays among them). */
function nested(key: string, value: unknown, depth: number): unknown {
	let out: unknown = { [key]: value, other: 'kept' };
	for (let i = 0; i < depth; i++) out = i % 2 ? [out] : { data: out };
	return out;
}

function entry(url: string, method = 'GET'): Entry {
	return {
		startedDateTime: '2030-01-01T00:00:00.000Z',
		time: 1,
		request: {
			method,
			url,
			httpVersion: 'HTTP/1.1',
			headers: [],
			queryString: [],
			cookies: [],
			headersSize: -1,
			bodySize: -1
		},
		response: {
			status: 200,
			statusText: 'OK',
			httpVersion: 'HTTP/1.1',
			headers: [],
			cookies: [],
			content: { size: 0, mimeType: 'text/plain', text: '' },
			redirectURL: '',
			headersSize: -1,
			bodySize: -1
		},
		cache: {},
		timings: { send: 0, wait: 1, receive: 0 }
	};
}

type Planting = { place: string; name: string; secret: string; depth: number; at: number };

/** Plants each secret in the recording; returns the values that must not be seen. */
function plant(har: Har, plantings: Planting[]): string[] {
	const entries = har.log.entries;
	const last = entries.at(-1)!.startedDateTime;
	const hidden: string[] = [];
	for (const p of plantings) {
		const existing = entries[p.at % entries.length]!;
		const api = 'http://localhost:4401/api/profile';
		const added = entry(api, 'POST');
		added.startedDateTime = last;
		let value = p.secret;
		switch (p.place) {
			case 'json-request':
				added.request.postData = {
					mimeType: 'application/json',
					text: JSON.stringify(nested(p.name, p.secret, p.depth))
				};
				break;
			case 'json-response':
			case 'json-escaped': {
				const text = JSON.stringify(nested(p.name, p.secret, p.depth));
				added.response.content = {
					size: text.length,
					mimeType: 'application/json',
					text: p.place === 'json-escaped' ? text.replaceAll('/', '\\/') : text
				};
				break;
			}
			case 'json-number': {
				value = String(100_000 + (p.at % 900_000));
				const text = JSON.stringify(nested(p.name, Number(value), p.depth));
				added.response.content = { size: text.length, mimeType: 'application/json', text };
				break;
			}
			case 'form':
				added.request.postData = {
					mimeType: 'application/x-www-form-urlencoded',
					text: new URLSearchParams({ user: 'jane', [p.name]: p.secret }).toString()
				};
				break;
			case 'multipart':
				added.request.headers.push({
					name: 'Content-Type',
					value: 'multipart/form-data; boundary=XyZ'
				});
				added.request.postData = {
					mimeType: 'multipart/form-data; boundary=XyZ',
					text: `--XyZ\r\nContent-Disposition: form-data; name="user"\r\n\r\njane\r\n--XyZ\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.secret}\r\n--XyZ--\r\n`
				};
				break;
			case 'query':
				existing.request.url += `${existing.request.url.includes('?') ? '&' : '?'}${new URLSearchParams({ [p.name]: p.secret })}`;
				break;
			case 'fragment':
				added.request.url = `${api}#${new URLSearchParams({ [p.name]: p.secret })}`;
				break;
			case 'header':
				existing.request.headers.push({ name: p.name, value: p.secret });
				break;
			case 'cookie':
				existing.request.headers.push({ name: 'Cookie', value: `lang=en; sid_x=${p.secret}` });
				break;
			case 'set-cookie':
				existing.response.headers.push({
					name: 'Set-Cookie',
					value: `lang=en; Path=/\nsession_y=${p.secret}; HttpOnly`
				});
				break;
			case 'path':
				// A magic link: a long token as a path segment.
				value = `${p.secret.replace(/[^a-z0-9]/g, '')}7Kq9w2Lm4Np8Rs1Tv`;
				added.request.method = 'GET';
				added.request.url = `http://localhost:4401/magic/${value}`;
				break;
		}
		if (
			added.request.postData ||
			added.response.content.text ||
			p.place === 'fragment' ||
			p.place === 'path'
		)
			entries.push(added);
		hidden.push(value);
	}
	return hidden;
}

test('planted secrets never survive in the trace or its JSON, Mermaid and SVG exports', async () => {
	const base = fixture('code-pkce');
	let runs = 0;
	await fc.assert(
		fc.asyncProperty(fc.array(planting, { minLength: 1, maxLength: 5 }), async (plantings) => {
			runs++;
			const har = structuredClone(base);
			const hidden = plant(har, plantings);
			const { trace } = await importHar(JSON.stringify(har), {
				expandPages: true,
				showUnrelated: true
			});
			expect(trace.steps.length).toBeGreaterThan(0);
			const outputs = [JSON.stringify(trace), traceToMermaid(trace).text, animatedSvg(trace)];
			for (const value of hidden)
				for (const [i, out] of outputs.entries()) {
					const json = JSON.stringify(value).slice(1, -1);
					for (const form of new Set([value, encodeURIComponent(value), json]))
						expect(out.includes(form), `${value} in output ${i}`).toBe(false);
				}
		}),
		{ numRuns: 200, seed: 31 }
	);
	expect(runs).toBe(200);
}, 120_000);
