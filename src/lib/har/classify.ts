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
	issuerOrigin?: string;
	clientOrigin?: string;
	/** Every redirect_uri an authorization request named, without query. */
	redirectUris: Set<string>;
	apiOrigins: Set<string>;
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

export const origin = (url: string): string | undefined =>
	URL.canParse(url) ? new URL(url).origin : undefined;

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

export const jsonBody = (x: Exchange) => json(x.response.body);

export function formBody(x: Exchange): URLSearchParams {
	const type = getHeader(x.request, 'content-type') ?? '';
	// fetch() with a URLSearchParams body sends the form type; some HARs drop the header.
	return x.request.body && (type.includes('form-urlencoded') || /^[\w.%-]+=/.test(x.request.body))
		? new URLSearchParams(x.request.body)
		: new URLSearchParams();
}

export const query = (x: Exchange) => new URL(x.request.url).searchParams;

export function isAuthorizationRequest(x: Exchange, metadata?: Metadata): boolean {
	const params = x.request.method === 'POST' ? formBody(x) : query(x);
	if (!params.has('client_id') || !params.has('response_type')) return false;
	return (
		!metadata?.authorization_endpoint || samePath(x.request.url, metadata.authorization_endpoint)
	);
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
	return from && from === land.clientOrigin ? 'client' : 'browser';
}

/** Finds the parties: the issuer from discovery or the authorization request, the client from its redirect_uri. */
export function survey(exchanges: Exchange[]): Landscape {
	const discovery = exchanges.find((x) => DISCOVERY.test(new URL(x.request.url).pathname));
	const body = discovery && jsonBody(discovery);
	const metadata = body as Metadata | undefined;
	const issuer = typeof metadata?.issuer === 'string' ? metadata.issuer : undefined;
	const authorizations = exchanges.filter((x) => isAuthorizationRequest(x, metadata));
	const first = authorizations[0];
	const redirectUris = new Set(
		authorizations
			.map((x) => (x.request.method === 'POST' ? formBody(x) : query(x)).get('redirect_uri'))
			.filter((u): u is string => !!u && URL.canParse(u))
			.map(base)
	);
	const firstRedirect = [...redirectUris][0];
	const land: Landscape = {
		metadata,
		issuer,
		issuerOrigin: origin(
			metadata?.authorization_endpoint ?? first?.request.url ?? discovery?.request.url ?? ''
		),
		clientOrigin: firstRedirect ? origin(firstRedirect) : undefined,
		redirectUris,
		apiOrigins: new Set()
	};
	return land;
}

const hasBearer = (x: Exchange) =>
	/^(Bearer|DPoP)\s/i.test(getHeader(x.request, 'authorization') ?? '');

/** The role of one exchange, given the parties. */
export function classify(x: Exchange, land: Landscape): Role {
	const url = x.request.url;
	const at = origin(url);
	const m = land.metadata;
	const path = new URL(url).pathname;
	if (land.redirectUris.has(base(url)) && !x.failed) {
		const params = x.request.method === 'POST' ? formBody(x) : query(x);
		// A callback carries the response; a bare page load of the same URL does not.
		if (['code', 'state', 'error', 'id_token', 'access_token'].some((p) => params.has(p)))
			return 'callback';
	}
	if (isStatic(x)) return 'unrelated';
	if (DISCOVERY.test(path)) return 'discovery';
	if (isAuthorizationRequest(x, m)) return 'authorize';
	if (samePath(url, m?.jwks_uri)) return 'jwks';
	if (
		samePath(url, m?.token_endpoint) ||
		(x.request.method === 'POST' && formBody(x).has('grant_type'))
	)
		return 'token';
	if (samePath(url, m?.userinfo_endpoint)) return 'userinfo';
	if (m?.end_session_endpoint && url.startsWith(base(m.end_session_endpoint))) return 'logout';
	if (at === land.issuerOrigin) {
		if (Array.isArray(jsonBody(x)?.keys)) return 'jwks';
		if (!m?.userinfo_endpoint && /\/userinfo$/.test(path)) return 'userinfo';
		if (!m?.end_session_endpoint && LOGOUT_PATH.test(path)) return 'logout';
		// The builder calls those outside a login window 'issuer-other'.
		return 'provider-page';
	}
	if (hasBearer(x)) return 'api';
	// A script of the client calling another origin for JSON: an API, even when a sanitized
	// export dropped its Authorization header.
	const mime = getHeader(x.response, 'content-type') ?? '';
	if (at !== land.clientOrigin && initiator(x, land) === 'client' && mime.includes('json'))
		return 'api';
	if (at === land.clientOrigin && isNavigation(x)) return 'client-page';
	return 'unrelated';
}
