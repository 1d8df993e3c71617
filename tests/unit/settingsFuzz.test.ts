import fc from 'fast-check';
import mermaid from 'mermaid';
import { describe, expect, test } from 'vitest';
import { mermaidSource } from '../../src/lib/diagram/exportText';
import { MERMAID_MAX_TEXT } from '../../src/lib/diagram/mermaidText';
import { FLOW_IDS, normaliseSettings, readView, runFlow, writeView } from '../../src/lib/sim/index';
import { START } from './sim/helpers';
import { validSettingsInput } from './settingsArbitraries';

const PARAMS = [
	'scope',
	'lifetime',
	'at_lifetime',
	'alg',
	'user',
	'client',
	'skew',
	'dpop_nonce',
	'rules',
	'wait',
	'do',
	'step'
];
const INHERITED = Object.getOwnPropertyNames(Object.prototype);

/** Text a hostile link could carry: JSON of any shape, inherited names, huge lists, controls. */
const hostileValue = fc.oneof(
	fc.string({ unit: 'binary' }),
	fc.json().map(String),
	fc.jsonValue().map((v) => JSON.stringify(v)),
	fc.array(fc.jsonValue(), { maxLength: 50 }).map((v) => JSON.stringify(v)),
	fc.constantFrom(...INHERITED),
	fc.constantFrom(...INHERITED).map((n) => `[{"kind":"addScopes","scopes":["${n}"]}]`),
	fc.integer({ min: 0, max: 3000 }).map((n) => JSON.stringify(Array(n).fill(null))),
	fc.integer({ min: 0, max: 3000 }).map((n) => Array(n).fill('1+5').join(','))
);

const query = fc
	.array(fc.tuple(fc.oneof(fc.constantFrom(...PARAMS), fc.string()), hostileValue), {
		maxLength: 8
	})
	.map((pairs) => new URLSearchParams(pairs));

describe('settings from any URL', () => {
	test('readView and normaliseSettings never throw, and every problem is reported as text', () => {
		fc.assert(
			fc.property(fc.constantFrom(...FLOW_IDS), query, (flow, params) => {
				const { view, problems } = readView(flow, params);
				expect(problems.every((p) => typeof p === 'string')).toBe(true);
				// Whatever was read is valid settings: reading it again finds nothing wrong.
				expect(readView(flow, writeView(view)).problems).toEqual([]);
			}),
			{ numRuns: 300 }
		);
	});

	test('normaliseSettings takes anything in any field', () => {
		const field = fc.constantFrom(
			'flow',
			'scope',
			'idTokenLifetime',
			'accessTokenLifetime',
			'algorithm',
			'rules',
			'user',
			'clientType',
			'clockSkew',
			'dpopNonce',
			'clockJumps',
			'interventions'
		);
		fc.assert(
			fc.property(fc.dictionary(field, fc.anything({ withNullPrototype: true })), (input) => {
				const { problems } = normaliseSettings(input);
				expect(Array.isArray(problems)).toBe(true);
			}),
			{ numRuns: 500 }
		);
	});
});

const validSettings = validSettingsInput.map((input) => normaliseSettings(input));

describe('any valid settings', () => {
	test('run to a trace in bounded time, and the exported Mermaid parses', async () => {
		await fc.assert(
			fc.asyncProperty(validSettings, async ({ settings, problems }) => {
				expect(problems).toEqual([]);
				const started = performance.now();
				const trace = await runFlow(settings, { startAt: START });
				// Generous for a busy shared machine; a normal run takes tens of milliseconds.
				expect(performance.now() - started).toBeLessThan(15_000);
				const text = mermaidSource(trace);
				expect(text.length).toBeLessThan(MERMAID_MAX_TEXT);
				expect(text).not.toMatch(/%%\s*\{/);
				expect(await mermaid.parse(text)).toBeTruthy();
			}),
			{ numRuns: 25 }
		);
	}, 300_000);
});
