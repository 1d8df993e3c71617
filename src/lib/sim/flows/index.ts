import {
	MESSAGES_API,
	REPORTS_API,
	REPORTS_CLIENT,
	VAULT_CLIENT,
	type Client
} from '../../core/data';
import { SPEC } from '../../core/spec';
import { FAPI_ATTACKS, FAPI_FLOWS } from './fapi';
import type { IssuerFaults } from '../../core/index';
import { LOGOUT_ATTACKS, LOGOUT_FLOWS } from './logout';
import type { ClientCommand } from '../machines/clientOperations';
import type { ClientEvent } from '../machines/clientMachine';
import { DEVICE_FLOWS } from './device';
import type {
	ActorName,
	ClientType,
	ClockJump,
	FlowId,
	FlowSettings,
	Intervention,
	MessageName,
	StepRef
} from '../types';

/** What a flow script can ask of the world: the person's and the clock's moves, not the protocol's. */
export interface FlowScript {
	/** Sends the client a command and waits until every actor is at rest. */
	command(event: ClientEvent, options?: { expectError?: boolean }): Promise<void>;
	/** The simulated clock jumps forward, shown as a step. */
	wait(seconds: number, why: string): Promise<void>;
	/** The issuer starts signing with a new key. */
	rotateKeys(): Promise<void>;
	/**
	 * The person picks up their phone (the browser), opens the verification URI the TV shows and
	 * types its code, then allows or denies the TV (RFC 8628 §3.3). `lure`: how the code reached
	 * them when it did not come from a screen in front of them (remote phishing, §5.4).
	 */
	activateDevice(decision?: 'allow' | 'deny', lure?: string): Promise<void>;
	/** The person opens a URL in the browser's top window, shown first as their own step. */
	visit(url: string, step: { label: string; why: string; spec: string }): Promise<void>;
	readonly settings: FlowSettings;
}

export type FlowStatus =
	'recommended' | 'legacy' | 'deprecated' | 'not-recommended' | 'pitfall' | 'attack';

export interface FlowDefinition {
	id: FlowId;
	title: string;
	/** One paragraph: what happens and why it matters. */
	summary: string;
	status: FlowStatus;
	/** Why a flow is legacy, deprecated or not recommended, and what to use instead. */
	caveat?: string;
	specs: { label: string; url: string }[];
	/** The settings this flow's run reacts to. */
	honours: (keyof FlowSettings)[];
	/** How the client is set up for this flow. */
	client: {
		/** `device`: the TV client of the device authorization grant (RFC 8628). */
		type: ClientType | 'setting' | 'device';
		responseType?: string;
		responseMode?: 'query' | 'fragment' | 'form_post';
		/** Scopes the flow needs besides the user's choice. */
		extraScopes?: string[];
		audience?: string;
		/** The FAPI client: PAR with a signed request object, private_key_jwt. */
		par?: boolean;
		/** DPoP-bound tokens: a proof with every token and API request. */
		dpop?: boolean;
		/** The registration the client runs as, when not the default SPA or web app. */
		registered?: Client;
	};
	/** Deliberate issuer misbehaviour the scenario shows the client refusing. */
	issuerFaults?: IssuerFaults;
	/** Attacks built into the flow (an attack scenario), before any the person adds. */
	interventions?: Intervention[];
	clockJumps?: ClockJump[];
	/** For attack scenarios: which defence fires, by check id or error code. */
	defence?: {
		check: string;
		where: string;
		/** The attack is not refused but has no effect: the check says what was ignored. */
		ignored?: boolean;
	};
	/** Names for the lanes where the default (Browser, Client) would mislead: a TV and a phone. */
	participants?: Partial<Record<ActorName, string>>;
	run(world: FlowScript): Promise<void>;
}

export const MESSAGES_URL = `${MESSAGES_API.identifier}messages`;
export const REPORTS_URL = `${REPORTS_API.identifier}/reports`;

