import type { HttpRequest, HttpResponse } from '../core/http';
import type { Rule } from '../core/issuer/rules';
import type { SigningAlgorithm } from '../core/jwt/algorithms';
import type { ValidationReport } from '../core/jwt/checks';

/** The parties on the diagram. The attacker appears only in flows where one acts. */
export type ActorName = 'browser' | 'client' | 'issuer' | 'api' | 'attacker';

export const ACTOR_LABELS: Record<ActorName, string> = {
	browser: 'Browser',
	client: 'Client',
	issuer: 'Issuer',
	api: 'API',
	attacker: 'Attacker'
};

/** Who a time step is by, as the diagram, the inspector and the narration all say it. */
export const CLOCK_LABEL = 'Clock';

/** A party's name as its flow's diagram draws it ("TV (client)"), else the default label. */
export function actorName(actor: ActorName, participants?: Trace['participants']): string {
	return participants?.[actor] ?? ACTOR_LABELS[actor];
}

/** Sends a request from a party and resolves with the answer, recording both on the trace. */
export interface Transport {
	send(from: ActorName, request: HttpRequest, options?: { note?: string }): Promise<HttpResponse>;
}

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
	'csrf-leaked-state',
	'inject-code',
	'redirect-uri',
	'par-front-channel',
	'dpop-stolen-token',
	'dpop-wrong-url',
	'jwe-forged-signature',
	'id-token-as-logout-token'
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

/**
 * - `why`: what the step means; `changed`: tampered or forged on its way; `replayed`: a copy sent
 * again; `deprecated`: a legacy endpoint; `frame`: sent from a hidden iframe; `time`: why time passed.
 */
export type NoteKind = 'why' | 'changed' | 'replayed' | 'deprecated' | 'frame' | 'time';

export interface StepNote {
	kind: NoteKind;
	text: string;
}

/**
 * Who refused a step and by which rule: a validation check id (`signature`, `exp`) or an OAuth
 * error code (`invalid_grant`, `state_missing`), with the party and the spec that says so.
 */
export interface Refusal {
	code: string;
	by: ActorName;
	spec: string;
}

/** A change in transit: by the scenario's attacker, or by the person using the simulator. */
export interface Change {
	by: 'attacker' | 'person';
	how: 'tamper' | 'alg-none' | 'replay' | ForgeRecipe;
}

/**
 * Why a refusal is what the flow expects, not an error: `defence` (an attack flow's defence
 * held: the refusal is the lesson), `lesson` (a refusal the flow exists to show, like an expired
 * access token or a legacy endpoint that says no), `signed-out` (a logout ended the session, so
 * a later silent request gets login_required), `pending` (authorization_pending or slow_down
 * while the person types the device code). A refused step without one is an error.
 */
export const EXPECTED_CODES = ['defence', 'lesson', 'signed-out', 'pending'] as const;
export type ExpectedCode = (typeof EXPECTED_CODES)[number];

/**
 * A refusal a flow expects, matched by its code, and where given, the party that refuses and
 * the step (`ref.message`) it is refused at.
 */
export interface ExpectedRefusal {
	code: string;
	by?: ActorName;
	at?: StepName;
	as: ExpectedCode;
}

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
	/** A sentence shown as a note: why this step matters, or a deprecation (the notes joined). */
	note?: string;
	/** The notes, each with its kind, for consumers that must not read prose (the simulator always sets it). */
	notes?: StepNote[];
	/** Which protocol step this is; absent for the attacker's own steps, replays and time. */
	ref?: StepRef;
	/** What refused this step, when it was refused. */
	refusal?: Refusal;
	/** The refusal is one the flow expects, and why; a refusal without it is an error. */
	expected?: ExpectedCode;
	/** The message was changed or injected on its way, or this is the step that did it. */
	change?: Change;
	/** The genuine message, caught by an attacker in the middle; the changed copy follows. */
	intercepted?: true;
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

/** Every flow, by id: the one list the `FlowId` type and the URL checks come from. */
export const FLOW_IDS = [
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
	'attack-audience-confusion',
	'attack-csrf',
	'attack-csrf-leaked-state',
	'attack-code-injection',
	'attack-mix-up',
	'attack-code-reuse',
	'attack-redirect-uri',
	'attack-refresh-replay',
	'par-jar',
	'dpop',
	'attack-par-front-channel-params',
	'attack-par-reuse',
	'attack-dpop-stolen-token',
	'attack-dpop-replay',
	'attack-dpop-wrong-url',
	'attack-dpop-nonce-premade',
	'device',
	'attack-device-code-expired',
	'attack-device-phishing',
	'encrypted-id-token',
	'attack-jwe-forged-signature',
	'backchannel-logout',
	'frontchannel-logout',
	'attack-logout-replay',
	'attack-logout-nonce',
	'attack-id-token-as-logout-token'
] as const;

