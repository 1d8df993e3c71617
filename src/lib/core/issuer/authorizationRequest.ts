/**
 * What makes an authorization request valid, shared by /authorize and the PAR endpoint, which
 * refuses a bad request when it is pushed rather than later at /authorize (RFC 9126 §2.1).
 */
import type { Client } from '../data';
import { SPEC } from '../spec';
import { invalidScopeToken, parseScope } from '../scope';
import type { AuthorizationRequest, IssuerContext } from './context';

export const RESPONSE_TYPES = [
	'code',
	'id_token',
	'id_token token',
	'code id_token',
	'code token',
	'code id_token token',
	'token'
];
export const RESPONSE_MODES = ['query', 'fragment', 'form_post'] as const;
const PROMPTS = ['none', 'login', 'consent', 'select_account'];

/** A failure reported back to the client by redirect (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6). */
export class RedirectableError {
	constructor(
		readonly error: string,
		readonly description: string,
		/** The spec section that explains the error (error_uri, RFC 6749 §4.1.2.1). */
		readonly uri?: string
	) {}
}

/** Sorts response_type values so "token id_token" and "id_token token" mean the same. */
function normaliseResponseType(value: string): string {
	const parts = value.split(' ').filter(Boolean);
	const order = ['code', 'id_token', 'token'];
	return parts.every((p) => order.includes(p))
		? order.filter((o) => parts.includes(o)).join(' ')
		: value;
}

/**
 * How the request asks to be answered: its response_type as sent and normalised, and its
 * response_mode or, without a known one, the response type's default (OAuth 2.0 Multiple
 * Response Types): fragment when tokens come back, else query.
 */
export function requestedResponse(params: URLSearchParams) {
	const rawType = params.get('response_type') ?? '';
	const responseType = normaliseResponseType(rawType);
	const defaultMode: AuthorizationRequest['responseMode'] =
		responseType === 'code' || !RESPONSE_TYPES.includes(responseType) ? 'query' : 'fragment';
	const requestedMode = params.get('response_mode');
	const responseMode = (RESPONSE_MODES as readonly string[]).includes(requestedMode ?? '')
		? (requestedMode as AuthorizationRequest['responseMode'])
		: defaultMode;
	return { rawType, responseType, defaultMode, responseMode };
}

/** What is wrong with an authorization request pushed to PAR, checked as /authorize would check it. */
export function authorizationRequestProblem(
	ctx: IssuerContext,
	client: Client,
	params: URLSearchParams
): { error: string; description: string } | undefined {
	const redirectUri = params.get('redirect_uri');
	if (!redirectUri) return { error: 'invalid_request', description: 'redirect_uri is missing' };
	if (!client.redirect_uris.includes(redirectUri))
		return {
			error: 'invalid_request',
			description: `redirect_uri ${redirectUri} is not registered for ${client.client_id}`
		};
	const { rawType, responseType, responseMode } = requestedResponse(params);
	try {
		validateRequest(ctx, client, params, responseType, rawType, responseMode, redirectUri);
		return undefined;
	} catch (e) {
		if (e instanceof RedirectableError) return { error: e.error, description: e.description };
		throw e;
	}
}