const COMMON: (keyof FlowSettings)[] = [
	'scope',
	'idTokenLifetime',
	'algorithm',
	'rules',
	'user',
	'clockJumps',
	'interventions'
];
const callApi = (
	use: 'access_token' | 'id_token' | 'exchanged' = 'access_token',
	url = MESSAGES_URL
): ClientCommand => ({ type: 'CALL_API', url, use });

export const FLOWS: FlowDefinition[] = [
	{
		id: 'code-pkce',
		title: 'Authorization code + PKCE',
		summary:
			'The recommended way to sign in. The browser is sent to the issuer, the person logs in there, and the issuer redirects back with a one-time code. The client redeems the code at the token endpoint, proving with the PKCE verifier that it is the party that started the flow, and receives the id_token, which it validates before trusting who the user is.',
		status: 'recommended',
		specs: [
			{
				label: 'OIDC Core §3.1',
				url: 'https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth'
			},
			{ label: 'RFC 7636 (PKCE)', url: 'https://www.rfc-editor.org/rfc/rfc7636' },
			{ label: 'RFC 9700 §2.1.1', url: 'https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1' }
		],
		honours: [...COMMON, 'clientType'],
		client: { type: 'setting', responseType: 'code' },
		run: (w) => w.command({ type: 'LOGIN' })
	},
	{
		id: 'code-webapp',
		title: 'Authorization code, server-side web app',
		summary:
			'The same code flow for a confidential client: a web server that can keep a secret (the Auth0 guide’s responseType: "code"). The callback goes to the server, which redeems the code with its client secret in an Authorization: Basic header, validates the id_token, and starts its own session with a cookie.',
		status: 'recommended',
		specs: [
			{
				label: 'OIDC Core §3.1',
				url: 'https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth'
			},
			{ label: 'RFC 6749 §2.3.1', url: SPEC.clientAuth }
		],
		honours: COMMON,
		client: { type: 'webapp', responseType: 'code' },
		run: (w) => w.command({ type: 'LOGIN' })
	},
	{
		id: 'implicit',
		title: 'Implicit: id_token token (legacy)',
		summary:
			'The Auth0 guide’s responseType: "token" for client-side apps: the issuer returns the id_token and an access token directly in the URL fragment, with no code and no token endpoint. The client checks the nonce and at_hash, which binds the access token to the id_token.',
		status: 'not-recommended',
		caveat:
			'Not recommended (RFC 9700 §2.1.2): tokens in the URL can leak through history, referrers and injected scripts, and there is no way to bind them to the client that asked. Use the authorization code flow with PKCE instead.',
		specs: [
			{
				label: 'OIDC Core §3.2',
				url: 'https://openid.net/specs/openid-connect-core-1_0.html#ImplicitFlowAuth'
			},
			{ label: 'RFC 9700 §2.1.2', url: 'https://www.rfc-editor.org/rfc/rfc9700#section-2.1.2' }
		],
		honours: COMMON,
		client: { type: 'spa', responseType: 'id_token token', responseMode: 'fragment' },
		run: (w) => w.command({ type: 'LOGIN' })
	},
	{
		id: 'hybrid',
		title: 'Hybrid: code id_token',
		summary:
			'The issuer returns an id_token and a code together, here by form_post to the web server. Before using the code, the client validates the front-channel id_token and its c_hash, which proves the code came with this id_token and was not swapped in. Then it redeems the code for a second id_token and an access token.',
		status: 'legacy',
		caveat:
			'Still valid, but PKCE now gives the same protection against code injection more simply (RFC 9700 §2.1.1).',
		specs: [
			{
				label: 'OIDC Core §3.3',
				url: 'https://openid.net/specs/openid-connect-core-1_0.html#HybridFlowAuth'
			},
			{ label: 'OIDC Core §3.3.2.11 (c_hash)', url: SPEC.cHash },
			{ label: 'Form Post Response Mode', url: SPEC.formPost }
		],
		honours: COMMON,
		client: { type: 'webapp', responseType: 'code id_token', responseMode: 'form_post' },
		run: (w) => w.command({ type: 'LOGIN' })
	},
	{
		id: 'call-api',
		title: 'Calling an API with the access token',
		summary:
			'After sign-in the client calls the messages API with the access token as a Bearer token. The API validates it locally with the issuer’s keys, which it fetches once. Then the client wrongly sends its id_token instead: the API refuses it, because an id_token tells the client who the user is and is not a credential for an API.',
		status: 'recommended',
		specs: [
			{ label: 'RFC 6750', url: SPEC.bearer },
			{ label: 'RFC 9068 §4', url: SPEC.jwtAccessToken }
		],
		honours: [...COMMON, 'accessTokenLifetime', 'clientType'],
		client: {
			type: 'setting',
			responseType: 'code',
			extraScopes: ['read:messages'],
			audience: MESSAGES_API.identifier
		},
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command(callApi('access_token'));
			await w.command(callApi('id_token'));
		}
	},
	{
		id: 'refresh',
		title: 'Expiry and renewal with a refresh token',
		summary:
			'Time passes beyond the tokens’ lifetimes. The client finds its id_token expired and the API refuses the expired access token. With the refresh token (asked for with offline_access) the client gets new tokens without bothering the user; the issuer rotates the refresh token, so the old one can no longer be used.',
		status: 'recommended',
		specs: [
			{ label: 'OIDC Core §12', url: SPEC.refresh },
			{ label: 'RFC 9700 §4.14.2', url: SPEC.refreshRotation }
		],
		honours: [...COMMON, 'accessTokenLifetime', 'clientType'],
		client: {
			type: 'setting',
			responseType: 'code',
			extraScopes: ['offline_access', 'read:messages'],
			audience: MESSAGES_API.identifier
		},
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.wait(
				Math.max(w.settings.idTokenLifetime, w.settings.accessTokenLifetime) + 1,
				'Both tokens outlive their lifetimes.'
			);
			await w.command({ type: 'CHECK_SESSION' });
			await w.command(callApi());
			await w.command({ type: 'REFRESH' });
			await w.command(callApi());
		}
	},
	{
		id: 'silent-renew',
		title: 'Silent renew with prompt=none',
		summary:
			'A single-page app renews its tokens in a hidden iframe: it sends the browser to the issuer with prompt=none, and while the issuer’s session cookie lives, the issuer answers at once with a new code. Once the session has ended, prompt=none cannot show a login page, so the issuer answers login_required and the app must send the user to log in again.',
		status: 'recommended',
		specs: [
			{ label: 'OIDC Core §3.1.2.1 (prompt)', url: SPEC.promptNone },
			{ label: 'OIDC Core §3.1.2.6 (login_required)', url: SPEC.authError }
		],
		honours: COMMON,
		client: { type: 'spa', responseType: 'code' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.wait(3600, 'An hour later the app renews before the id_token expires.');
			await w.command({ type: 'SILENT_RENEW' });
			await w.wait(8 * 3600, 'The issuer’s login session (8 h) ends.');
			await w.command({ type: 'SILENT_RENEW' }, { expectError: true });
		}
	},
	{
		id: 'legacy-renew',
		title: 'Legacy renewal: renewIdToken and /delegation',
		summary:
			'The Auth0 guide’s renewals. While the id_token is unexpired, auth0.js’s renewIdToken trades it at /delegation for a fresh one. Once it has expired, that no longer works, and the refresh token is sent to /delegation instead.',
		status: 'deprecated',
		caveat:
			'Deprecated: /delegation is disabled for OIDC-conformant apps. Today: the refresh_token grant at the token endpoint (with rotation), or silent renew with prompt=none.',
		specs: [
			{ label: 'Auth0: OIDC-conformant authentication', url: SPEC.auth0Legacy },
			{ label: 'OIDC Core §12 (modern refresh)', url: SPEC.refresh }
		],
		honours: [...COMMON, 'clientType'],
		client: { type: 'setting', responseType: 'code', extraScopes: ['offline_access'] },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.wait(3600, 'An hour later, the id_token is still valid.');
			await w.command({ type: 'LEGACY_RENEW', grant: 'id_token' });
			await w.wait(w.settings.idTokenLifetime + 1, 'The renewed id_token expires too.');
			await w.command({ type: 'CHECK_SESSION' });
			await w.command({ type: 'LEGACY_RENEW', grant: 'id_token' }, { expectError: true });
			await w.command({ type: 'LEGACY_RENEW', grant: 'refresh_token' });
		}
	},
	{
		id: 'other-api',
		title: 'A token for another API: /delegation and token exchange',
		summary:
			'The client needs to call a second API, the reports API. The Auth0 guide’s way is /delegation, trading the id_token for an id_token addressed to another application. The modern way is token exchange (RFC 8693) at the token endpoint: the client trades its access token for one whose audience is the reports API, and calls it.',
		status: 'deprecated',
		caveat: 'The /delegation half is deprecated; token exchange is its standard successor.',
		specs: [
			{ label: 'RFC 8693 (token exchange)', url: SPEC.tokenExchange },
			{ label: 'Auth0: /delegation (legacy)', url: SPEC.auth0Legacy }
		],
		honours: [...COMMON, 'accessTokenLifetime', 'clientType'],
		client: {
			type: 'setting',
			responseType: 'code',
			extraScopes: ['read:messages'],
			audience: MESSAGES_API.identifier
		},
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command({ type: 'DELEGATE', target: REPORTS_CLIENT.client_id });
			await w.command({
				type: 'EXCHANGE',
				audience: REPORTS_API.identifier,
				scope: 'read:reports'
			});
			await w.command(callApi('exchanged', REPORTS_URL));
		}
	},
	{
		id: 'profile',
		title: 'Profile lookup: /tokeninfo versus /userinfo',
		summary:
			'The Auth0 guide’s /tokeninfo takes the id_token and returns the user’s full profile. The standard /userinfo endpoint takes the access token instead and returns the claims its scope allows. Compare what each returns.',
		status: 'deprecated',
		caveat:
			'/tokeninfo is deprecated: an id_token is not meant to be a credential. Use /userinfo with the access token.',
		specs: [
			{ label: 'OIDC Core §5.3 (UserInfo)', url: SPEC.userInfo },
			{ label: 'Auth0: /tokeninfo (legacy)', url: SPEC.auth0Legacy }
		],
		honours: [...COMMON, 'clientType'],
		client: { type: 'setting', responseType: 'code' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command({ type: 'TOKENINFO' });
			await w.command({ type: 'USERINFO' });
		}
	},
	{
		id: 'no-revocation',
		title: 'Tokens can’t be revoked',
		summary:
			'The user logs out at the issuer and the session ends, yet a copy of the access token taken before (another tab, a log file, an attacker) is still accepted by the API, and the id_token still validates: a JWT is checked with keys alone, without asking the issuer. Only expiry ends it, which is why tokens should be short-lived and renewed while the user is active.',
		status: 'pitfall',
		caveat:
			'A limit to know, not a pattern to copy: keep tokens short-lived and renew them while the user is active; where access must end at once, the API asks the issuer (token introspection) instead of trusting the signature alone.',
		specs: [
			{ label: 'RFC 7519 §4.1.4 (exp)', url: SPEC.exp },
			{ label: 'RFC 9700 §4.14', url: 'https://www.rfc-editor.org/rfc/rfc9700#section-4.14' }
		],
		honours: [...COMMON, 'accessTokenLifetime', 'clientType'],
		client: {
			type: 'setting',
			responseType: 'code',
			extraScopes: ['read:messages'],
			audience: MESSAGES_API.identifier
		},
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command(callApi());
			await w.command({ type: 'LOGOUT', keepTokens: true });
			await w.command(callApi());
			await w.command({ type: 'CHECK_SESSION' });
			await w.wait(w.settings.accessTokenLifetime + 1, 'The access token reaches its exp.');
			await w.command(callApi());
		}
	},
	{
		id: 'logout',
		title: 'Logout (RP-initiated)',
		summary:
			'The client sends the browser to the issuer’s end_session_endpoint with the id_token as a hint. The issuer ends its session, clears its cookie and redirects back to a registered post-logout URI with the client’s state. A later prompt=none request then gets login_required.',
		status: 'recommended',
		specs: [{ label: 'OIDC RP-Initiated Logout §2', url: SPEC.rpLogout }],
		honours: [...COMMON, 'clientType'],
		client: { type: 'setting', responseType: 'code' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command({ type: 'LOGOUT' });
			await w.command({ type: 'SILENT_RENEW' }, { expectError: true });
		}
	}
];

