import {
	DEFAULT_ACCESS_TOKEN_LIFETIME,
	DEFAULT_ID_TOKEN_LIFETIME,
	SAMPLE_USERS
} from '../core/data';
import { isSigningAlgorithm } from '../core/jwt/algorithms';
import { lifetimeProblem, ruleProblem } from '../core/issuer/rules';
import { readJumps, writeJumps } from './aimUrl';
import {
	FLOW_IDS,
	FORGE_RECIPES,
	MESSAGE_NAMES,
	STEP_NAMES,
	type FlowSettings,
	type StepRef
} from './types';

/** No flow sends a kind of message more often than this. */
export const MAX_OCCURRENCE = 999;

/**
 * Caps on every list and size in the settings. They keep a run to a few hundred milliseconds
 * and its diagram far below Mermaid's text limit (50,000 characters); a longer list from a URL
 * is refused with a notice naming the limit, never silently cut.
 */
export const LIMITS = {
	/** rules run at issuance */
	rules: 20,
	/** clock jumps in one run */
	clockJumps: 20,
	/** attacker interventions in one run */
	interventions: 20,
	/** scope values in the scope setting */
	scopeValues: 30,
	/** characters in the scope setting */
	scopeLength: 1000,
	/** characters of one rule, clock jump or intervention written as JSON */
	itemLength: 1500,
	/** characters of a claim name an intervention tampers with */
	claimName: 100
} as const;

export type LimitName = keyof typeof LIMITS;

/**
 * The most clock skew (seconds) the client may allow: RFC 7519 §4.1.4 and OIDC Core §2 allow
 * "some small leeway, usually no more than a few minutes". Five minutes is the top of that.
 */
export const MAX_CLOCK_SKEW = 300;

export type SettingsField = keyof FlowSettings;

/** A value over one of the LIMITS, found before its shape is checked. */
export interface LimitBreak {
	limit: LimitName;
	message: string;
}

/** Everything the app knows about one setting: its URL form, its check and its default. */
export interface FieldSpec<K extends SettingsField> {
	/**
	 * Its query parameter, or undefined when the URL carries it elsewhere: the flow is the
	 * path, interventions are one parameter each, named by kind (see aimUrl.ts).
	 */
	param?: string;
	/** URL text to a raw value for `validate`; text that cannot be read comes back as is. */
	parse(text: string): unknown;
	/** A valid value as URL text. */
	format(value: FlowSettings[K]): string;
	/** What is wrong with a raw value, phrased for people, or undefined when it is valid. */
	validate(value: unknown): string | undefined;
	/** Checked first, so no shape check ever runs on a huge value. */
	limit?(value: unknown): LimitBreak | undefined;
	/** A fresh default each time, so no caller can change a shared list. */
	fallback(): FlowSettings[K];
}

/** A whole number, or the text itself, so a problem message can quote what was typed. */
export function parseInteger(text: string): number | string {
	return /^-?\d{1,12}$/.test(text.trim()) ? Number(text) : text;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return Symbol('invalid JSON');
	}
}

const same = (text: string): unknown => text;

const LIST_NAME = { rules: 'rules', clockJumps: 'clock jumps', interventions: 'interventions' };

/** The size limits every list field shares: its length, each item's length and claim names. */
function listLimit(field: keyof typeof LIST_NAME) {
	return (value: unknown): LimitBreak | undefined => {
		if (!Array.isArray(value)) return undefined;
		const name = LIST_NAME[field];
		if (value.length > LIMITS[field])
			return {
				limit: field,
				message: `at most ${LIMITS[field]} ${name} are allowed, got ${value.length}`
			};
		const long = value.findIndex((item) => (JSON.stringify(item) ?? '').length > LIMITS.itemLength);
		if (long >= 0)
			return {
				limit: 'itemLength',
				message: `${name} ${long + 1} is longer than ${LIMITS.itemLength} characters`
			};
		const claim = value.findIndex(
			(item) => typeof item?.claim === 'string' && item.claim.length > LIMITS.claimName
		);
		if (claim >= 0)
			return {
				limit: 'claimName',
				message: `${name} ${claim + 1} names a claim longer than ${LIMITS.claimName} characters`
			};
		return undefined;
	};
}

/** Names one of `names` and a whole occurrence number from 1. */
function isStepRef(value: unknown, names: readonly string[]): boolean {
	const ref = value as Partial<StepRef> | null;
	return (
		typeof ref === 'object' &&
		ref !== null &&
		names.includes(ref.message as string) &&
		Number.isInteger(ref.nth) &&
		ref.nth! >= 1 &&
		ref.nth! <= MAX_OCCURRENCE
	);
}

const SCOPE_SYNTAX = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;

const lifetime = (fallback: number): FieldSpec<'idTokenLifetime'> => ({
	parse: parseInteger,
	format: String,
	validate: lifetimeProblem,
	fallback: () => fallback
});

