import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
	checkField,
	checkValue,
	fieldDefault,
	listFull,
	type ListField
} from '../../src/lib/components/knobs/fieldCheck';
import { LIMITS, normaliseSettings } from '../../src/lib/sim/settings';
import {
	SETTINGS_FIELDS,
	SETTINGS_SCHEMA,
	type SettingsField
} from '../../src/lib/sim/settingsSchema';
import { validSettingsInput } from './settingsArbitraries';

const field = fc.constantFrom(...SETTINGS_FIELDS);

/** What a person might type: a valid value as a link writes it, a slip of it, or anything. */
function typed(name: SettingsField): fc.Arbitrary<string> {
	const valid = validSettingsInput.map((s) =>
		(SETTINGS_SCHEMA[name].format as (v: unknown) => string)(s[name])
	);
	return fc.oneof(
		valid,
		fc.tuple(valid, fc.string({ maxLength: 3 })).map(([v, slip]) => v + slip),
		fc.integer({ min: -10, max: 400 * 86400 }).map(String),
		fc.constantFrom('', ' ', '60x', 'NaN', '1e3', '3.5', '[]', '{}', 'null'),
		fc.string({ maxLength: 40 })
	);
}

/** What normaliseSettings makes of the same text read by the schema. */
function normalised(name: SettingsField, text: string) {
	const { settings, problems } = normaliseSettings({ [name]: SETTINGS_SCHEMA[name].parse(text) });
	return { value: settings[name], refused: problems.length > 0 };
}

describe('checkField', () => {
	test('accepts exactly what normaliseSettings accepts, as the same value', () => {
		fc.assert(
			fc.property(
				field.chain((name) => fc.tuple(fc.constant(name), typed(name))),
				([name, text]) => {
					const read = checkField(name, text);
					const expected = normalised(name, text);
					expect('problem' in read).toBe(expected.refused);
					if ('value' in read) expect(read.value).toEqual(expected.value);
					else expect(read.problem.length).toBeGreaterThan(0);
				}
			),
			{ numRuns: 600 }
		);
	});

	// Lists are never typed whole; an empty clock-jump list writes "", which links leave out.
	test('every default a field shows reads back as the default', () => {
		const typedFields = SETTINGS_FIELDS.filter(
			(f) => !Array.isArray(SETTINGS_SCHEMA[f].fallback())
		);
		expect(typedFields).toContain('idTokenLifetime');
		for (const name of typedFields) {
			expect(checkField(name, fieldDefault(name))).toEqual({
				value: SETTINGS_SCHEMA[name].fallback()
			});
		}
	});
});

describe('checkValue and the list limits', () => {
	const lists: ListField[] = ['rules', 'clockJumps', 'interventions'];

	test('a list value is refused or kept as normaliseSettings does, limits first', () => {
		fc.assert(
			fc.property(
				validSettingsInput,
				fc.constantFrom(...lists),
				fc.nat({ max: 3 }),
				(settings, name, extra) => {
					const list = settings[name] as unknown[];
					// Past the limit by repeating the list's own items (or a placeholder).
					const long = list.length
						? Array.from({ length: LIMITS[name] + 1 + extra }, (_, i) => list[i % list.length])
						: list;
					for (const value of [list, long]) {
						const read = checkValue(name, value);
						const { problems } = normaliseSettings({ [name]: value });
						expect('problem' in read).toBe(problems.length > 0);
						if ('problem' in read) expect(read.limit).toBe(problems[0]!.limit);
					}
				}
			)
		);
	});

	test('the add buttons close exactly at the schema limit', () => {
		for (const name of lists) {
			expect(listFull(name, LIMITS[name] - 1)).toBeUndefined();
			expect(listFull(name, LIMITS[name])).toContain(String(LIMITS[name]));
		}
	});
});