/** The request's parameters checked and read, or a RedirectableError thrown at the first fault. */
export function validateRequest(
	ctx: IssuerContext,
	client: Client,
	params: URLSearchParams,
	responseType: string,
	rawType: string,
	responseMode: AuthorizationRequest['responseMode'],
	redirectUri: string
): AuthorizationRequest {
	const fail = (error: string, description: string, uri?: string) => {
		throw new RedirectableError(error, description, uri);
	};
	// Request objects are not supported, and discovery says so (OIDC Core §6.1, §6.2, §6.3.3).
	if (params.has('request'))
		fail('request_not_supported', 'the request parameter (request objects) is not supported');
	if (params.has('request_uri'))
		fail('request_uri_not_supported', 'the request_uri parameter is not supported');
	if (!rawType) fail('invalid_request', 'response_type is missing');
	if (!RESPONSE_TYPES.includes(responseType)) {
		fail(
			'unsupported_response_type',
			`response_type ${rawType} is not supported; use one of ${RESPONSE_TYPES.join(', ')}`
		);
	}
	const requestedMode = params.get('response_mode');
	if (requestedMode !== null && !(RESPONSE_MODES as readonly string[]).includes(requestedMode)) {
		fail(
			'unsupported_response_mode',
			`response_mode ${requestedMode} is not supported; use query, fragment or form_post`
		);
	}
	const returnsTokens = responseType !== 'code';
	if (returnsTokens && responseMode === 'query') {
		// Tokens in a query string leak into logs and Referer headers (OAuth 2.0 Multiple Response Types §3).
		fail(
			'invalid_request',
			`response_mode query must not be used with response_type ${responseType}`
		);
	}

	const scopes = parseScope(params.get('scope'));
	const badScope = invalidScopeToken(scopes);
	if (badScope !== undefined)
		fail(
			'invalid_scope',
			`scope value ${JSON.stringify(badScope)} has characters scopes may not contain`
		);
	const oidc = responseType !== 'token';
	if (oidc && !scopes.includes('openid')) {
		fail('invalid_request', 'scope must include openid for an OpenID Connect request');
	}
	const nonce = params.get('nonce') ?? undefined;
	if (responseType.includes('id_token') && !nonce) {
		fail(
			'invalid_request',
			`nonce is required when the id_token comes from the authorization endpoint (response_type ${responseType})`
		);
	}

	const method = params.get('code_challenge_method');
	const codeChallenge = params.get('code_challenge') ?? undefined;
	if (method !== null && method !== 'S256') {
		fail(
			'invalid_request',
			`code_challenge_method ${method} is not supported; only S256 is`,
			SPEC.pkceDowngrade
		);
	}
	if (codeChallenge !== undefined && !/^[A-Za-z0-9._~-]{43,128}$/.test(codeChallenge)) {
		fail('invalid_request', 'code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~');
	}
	if (codeChallenge !== undefined && method === null) {
		fail('invalid_request', 'code_challenge_method is missing; send S256 (plain is not accepted)');
	}
	if (
		responseType.includes('code') &&
		client.token_endpoint_auth_method === 'none' &&
		!codeChallenge
	) {
		fail('invalid_request', 'public clients must use PKCE: code_challenge is required');
	}

	const prompt = parseScope(params.get('prompt'));
	const unknownPrompt = prompt.find((p) => !PROMPTS.includes(p));
	if (unknownPrompt) fail('invalid_request', `prompt value ${unknownPrompt} is not supported`);
	if (prompt.includes('none') && prompt.length > 1)
		fail('invalid_request', 'prompt=none cannot be combined with other values');

	const maxAgeText = params.get('max_age');
	let maxAge: number | undefined;
	if (maxAgeText !== null) {
		if (!/^\d{1,10}$/.test(maxAgeText))
			fail(
				'invalid_request',
				`max_age must be a non-negative whole number of seconds, got ${maxAgeText}`
			);
		maxAge = Number(maxAgeText);
	}

	const audience = params.get('audience') ?? params.get('resource') ?? undefined;
	if (audience !== undefined && !ctx.apis.some((a) => a.identifier === audience)) {
		fail('invalid_target', `no API is registered with identifier ${audience}`);
	}
	if (responseType.includes('id_token') || responseType.includes('code')) {
		if (ctx.idTokenAlgorithm === 'HS256' && !client.client_secret) {
			fail(
				'unauthorized_client',
				'HS256 id_tokens are signed with the client secret, and this public client has none'
			);
		}
	}
	return {
		client,
		redirectUri,
		responseType,
		responseMode,
		scopes,
		state: params.get('state') ?? undefined,
		nonce,
		maxAge,
		prompt,
		loginHint: params.get('login_hint') ?? undefined,
		codeChallenge,
		audience,
		dpopJkt: params.get('dpop_jkt') ?? undefined
	};
}
