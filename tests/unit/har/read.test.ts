import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { importHar } from '../../../src/lib/har/index';
import { MAX_HAR_BYTES, readHar } from '../../../src/lib/har/read';
import { fixtureText } from './fixtures';

const entry = (url: string, startedDateTime: string, extra: object = {}) => ({
	startedDateTime,
	request: { method: 'get', url, headers: [] },
	response: { status: 200, headers: [], content: { mimeType: 'text/plain', text: 'ok' } },
	...extra
});

describe('reading a HAR file', () => {
	test.each([
		['', 'HAR_EMPTY'],
		['not json at all', 'HAR_NOT_JSON'],
		['{"entries": []}', 'HAR_NO_ENTRIES'],
		['{"log": {"entries": []}}', 'HAR_NO_REQUESTS'],
		['{"log": {"entries": [{"request": {"url": "::"}}]}}', 'HAR_BAD_ENTRIES']
	])('refuses %j with a coded problem and no exchanges', (text, code) => {
		const { exchanges, problems } = readHar(text);
		expect(problems.map((p) => p.code)).toContain(code);
		if (code !== 'HAR_BAD_ENTRIES') expect(exchanges).toEqual([]);
	});

	test('refuses a file over the size limit before parsing it', () => {
		const { problems } = readHar('x'.repeat(MAX_HAR_BYTES + 1));
		expect(problems.map((p) => p.code)).toEqual(['HAR_TOO_LARGE']);
	});

	test('orders entries by start time, upper-cases methods and decodes base64 bodies', () => {
		const text = JSON.stringify({
			log: {
				entries: [
					entry('https://b.example/2', '2026-01-01T00:00:02Z', {
						response: {
							status: 200,
							headers: [],
							content: { text: btoa('{"a":1}'), encoding: 'base64' }
						}
					}),
					entry('https://a.example/1', '2026-01-01T00:00:01Z')
				]
			}
		});
		const { exchanges } = readHar(text);
		expect(exchanges.map((x) => x.request.url)).toEqual([
			'https://a.example/1',
			'https://b.example/2'
		]);
		expect(exchanges[0]!.request.method).toBe('GET');
		expect(exchanges[0]!.at).toBe(Date.parse('2026-01-01T00:00:01Z') / 1000);
		expect(exchanges[1]!.response.body).toBe('{"a":1}');
	});

	test('marks requests that got no response as failed (status 0 or -1, or an _error)', () => {
		const text = JSON.stringify({
			log: {
				entries: [
					entry('https://a.example/x', '2026-01-01T00:00:01Z', {
						response: { status: -1, headers: [], content: {} }
					}),
					entry('https://a.example/y', '2026-01-01T00:00:02Z', {
						response: { status: 0, headers: [], content: {}, _error: 'net::ERR_FAILED' }
					})
				]
			}
		});
		expect(readHar(text).exchanges.map((x) => x.failed)).toEqual([true, true]);
	});

	test('reads every recorded fixture without a problem', () => {
		const { exchanges, problems } = readHar(fixtureText('code-pkce'));
		expect(problems).toEqual([]);
		expect(exchanges.length).toBeGreaterThan(20);
	});
});

describe('importHar never throws', () => {
	test('on any string', async () => {
		await fc.assert(
			fc.asyncProperty(fc.string(), async (text) => {
				const result = await importHar(text);
				expect(result.trace.steps).toBeInstanceOf(Array);
				expect(result.problems.length).toBeGreaterThan(0);
			}),
			{ numRuns: 200 }
		);
	});

	test('on any JSON shaped like a HAR', async () => {
		const anyEntry = fc.record(
			{
				startedDateTime: fc.oneof(
					fc.string(),
					fc.date().map((d) => d.toISOString())
				),
				request: fc.record(
					{
						method: fc.constantFrom('GET', 'POST', 'x'),
						url: fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string()),
						headers: fc.array(fc.record({ name: fc.string(), value: fc.string() })),
						postData: fc.record({ mimeType: fc.string(), text: fc.string() })
					},
					{ requiredKeys: ['url'] }
				),
				response: fc.anything({ maxDepth: 2 })
			},
			{ requiredKeys: ['request'] }
		);
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.oneof(anyEntry, fc.anything({ maxDepth: 2 })), { maxLength: 8 }),
				async (entries) => {
					const result = await importHar(JSON.stringify({ log: { entries } }));
					expect(result.trace.steps.every((s, i) => s.index === i)).toBe(true);
				}
			),
			{ numRuns: 60 }
		);
	}, 30_000);
});