/** The messages of the code flow the attacks aim at: each the first of its kind. */
const AT = {
	authorize: { message: 'authorize-request', nth: 1 },
	callback: { message: 'callback-request', nth: 1 },
	tokenRequest: { message: 'token-request', nth: 1 },
	tokenResponse: { message: 'token-response', nth: 1 }
} as const satisfies Record<string, StepRef<MessageName>>;

const ATTACK_SPECS = {
	jws: { label: 'RFC 8725 (JWT best practices)', url: 'https://www.rfc-editor.org/rfc/rfc8725' },
	validation: { label: 'OIDC Core §3.1.3.7', url: SPEC.idTokenValidation },
	bcp: { label: 'RFC 9700 (OAuth security BCP)', url: 'https://www.rfc-editor.org/rfc/rfc9700' }
};

/** An attack scenario: the SPA signs in while an attacker acts; a named defence stops it. */
function attack(
	def: Pick<
		FlowDefinition,
		'id' | 'title' | 'summary' | 'specs' | 'interventions' | 'clockJumps' | 'defence'
	> & {
		scopes?: string[];
		run?: FlowDefinition['run'];
	}
): FlowDefinition {
	return {
		status: 'attack',
		honours: COMMON,
		client: { type: 'spa', responseType: 'code', extraScopes: def.scopes },
		run: (w) => w.command({ type: 'LOGIN' }, { expectError: true }),
		...def
	};
}