export type FlowId = (typeof FLOW_IDS)[number];

/**
 * What a message is, named by the endpoint it goes to and its direction: the requests and
 * responses of the protocol. Interventions and clock jumps aim at these, never at trace positions.
 */
export const MESSAGE_ENDPOINTS = [
	'authorize',
	'login',
	'callback',
	'token',
	'discovery',
	'jwks',
	'userinfo',
	'tokeninfo',
	'delegation',
	'logout',
	'api',
	'page',
	'par',
	'device-authorization',
	'activate',
	'backchannel-logout',
	'frontchannel-logout'
] as const;
export type MessageEndpoint = (typeof MESSAGE_ENDPOINTS)[number];

/** Steps that are not messages but can still be aimed at (a clock jump after them). */
export const ACTION_NAMES = [
	'person-login',
	'validate-id-token',
	/** The client checks its own session (not the id_token, checked once at sign-in). */
	'check-session',
	/** The client compares the UserInfo response's sub with the id_token's (OIDC Core §5.3.2). */
	'check-userinfo',
	'validate-access-token',
	'reject-response',
	'rotate-keys',
	'validate-pushed-request',
	/** The issuer's own checks of what a request carries (RFC 7523 §3, RFC 9101 §6.2, RFC 9449 §4.3, RFC 7636 §4.6). */
	'validate-client-assertion',
	'validate-request-object',
	'validate-dpop-proof',
	'verify-code-verifier',
	'show-user-code',
	'enter-user-code',
	'validate-logout-token',
	'check-frontchannel-logout',
	'person-visit'
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export type MessageName = `${MessageEndpoint}-request` | `${MessageEndpoint}-response`;
export type StepName = MessageName | ActionName;

export const MESSAGE_NAMES: MessageName[] = MESSAGE_ENDPOINTS.flatMap((e) => [
	`${e}-request` as const,
	`${e}-response` as const
]);
export const STEP_NAMES: StepName[] = [...MESSAGE_NAMES, ...ACTION_NAMES];

/**
 * A step of the protocol by what it is and which occurrence (1-based): the first token
 * response, the second call to the API. Steps the attacker adds, replays and time are not
 * counted, so adding a clock jump or an attack never moves what another one aims at.
 */
export interface StepRef<N extends StepName = StepName> {
	message: N;
	nth: number;
}

/** "wait N seconds after this step" */
export interface ClockJump extends StepRef {
	seconds: number;
}

/** Someone in the middle changes or repeats a message. */
export type Intervention = StepRef<MessageName> &
	(
		| /**
		   * Change a claim of a JWT in the message (signature kept). The token is picked by name
		   * (id_token by default, else the first JWT in the message).
		   */
		  {
				kind: 'tamper';
				claim: string;
				value: string | number | boolean;
				token?: string;
		  }
		  /** Set the JWT's alg to none and drop its signature. */
		| { kind: 'alg-none'; token?: string }
		/** An attacker forges the message by one of the recipes. */
		| { kind: 'forge'; recipe: ForgeRecipe }
		/** An attacker with a copy of the request sends it again, right after the original's answer. */
		| { kind: 'replay' }
	);

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
	/** Clock skew in seconds the client allows in exp, nbf and iat (RFC 7519 §4.1.4), 0 to 300. */
	clockSkew: number;
	/**
	 * The issuer and the API require a DPoP nonce of their own in every proof (RFC 9449 §8, §9):
	 * the first request is refused with use_dpop_nonce and the client retries with the nonce.
	 */
	dpopNonce: boolean;
	clockJumps: ClockJump[];
	interventions: Intervention[];
}

/**
 * How a run ended: `completed` (to the script's end, expected refusals included), `stopped`
 * (a party refused something the script did not expect, or the client could not go on), or
 * `error` (the simulator itself failed).
 */
export type OutcomeCode = 'completed' | 'stopped' | 'error';

export interface FlowOutcome {
	code: OutcomeCode;
	/** True when the flow ran to its end, refusals included. */
	completed: boolean;
	/** The client's error code when it stopped: invalid_id_token, unauthorized_client, … */
	error?: string;
	/** The last refusal recorded before the run stopped. */
	refusal?: Refusal;
	/**
	 * The run ended as its lesson: the code of its last expected refusal (never `pending`,
	 * which is a wait, not an end), when it completed and nothing unexpected was refused.
	 */
	expected?: ExpectedCode;
	/** The first refusal the flow did not expect, when there was one: an error to show as one. */
	unexpected?: Refusal;
	/** Why the flow stopped early, when it did: prose for people, never for matching. */
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
