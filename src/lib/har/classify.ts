import { getHeader } from '../core/http';
import type { Exchange } from './read';

/** What an exchange is in an OpenID Connect login. */
export type Role =
	| 'discovery'
	| 'jwks'
	| 'authorize'
	/** The provider's own pages between the request and the callback: login, consent, MFA. */
	| 'provider-page'
	/** The provider's answer that sends the browser back: a redirect, or a form_post page. */
	| 'authorization-response'
	| 'callback'
	| 'token'
	| 'userinfo'
	| 'logout'
	| 'api'
	| 'client-page'
	| 'issuer-other'
	/** Fonts, images, scripts, analytics, preflights, failed requests. */
	| 'unrelated';

/** Provider metadata from a discovery response, when the capture has one with its body. */
export interface Metadata {
	issuer?: string;
	authorization_endpoint?: string;
	token_endpoint?: string;
	userinfo_endpoint?: string;
	jwks_uri?: string;
	end_session_endpoint?: string;
	revocation_endpoint?: string;
	authorization_response_iss_parameter_supported?: boolean;
}

export interface Landscape {
	metadata?: Metadata;
	/** The issuer identifier: discovery's `issuer`, else undefined (the origin stands in). */
	issuer?: string;
	/** The authorization endpoint's origin: where the provider's own pages are. */
	issuerOrigin?: string;
	/**
	 * Every origin the provider answers on: its endpoints in discovery, and wherever a request
	 * went that only a provider answers (an authorization or token request, a JWKS). Google, for
	 * one, spreads them over four hosts.
	 */
	providerOrigins: Set<string>;
	clientOrigin?: string;
	/** Every origin a redirect_uri names: the client's. */
	clientOrigins: Set<string>;
	/** Every redirect_uri an authorization request named, without query. */
	redirectUris: Set<string>;
	/** Every post_logout_redirect_uri a logout request named, without query. */
	postLogoutUris: Set<string>;
}

const DISCOVERY = /\/\.well-known\/(openid-configuration|oauth-authorization-server)$/;
const STATIC_TYPES = new Set([
	'image',
	'font',
	'stylesheet',
	'script',
	'media',
	'ping',
	'manifest',
	'texttrack',
	'websocket',
	'preflight',
	'eventsource'
]);
const STATIC_MIME = /^(image|font|audio|video)\/|css|javascript|wasm/;
const LOGOUT_PATH = /(logout|signout|sign-out|end_session|session\/end)/i;

export const origin = (url: string): string | undefined => {
	if (!URL.canParse(url)) return undefined;
	// javascript:, data: and about: URLs have an opaque origin, serialised "null": no host to draw.
	const { origin } = new URL(url);
	return origin === 'null' ? undefined : origin;
};

/** The URL without query or fragment: what a redirect_uri is compared by. */
export const base = (url: string): string =>
	URL.canParse(url) ? `${new URL(url).origin}${new URL(url).pathname}` : url;

const samePath = (url: string, endpoint: string | undefined): boolean =>
	!!endpoint && base(url) === base(endpoint);