export const ATTACKS: FlowDefinition[] = [
	attack({
		id: 'attack-tamper',
		title: 'Attack: payload tampered after signing',
		summary:
			'An attacker in the middle changes the id_token’s sub to its own user id and passes the token on with the original signature. The signature covers header and payload, so the client’s signature check fails: any change, however small, is evident.',
		specs: [ATTACK_SPECS.validation, { label: 'RFC 7515 §5.2', url: SPEC.jws }],
		interventions: [{ kind: 'tamper', ...AT.tokenResponse, claim: 'sub', value: 'auth0|mallory' }],
		defence: { check: 'signature', where: 'client' }
	}),
	attack({
		id: 'attack-strip-signature',
		title: 'Attack: signature stripped',
		summary:
			'The attacker edits the payload and simply drops the signature, hoping the client only decodes. A token without a valid signature is refused.',
		specs: [ATTACK_SPECS.validation, ATTACK_SPECS.jws],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'strip-signature' }],
		defence: { check: 'signature', where: 'client' }
	}),
	attack({
		id: 'attack-alg-none',
		title: 'Attack: alg none',
		summary:
			'The attacker sets the header’s alg to "none", meaning unsigned, and removes the signature. Libraries that trusted the header’s alg once accepted such tokens. The client only accepts the algorithms it expects, and never none, in any spelling.',
		specs: [{ label: 'RFC 8725 §2.1, §3.1', url: SPEC.algVerification }, ATTACK_SPECS.validation],
		interventions: [{ kind: 'alg-none', ...AT.tokenResponse }],
		defence: { check: 'alg', where: 'client' }
	}),
	attack({
		id: 'attack-key-confusion',
		title: 'Attack: RS256 → HS256 key confusion',
		summary:
			'The attacker fetches the issuer’s public key from its JWKS and signs a forged token with HS256, using that public key as the HMAC secret. A validator that picks the algorithm from the token would verify it with the same public key and accept it. This client never makes an HMAC key from a public key.',
		specs: [{ label: 'RFC 8725 §2.1', url: SPEC.keyConfusion }, ATTACK_SPECS.validation],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'key-confusion' }],
		defence: { check: 'alg', where: 'client' }
	}),
	attack({
		id: 'attack-embedded-key',
		title: 'Attack: a token that brings its own key (jwk)',
		summary:
			'The attacker signs a forged token with its own key and embeds that key in the header’s jwk parameter. A validator that uses the embedded key verifies anything. Keys must come only from the issuer’s JWKS.',
		specs: [
			{ label: 'RFC 8725 §3.10', url: SPEC.receivedClaims },
			{ label: 'RFC 7515 §4.1.3', url: 'https://www.rfc-editor.org/rfc/rfc7515#section-4.1.3' }
		],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'embedded-jwk' }],
		defence: { check: 'header_key', where: 'client' }
	}),
	attack({
		id: 'attack-jku',
		title: 'Attack: jku pointing to the attacker’s keys',
		summary:
			'The forged token’s jku header points to a JWKS on the attacker’s server. Fetching keys from where a token says is trusting the token to vouch for itself.',
		specs: [
			{ label: 'RFC 8725 §3.10', url: SPEC.receivedClaims },
			{ label: 'RFC 7515 §4.1.2', url: 'https://www.rfc-editor.org/rfc/rfc7515#section-4.1.2' }
		],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'jku' }],
		defence: { check: 'header_key', where: 'client' }
	}),
	attack({
		id: 'attack-kid',
		title: 'Attack: kid path traversal',
		summary:
			'The forged token’s kid is "../../../../dev/null", aimed at validators that read key files by kid. Here kid is only ever compared with the kids of the published keys, and the client will not refetch the JWKS again within a minute.',
		specs: [{ label: 'RFC 7515 §4.1.4', url: SPEC.kid }, ATTACK_SPECS.jws],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'kid-traversal' }],
		defence: { check: 'kid', where: 'client' }
	}),
	attack({
		id: 'attack-expired',
		title: 'Attack: an expired token',
		summary:
			'The token response is held back and delivered after the id_token’s lifetime (a delayed or replayed response). The client compares exp with its own clock and refuses it.',
		specs: [{ label: 'RFC 7519 §4.1.4', url: SPEC.exp }, ATTACK_SPECS.validation],
		clockJumps: [{ ...AT.tokenResponse, seconds: 36_001 }],
		defence: { check: 'exp', where: 'client' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' }, { expectError: true });
		}
	}),
	attack({
		id: 'attack-access-token-as-id-token',
		title: 'Attack: an access token passed off as an id_token',
		summary:
			'Both tokens are signed by the issuer with the same key, so the signature holds. The attacker puts the access token where the id_token belongs. Explicit typing (typ at+jwt) and the audience tell them apart.',
		specs: [
			{ label: 'RFC 8725 §3.11', url: SPEC.explicitTyping },
			{ label: 'RFC 9068 §2.1', url: 'https://www.rfc-editor.org/rfc/rfc9068#section-2.1' }
		],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'access-token-as-id-token' }],
		defence: { check: 'typ', where: 'client' }
	}),
	attack({
		id: 'attack-csrf',
		title: 'Attack: CSRF on the callback',
		summary:
			'The attacker starts a login of its own, stops before the callback, and makes the victim’s browser load the client’s callback with the attacker’s code. Without a check, the victim would be signed in to the attacker’s account. The client only accepts a response carrying the state it stored for this browser.',
		specs: [
			{ label: 'RFC 9700 §4.7', url: 'https://www.rfc-editor.org/rfc/rfc9700#section-4.7' },
			{ label: 'RFC 6749 §10.12', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-10.12' }
		],
		interventions: [{ kind: 'forge', ...AT.callback, recipe: 'csrf' }],
		defence: { check: 'state_missing', where: 'client' }
	}),
	attack({
		id: 'attack-code-injection',
		title: 'Attack: authorization code injection',
		summary:
			'The attacker slips a code issued for its own account into the victim’s callback, with the victim’s state intact. The client redeems it with its own PKCE code_verifier, which does not match the code_challenge the attacker’s code was issued for, so the issuer refuses.',
		specs: [
			{ label: 'RFC 9700 §4.5', url: 'https://www.rfc-editor.org/rfc/rfc9700#section-4.5' },
			{ label: 'RFC 7636 §4.6', url: SPEC.pkce }
		],
		interventions: [{ kind: 'forge', ...AT.callback, recipe: 'inject-code' }],
		defence: { check: 'invalid_grant', where: 'issuer' }
	}),
	attack({
		id: 'attack-code-reuse',
		title: 'Attack: authorization code reuse',
		summary:
			'An attacker with a copy of the token request (a log, a proxy) sends it again. Codes are single use: the issuer refuses the replay and revokes the tokens the code already issued, so even the client’s access token stops working at /userinfo.',
		specs: [
			{ label: 'RFC 6749 §4.1.2', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2' },
			ATTACK_SPECS.bcp
		],
		interventions: [{ kind: 'replay', ...AT.tokenRequest }],
		defence: { check: 'invalid_grant', where: 'issuer' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command({ type: 'USERINFO' });
		}
	}),
	attack({
		id: 'attack-redirect-uri',
		title: 'Attack: redirect_uri manipulation',
		summary:
			'The attacker sends the victim a real login link whose redirect_uri points to the attacker’s site, to collect the code. The issuer compares redirect_uri exactly with the registered ones and shows an error page instead of redirecting anywhere.',
		specs: [
			{ label: 'RFC 9700 §4.1', url: SPEC.redirectUri },
			{ label: 'RFC 6749 §3.1.2.4', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2.4' }
		],
		interventions: [{ kind: 'forge', ...AT.authorize, recipe: 'redirect-uri' }],
		defence: { check: 'invalid_request', where: 'issuer' }
	}),
	attack({
		id: 'attack-refresh-replay',
		title: 'Attack: refresh token replay after rotation',
		summary:
			'The attacker copied a refresh token request. After the client has used (and so rotated) that refresh token, the attacker replays it. The issuer sees an already-rotated token and revokes the whole family, so the client’s newer refresh token fails too: the theft is contained.',
		specs: [
			{ label: 'RFC 9700 §4.14.2', url: SPEC.refreshRotation },
			{ label: 'OIDC Core §12', url: SPEC.refresh }
		],
		scopes: ['offline_access'],
		// The second token request: the refresh, after the code was redeemed.
		interventions: [{ kind: 'replay', message: 'token-request', nth: 2 }],
		defence: { check: 'invalid_grant', where: 'issuer' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command({ type: 'REFRESH' });
			await w.command({ type: 'REFRESH' }, { expectError: true });
		}
	})
];

FLOWS.push(
	{
		id: 'key-rotation',
		title: 'Key rotation',
		summary:
			'The issuer starts signing with a new key. The client’s cached JWKS does not have the new kid, so it fetches the JWKS again, once, finds the key and accepts the token. Right after, a token under a kid nobody published arrives: the client does not refetch again so soon, and refuses it.',
		status: 'recommended',
		specs: [
			{
				label: 'OIDC Core §10.1.1',
				url: 'https://openid.net/specs/openid-connect-core-1_0.html#RotateSigKeys'
			},
			{ label: 'RFC 7517 (JWK)', url: 'https://www.rfc-editor.org/rfc/rfc7517' }
		],
		honours: COMMON,
		client: { type: 'spa', responseType: 'code', extraScopes: ['offline_access'] },
		// The token response of the second refresh, right after the client refetched the JWKS.
		interventions: [{ kind: 'forge', message: 'token-response', nth: 3, recipe: 'kid-unknown' }],
		defence: { check: 'kid', where: 'client' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.wait(120, 'Two minutes later.');
			await w.rotateKeys();
			await w.command({ type: 'REFRESH' });
			await w.command({ type: 'REFRESH' }, { expectError: true });
		}
	},
	...ATTACKS
);

// PAR + JAR + private_key_jwt and DPoP (issue 17): flows, and attacks refused by a named defence.
ATTACKS.push(...FAPI_ATTACKS);
FLOWS.push(...FAPI_FLOWS, ...FAPI_ATTACKS);
// The device authorization grant (RFC 8628): the TV flow and its refusal scenarios.
FLOWS.push(...DEVICE_FLOWS);
// ---- Encrypted id_token (OIDC Core §10.2): the flow and its attack, in one group. ----

const ENCRYPTION_SPECS = {
	core: { label: 'OIDC Core §10.2 (encryption)', url: SPEC.idTokenEncryption },
	jwe: { label: 'RFC 7516 (JWE)', url: SPEC.jweCompact },
	nested: { label: 'RFC 7519 §5.2 (nested JWT)', url: SPEC.nestedJwt },
	registration: {
		label: 'OIDC Registration §2 (id_token_encrypted_response_alg)',
		url: 'https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata'
	}
};
const VAULT_SETUP: FlowDefinition['client'] = {
	type: 'webapp',
	responseType: 'code',
	registered: VAULT_CLIENT
};

FLOWS.push({
	id: 'encrypted-id-token',
	title: 'Encrypted id_token (signed, then encrypted)',
	summary:
		'The Vault web app registered a public encryption key with the issuer (id_token_encrypted_response_alg RSA-OAEP-256, enc A256GCM), and the discovery document says the issuer supports both. The issuer signs the id_token as usual, then encrypts it to that key: a nested JWT in a five-part JWE. Browser extensions, proxies and logs that see the token response see only ciphertext, so the claims stay private. The client decrypts with its private key, finds a signed JWT inside, and validates that as any id_token.',
	status: 'recommended',
	specs: [
		ENCRYPTION_SPECS.core,
		ENCRYPTION_SPECS.jwe,
		ENCRYPTION_SPECS.nested,
		ENCRYPTION_SPECS.registration
	],
	honours: COMMON,
	client: VAULT_SETUP,
	run: (w) => w.command({ type: 'LOGIN' })
});

const JWE_FORGERY: FlowDefinition = {
	...attack({
		id: 'attack-jwe-forged-signature',
		title: 'Attack: an encrypted token signed by someone else',
		summary:
			'The client’s encryption key is public: anyone can encrypt a token to it. The attacker writes an id_token about itself, signs it with its own key under the issuer’s kid, encrypts it to the Vault client and swaps it into the token response. The client decrypts it without trouble, which proves nothing about who wrote it; the signature inside does not verify with the issuer’s key, so the client refuses it.',
		specs: [ENCRYPTION_SPECS.core, ENCRYPTION_SPECS.nested, ATTACK_SPECS.validation],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'jwe-forged-signature' }],
		defence: { check: 'signature', where: 'client' }
	}),
	client: VAULT_SETUP
};
FLOWS.push(JWE_FORGERY);
ATTACKS.push(JWE_FORGERY);

/** What a page says about a flow (no run): prerendered into the page, so no script carries it. */
export type FlowInfo = Pick<
	FlowDefinition,
	'id' | 'title' | 'summary' | 'status' | 'caveat' | 'specs' | 'defence' | 'honours'
>;

export function flowInfo(id: FlowId): FlowInfo {
	const { title, summary, status, caveat, specs, defence, honours } = flowById(id);
	return {
		id,
		title,
		summary,
		status,
		specs,
		honours,
		...(caveat && { caveat }),
		...(defence && { defence })
	};
}

export function flowById(id: FlowId): FlowDefinition {
	const flow = FLOWS.find((f) => f.id === id);
	if (!flow) throw new Error(`unknown flow ${id}`);
	return flow;
}

// Logout notifications (issue 17): their flows and attacks, in FLOW_IDS order.
FLOWS.push(...LOGOUT_FLOWS, ...LOGOUT_ATTACKS);
ATTACKS.push(...LOGOUT_ATTACKS);
