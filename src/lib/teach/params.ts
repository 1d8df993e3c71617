/**
 * The parameters of the messages that set up a sign-in, each with its role in one line and the
 * sections it comes from: the authorization request (or the request pushed to the PAR endpoint),
 * the answer that comes back to the client's redirect URI, and the code's redemption at the
 * token endpoint. The inspector shows them as rows, so the values a check later compares (the
 * nonce, the state, the PKCE challenge) are seen being sent. Walked by tests/unit/teach/params.
 */
import { SPEC } from '../core/spec';
import { CITE } from './cite';
import type { SpecLink } from './types';

/** Where a parameter is sent: its role depends on it (`state` is sent, then comes back). */
export type ParamPlace = 'authorization' | 'callback' | 'token';

export interface ParamRole {
	/** One line, in the small markup of teach/markup.ts. */
	text: string;
	specs: SpecLink[];
}

const rfc = (n: number, section: string, url: string): SpecLink => ({
	label: `RFC ${n} §${section}`,
	url
});
const AUTH_REQUEST = rfc(6749, '4.1.1', SPEC.oauthAuthRequest);
const AUTH_RESPONSE = rfc(6749, '4.1.2', SPEC.authorizationResponse);
const TOKEN_REQUEST = rfc(6749, '4.1.3', SPEC.oauthTokenRequest);
const PKCE_CHALLENGE = rfc(7636, '4.3', SPEC.pkceChallenge);
const PKCE_VERIFIER = rfc(7636, '4.5', SPEC.pkceVerifierSent);
const PAR_RESPONSE = rfc(9126, '2.2', SPEC.parResponse);
const PAR_AUTHORIZE = rfc(9126, '4', SPEC.parAuthorize);

export const PARAM_ROLES: Record<ParamPlace, Record<string, ParamRole>> = {
	authorization: {
		response_type: {
			text: 'Which answer is asked for: `code`, an authorization code to redeem at the token endpoint; `id_token` and `token` ask for tokens in the answer itself.',
			specs: [CITE.authRequest, AUTH_REQUEST, CITE.responseTypeCombinations]
		},
		client_id: {
			text: 'Which client asks; the id_token’s `aud` must contain it.',
			specs: [CITE.authRequest, CITE.idTokenValidation]
		},
		redirect_uri: {
			text: 'Where the answer is sent back; it must exactly match a redirect URI registered for this client.',
			specs: [CITE.authRequest]
		},
		scope: {
			text: 'What is asked for: `openid` makes it an OpenID Connect request; `profile`, `email`… ask for claims.',
			specs: [CITE.authRequest, CITE.scopeClaims]
		},
		state: {
			text: 'A value the client keeps for this browser; it must come back unchanged with the answer, so an answer to a request the client never made is refused (CSRF).',
			specs: [AUTH_REQUEST, CITE.oauthCsrf]
		},
		nonce: {
			text: 'A value the issuer copies into the id_token unchanged; the client refuses an id_token whose nonce is not the one it sent (replay).',
			specs: [CITE.authRequest, CITE.idTokenValidation]
		},
		code_challenge: {
			text: 'Derived from a secret the client keeps (`code_verifier`): the code is redeemed only with that secret.',
			specs: [PKCE_CHALLENGE, CITE.pkceVerify]
		},
		code_challenge_method: {
			text: 'How the challenge was derived: `S256`, the base64url SHA-256 of the verifier. RFC 7636 assumes `plain` when it is missing, but clients should use S256; this issuer refuses anything else.',
			specs: [PKCE_CHALLENGE, CITE.pkce]
		},
		response_mode: {
			text: 'How the answer comes back; `form_post` posts it in a form instead of putting it in the URL.',
			specs: [CITE.formPost]
		},
		prompt: {
			text: '`none`: show no page; answer at once, or with an error such as `login_required` when there is no session.',
			specs: [CITE.authRequest]
		},
		request_uri: {
			text: 'The reference the PAR endpoint returned, sent in place of the parameters the client pushed.',
			specs: [PAR_AUTHORIZE, PAR_RESPONSE]
		},
		request: {
			text: 'The request as a signed JWT (a request object): its claims are the parameters, signed by the client.',
			specs: [CITE.jar]
		}
	},
	callback: {
		code: {
			text: 'The authorization code: short-lived, for one use, redeemed at the token endpoint.',
			specs: [AUTH_RESPONSE]
		},
		state: {
			text: 'The state the client sent, returned unchanged: the client compares it with the one it keeps.',
			specs: [AUTH_RESPONSE, CITE.oauthCsrf]
		},
		iss: {
			text: 'The issuer that answered: the client compares it with the issuer it sent the request to (mix-up).',
			specs: [CITE.issParameter, CITE.issValidation]
		},
		scope: {
			text: 'Not in RFC 6749’s code-flow answer; this issuer adds it. It came through the browser, so it proves nothing: the scope granted is the token response’s, which must carry `scope` when it differs.',
			specs: [
				AUTH_RESPONSE,
				rfc(6749, '3.3', SPEC.scopeParameter),
				rfc(6749, '5.1', SPEC.tokenResponseOAuth)
			]
		},
		error: {
			text: 'The issuer refused: an error code comes back instead of a code.',
			specs: [CITE.authError]
		}
	},
	token: {
		grant_type: {
			text: '`authorization_code`: redeem a code.',
			specs: [TOKEN_REQUEST]
		},
		code: {
			text: 'The code that came back to the redirect URI.',
			specs: [TOKEN_REQUEST]
		},
		redirect_uri: {
			text: 'Identical to the redirect URI of the authorization request, when that request sent one.',
			specs: [TOKEN_REQUEST]
		},
		client_id: {
			text: 'The client redeeming the code: it must be the client the code was issued to.',
			specs: [TOKEN_REQUEST]
		},
		code_verifier: {
			text: 'The PKCE secret: the issuer derives the challenge from it and compares it with the one the authorization request sent.',
			specs: [PKCE_VERIFIER, CITE.pkceVerify]
		}
	}
};

/** Where a message sends its parameters, by its ref: what the rows explain. */
export function paramPlace(message: string | undefined): ParamPlace | undefined {
	switch (message) {
		case 'authorize-request':
		case 'par-request':
			return 'authorization';
		case 'callback-request':
		case 'login-response':
		case 'authorize-response':
			return 'callback';
		case 'token-request':
			return 'token';
		default:
			return undefined;
	}
}

/** A parameter's role where it is sent, if the site explains it. */
export function paramRole(place: ParamPlace, name: string): ParamRole | undefined {
	const roles = PARAM_ROLES[place];
	return Object.hasOwn(roles, name) ? roles[name] : undefined;
}
