import fc from 'fast-check';
import mermaid from 'mermaid';
import { describe, expect, test } from 'vitest';
import { SAMPLE_USERS, STANDARD_SCOPES } from '../../src/lib/core/index';
import { mermaidSource } from '../../src/lib/diagram/exportText';
import { MERMAID_MAX_TEXT } from '../../src/lib/diagram/mermaidText';
import {
	FLOW_IDS,
	FORGE_RECIPES,
	normaliseSettings,
	readView,
	runFlow,
	writeView
} from '../../src/lib/sim/index';
import { LIMITS } from '../../src/lib/sim/settings';
import { MESSAGE_NAMES, STEP_NAMES } from '../../src/lib/sim/types';
import { START } from './sim/helpers';

const PARAMS = [
	'scope',
	'lifetime',
	'at_lifetime',
	'alg',
	'user',
	'client',
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

/** Settings that pass validation, built from every kind of value each field allows. */
const word = fc.oneof(
	fc.constantFrom(...STANDARD_SCOPES, ...INHERITED),
	fc.stringMatching(/^[\x21\x23-\x5B\x5D-\x7E]{1,12}$/)
);
const claimValue = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.boolean());
const rule = fc.oneof(
	fc.record({ kind: fc.constant('setLifetime'), seconds: fc.integer({ min: 1, max: 86400 }) }),
	fc.record({
		kind: fc.constant('addClaim'),
		namespace: fc.constantFrom('https://tokenstep.example/', 'http://x.example/$$'),
		name: fc.oneof(fc.constantFrom(...INHERITED), fc.string({ minLength: 1, maxLength: 20 })),
		value: claimValue
	}),
	fc.record({
		kind: fc.constantFrom('addScopes', 'removeScopes'),
		scopes: fc.array(word, { minLength: 1, maxLength: 4 })
	})
);
// Aimed by message, as the settings do: any message or step name, its first to fourth occurrence.
const message = fc.record({
	message: fc.constantFrom(...MESSAGE_NAMES),
	nth: fc.integer({ min: 1, max: 4 })
});
const stepRef = fc.record({
	message: fc.constantFrom(...STEP_NAMES),
	nth: fc.integer({ min: 1, max: 4 })
});
const intervention = fc.oneof(
	fc
		.record({
			kind: fc.constant('tamper'),
			claim: fc.oneof(
				fc.constantFrom('sub', 'aud', ...INHERITED),
				fc.string({ minLength: 1, maxLength: 20 })
			),
			value: claimValue
		})
		.chain((i) => message.map((m) => ({ ...i, ...m }))),
	message.map((m) => ({ kind: 'alg-none', ...m })),
	message.map((m) => ({ kind: 'replay', ...m })),
	fc
		.constantFrom(...FORGE_RECIPES)
		.chain((recipe) => message.map((m) => ({ kind: 'forge', recipe, ...m })))
);
const validSettings = fc
	.record({
		flow: fc.constantFrom(...FLOW_IDS),
		scope: fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => ['openid', ...w].join(' ')),
		idTokenLifetime: fc.integer({ min: 1, max: 365 * 86400 }),
		algorithm: fc.constantFrom('RS256', 'PS256', 'ES256', 'EdDSA', 'HS256'),
		user: fc.constantFrom(...SAMPLE_USERS.map((u) => u.id)),
		clientType: fc.constantFrom('spa', 'webapp'),
		rules: fc.array(rule, { maxLength: LIMITS.rules }),
		clockJumps: fc.array(
			stepRef.chain((ref) =>
				fc.integer({ min: 1, max: 10 * 365 * 86400 }).map((seconds) => ({ ...ref, seconds }))
			),
			{ maxLength: LIMITS.clockJumps }
		),
		interventions: fc.array(intervention, { maxLength: LIMITS.interventions })
	})
	.map((input) => normaliseSettings(input));

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
