import type { JSONWebKeySet } from 'jose';
import { NEEDS_THE_USER } from '../core/interactionErrors';
import { fail, notApplicable, pass, type Check, type Outcome } from '../core/jwt/checks';
import { s256 } from '../core/jwt/hashes';
import { SPEC } from '../core/spec';
import { validateIdToken } from '../core/client/idToken';
import type { ValidationReport } from '../core/jwt/checks';

/** What the client asked for, read from its authorization request. */
export interface LoginRequest {
	clientId: string;
	redirectUri?: string;
	responseType: string;
	responseMode?: string;
	state?: string;
	nonce?: string;
	codeChallenge?: string;
	codeChallengeMethod?: string;
}

export function check(id: string, label: string, spec: string, outcome: Outcome): Check {
	return { id, label, spec, ...outcome, passed: outcome.status === 'passed' };
}

export function report(checks: Check[], from?: ValidationReport): ValidationReport {
	return {
		valid: checks.every((c) => c.status === 'passed' || c.status === 'not_applicable'),
		header: from?.header,
		claims: from?.claims,
		checks
	};
}

/** `state` came back unchanged: the answer belongs to the login this browser started. */
export function stateCheck(login: LoginRequest | undefined, returned: string | null): Check {
	const label = 'state returned unchanged';
	const spec = SPEC.authCodeGrant;
	// Started in a popup, another tab, or before the recording: nothing here to compare with.
	if (!login)
		return check(
			'state',
			label,
			spec,
			notApplicable('the authorization request that started this login is not in the recording')
		);
	if (login.state === undefined) {
		if (returned !== null)
			return check('state', label, spec, fail('a state came back that the request never sent'));
		return check(
			'state',
			label,
			spec,
			login.codeChallenge
				? notApplicable('no state was sent; PKCE ties this answer to the request instead')
				: login.nonce
					? notApplicable(
							'no state was sent; in OpenID Connect the nonce ties this answer to the request instead (RFC 9700 §2.1)'
						)
					: fail(
							'no state, no PKCE and no nonce: nothing ties this answer to the browser that asked (CSRF, RFC 9700 §2.1)'
						)
		);
	}
	if (returned === null)
		return check('state', label, spec, fail('the state sent was not returned'));
	return check(
		'state',
		label,
		spec,
		returned === login.state
			? pass('the state sent is the state returned')
			: fail('the state returned is not the one this browser sent: a forged or crossed response')
	);
}

/** RFC 9207: the `iss` parameter names who answered, against mix-up attacks. */
export function issParamCheck(
	returned: string | null,
	issuer: string,
	announced: boolean | undefined,
	withIdToken = false
): Check {
	const label = 'iss in the authorization response';
	const spec = SPEC.issInAuthResponse;
	// RFC 9700 §4.4.2.1: an id_token in the answer names its issuer and defends against mix-up too.
	if (returned === null && withIdToken)
		return check(
			'iss_param',
			label,
			spec,
			notApplicable(
				'no iss parameter: the id_token in the answer names its issuer, and its iss claim is checked instead (RFC 9700 §4.4.2.1)'
			)
		);
	if (returned === null) {
		return check(
			'iss_param',
			label,
			spec,
			announced
				? fail('the provider announces RFC 9207 but its answer carries no iss')
				: notApplicable('the provider does not announce RFC 9207, so no iss is expected')
		);
	}
	return check(
		'iss_param',
		label,
		spec,
		returned === issuer
			? pass(`iss = ${issuer}`)
			: fail(`iss is ${JSON.stringify(returned)}, expected ${JSON.stringify(issuer)}`)
	);
}

/** The provider answered with an error; for a silent renewal, "the user must interact" is an answer, not a fault. */
export function errorCheck(error: string, description: string | null, silent = false): Check {
	const said = `error=${error}${description ? `: ${description}` : ''}`;
	return check(
		'authorization_error',
		'The provider granted the request',
		SPEC.authError,
		silent && NEEDS_THE_USER.has(error)
			? notApplicable(
					`${said}. A silent renewal (prompt=none) needs the user: the client signs in interactively instead`
				)
			: fail(said)
	);
}

