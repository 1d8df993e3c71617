import { FLOW_IDS, type FlowSettings } from './types';
import {
	defaultSettings,
	SETTINGS_FIELDS,
	SETTINGS_SCHEMA,
	type LimitName,
	type SettingsField
} from './settingsSchema';

export { FLOW_IDS };
export { LIMITS, MAX_CLOCK_SKEW, MAX_OCCURRENCE, type LimitName } from './settingsSchema';

export const DEFAULT_SETTINGS: FlowSettings = defaultSettings();

export interface SettingsProblem {
	field: keyof FlowSettings;
	message: string;
	/** Set when the value broke one of the LIMITS. */
	limit?: LimitName;
}

/**
 * Fills in defaults and replaces every invalid value by its default, saying what was wrong.
 * Never throws: settings come from URLs and form fields.
 */
export function normaliseSettings(input: Partial<Record<keyof FlowSettings, unknown>>): {
	settings: FlowSettings;
	problems: SettingsProblem[];
} {
	const problems: SettingsProblem[] = [];
	const settings = defaultSettings();
	for (const field of SETTINGS_FIELDS) {
		const value = Object.hasOwn(input, field) ? input[field] : undefined;
		if (value === undefined) continue;
		const problem = fieldProblem(field, value);
		if (problem) problems.push({ field, ...problem });
		else (settings as Record<SettingsField, unknown>)[field] = value;
	}
	return { settings, problems };
}

/** What is wrong with one field's value: a broken limit first, then its shape. */
function fieldProblem(
	field: SettingsField,
	value: unknown
): { message: string; limit?: LimitName } | undefined {
	const spec = SETTINGS_SCHEMA[field];
	try {
		const limit = spec.limit?.(value);
		if (limit) return limit;
		const message = spec.validate(value);
		return message ? { message } : undefined;
	} catch {
		// A shape check that trips over an odd value refuses it; it never takes the page down.
		return { message: 'this value has the wrong shape' };
	}
}
