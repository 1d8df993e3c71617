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
	formatRef,
	parseRef,
	type LegacyAims
} from './aimUrl';
import { describeRef, indexOfRef } from './targeting';
import { STEP_NAMES, type FlowId, type FlowSettings, type StepRef, type TraceStep } from './types';

/** What a shared link restores: the settings, and the step shown (0-based here, 1-based in URLs). */
export interface View {
	settings: FlowSettings;
	step: number;
}

/**
 * Why a link's `step=` was not followed, as a code for the notice's data: not a position nor a
 * step's name; a name no step has; a step this run does not reach (known only after the run);
 * a position past the run's end.
 */
export type StepProblemCode =
	| 'step_malformed'
	| 'step_unknown'
	| 'step_not_in_run'
	/** A position past the run's end (the page shows the last step). */
	| 'step_past_end';

export interface StepProblem {
	code: StepProblemCode;
	/** A sentence for the notice ("Ignored step=…: …"), also in `problems`. */
	message: string;
}

/** What a `step=` asks for: a position (1-based in the URL, 0-based here), or a step by its ref. */
export type StepAim = { index: number } | { ref: StepRef };

const quoteStep = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * Reads `step=`: a whole number from 1 (what the page writes, and old links), or a step by what
 * it is, as interventions and clock jumps aim: `validate-id-token`, `token-response.2`.
 */
export function readStep(text: string): { aim: StepAim } | { problem: StepProblem } {
	const n = parseInteger(text);
	if (typeof n === 'number' && n >= 1) return { aim: { index: n - 1 } };
	const ref = typeof n === 'number' ? undefined : parseRef(text);
	if (!ref || ref.nth < 1)
		return {
			problem: {
				code: 'step_malformed',
				message: `Ignored step=${quoteStep(text)}: a step is a whole number from 1, or a step's name such as validate-id-token (token-response.2 for the second). Showing the first step.`
			}
		};
	if (!(STEP_NAMES as readonly string[]).includes(ref.message))
		return {
			problem: {
				code: 'step_unknown',
				message: `Ignored step=${quoteStep(text)}: no step is called ${ref.message}. Showing the first step.`
			}
		};
	return { aim: { ref } };
}

/**
 * Where the step a link names is in a run: found by its ref, as interventions and clock jumps
 * find theirs. A step the run does not reach gives the first step, and a problem saying so.
 */
export function placeStep(
	ref: StepRef,
	steps: readonly TraceStep[]
): { index: number; problem?: StepProblem } {
	const index = indexOfRef(steps, ref);
	if (index >= 0) return { index };
	return {
		index: 0,
		problem: {
			code: 'step_not_in_run',
			message: `Ignored step=${formatRef(ref)}: this run has no ${describeRef(ref)} step. Showing the first step.`
		}
	};
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
): {
	view: View;
	problems: string[];
	legacy?: LegacyAims;
	/** The step `step=` names by its ref, to find once the flow has run (`placeStep`). */
	at?: StepRef;
	/** Why `step=` was not followed, when it was not (its sentence is in `problems` too). */
	stepProblem?: StepProblem;
} {
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
	let at: StepRef | undefined;
	let stepProblem: StepProblem | undefined;
	const stepText = get(STEP);
	if (stepText !== undefined) {
		const read = readStep(stepText);
		if ('problem' in read) {
			stepProblem = read.problem;
			messages.push(read.problem.message);
		} else if ('index' in read.aim) step = read.aim.index;
		else at = read.aim.ref;
	}
	const hasLegacy = legacy.clockJumps.length > 0 || legacy.interventions.length > 0;
	return {
		view: { settings, step },
		problems: messages,
		...(hasLegacy ? { legacy } : {}),
		...(at ? { at } : {}),
		...(stepProblem ? { stepProblem } : {})
	};
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
