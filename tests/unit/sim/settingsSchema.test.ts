import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
	DEFAULT_SETTINGS,
	FLOW_IDS,
	normaliseSettings,
	readView,
	writeView
} from '../../../src/lib/sim/index';
import {
	defaultSettings,
	SETTINGS_FIELDS,
	SETTINGS_SCHEMA,
	type FieldSpec,
	type SettingsField
} from '../../../src/lib/sim/settingsSchema';
import { validSettingsInput } from '../settingsArbitraries';

const validView = fc
	.tuple(validSettingsInput, fc.integer({ min: 0, max: 60 }))
	.map(([input, step]) => ({ settings: normaliseSettings(input).settings, step }));

/** Query strings a valid view writes: what a shared link carries. */
const validQuery = validView.map((view) => ({
	flow: view.settings.flow,
	query: writeView(view).toString()
}));

describe('the settings schema', () => {
	test('names every setting once, with a default that passes its own check', () => {
		expect(SETTINGS_FIELDS).toEqual(Object.keys(DEFAULT_SETTINGS));
		for (const field of SETTINGS_FIELDS) {
			const spec = SETTINGS_SCHEMA[field] as FieldSpec<SettingsField>;
			expect(spec.validate(spec.fallback()), field).toBeUndefined();
			expect(spec.limit?.(spec.fallback()), field).toBeUndefined();
		}
		expect(normaliseSettings({}).settings).toEqual(defaultSettings());
	});

	test('no two settings share a URL parameter', () => {
		const params = SETTINGS_FIELDS.flatMap((f) => SETTINGS_SCHEMA[f].param ?? []);
		expect(new Set(params).size).toBe(params.length);
	});

	test('format then parse gives back every valid value that differs from its default, field by field', () => {
		fc.assert(
			fc.property(validView, ({ settings }) => {
				for (const field of SETTINGS_FIELDS) {
					const spec = SETTINGS_SCHEMA[field] as FieldSpec<SettingsField>;
					// Links carry no parameter for a default value, so only the others need reading back.
					const text = spec.format(settings[field]);
					if (spec.param === undefined || text === spec.format(spec.fallback())) continue;
					const parsed = spec.parse(text);
					expect(spec.validate(parsed), field).toBeUndefined();
					expect(parsed, field).toEqual(settings[field]);
				}
			}),
			{ numRuns: 200 }
		);
	});

	test('settings → URL → settings gives back the same view, with nothing reported', () => {
		fc.assert(
			fc.property(validView, (view) => {
				const read = readView(view.settings.flow, writeView(view));
				expect(read.problems).toEqual([]);
				expect(read.legacy).toBeUndefined();
				expect(read.view).toEqual(view);
			}),
			{ numRuns: 300 }
		);
	});

	test('URL → settings → URL gives back the same query string', () => {
		fc.assert(
			fc.property(validQuery, ({ flow, query }) => {
				const read = readView(flow, new URLSearchParams(query));
				expect(read.problems).toEqual([]);
				expect(writeView(read.view).toString()).toBe(query);
			}),
			{ numRuns: 300 }
		);
	});

	test('default settings write an empty query, on every flow', () => {
		for (const flow of FLOW_IDS)
			expect(writeView({ settings: { ...DEFAULT_SETTINGS, flow }, step: 0 }).toString()).toBe('');
	});
});