/** The one table of settings, in the order URLs are written. */
export const SETTINGS_SCHEMA: { [K in SettingsField]: FieldSpec<K> } = {
	flow: {
		parse: same,
		format: String,
		validate: (v) =>
			FLOW_IDS.includes(v as FlowSettings['flow'])
				? undefined
				: `unknown flow ${JSON.stringify(v)}; choose one of ${FLOW_IDS.join(', ')}`,
		fallback: () => 'code-pkce'
	},
	scope: {
		param: 'scope',
		parse: same,
		format: String,
		validate: (v) =>
			typeof v !== 'string' || !SCOPE_SYNTAX.test(v)
				? 'scope is space-separated words of printable ASCII, without quotes or backslashes'
				: undefined,
		limit: (v) => {
			if (typeof v !== 'string') return undefined;
			if (v.length > LIMITS.scopeLength)
				return {
					limit: 'scopeLength',
					message: `scope is at most ${LIMITS.scopeLength} characters, got ${v.length}`
				};
			const count = v.split(' ').filter(Boolean).length;
			if (count > LIMITS.scopeValues)
				return {
					limit: 'scopeValues',
					message: `scope has at most ${LIMITS.scopeValues} values, got ${count}`
				};
			return undefined;
		},
		fallback: () => 'openid profile email'
	},
	idTokenLifetime: { param: 'lifetime', ...lifetime(DEFAULT_ID_TOKEN_LIFETIME) },
	accessTokenLifetime: { param: 'at_lifetime', ...lifetime(DEFAULT_ACCESS_TOKEN_LIFETIME) },
	algorithm: {
		param: 'alg',
		parse: same,
		format: String,
		validate: (v) =>
			isSigningAlgorithm(v)
				? undefined
				: `unsupported algorithm ${JSON.stringify(v)}; use RS256, PS256, ES256, EdDSA or HS256`,
		fallback: () => 'RS256'
	},
	user: {
		param: 'user',
		// Links name users by username; the settings hold their ids.
		parse: (text) => SAMPLE_USERS.find((u) => u.username === text)?.id ?? text,
		format: (id) => SAMPLE_USERS.find((u) => u.id === id)?.username ?? id,
		validate: (v) =>
			SAMPLE_USERS.some((u) => u.id === v) ? undefined : `unknown user ${JSON.stringify(v)}`,
		fallback: () => SAMPLE_USERS[0]!.id
	},
	clientType: {
		param: 'client',
		parse: same,
		format: String,
		validate: (v) => (v === 'spa' || v === 'webapp' ? undefined : 'client type is spa or webapp'),
		fallback: () => 'spa'
	},
	clockSkew: {
		param: 'skew',
		parse: parseInteger,
		format: String,
		validate: (v) =>
			typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_CLOCK_SKEW
				? undefined
				: `clock skew is a whole number of seconds from 0 to ${MAX_CLOCK_SKEW} (a few minutes at most), got ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`,
		// 0, as jose's clockTolerance: the simulated parties share one clock, so exp is exact.
		fallback: () => 0
	},
	dpopNonce: {
		param: 'dpop_nonce',
		parse: (text) => (text === 'on' ? true : text === 'off' ? false : text),
		format: (on) => (on ? 'on' : 'off'),
		validate: (v) => (typeof v === 'boolean' ? undefined : 'dpop_nonce is on or off'),
		// Off: a server nonce is a MAY (RFC 9449 §8); the DPoP flow shows it when asked.
		fallback: () => false
	},
	rules: {
		param: 'rules',
		parse: parseJson,
		format: (rules) => JSON.stringify(rules),
		validate: (v) => {
			if (!Array.isArray(v)) return 'rules must be a list';
			const bad = v.map((r, i) => [i, ruleProblem(r)] as const).find(([, p]) => p);
			return bad ? `rule ${bad[0] + 1}: ${bad[1]}` : undefined;
		},
		limit: listLimit('rules'),
		fallback: () => []
	},
	clockJumps: {
		param: 'wait',
		// Old links' step numbers are read by url.ts before this, to be converted by a run.
		parse: (text) => {
			const read = readJumps(text);
			return read && 'jumps' in read ? read.jumps : text;
		},
		format: writeJumps,
		validate: (v) =>
			Array.isArray(v) &&
			v.every(
				(j) =>
					isStepRef(j, STEP_NAMES) &&
					Number.isInteger(j.seconds) &&
					j.seconds > 0 &&
					j.seconds <= 10 * 365 * 86400
			)
				? undefined
				: 'a clock jump names a step (such as token-response, or api-request.2 for the second) and a positive whole number of seconds (at most ten years)',
		limit: listLimit('clockJumps'),
		fallback: () => []
	},
	interventions: {
		parse: same,
		format: (list) => JSON.stringify(list),
		validate: (v) =>
			Array.isArray(v) &&
			v.every(
				(i) =>
					isStepRef(i, MESSAGE_NAMES) &&
					(i.kind === 'replay' ||
						i.kind === 'alg-none' ||
						(i.kind === 'forge' && FORGE_RECIPES.includes(i.recipe)) ||
						(i.kind === 'tamper' &&
							typeof i.claim === 'string' &&
							i.claim.length > 0 &&
							['string', 'number', 'boolean'].includes(typeof i.value)))
			)
				? undefined
				: `an intervention names a message (such as token-response) and is tamper (claim, value), alg-none, replay or forge (recipe: ${FORGE_RECIPES.join(', ')})`,
		limit: listLimit('interventions'),
		fallback: () => []
	}
};

export const SETTINGS_FIELDS = Object.keys(SETTINGS_SCHEMA) as SettingsField[];

/** The settings every field's default makes. */
export function defaultSettings(): FlowSettings {
	const out: Partial<Record<SettingsField, unknown>> = {};
	for (const field of SETTINGS_FIELDS) out[field] = SETTINGS_SCHEMA[field].fallback();
	return out as FlowSettings;
}
