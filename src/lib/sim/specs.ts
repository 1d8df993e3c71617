import { SPEC, type HttpRequest } from '../core/index';

/** The spec section an HTTP request follows, by endpoint and grant. */
export function specForRequest(request: HttpRequest): string {
	const url = new URL(request.url);
	const path = url.pathname;
	if (path.endsWith('/openid-configuration')) return SPEC.discovery;
	if (path.endsWith('/jwks.json')) return SPEC.kid;
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
	if (path === '/tokeninfo' || path === '/delegation') return SPEC.auth0Legacy;
	if (path === '/oidc/logout') return SPEC.rpLogout;
	if (path === '/oauth/device/code') return SPEC.deviceAuthorization;
	if (path === '/activate') return SPEC.deviceUserInteraction;
	if (path === '/backchannel-logout') return SPEC.backchannelRequest;
	if (path === '/frontchannel-logout') return SPEC.frontchannelRp;
	if (url.searchParams.has('code') || url.searchParams.has('error') || url.hash)
		return SPEC.authError;
	if (request.headers.some(([n]) => n.toLowerCase() === 'authorization')) return SPEC.bearer;
	return SPEC.authRequest;
}
