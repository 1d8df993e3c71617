import type { HttpRequest, HttpResponse } from '../core/http';
import type { Rule } from '../core/rules';
import type { SigningAlgorithm } from '../core/algorithms';
import type { ValidationReport } from '../core/checks';

/** The parties on the diagram. The attacker appears only in flows where one acts. */
export type ActorName = 'browser' | 'client' | 'issuer' | 'api' | 'attacker';

export const ACTOR_LABELS: Record<ActorName, string> = {
	browser: 'Browser',
	client: 'Client',
	issuer: 'Issuer',
	api: 'API',
	attacker: 'Attacker'
};

/** Attacks an attacker can mount on a message, each with real crypto or real requests. */
export const FORGE_RECIPES = [
	'strip-signature',
	'key-confusion',
	'embedded-jwk',
	'jku',
	'kid-traversal',
	'kid-unknown',
	'access-token-as-id-token',
	'csrf',
	'inject-code',
	'redirect-uri'
] as const;
export type ForgeRecipe = (typeof FORGE_RECIPES)[number];

/** Where a token sits in a message. */
export type TokenLocation = 'query' | 'fragment' | 'form' | 'header' | 'json';

/** A token found in a message, decoded when it is a JWT. */
export interface TokenSnapshot {
	/** The parameter or field that carried it: id_token, access_token, code, refresh_token, … */
	name: string;
	value: string;
	location: TokenLocation;
	/** Decoded parts, for JWTs only. */
	header?: Record<string, unknown>;
	payload?: Record<string, unknown>;
}

/**
 * One arrow or note in the sequence diagram:
 * - `request` / `response`: an HTTP message between two actors;
 * - `action`: something an actor does by itself (validates a token, a person types a password);
 * - `time`: the simulated clock jumps forward.
 */
export type StepKind = 'request' | 'response' | 'action' | 'time';

export interface TraceStep {
	index: number;
	kind: StepKind;
	from: ActorName;
	to: ActorName;
	/** Front channel: through the browser (redirects, form posts). Back channel: direct. */
	channel: 'front' | 'back';
	request?: HttpRequest;
	response?: HttpResponse;
	/** One line for the diagram: "GET /authorize", "302 Found", "validate id_token". */
	label: string;
	/** A sentence shown as a note: why this step matters, or a deprecation. */
	note?: string;
	tokens: TokenSnapshot[];
	checks?: ValidationReport;
	/** True where something was refused: an error status or a failed validation. */
	failed: boolean;
	spec: string;
	/** Simulated time, seconds since the epoch. */
	at: number;
	/**
	 * False for a message known to have happened that the capture could not see (an imported
	 * HAR shows no server-to-server call): drawn dashed, its checks not applicable.
	 */
	observed?: false;
}

export type FlowId =
	| 'code-pkce'
	| 'code-webapp'
	| 'implicit'
	| 'hybrid'
	| 'call-api'
	| 'refresh'
	| 'silent-renew'
	| 'legacy-renew'
	| 'other-api'
	| 'profile'
	| 'no-revocation'
	| 'logout'
	| 'key-rotation'
	| 'attack-tamper'
	| 'attack-strip-signature'
	| 'attack-alg-none'
	| 'attack-key-confusion'
	| 'attack-embedded-key'
	| 'attack-jku'
	| 'attack-kid'
	| 'attack-expired'
	| 'attack-access-token-as-id-token'
	| 'attack-csrf'
	| 'attack-code-injection'
	| 'attack-code-reuse'
	| 'attack-redirect-uri'
	| 'attack-refresh-replay';

/** "wait N seconds after step k" */
export interface ClockJump {
	afterStep: number;
	seconds: number;
}

/** Someone in the middle changes or repeats a message. */
export type Intervention =
	/**
	 * Change a claim of a JWT in message `step` (signature kept), or set its alg to none. The
	 * token is picked by name (id_token by default, else the first JWT in the message).
	 */
	| {
			kind: 'tamper';
			step: number;
			claim: string;
			value: string | number | boolean;
			token?: string;
	  }
	| { kind: 'alg-none'; step: number; token?: string }
	/** An attacker forges the message at `step` by one of the recipes. */
	| { kind: 'forge'; step: number; recipe: ForgeRecipe }
	/** An attacker with a copy of request `step` sends it again, right after the original's answer. */
	| { kind: 'replay'; step: number };

export type ClientType = 'spa' | 'webapp';

export interface FlowSettings {
	flow: FlowId;
	scope: string;
	/** id_token lifetime in seconds (Auth0's default: 36000, ten hours). */
	idTokenLifetime: number;
	accessTokenLifetime: number;
	algorithm: SigningAlgorithm;
	rules: Rule[];
	/** The user who logs in (a sample user's id). */
	user: string;
	clientType: ClientType;
	clockJumps: ClockJump[];
	interventions: Intervention[];
}

export interface FlowOutcome {
	/** True when the flow ran to its end, refusals included. */
	completed: boolean;
	/** Why the flow stopped early, when it did. */
	stopped?: string;
}

export interface Trace {
	flow: FlowId;
	settings: FlowSettings;
	steps: TraceStep[];
	outcome: FlowOutcome;
	startedAt: number;
	/** Names shown for the participants instead of the defaults (an imported HAR names origins). */
	participants?: Partial<Record<ActorName, string>>;
}
