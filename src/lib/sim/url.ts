import { SAMPLE_USERS } from '../core/data';
import { DEFAULT_SETTINGS, LIMITS, normaliseSettings } from './settings';
import {
	isAimParam,
	readIntervention,
	readJumps,
	readLegacyInterventions,
	writeInterventions,
	writeJumps,
	type LegacyAims
} from './aimUrl';
import type { FlowId, FlowSettings } from './types';

/** What a shared link restores: the settings, and the step shown (0-based here, 1-based in URLs). */
export interface View {
	settings: FlowSettings;
	step: number;
}

/** URL parameter names, one per setting. */
const PARAM = {
	scope: 'scope',
	idTokenLifetime: 'lifetime',
	accessTokenLifetime: 'at_lifetime',
	algorithm: 'alg',
	user: 'user',
	clientType: 'client',
	rules: 'rules',
	clockJumps: 'wait',
	interventions: 'tamper, alg-none, forge, replay',
	step: 'step'
} as const;

/** Where old links kept interventions, as JSON with trace positions. */
const LEGACY_INTERVENTIONS = 'do';

/** A whole number, or the text itself, so a problem message can quote what was typed. */
function integer(text: string): number | string {
	return /^-?\d{1,12}$/.test(text.trim()) ? Number(text) : text;
}

function json(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return Symbol('invalid JSON');
	}
}

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
	note('scope', get(PARAM.scope), get(PARAM.scope));
	const lifetime = get(PARAM.idTokenLifetime);
	note('idTokenLifetime', lifetime === undefined ? undefined : integer(lifetime), lifetime);
	const atLifetime = get(PARAM.accessTokenLifetime);
	note(
		'accessTokenLifetime',
		atLifetime === undefined ? undefined : integer(atLifetime),
		atLifetime
	);
	note('algorithm', get(PARAM.algorithm), get(PARAM.algorithm));
	const user = get(PARAM.user);
	note('user', SAMPLE_USERS.find((u) => u.username === user)?.id ?? user, user);
	note('clientType', get(PARAM.clientType), get(PARAM.clientType));
	const rules = get(PARAM.rules);
	note('rules', rules === undefined ? undefined : json(rules), rules);
	// Old links aim by trace position; those are kept aside, to be converted by running the flow.
	const legacy: LegacyAims = { clockJumps: [], interventions: [] };
	const wait = get(PARAM.clockJumps);
	const jumps = wait === undefined ? undefined : readJumps(wait);
	// Converting an old link runs the flow per entry: over the limit, it is refused like any list.
	if (jumps && 'legacy' in jumps && jumps.legacy.length <= LIMITS.clockJumps)
		legacy.clockJumps = jumps.legacy;
	else note('clockJumps', jumps && 'legacy' in jumps ? jumps.legacy : (jumps?.jumps ?? wait), wait);
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
		const name = p.field === 'flow' ? 'flow' : PARAM[p.field as keyof typeof PARAM];
		const value = shown[p.field] ?? String(raw[p.field]);
		const quoted = value.length > 60 ? `${value.slice(0, 60)}…` : value;
		// Interventions show their own parameter names.
		const shownAs = p.field === 'interventions' ? quoted : `${name}=${quoted}`;
		return `Ignored ${shownAs}: ${p.message}. Using the default instead.`;
	});

	let step = 0;
	const stepText = get(PARAM.step);
	if (stepText !== undefined) {
		const n = integer(stepText);
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
	const d = DEFAULT_SETTINGS;
	if (settings.scope !== d.scope) params.set(PARAM.scope, settings.scope);
	if (settings.idTokenLifetime !== d.idTokenLifetime)
		params.set(PARAM.idTokenLifetime, String(settings.idTokenLifetime));
	if (settings.accessTokenLifetime !== d.accessTokenLifetime)
		params.set(PARAM.accessTokenLifetime, String(settings.accessTokenLifetime));
	if (settings.algorithm !== d.algorithm) params.set(PARAM.algorithm, settings.algorithm);
	if (settings.user !== d.user)
		params.set(
			PARAM.user,
			SAMPLE_USERS.find((u) => u.id === settings.user)?.username ?? settings.user
		);
	if (settings.clientType !== d.clientType) params.set(PARAM.clientType, settings.clientType);
	if (settings.rules.length) params.set(PARAM.rules, JSON.stringify(settings.rules));
	if (settings.clockJumps.length) params.set(PARAM.clockJumps, writeJumps(settings.clockJumps));
	for (const [name, value] of writeInterventions(settings.interventions))
		params.append(name, value);
	if (view.step > 0) params.set(PARAM.step, String(view.step + 1));
	return params;
}