/** PKCE: the verifier in the token request hashes to the challenge in the authorization request. */
export async function pkceCheck(
	login: LoginRequest | undefined,
	verifier: string | null,
	confidential: boolean
): Promise<Check> {
	const label = 'PKCE verifier matches the challenge';
	const spec = SPEC.pkce;
	if (!login?.codeChallenge) {
		return check(
			'pkce',
			label,
			spec,
			confidential
				? notApplicable('no code_challenge was sent; this client authenticates with a secret')
				: fail('a public client sent no code_challenge: a stolen code could be redeemed')
		);
	}
	if (!verifier) return check('pkce', label, spec, fail('the token request has no code_verifier'));
	const method = login.codeChallengeMethod ?? 'plain';
	// RFC 7636 §4.2: a client able to use S256 MUST; any browser with Web Crypto is.
	if (method === 'plain')
		return check(
			'pkce',
			label,
			spec,
			fail(
				`method plain (${verifier === login.codeChallenge ? 'the verifier is the challenge sent' : 'the verifier is not even the challenge sent'}): a client able to use S256 must use it (RFC 7636 §4.2), and a browser with Web Crypto is`
			)
		);
	if (method !== 'S256')
		return check('pkce', label, spec, fail(`unknown code_challenge_method ${method}`));
	return check(
		'pkce',
		label,
		spec,
		(await s256(verifier)) === login.codeChallenge
			? pass('SHA-256 of the verifier is the challenge sent')
			: fail('SHA-256 of the verifier is not the challenge sent')
	);
}

/** The code redeemed is the code the callback received. */
export function codeCheck(callbackCode: string | undefined, redeemed: string | null): Check {
	const label = 'The code redeemed is the one returned';
	const spec = SPEC.authCodeGrant;
	if (!callbackCode)
		return check('code', label, spec, notApplicable('no callback with a code in the capture'));
	return check(
		'code',
		label,
		spec,
		redeemed === callbackCode
			? pass('same code')
			: fail('the token request redeems a code other than the one the callback received')
	);
}

export const NOT_OBSERVED =
	'the client redeemed the code on its back channel (server to server), which a browser capture cannot see';

/** The checks of a token exchange the capture could not see: all not applicable, with why. */
export function unobservedChecks(): ValidationReport {
	return report([
		check('pkce', 'PKCE verifier matches the challenge', SPEC.pkce, notApplicable(NOT_OBSERVED)),
		check(
			'code',
			'The code redeemed is the one returned',
			SPEC.authCodeGrant,
			notApplicable(NOT_OBSERVED)
		),
		check(
			'id_token',
			'id_token from the token endpoint validated',
			SPEC.idTokenValidation,
			notApplicable(NOT_OBSERVED)
		)
	]);
}

export interface IdTokenContext {
	issuer: string;
	clientId: string;
	jwks?: JSONWebKeySet;
	nonce?: string;
	responseType: string;
	accessToken?: string;
	code?: string;
	now: number;
	clockTolerance?: number;
	/** For a refreshed id_token: the claims of the sign-in's id_token (OIDC Core §12.2). */
	original?: Record<string, unknown>;
}

const NO_JWKS =
	'no JWKS in the capture and none pasted: the signature cannot be checked (paste the provider’s JWKS)';

/** The id_token checks of OpenID Connect Core at the time it was recorded; signature against the JWKS captured or pasted. */
export async function idTokenChecks(token: string, ctx: IdTokenContext): Promise<ValidationReport> {
	const result = await validateIdToken(token, {
		issuer: ctx.issuer,
		clientId: ctx.clientId,
		jwks: ctx.jwks ?? { keys: [] },
		nonce: ctx.nonce,
		responseType: ctx.responseType,
		accessToken: ctx.accessToken,
		code: ctx.code,
		now: ctx.now,
		clockTolerance: ctx.clockTolerance,
		original: ctx.original
	});
	if (ctx.jwks) return result;
	// Without keys, "no key" is not a failure of the token: say the check could not apply.
	const checks = result.checks.map((c) =>
		c.id === 'kid' || c.id === 'signature'
			? {
					...c,
					status: 'not_applicable' as const,
					passed: false,
					skipped: undefined,
					detail: NO_JWKS
				}
			: c
	);
	return report(checks, result);
}

/** What a client sent to the provider's logout endpoint, and where the provider sent it back. */
export interface LogoutRequest {
	idTokenHint?: string;
	clientId?: string;
	postLogoutRedirectUri?: string;
	state?: string;
	/** The provider's redirect back to the client after logout, when the capture has one. */
	returnedTo?: string;
}