function json(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

/** Parsed once per exchange: survey, classify and the builder all ask. */
const parsed = new WeakMap<Exchange, Record<string, unknown> | undefined>();

export function jsonBody(x: Exchange): Record<string, unknown> | undefined {
	if (parsed.has(x)) return parsed.get(x);
	const body = x.response.body;
	// Only a body that looks like a JSON object is worth parsing.
	const value = /^\s*\{/.test(body) ? json(body) : undefined;
	parsed.set(x, value);
	return value;
}

export function formBody(x: Exchange): URLSearchParams {
	const type = getHeader(x.request, 'content-type') ?? '';
	// fetch() with a URLSearchParams body sends the form type; some HARs drop the header.
	return x.request.body && (type.includes('form-urlencoded') || /^[\w.%-]+=/.test(x.request.body))
		? new URLSearchParams(x.request.body)
		: new URLSearchParams();
}

export const query = (x: Exchange) => new URL(x.request.url).searchParams;

/** The parameters of a request: its form body when it is a form POST, else its query. */
export const paramsOf = (x: Exchange): URLSearchParams =>
	x.request.method === 'POST' ? formBody(x) : query(x);

/**
 * An authorization request, recognised by what it carries wherever it goes: a `client_id` with a
 * `response_type` (or a `request_uri` from a pushed request), sent by the browser rather than
 * answered with JSON (a PAR endpoint takes the same parameters and answers with JSON).
 */
export function isAuthorizationRequest(x: Exchange): boolean {
	const params = paramsOf(x);
	if (!params.has('client_id') || !(params.has('response_type') || params.has('request_uri')))
		return false;
	if (params.has('grant_type')) return false;
	return !/json/.test(getHeader(x.response, 'content-type') ?? '');
}

/** A token request, wherever it goes: a form POST with a `grant_type`. */
export const isTokenRequest = (x: Exchange): boolean =>
	x.request.method === 'POST' && formBody(x).has('grant_type');

/** A JWKS, by its body: a JSON object whose `keys` are JWKs. */
export function isJwks(x: Exchange): boolean {
	const keys = jsonBody(x)?.keys;
	return (
		Array.isArray(keys) &&
		keys.length > 0 &&
		keys.every((k) => typeof k === 'object' && k !== null && 'kty' in k)
	);
}

/** An RP-initiated logout request: it names the session (`id_token_hint`) or where to return. */
export function isLogoutRequest(x: Exchange, m?: Metadata): boolean {
	if (m?.end_session_endpoint && base(x.request.url) === base(m.end_session_endpoint)) return true;
	const params = paramsOf(x);
	return params.has('id_token_hint') || params.has('post_logout_redirect_uri');
}

/** A page load (or form submit) rather than a script's fetch. */
export function isNavigation(x: Exchange): boolean {
	if (x.resourceType) return x.resourceType === 'document';
	const mode = getHeader(x.request, 'sec-fetch-mode');
	if (mode) return mode === 'navigate';
	return (getHeader(x.request, 'accept') ?? '').includes('text/html');
}

export function isStatic(x: Exchange): boolean {
	if (x.failed || x.request.method === 'OPTIONS') return true;
	if (x.resourceType && STATIC_TYPES.has(x.resourceType)) return true;
	const mime = getHeader(x.response, 'content-type') ?? '';
	return STATIC_MIME.test(mime) || /\/favicon\.ico$/.test(new URL(x.request.url).pathname);
}

/** Who asked: a script of the client's page, or the browser itself (a navigation, a form). */
export function initiator(x: Exchange, land: Landscape): 'client' | 'browser' {
	if (isNavigation(x)) return 'browser';
	const from = getHeader(x.request, 'origin') ?? origin(getHeader(x.request, 'referer') ?? '');
	return from && land.clientOrigins.has(from) ? 'client' : 'browser';
}

/** Every discovery document in the capture with a readable body. */
function discoveries(exchanges: Exchange[]): Metadata[] {
	return exchanges
		.filter((x) => DISCOVERY.test(new URL(x.request.url).pathname))
		.map((x) => jsonBody(x) as Metadata | undefined)
		.filter((m): m is Metadata => typeof m?.issuer === 'string');
}

const ENDPOINTS = [
	'authorization_endpoint',
	'token_endpoint',
	'userinfo_endpoint',
	'jwks_uri',
	'end_session_endpoint',
	'revocation_endpoint'
] as const;

/**
 * Finds the parties by what the messages carry, not by paths or which host came first: the
 * issuer from discovery (the document whose authorization endpoint the logins used), the
 * provider's origins from its endpoints and from where authorization, token and JWKS requests
 * went, the client from the redirect_uris.
 */
export function survey(exchanges: Exchange[]): Landscape {
	const authorizations = exchanges.filter(isAuthorizationRequest);
	const used = new Set(authorizations.map((x) => base(x.request.url)));
	const documents = discoveries(exchanges);
	const metadata =
		documents.find(
			(m) => m.authorization_endpoint && used.has(base(String(m.authorization_endpoint)))
		) ?? documents[0];
	const issuer = typeof metadata?.issuer === 'string' ? metadata.issuer : undefined;
	const redirectUris = new Set(
		authorizations
			.map((x) => paramsOf(x).get('redirect_uri'))
			.filter((u): u is string => !!u && URL.canParse(u))
			.map(base)
	);
	const postLogoutUris = new Set(
		exchanges
			.map((x) => paramsOf(x).get('post_logout_redirect_uri'))
			.filter((u): u is string => !!u && URL.canParse(u))
			.map(base)
	);
	const clientOrigins = new Set(
		[...redirectUris].map(origin).filter((o): o is string => o !== undefined)
	);
	const providerOrigins = new Set<string>();
	const add = (url: unknown) => {
		const o = typeof url === 'string' ? origin(url) : undefined;
		if (o && !clientOrigins.has(o)) providerOrigins.add(o);
	};
	for (const key of ENDPOINTS) add(metadata?.[key]);
	add(issuer);
	for (const x of exchanges)
		if (isAuthorizationRequest(x) || isTokenRequest(x) || isJwks(x)) add(x.request.url);
	for (const x of exchanges)
		if (DISCOVERY.test(new URL(x.request.url).pathname) && jsonBody(x)) add(x.request.url);
	const firstRedirect = [...redirectUris][0];
	return {
		metadata,
		issuer,
		issuerOrigin: origin(
			String(metadata?.authorization_endpoint ?? authorizations[0]?.request.url ?? issuer ?? '')
		),
		providerOrigins,
		clientOrigin: firstRedirect ? origin(firstRedirect) : undefined,
		clientOrigins,
		redirectUris,
		postLogoutUris
	};
}

const hasBearer = (x: Exchange) =>
	/^(Bearer|DPoP)\s/i.test(getHeader(x.request, 'authorization') ?? '');

/** The answer to an authorization request or a logout carries one of these. */
const ANSWER = ['code', 'state', 'error', 'id_token', 'access_token'];

/** The role of one exchange, given the parties. */
export function classify(x: Exchange, land: Landscape): Role {
	const url = x.request.url;
	const at = origin(url);
	const m = land.metadata;
	const path = new URL(url).pathname;
	if (land.redirectUris.has(base(url)) && !x.failed) {
		// A callback carries the response; a bare page load of the same URL does not.
		if (ANSWER.some((p) => paramsOf(x).has(p))) return 'callback';
	}
	if (isStatic(x)) return 'unrelated';
	if (DISCOVERY.test(path)) return 'discovery';
	if (isAuthorizationRequest(x)) return 'authorize';
	if (isTokenRequest(x) || samePath(url, m?.token_endpoint)) return 'token';
	if (samePath(url, m?.jwks_uri) || isJwks(x)) return 'jwks';
	if (samePath(url, m?.userinfo_endpoint)) return 'userinfo';
	if (isLogoutRequest(x, m)) return 'logout';
	if (at && land.providerOrigins.has(at)) {
		if (!m?.userinfo_endpoint && /\/userinfo$/.test(path) && hasBearer(x)) return 'userinfo';
		if (LOGOUT_PATH.test(path)) return 'logout';
		// The builder calls those outside a login window 'issuer-other'.
		return 'provider-page';
	}
	if (hasBearer(x)) return 'api';
	// A script of the client calling another origin for JSON: an API, even when a sanitized
	// export dropped its Authorization header.
	const mime = getHeader(x.response, 'content-type') ?? '';
	if (at && !land.clientOrigins.has(at) && initiator(x, land) === 'client' && mime.includes('json'))
		return 'api';
	if (at && land.clientOrigins.has(at) && isNavigation(x)) return 'client-page';
	return 'unrelated';
}
