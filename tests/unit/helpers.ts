import {
	Clock,
	codeRedemptionRequest,
	createAuthorizationRequest,
	createIssuer,
	getHeader,
	readCallback,
	readDiscovery,
	discoveryRequest,
	readJson,
	redirectLocation,
	SPA_CLIENT,
	WEBAPP_CLIENT,
	type AuthorizationOptions,
	type ClientCredentials,
	type HttpRequest,
	type HttpResponse,
	type Issuer,
	type IssuerConfig,
	type PendingAuthorization,
	type ProviderMetadata
} from '../../src/lib/core/index';

export const START = 1_780_000_000; // a fixed simulated "now", so times in assertions are exact

export const SPA: ClientCredentials = { clientId: SPA_CLIENT.client_id, authMethod: 'none' };
export const WEBAPP: ClientCredentials = {
	clientId: WEBAPP_CLIENT.client_id,
	clientSecret: WEBAPP_CLIENT.client_secret,
	authMethod: 'client_secret_basic'
};

export async function setup(config: IssuerConfig = {}) {
	const clock = config.clock ?? new Clock(START);
	const issuer = await createIssuer({ ...config, clock });
	const metadata = readDiscovery(await issuer.handle(discoveryRequest(issuer.url)), issuer.url);
	return { issuer, clock, metadata };
}

export function get(url: string, headers: [string, string][] = []): HttpRequest {
	return { method: 'GET', url, headers };
}

export function post(
	url: string,
	body: Record<string, string>,
	headers: [string, string][] = []
): HttpRequest {
	return {
		method: 'POST',
		url,
		headers: [['Content-Type', 'application/x-www-form-urlencoded'], ...headers],
		body: new URLSearchParams(body).toString()
	};
}

export function body(response: HttpResponse): Record<string, unknown> {
	return readJson(response);
}

/** Parameters of a redirect's query or fragment. */
export function redirectParams(response: HttpResponse): Record<string, string | undefined> {
	const location = redirectLocation(response);
	if (!location)
		throw new Error(
			`expected a redirect, got HTTP ${response.status}: ${response.body.slice(0, 200)}`
		);
	const url = new URL(location);
	return Object.fromEntries(
		new URLSearchParams(url.hash ? url.hash.slice(1) : url.search.slice(1))
	);
}

export function sessionCookie(response: HttpResponse): string {
	const cookie = getHeader(response, 'set-cookie');
	if (!cookie) throw new Error('no session cookie');
	return cookie.split(';')[0] ?? '';
}

export interface LoginOptions extends Partial<AuthorizationOptions> {
	credentials?: ClientCredentials;
	cookie?: string;
}

/** Authorizes with login_hint (non-interactive login) and returns the callback. */
export async function authorize(
	issuer: Issuer,
	metadata: ProviderMetadata,
	opts: LoginOptions = {}
) {
	const credentials = opts.credentials ?? SPA;
	const redirectUri =
		opts.redirectUri ??
		(credentials === SPA ? SPA_CLIENT.redirect_uris[0]! : WEBAPP_CLIENT.redirect_uris[0]!);
	const pending = await createAuthorizationRequest(metadata, {
		clientId: credentials.clientId,
		scope: 'openid profile email',
		loginHint: 'auth0|alice',
		...opts,
		redirectUri
	});
	const response = await issuer.handle(
		get(pending.url, opts.cookie ? [['Cookie', opts.cookie]] : [])
	);
	return { pending, response };
}

/** A whole authorization-code flow: authorize, callback, redeem. */
export async function codeFlow(
	issuer: Issuer,
	metadata: ProviderMetadata,
	opts: LoginOptions = {}
) {
	const credentials = opts.credentials ?? SPA;
	const { pending, response } = await authorize(issuer, metadata, opts);
	const callback = readCallback({ url: redirectLocation(response)! }, pending, issuer.url);
	if (!callback.ok) throw new Error(`callback failed: ${callback.error} ${callback.description}`);
	const code = callback.params.code!;
	const tokenResponse = await issuer.handle(
		codeRedemptionRequest(metadata, credentials, code, pending)
	);
	return {
		pending,
		code,
		authorizeResponse: response,
		tokenResponse,
		tokens: body(tokenResponse) as unknown as TokenBody,
		credentials
	};
}

/** A successful token response, as the tests read it. */
export interface TokenBody {
	access_token: string;
	id_token: string;
	refresh_token?: string;
	token_type: string;
	expires_in: number;
	scope: string;
}

export type { PendingAuthorization };
