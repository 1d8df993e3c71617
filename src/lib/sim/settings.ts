import {
	DEFAULT_ACCESS_TOKEN_LIFETIME,
	DEFAULT_ID_TOKEN_LIFETIME,
	SAMPLE_USERS
} from '../core/data';
import { isSigningAlgorithm } from '../core/algorithms';
import { lifetimeProblem, ruleProblem } from '../core/rules';
import {
	FORGE_RECIPES,
	MESSAGE_NAMES,
	STEP_NAMES,
	type FlowId,
	type FlowSettings,
	type StepRef
} from './types';

/** No flow sends a kind of message more often than this. */
export const MAX_OCCURRENCE = 999;

export const FLOW_IDS: FlowId[] = [
	'code-pkce',
	'code-webapp',
	'implicit',
	'hybrid',
	'call-api',
	'refresh',
	'silent-renew',
	'legacy-renew',
	'other-api',
	'profile',
	'no-revocation',
	'logout',
	'key-rotation',
	'attack-tamper',
	'attack-strip-signature',
	'attack-alg-none',
	'attack-key-confusion',
	'attack-embedded-key',
	'attack-jku',
	'attack-kid',
	'attack-expired',
	'attack-access-token-as-id-token',
	'attack-csrf',
	'attack-code-injection',
	'attack-code-reuse',
	'attack-redirect-uri',
	'attack-refresh-replay'
];

export const DEFAULT_SETTINGS: FlowSettings = {
	flow: 'code-pkce',
	scope: 'openid profile email',
	idTokenLifetime: DEFAULT_ID_TOKEN_LIFETIME,
	accessTokenLifetime: DEFAULT_ACCESS_TOKEN_LIFETIME,
	algorithm: 'RS256',
	rules: [],
	user: SAMPLE_USERS[0]!.id,
	clientType: 'spa',
	clockJumps: [],
	interventions: []
};

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

export interface SettingsProblem {
	field: keyof FlowSettings;
	message: string;
	/** Set when the value broke one of the LIMITS. */
	limit?: LimitName;
}

/** The limit a value breaks, checked before its shape so no check ever runs on a huge list. */
function limitProblem(
	field: keyof FlowSettings,
	value: unknown
): { limit: LimitName; message: string } | undefined {
	if (field === 'scope' && typeof value === 'string') {
		if (value.length > LIMITS.scopeLength)
			return {
				limit: 'scopeLength',
				message: `scope is at most ${LIMITS.scopeLength} characters, got ${value.length}`
			};
		const count = value.split(' ').filter(Boolean).length;
		if (count > LIMITS.scopeValues)
			return {
				limit: 'scopeValues',
				message: `scope has at most ${LIMITS.scopeValues} values, got ${count}`
			};
	}
	if (field !== 'rules' && field !== 'clockJumps' && field !== 'interventions') return undefined;
	if (!Array.isArray(value)) return undefined;
	if (value.length > LIMITS[field])
		return {
			limit: field,
			message: `at most ${LIMITS[field]} ${LIST_NAME[field]} are allowed, got ${value.length}`
		};
	const long = value.findIndex((item) => (JSON.stringify(item) ?? '').length > LIMITS.itemLength);
	if (long >= 0)
		return {
			limit: 'itemLength',
			message: `${LIST_NAME[field]} ${long + 1} is longer than ${LIMITS.itemLength} characters`
		};
	const claim = value.findIndex(
		(item) => typeof item?.claim === 'string' && item.claim.length > LIMITS.claimName
	);
	if (claim >= 0)
		return {
			limit: 'claimName',
			message: `${LIST_NAME[field]} ${claim + 1} names a claim longer than ${LIMITS.claimName} characters`
		};
	return undefined;
}

const LIST_NAME = { rules: 'rules', clockJumps: 'clock jumps', interventions: 'interventions' };

/**
 * Fills in defaults and replaces every invalid value by its default, saying what was wrong.
 * Never throws: settings come from URLs and form fields.
 */
export function normaliseSettings(input: Partial<Record<keyof FlowSettings, unknown>>): {
	settings: FlowSettings;
	problems: SettingsProblem[];
} {
	const problems: SettingsProblem[] = [];
	const settings: FlowSettings = {
		...DEFAULT_SETTINGS,
		rules: [],
		clockJumps: [],
		interventions: []
	};
	const take = <K extends keyof FlowSettings>(field: K, ok: (v: unknown) => string | undefined) => {
		const value = Object.hasOwn(input, field) ? input[field] : undefined;
		if (value === undefined) return;
		const limit = limitProblem(field, value);
		if (limit) {
			problems.push({ field, ...limit });
			return;
		}
		let problem: string | undefined;
		try {
			problem = ok(value);
		} catch {
			// A shape check that trips over an odd value refuses it; it never takes the page down.
			problem = 'this value has the wrong shape';
		}
		if (problem) problems.push({ field, message: problem });
		else settings[field] = value as FlowSettings[K];
	};

	take('flow', (v) =>
		FLOW_IDS.includes(v as FlowId)
			? undefined
			: `unknown flow ${JSON.stringify(v)}; choose one of ${FLOW_IDS.join(', ')}`
	);
	take('scope', (v) =>
		typeof v !== 'string' || !/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/.test(v)
			? 'scope is space-separated words of printable ASCII, without quotes or backslashes'
			: undefined
	);
	take('idTokenLifetime', lifetimeProblem);
	take('accessTokenLifetime', lifetimeProblem);
	take('algorithm', (v) =>
		isSigningAlgorithm(v)
			? undefined
			: `unsupported algorithm ${JSON.stringify(v)}; use RS256, PS256, ES256, EdDSA or HS256`
	);
	take('user', (v) =>
		SAMPLE_USERS.some((u) => u.id === v) ? undefined : `unknown user ${JSON.stringify(v)}`
	);
	take('clientType', (v) =>
		v === 'spa' || v === 'webapp' ? undefined : 'client type is spa or webapp'
	);
	take('rules', (v) => {
		if (!Array.isArray(v)) return 'rules must be a list';
		const bad = v.map((r, i) => [i, ruleProblem(r)] as const).find(([, p]) => p);
		return bad ? `rule ${bad[0] + 1}: ${bad[1]}` : undefined;
	});
	take('clockJumps', (v) =>
		Array.isArray(v) &&
		v.every(
			(j) =>
				isStepRef(j, STEP_NAMES) &&
				Number.isInteger(j.seconds) &&
				j.seconds > 0 &&
				j.seconds <= 10 * 365 * 86400
		)
			? undefined
			: 'a clock jump names a step (such as token-response, or api-request.2 for the second) and a positive whole number of seconds (at most ten years)'
	);
	take('interventions', (v) =>
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
			: `an intervention names a message (such as token-response) and is tamper (claim, value), alg-none, replay or forge (recipe: ${FORGE_RECIPES.join(', ')})`
	);
	return { settings, problems };
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
