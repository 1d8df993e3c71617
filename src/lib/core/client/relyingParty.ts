/**
 * The relying party's side of the protocol, as plain functions the simulation's client actor
 * calls: build requests, read responses, validate. Nothing here sends anything.
 */
import type { JSONWebKeySet } from 'jose';
import type { ValidationReport } from '../jwt/checks';
import { s256 } from '../jwt/hashes';
import { formBody, getHeader, type HttpRequest, type HttpResponse } from '../http';
import { randomToken } from '../random';
import { SPEC } from '../spec';
import { validateIdToken } from './idToken';

/** The discovery fields a client uses (OpenID Connect Discovery §3). */
export interface ProviderMetadata {
	issuer: string;
	authorization_endpoint: string;
	token_endpoint: string;
	userinfo_endpoint: string;
	jwks_uri: string;
	end_session_endpoint?: string;
	authorization_response_iss_parameter_supported?: boolean;
	tokeninfo_endpoint?: string;
	delegation_endpoint?: string;
}

export interface ClientCredentials {
	clientId: string;
	/** Absent for a public client (SPA). */
	clientSecret?: string;
	authMethod: 'none' | 'client_secret_basic' | 'client_secret_post';
}

export function discoveryRequest(issuer: string): HttpRequest {
	return {
		method: 'GET',
		// Appended to the issuer's path, which may have one (OIDC Discovery §4.1).
		url: `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
		headers: [['Accept', 'application/json']]
	};
}

/** Reads discovery, insisting the document is for the issuer we asked (Discovery §4.3). */
export function readDiscovery(response: HttpResponse, issuer: string): ProviderMetadata {
	const body = readJson(response);
	if (response.status !== 200) throw new Error(`discovery failed with HTTP ${response.status}`);
	if (body.issuer !== issuer)
		throw new Error(`discovery issuer ${JSON.stringify(body.issuer)} is not ${issuer}`);
	return body as unknown as ProviderMetadata;
}

export function jwksRequest(metadata: ProviderMetadata): HttpRequest {
	return {
		method: 'GET',
		url: metadata.jwks_uri,
		headers: [['Accept', 'application/jwk-set+json, application/json']]
	};
}

/** Reads a JWKS response, keeping only entries that are JWK objects. */
export function readJwks(response: HttpResponse): JSONWebKeySet {
	const keys = readJson(response).keys;
	if (response.status !== 200 || !Array.isArray(keys))
		throw new Error(`JWKS fetch failed with HTTP ${response.status}`);
	return {
		keys: keys.filter(
			(k): k is JSONWebKeySet['keys'][number] =>
				typeof k === 'object' && k !== null && typeof k.kty === 'string'
		)
	};
}

export function readJson(response: HttpResponse): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(response.body);
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: {};
	} catch {
		return {};
	}
}

export interface AuthorizationOptions {
	clientId: string;
	redirectUri: string;
	scope: string;
	responseType?: string;
	responseMode?: 'query' | 'fragment' | 'form_post';
	prompt?: string;
	maxAge?: number;
	loginHint?: string;
	audience?: string;
	/** PKCE is on unless a flow turns it off to show why it matters. */
	pkce?: boolean;
}

/** What the client remembers between sending the user away and the callback. */
export interface PendingAuthorization {
	url: string;
	state: string;
	nonce: string;
	codeVerifier?: string;
	redirectUri: string;
	responseType: string;
	maxAge?: number;
	/**
	 * The issuer announced `authorization_response_iss_parameter_supported` (RFC 9207 §3): the
	 * client keeps that with the request, and refuses an answer that carries no `iss` (§2.4).
	 */
	issRequired?: boolean;
}

/**
 * Builds the authentication request with state (CSRF), nonce (replay) and PKCE (code injection).
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 */
export async function createAuthorizationRequest(
	metadata: ProviderMetadata,
	options: AuthorizationOptions
): Promise<PendingAuthorization> {
	const responseType = options.responseType ?? 'code';
	const state = randomToken(16);
	const nonce = randomToken(16);
	const url = new URL(metadata.authorization_endpoint);
	const set = (name: string, value: string | undefined) =>
		value !== undefined && url.searchParams.set(name, value);
	set('response_type', responseType);
	set('client_id', options.clientId);
	set('redirect_uri', options.redirectUri);
	set('scope', options.scope);
	set('state', state);
	set('nonce', nonce);
	set('response_mode', options.responseMode);
	set('prompt', options.prompt);
	set('max_age', options.maxAge?.toString());
	set('login_hint', options.loginHint);
	set('audience', options.audience);
	let codeVerifier: string | undefined;
	if (responseType.includes('code') && options.pkce !== false) {
		codeVerifier = randomToken(32);
		set('code_challenge', await s256(codeVerifier));
		set('code_challenge_method', 'S256');
	}
	return {
		url: url.href,
		state,
		nonce,
		codeVerifier,
		redirectUri: options.redirectUri,
		responseType,
		maxAge: options.maxAge,
		issRequired: metadata.authorization_response_iss_parameter_supported === true
	};
}

/**
 * A refused authorization response: `client` when one of the client's own checks (state, iss)
 * refused it, `issuer` when the issuer answered with an OAuth error; `spec` says why.
 */
export interface CallbackRefusal {
	ok: false;
	error: string;
	description: string;
	refusedBy: 'client' | 'issuer';
	spec: string;
}

/** RFC 9700 §4.7: CSRF, a forged response loaded at the client's redirect URI. */
const CSRF = 'https://www.rfc-editor.org/rfc/rfc9700#section-4.7';
/** RFC 9207 §2.4: how a client validates the issuer identifier of an authorization response. */
const ISS_VALIDATION = 'https://www.rfc-editor.org/rfc/rfc9207#section-2.4';

export type CallbackResult = { ok: true; params: Record<string, string> } | CallbackRefusal;

/**
 * Reads the authorization response from wherever the response mode put it (query, fragment or
 * form body), then checks state and iss (RFC 9207) before trusting anything, an error included:
 * an error without the right iss may not come from this issuer at all (§2.4).
 */
export function readCallback(
	callback: { url: string; body?: string },
	pending: PendingAuthorization,
	issuer: string
): CallbackResult {
	const url = new URL(callback.url);
	const source =
		callback.body !== undefined
			? callback.body
			: url.hash
				? url.hash.slice(1)
				: url.search.slice(1);
	const params = Object.fromEntries(new URLSearchParams(source));
	const refuse = (error: string, description: string, spec: string): CallbackRefusal => ({
		ok: false,
		error,
		description,
		refusedBy: 'client',
		spec
	});
	if (params.state === undefined)
		return refuse(
			'state_missing',
			'the response has no state: it may be forged (CSRF), so it is ignored',
			CSRF
		);
	if (params.state !== pending.state)
		return refuse(
			'state_mismatch',
			'state does not match the request this client sent (CSRF), so the response is ignored',
			CSRF
		);
	// RFC 9207 §2.4: exact string comparison, and no iss at all is refused from an issuer that
	// announced it sends one.
	if (params.iss === undefined && pending.issRequired)
		return refuse(
			'iss_missing',
			'the issuer announced that its responses carry iss (RFC 9207), and this one has none: it may come from another server (mix-up attack)',
			ISS_VALIDATION
		);
	if (params.iss !== undefined && params.iss !== issuer)
		return refuse(
			'issuer_mismatch',
			`iss ${params.iss} is not the issuer this request went to (mix-up attack)`,
			ISS_VALIDATION
		);
	if (params.error)
		return {
			ok: false,
			error: params.error,
			description: params.error_description ?? params.error,
			refusedBy: 'issuer',
			spec: SPEC.authError
		};
	return { ok: true, params };
}

/** Puts the client's credentials on a token-endpoint request, by its registered method. */
export function withClientAuth(
	credentials: ClientCredentials,
	url: string,
	params: Record<string, string | undefined>
): HttpRequest {
	const headers: [string, string][] = [
		['Content-Type', 'application/x-www-form-urlencoded'],
		['Accept', 'application/json']
	];
	const body = { ...params };
	if (credentials.authMethod === 'client_secret_basic') {
		// client_id and secret are form-encoded before base64 (RFC 6749 §2.3.1).
		const pair = `${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret ?? '')}`;
		headers.push(['Authorization', `Basic ${btoa(pair)}`]);
	} else {
		body.client_id = credentials.clientId;
		if (credentials.authMethod === 'client_secret_post')
			body.client_secret = credentials.clientSecret;
	}
	return { method: 'POST', url, headers, body: formBody(body) };
}

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3 */
export function codeRedemptionRequest(
	metadata: ProviderMetadata,
	credentials: ClientCredentials,
	code: string,
	pending: PendingAuthorization
): HttpRequest {
	return withClientAuth(credentials, metadata.token_endpoint, {
		grant_type: 'authorization_code',
		code,
		redirect_uri: pending.redirectUri,
		code_verifier: pending.codeVerifier
	});
}

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-6 */
export function refreshRequest(
	metadata: ProviderMetadata,
	credentials: ClientCredentials,
	refreshToken: string,
	scope?: string
): HttpRequest {
	return withClientAuth(credentials, metadata.token_endpoint, {
		grant_type: 'refresh_token',
		refresh_token: refreshToken,
		scope
	});
}

/** @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1 */
export function tokenExchangeRequest(
	metadata: ProviderMetadata,
	credentials: ClientCredentials,
	subject: { token: string; type: 'access_token' | 'id_token' },
	audience: string,
	scope?: string
): HttpRequest {
	return withClientAuth(credentials, metadata.token_endpoint, {
		grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
		subject_token: subject.token,
		subject_token_type: `urn:ietf:params:oauth:token-type:${subject.type}`,
		requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
		audience,
		scope
	});
}

export function bearerRequest(method: string, url: string, accessToken: string): HttpRequest {
	return {
		method,
		url,
		headers: [
			['Authorization', `Bearer ${accessToken}`],
			['Accept', 'application/json']
		]
	};
}

/** Legacy: POST /tokeninfo with the id_token (Auth0, deprecated). */
export function tokeninfoRequest(metadata: ProviderMetadata, idToken: string): HttpRequest {
	const url = metadata.tokeninfo_endpoint ?? new URL('tokeninfo', metadata.issuer).href;
	return {
		method: 'POST',
		url,
		headers: [['Content-Type', 'application/json']],
		body: JSON.stringify({ id_token: idToken })
	};
}

/** Legacy: POST /delegation, `renewIdToken` (id_token) or refresh (refresh_token), optionally for a target client. */
export function delegationRequest(
	metadata: ProviderMetadata,
	credentials: ClientCredentials,
	grant: { id_token: string } | { refresh_token: string },
	target?: string,
	scope = 'openid'
): HttpRequest {
	const url = metadata.delegation_endpoint ?? new URL('delegation', metadata.issuer).href;
	return withClientAuth(credentials, url, {
		grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
		...grant,
		target,
		scope,
		api_type: 'app'
	});
}

/** @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout */
export function endSessionUrl(
	metadata: ProviderMetadata,
	idToken: string,
	postLogoutRedirectUri: string,
	state: string
): string {
	const url = new URL(
		metadata.end_session_endpoint ?? new URL('oidc/logout', metadata.issuer).href
	);
	url.searchParams.set('id_token_hint', idToken);
	url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
	url.searchParams.set('state', state);
	return url.href;
}

export interface TokenSet {
	access_token?: string;
	token_type?: string;
	expires_in?: number;
	id_token?: string;
	refresh_token?: string;
	scope?: string;
}

/**
 * Reads a token response; an error response becomes `{ error, description }`. A client that sent
 * a DPoP proof expects `token_type` DPoP, and a bearer token otherwise (RFC 9449 §5).
 */
export function readTokenResponse(
	response: HttpResponse,
	tokenType: 'Bearer' | 'DPoP' = 'Bearer'
): { ok: true; tokens: TokenSet } | { ok: false; error: string; description: string } {
	const body = readJson(response);
	if (response.status !== 200) {
		return {
			ok: false,
			error: String(body.error ?? `http_${response.status}`),
			description: String(body.error_description ?? '')
		};
	}
	// token_type is case-insensitive (RFC 6749 §5.1); an absent one is read as Bearer.
	const received = body.token_type === undefined ? 'bearer' : String(body.token_type).toLowerCase();
	if (received !== tokenType.toLowerCase()) {
		return {
			ok: false,
			error: 'unsupported_token_type',
			description: `token_type ${String(body.token_type)} is not ${tokenType}`
		};
	}
	return { ok: true, tokens: body as TokenSet };
}

/** Validates an id_token against what this client sent and received. */
export function validateReceivedIdToken(
	idToken: string,
	context: {
		metadata: ProviderMetadata;
		jwks: JSONWebKeySet;
		credentials: ClientCredentials;
		pending?: PendingAuthorization;
		/** Where the id_token came from: the authorization response, or the token endpoint. */
		channel?: 'front' | 'back';
		accessToken?: string;
		code?: string;
		now: number;
		algorithms?: string[];
		/** The client's private key, when it registered for encrypted id_tokens (OIDC Core §10.2). */
		decryptionKey?: CryptoKey;
		encryption?: { alg: string; enc: string };
		/** The leeway this client allows in exp, nbf and iat (seconds; RFC 7519 §4.1.4). */
		clockTolerance?: number;
		/** A renewed id_token: the original sign-in's claims, compared under OIDC Core §12.2. */
		original?: Record<string, unknown>;
	}
): Promise<ValidationReport> {
	// From the token endpoint, at_hash and c_hash are optional whatever the response_type.
	const responseType = context.channel === 'back' ? 'code' : context.pending?.responseType;
	return validateIdToken(idToken, {
		issuer: context.metadata.issuer,
		clientId: context.credentials.clientId,
		jwks: context.jwks,
		clientSecret: context.credentials.clientSecret,
		algorithms: context.algorithms,
		nonce: context.pending?.nonce,
		maxAge: context.pending?.maxAge,
		responseType,
		accessToken: context.accessToken,
		code: context.code,
		now: context.now,
		decryptionKey: context.decryptionKey,
		encryption: context.encryption,
		clockTolerance: context.clockTolerance,
		original: context.original
	});
}

/** Where a redirect goes; undefined when the response is not one. */
export function redirectLocation(response: HttpResponse): string | undefined {
	return response.status >= 300 && response.status < 400
		? getHeader(response, 'location')
		: undefined;
}