/** RP-Initiated Logout §2: the hint names an id_token this provider issued to this client. */
export function logoutHintCheck(
	logout: LogoutRequest,
	issuer: string,
	claimsOf: (token: string) => Record<string, unknown> | undefined
): Check {
	const label = 'id_token_hint is an id_token the provider issued to this client';
	const spec = SPEC.rpLogout;
	if (!logout.idTokenHint)
		return check(
			'logout_id_token_hint',
			label,
			spec,
			notApplicable(
				'no id_token_hint was sent (RECOMMENDED, §2): the provider must then ask the user to confirm, and must not redirect to a post_logout_redirect_uri unless it can confirm that target another way (§3)'
			)
		);
	// RP-Initiated Logout §2 allows a hint the provider encrypted for itself: only it can read it.
	if (logout.idTokenHint.split('.').length === 5)
		return check(
			'logout_id_token_hint',
			label,
			spec,
			notApplicable(
				'the hint is an encrypted ID Token (JWE): only the provider can read its iss and aud'
			)
		);
	const claims = claimsOf(logout.idTokenHint);
	if (!claims)
		return check(
			'logout_id_token_hint',
			label,
			spec,
			fail('the id_token_hint is not a JWT (neither a JWS nor a JWE)')
		);
	const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
	if (claims.iss !== issuer)
		return check(
			'logout_id_token_hint',
			label,
			spec,
			fail(`the hint's iss is ${JSON.stringify(claims.iss)}, not ${JSON.stringify(issuer)}`)
		);
	if (logout.clientId && !aud.includes(logout.clientId))
		return check(
			'logout_id_token_hint',
			label,
			spec,
			fail(`the hint was issued to ${JSON.stringify(claims.aud)}, not to ${logout.clientId}`)
		);
	return check(
		'logout_id_token_hint',
		label,
		spec,
		pass(`issued by ${issuer} to ${aud.map(String).join(', ')} (an expired one is still a hint)`)
	);
}

/** RP-Initiated Logout §3: back to the post_logout_redirect_uri asked for, and only there. */
export function logoutRedirectCheck(logout: LogoutRequest): Check {
	const label = 'The provider returned to the post_logout_redirect_uri';
	const spec = SPEC.rpLogoutRedirect;
	if (!logout.postLogoutRedirectUri)
		return check(
			'logout_redirect',
			label,
			spec,
			notApplicable(
				'no post_logout_redirect_uri was sent: what the provider shows after logout is its own choice (§4)'
			)
		);
	if (!logout.returnedTo)
		return check(
			'logout_redirect',
			label,
			spec,
			notApplicable(
				'no redirect back to the client in the recording: the provider may rightly not redirect (§3), the user may have declined the logout (§2), or the recording ended first'
			)
		);
	// §3: the target is the post_logout_redirect_uri as sent (its own query kept), plus state.
	const back = URL.canParse(logout.returnedTo) ? new URL(logout.returnedTo) : undefined;
	back?.searchParams.delete('state');
	const asked = URL.canParse(logout.postLogoutRedirectUri)
		? new URL(logout.postLogoutRedirectUri).href
		: logout.postLogoutRedirectUri;
	return check(
		'logout_redirect',
		label,
		spec,
		back?.href === asked
			? pass(`back to ${asked}`)
			: fail(`sent to ${logout.returnedTo}, not to the post_logout_redirect_uri asked for`)
	);
}

/** RP-Initiated Logout §2: a state sent comes back on the redirect after logout. */
export function logoutStateCheck(logout: LogoutRequest): Check {
	const label = 'state returned after logout';
	const spec = SPEC.rpLogout;
	if (logout.state === undefined)
		return check('logout_state', label, spec, notApplicable('no state was sent with the logout'));
	if (!logout.returnedTo)
		return check(
			'logout_state',
			label,
			spec,
			notApplicable(
				'no redirect back to the client in the recording: the provider may rightly not redirect (§3), the user may have declined the logout (§2), or the recording ended first'
			)
		);
	const returned = URL.canParse(logout.returnedTo)
		? new URL(logout.returnedTo).searchParams.get('state')
		: null;
	return check(
		'logout_state',
		label,
		spec,
		returned === logout.state
			? pass('the state sent is the state returned')
			: fail(
					returned === null
						? 'the state sent was not returned'
						: 'the state returned is not the one sent'
				)
	);
}

/** RFC 9700 §4.2.4: the answer's code and tokens stay with the client and the provider. */
export function leakCheck(what: string, host: string): Check {
	return check(
		'leak_third_party',
		'The answer stays with the client',
		SPEC.refererLeak,
		fail(
			`the ${what} reached ${host}: the page that receives the answer SHOULD NOT load third-party resources (RFC 9700 §4.2.4); a code is single-use and PKCE-bound, but a token is not`
		)
	);
}
