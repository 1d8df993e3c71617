import fc from 'fast-check';
import type { Har } from 'har-format';
import { describe, expect, test } from 'vitest';
import { importHar } from '../../../src/lib/har/index';
import { fixture } from './fixtures';

/** Values a hand-edited or hostile file may put anywhere. */
const HOSTILE: unknown[] = [
	null,
	-1,
	1e308,
	'',
	'__proto__',
	{ __proto__: { polluted: true } },
	[],
	{},
	'x'.repeat(200_000),
	'javascript:alert(1)',
	'#',
	'#id_token=a.b.c&state=',
	'http://[::1',
	'%%{init: {"theme":"dark"}}%%',
	'<script>alert(1)</script>',
	'\u202eevil',
	'{"response":{"code":1,"state":{}}}',
	'"code":"\\u0000","state":"\\ud800"',
	'not a date',
	'2026-13-45T99:99:99Z'
];

/** Where in an entry a value may land: a path of keys (numbers index header lists). */
const PLACES: (string | number)[][] = [
	['request', 'url'],
	['request', 'method'],
	['request', 'headers'],
	['request', 'headers', 0, 'value'],
	['request', 'postData'],
	['request', 'postData', 'text'],
	['request', 'postData', 'params'],
	['response', 'status'],
	['response', 'headers', 0, 'value'],
	['response', 'headers'],
	['response', 'content'],
	['response', 'content', 'text'],
	['response', 'content', 'encoding'],
	['startedDateTime'],
	['time'],
	['timings'],
	['_resourceType'],
	[]
];

function plant(har: Har, entry: number, place: (string | number)[], value: unknown) {
	const entries = har.log.entries as unknown as Record<string | number, unknown>[];
	if (!place.length) {
		entries[entry % entries.length] = value as never;
		return;
	}
	let at: unknown = entries[entry % entries.length];
	for (const key of place.slice(0, -1)) {
		if (typeof at !== 'object' || at === null) return;
		at = (at as Record<string | number, unknown>)[key];
	}
	if (typeof at === 'object' && at !== null)
		(at as Record<string | number, unknown>)[place.at(-1)!] = value;
}

describe('hostile recordings', () => {
	test('a request to a javascript: URL (an opaque origin, no host) is read, not crashed on', async () => {
		// Found by the property below: a host was asked of the origin "null".
		const har = structuredClone(fixture('code-pkce'));
		plant(har, 18, ['request', 'url'], 'javascript:alert(1)');
		plant(har, 0, ['request', 'url'], null);
		const result = await importHar(JSON.stringify(har));
		expect(result.codes).not.toContain('HAR_IMPORT_FAILED');
		expect(result.trace.steps.length).toBeGreaterThan(0);
	});

	test('hostile values anywhere in a real recording are read, never thrown or crashed on', async () => {
		const base = fixture('code-pkce');
		const planting = fc.record({
			entry: fc.nat(base.log.entries.length - 1),
			place: fc.constantFrom(...PLACES),
			value: fc.constantFrom(...HOSTILE)
		});
		await fc.assert(
			fc.asyncProperty(fc.array(planting, { minLength: 1, maxLength: 6 }), async (plantings) => {
				const har = structuredClone(base);
				for (const { entry, place, value } of plantings) plant(har, entry, place, value);
				const result = await importHar(JSON.stringify(har));
				// Handled, not caught: the last-resort code means the importer met what it did not expect.
				expect(result.codes).not.toContain('HAR_IMPORT_FAILED');
				expect(({} as Record<string, unknown>).polluted).toBeUndefined();
				for (const step of result.trace.steps) expect(typeof step.label).toBe('string');
			}),
			{ numRuns: 150 }
		);
	}, 120_000);
});
