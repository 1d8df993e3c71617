import { LIMITS, normaliseSettings } from './settings';
import {
	parseInteger,
	SETTINGS_FIELDS,
	SETTINGS_SCHEMA,
	type FieldSpec,
	type SettingsField
} from './settingsSchema';
import {
	AIM_PARAMS,
	isAimParam,
	readIntervention,
	readJumps,
	readLegacyInterventions,
	writeInterventions,
	type LegacyAims
} from './aimUrl';
import type { FlowId, FlowSettings } from './types';

/** What a shared link restores: the settings, and the step shown (0-based here, 1-based in URLs). */
export interface View {
	settings: FlowSettings;
	step: number;
}

/** Where old links kept interventions, as JSON with trace positions. */
const LEGACY_INTERVENTIONS = 'do';

const STEP = 'step';

/** Interventions have no single parameter: each is named by its kind (see aimUrl.ts). */
const paramName = (field: SettingsField) =>
	SETTINGS_SCHEMA[field].param ?? (field === 'interventions' ? AIM_PARAMS.join(', ') : field);

/** Every setting with a query parameter of its own, read and written through the schema. */
const SIMPLE_FIELDS = SETTINGS_FIELDS.filter(
	(f) => SETTINGS_SCHEMA[f].param !== undefined && f !== 'clockJumps'
);

/**
 * Reads a view from a flow id and query parameters. Never throws: every bad value falls back
 * to its default and is reported in `problems`, phrased for a notice on the page.
 */
export function readView(
	flow: FlowId,
	params: URLSearchParams
): { view: View; problems: string[]; legacy?: LegacyAims } {
	const raw: Partial<Record<keyof FlowSettings, unknown>> = { flow };
	const get = (name: string) => params.get(name) ?? undefined;
	const shown: Partial<Record<keyof FlowSettings, string>> = {};
	const note = (field: keyof FlowSettings, value: unknown, text: string | undefined) => {
		if (text !== undefined) {
			raw[field] = value;
			shown[field] = text;
		}
	};
	for (const field of SIMPLE_FIELDS) {
		const text = get(SETTINGS_SCHEMA[field].param!);
		note(field, text === undefined ? undefined : SETTINGS_SCHEMA[field].parse(text), text);
	}
	// Old links aim by trace position; those are kept aside, to be converted by running the flow.
	const legacy: LegacyAims = { clockJumps: [], interventions: [] };
	const jumps = SETTINGS_SCHEMA.clockJumps;
	const wait = get(jumps.param!);
	const read = wait === undefined ? undefined : readJumps(wait);
	// Converting an old link runs the flow per entry: over the limit, it is refused like any list.
	if (read && 'legacy' in read && read.legacy.length <= LIMITS.clockJumps)
		legacy.clockJumps = read.legacy;
	else
		note(
			'clockJumps',
			read && 'legacy' in read ? read.legacy : wait === undefined ? undefined : jumps.parse(wait),
			wait
		);
	const oldInterventions = get(LEGACY_INTERVENTIONS);
	if (oldInterventions !== undefined) {
		const read = readLegacyInterventions(oldInterventions);
		if (read && read.length <= LIMITS.interventions) legacy.interventions = read;
		else if (read) note('interventions', read, `${LEGACY_INTERVENTIONS}=${oldInterventions}`);
		else note('interventions', oldInterventions, `${LEGACY_INTERVENTIONS}=${oldInterventions}`);
	}
	const aimed = [...params].flatMap(([name, text]) =>
		isAimParam(name) ? [[name, text] as const] : []
	);
	if (aimed.length && !raw.interventions)
		note(
			'interventions',
			aimed.map(([kind, text]) => readIntervention(kind, text)),
			aimed.map(([kind, text]) => `${kind}=${text}`).join('&')
		);

	const { settings, problems } = normaliseSettings(raw);
	const messages = problems.map((p) => {
		const name = paramName(p.field);
		const value = shown[p.field] ?? String(raw[p.field]);
		const quoted = value.length > 60 ? `${value.slice(0, 60)}…` : value;
		// Interventions show their own parameter names.
		const shownAs = p.field === 'interventions' ? quoted : `${name}=${quoted}`;
		return `Ignored ${shownAs}: ${p.message}. Using the default instead.`;
	});

	let step = 0;
	const stepText = get(STEP);
	if (stepText !== undefined) {
		const n = parseInteger(stepText);
		if (typeof n === 'number' && n >= 1) step = n - 1;
		else
			messages.push(
				`Ignored step=${stepText.slice(0, 20)}: a step is a whole number from 1. Showing the first step.`
			);
	}
	const hasLegacy = legacy.clockJumps.length > 0 || legacy.interventions.length > 0;
	return { view: { settings, step }, problems: messages, ...(hasLegacy ? { legacy } : {}) };
}

/** Writes the non-default parts of a view as query parameters, in a stable order. */
export function writeView(view: View): URLSearchParams {
	const { settings } = view;
	const params = new URLSearchParams();
	for (const field of SETTINGS_FIELDS) {
		const spec = SETTINGS_SCHEMA[field] as FieldSpec<SettingsField>;
		if (spec.param === undefined) continue;
		const text = spec.format(settings[field]);
		if (text !== spec.format(spec.fallback())) params.set(spec.param, text);
	}
	for (const [name, value] of writeInterventions(settings.interventions))
		params.append(name, value);
	if (view.step > 0) params.set(STEP, String(view.step + 1));
	return params;
}
