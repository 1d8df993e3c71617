import {
	LIMITS,
	SETTINGS_SCHEMA,
	type LimitName,
	type SettingsField
} from '$lib/sim/settingsSchema';
import type { FlowSettings } from '$lib/sim/types';

/** A setting the field may apply, or what is wrong with it in a sentence for people. */
export type FieldCheck<K extends SettingsField> =
	{ value: FlowSettings[K] } | { problem: string; limit?: LimitName };

/** The schema's words as a sentence: capital first letter, full stop. */
function sentence(message: string): string {
	const text = `${message[0]!.toUpperCase()}${message.slice(1)}`;
	return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * Checks a value the way normaliseSettings does (the schema's limit first, then its shape
 * check), so a field applies exactly what a link to it would carry.
 */
export function checkValue<K extends SettingsField>(field: K, value: unknown): FieldCheck<K> {
	const spec = SETTINGS_SCHEMA[field];
	try {
		const broken = spec.limit?.(value);
		if (broken) return { problem: sentence(broken.message), limit: broken.limit };
		const problem = spec.validate(value);
		return problem ? { problem: sentence(problem) } : { value: value as FlowSettings[K] };
	} catch {
		// A shape check that trips over an odd value refuses it, as normaliseSettings does.
		return { problem: 'This value has the wrong shape.' };
	}
}

/** Reads what was typed in a field with the schema's own parser, then checks it. */
export function checkField<K extends SettingsField>(field: K, text: string): FieldCheck<K> {
	let value: unknown;
	try {
		value = SETTINGS_SCHEMA[field].parse(text);
	} catch {
		return { problem: 'This value cannot be read.' };
	}
	const checked = checkValue(field, value);
	// Empty is the one case the rule's "got …" says nothing useful about.
	if ('problem' in checked && text.trim() === '')
		return {
			...checked,
			problem: `Nothing typed yet. ${checked.problem.replace(/, got .*$/, '.')}`
		};
	return checked;
}

/** The default of a field, as a link would write it. */
export function fieldDefault<K extends SettingsField>(field: K): string {
	const spec = SETTINGS_SCHEMA[field];
	return spec.format(spec.fallback());
}

export type ListField = 'rules' | 'clockJumps' | 'interventions';

const LIST_WORDS: Record<ListField, string> = {
	rules: 'rules',
	clockJumps: 'clock jumps',
	interventions: 'attacks'
};

/** Why nothing more can be added to a list, or undefined while there is room. */
export function listFull(field: ListField, length: number): string | undefined {
	const max = LIMITS[field];
	return length >= max
		? `A run holds at most ${max} ${LIST_WORDS[field]}: remove one to add another.`
		: undefined;
}

/** Applies a chosen or typed text when the schema accepts it; says what it found either way. */
export function applyText<K extends SettingsField>(
	apply: (patch: Partial<FlowSettings>) => unknown,
	field: K,
	text: string
): FieldCheck<K> {
	const read = checkField(field, text);
	if ('value' in read) apply({ [field]: read.value });
	return read;
}
