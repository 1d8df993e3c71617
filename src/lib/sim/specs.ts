import { SPEC, type HttpRequest } from '../core/index';

/** The spec section an HTTP request follows, by endpoint and grant. */
export function specForRequest(request: HttpRequest): string {
	const url = new URL(request.url);
	const path = url.pathname;
	if (path.endsWith('/openid-configuration')) return SPEC.discovery;
	if (path.endsWith('/jwks.json')) return SPEC.jwkSet;
	if (path === '/oauth/par') return SPEC.par;
	if (path === '/authorize' && url.searchParams.has('request_uri')) return SPEC.parAuthorize;
	if (request.headers.some(([n, v]) => n.toLowerCase() === 'authorization' && /^DPoP /i.test(v)))
		return SPEC.dpopResource;
	if (path === '/authorize')
		return url.searchParams.get('prompt') === 'none' ? SPEC.promptNone : SPEC.authRequest;
	if (path === '/login') return SPEC.authRequest;
	if (path === '/oauth/token') {
		const grant = new URLSearchParams(request.body ?? '').get('grant_type');
		if (grant === 'refresh_token') return SPEC.refreshGrant;
		if (grant?.includes('token-exchange')) return SPEC.tokenExchange;
		if (grant?.endsWith(':device_code')) return SPEC.deviceTokenRequest;
		return SPEC.tokenEndpoint;
	}
	if (path === '/userinfo') return SPEC.userInfo;
	if (path === '/tokeninfo') return SPEC.auth0Tokeninfo;
	if (path === '/delegation') return SPEC.auth0Delegation;
	if (path === '/oidc/logout') return SPEC.rpLogout;
	if (path === '/oauth/device/code') return SPEC.deviceAuthorization;
	if (path === '/activate') return SPEC.deviceUserInteraction;
	if (path === '/backchannel-logout') return SPEC.backchannelRequest;
	if (path === '/frontchannel-logout') return SPEC.frontchannelRp;
	const callback = authorizationResponse(request, url);
	if (callback) return callback;
	// The request's Authorization header (RFC 6750 §2.1); §3 is the WWW-Authenticate answer.
	if (request.headers.some(([n]) => n.toLowerCase() === 'authorization')) return SPEC.bearerHeader;
	return SPEC.authRequest;
}

/** Where an authorization response arriving at the client is specified, or undefined. */
function authorizationResponse(request: HttpRequest, url: URL): string | undefined {
	const has = (params: URLSearchParams) =>
		['code', 'id_token', 'access_token', 'error'].some((name) => params.has(name));
	// form_post: the parameters come as a form the browser POSTs (Form Post Response Mode §2).
	if (request.method === 'POST' && has(new URLSearchParams(request.body ?? '')))
		return SPEC.formPost;
	const fragment = new URLSearchParams(url.hash.slice(1));
	if (url.hash && has(fragment)) {
		if (fragment.has('error')) return SPEC.authError;
		// Fragment-encoded: the implicit flow's (§3.2.2.5), or the hybrid flow's when a code comes too (§3.3.2.5).
		return fragment.has('code') ? SPEC.hybridAuthResponse : SPEC.implicitAuthResponse;
	}
	if (url.searchParams.has('error')) return SPEC.authError;
	if (url.searchParams.has('code')) return SPEC.authResponse;
	return undefined;
}
