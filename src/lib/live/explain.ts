/**
 * Why a live login stopped, as a stable code with what happened, where and what to change, and
 * where the person's provider keeps the setting to change (checked against each vendor's docs).
 */
import { SPEC } from '../core/spec';
import type { StepName } from '../sim/types';

export const LIVE_CODES = [
	'LIVE_BAD_ISSUER',
	'LIVE_PROVIDER_DOWN',
	'LIVE_CORS',
	'LIVE_BAD_DISCOVERY',
	'LIVE_ORIGIN_REFUSED',
	'LIVE_REDIRECT_URI',
	'LIVE_ACCESS_DENIED',
	'LIVE_AUTHORIZATION_ERROR',
	'LIVE_NO_LOGIN',
	'LIVE_STATE',
	'LIVE_ISS_MISSING',
	'LIVE_ISS_MISMATCH',
	'LIVE_CONFIDENTIAL_CLIENT',
	'LIVE_TOKEN_ERROR',
	'LIVE_BAD_JWKS',
	'LIVE_ALG_UNSUPPORTED',
	'LIVE_CLOCK',
	'LIVE_ID_TOKEN_INVALID',
	'LIVE_USERINFO',
	'LIVE_REFRESH'
] as const;
export type LiveCode = (typeof LIVE_CODES)[number];

/** Why a live login stopped: the code, the step it stopped at, and the detail seen. */
export interface LiveFailure {
	code: LiveCode;
	at: StepName;
	detail: string;
}

interface Explanation {
	/** What happened, in one sentence. */
	what: string;
	/** What to change. */
	fix: string;
	spec: string;
	/** The provider setting the hint is about, when one is. */
	setting?: 'issuer' | 'redirect' | 'cors' | 'public';
}

export const EXPLANATIONS: Record<LiveCode, Explanation> = {
	LIVE_BAD_ISSUER: {
		what: 'The issuer is not a URL this page will call, so nothing was sent.',
		fix: 'Enter the issuer identifier exactly as your provider publishes it: https, no query, no fragment.',
		spec: SPEC.discoveryRequest
	},
	LIVE_PROVIDER_DOWN: {
		what: 'Nothing answered at that address: the provider is down, the name does not resolve, or a network filter dropped the request.',
		fix: 'Check the issuer URL (open its /.well-known/openid-configuration in a tab) and your network.',
		spec: SPEC.discoveryRequest
	},
	LIVE_CORS: {
		what: 'The provider answered, but without CORS headers for this site, so the browser kept the answer from the page.',
		fix: 'Allow this site’s origin for cross-origin requests at the provider (its “allowed web origins” or CORS setting).',
		spec: SPEC.browserCors,
		setting: 'cors'
	},
	LIVE_BAD_DISCOVERY: {
		what: 'The discovery document failed a check, so none of its URLs was used.',
		fix: 'Check the issuer you entered matches the document’s issuer exactly, and that its endpoints are https URLs.',
		spec: SPEC.discoveryValidation,
		setting: 'issuer'
	},
	LIVE_ORIGIN_REFUSED: {
		what: 'This page refused to send a request to an origin the discovery document did not name.',
		fix: 'Nothing to change at the provider; this page only talks to the origins its discovery document names.',
		spec: SPEC.discovery
	},
	LIVE_REDIRECT_URI: {
		what: 'You came back without an answer from the provider. When its page showed an error, the usual cause is a redirect URI it does not know (redirect_uri_mismatch, invalid_redirect_uri, AADSTS50011): a provider never redirects to an unregistered URI.',
		fix: 'Register the exact redirect URI shown on this page with your client, then connect again.',
		spec: SPEC.invalidRedirectUri,
		setting: 'redirect'
	},
	LIVE_ACCESS_DENIED: {
		what: 'The provider answered access_denied: the login or the consent was refused or cancelled.',
		fix: 'Connect again and accept, or check the user is allowed to use this client.',
		spec: SPEC.authError
	},
	LIVE_AUTHORIZATION_ERROR: {
		what: 'The provider sent an error back instead of a code.',
		fix: 'Read the error and its description in the callback step; it names the parameter to change.',
		spec: SPEC.authError
	},
	LIVE_NO_LOGIN: {
		what: 'This callback belongs to no login started in this tab, so it is not used.',
		fix: 'Start from the /live page in this tab and press Connect.',
		spec: SPEC.csrf
	},
	LIVE_STATE: {
		what: 'The state that came back is not the one this tab sent: the answer is not for this login.',
		fix: 'Connect again from this tab; do not reuse an old callback address.',
		spec: SPEC.authCodeGrant
	},
	LIVE_ISS_MISSING: {
		what: 'The provider announces RFC 9207 but its answer carries no iss parameter.',
		fix: 'This is the provider’s to fix; a client that checks iss must refuse the answer.',
		spec: SPEC.issInAuthResponse
	},
	LIVE_ISS_MISMATCH: {
		what: 'The iss parameter names another issuer than the one this login was sent to (a mix-up).',
		fix: 'Check the issuer you entered is the provider that answers.',
		spec: SPEC.issValidation
	},
	LIVE_CONFIDENTIAL_CLIENT: {
		what: 'The token endpoint wants this client to authenticate (a client secret), which a page in a browser cannot keep.',
		fix: 'Register a public client (a single-page application, no secret, PKCE), or record the login of your server-side app and use the HAR import.',
		spec: SPEC.browserClientAuth,
		setting: 'public'
	},
	LIVE_TOKEN_ERROR: {
		what: 'The token endpoint refused the code.',
		fix: 'Read the error in the token response; a code is single-use and short-lived, so connect again.',
		spec: SPEC.oauthErrors
	},
	LIVE_BAD_JWKS: {
		what: 'The provider’s key set (jwks_uri) is not a JWKS, so no signature can be checked.',
		fix: 'Open the jwks_uri of the discovery document and check it returns {"keys": [...]}.',
		spec: SPEC.jwkSet
	},
	LIVE_ALG_UNSUPPORTED: {
		what: 'The id_token is signed with an algorithm this client does not accept: not one the provider advertises, or not an asymmetric one.',
		fix: 'Set the client’s id_token signing algorithm to RS256 or ES256 (asymmetric) at the provider.',
		spec: SPEC.algVerification
	},
	LIVE_CLOCK: {
		what: 'The id_token’s times (exp, iat, nbf) disagree with this computer’s clock by more than the leeway.',
		fix: 'Check this computer’s clock (and its time zone setting) against an accurate time source.',
		spec: SPEC.idToken
	},
	LIVE_ID_TOKEN_INVALID: {
		what: 'The id_token failed a check of OpenID Connect Core §3.1.3.7.',
		fix: 'The failed check says which claim or header and what was expected.',
		spec: SPEC.idTokenValidation
	},
	LIVE_USERINFO: {
		what: 'The UserInfo request failed, or its sub is not the id_token’s.',
		fix: 'Check the scope includes openid and that the userinfo endpoint allows this origin (CORS).',
		spec: SPEC.userInfoResponse
	},
	LIVE_REFRESH: {
		what: 'The refresh was refused or brought an id_token that fails its checks.',
		fix: 'Ask for offline_access (or enable refresh tokens for the client) and check the refresh response.',
		spec: SPEC.refreshResponse
	}
};

export type ProviderName = 'auth0' | 'okta' | 'keycloak' | 'entra' | 'google';

export interface ProviderHint {
	name: string;
	/** What its issuer identifier looks like. */
	issuer: string;
	/** Where the redirect URI goes. */
	redirect: string;
	/** Which setting lets the token endpoint answer this origin (CORS). */
	cors: string;
	/** How to make the client public (no secret). */
	public: string;
	docs: { label: string; href: string }[];
}

export const PROVIDER_HINTS: Record<ProviderName, ProviderHint> = {
	auth0: {
		name: 'Auth0',
		issuer: 'https://<tenant>.<region>.auth0.com/ with its trailing slash (or your custom domain).',
		redirect:
			'Applications → your application (type Single Page Application) → Settings → Allowed Callback URLs.',
		cors: 'Same page: add this site’s origin to Allowed Web Origins and Allowed Origins (CORS).',
		public: 'Application type Single Page Application; Credentials → Authentication Method: None.',
		docs: [
			{
				label: 'Application settings',
				href: 'https://auth0.com/docs/get-started/applications/application-settings'
			},
			{
				label: 'Configure CORS',
				href: 'https://auth0.com/docs/get-started/applications/set-up-cors'
			}
		]
	},
	okta: {
		name: 'Okta',
		issuer:
			'https://<org>.okta.com/oauth2/default for the default authorization server (the org server is https://<org>.okta.com).',
		redirect:
			'Applications → your app integration (Single-Page Application) → General → Sign-in redirect URIs.',
		cors: 'Security → API → Trusted Origins: add this site’s origin with the CORS type.',
		public:
			'A Single-Page Application integration is public: client authentication none, PKCE required.',
		docs: [
			{
				label: 'Enable CORS (Trusted Origins)',
				href: 'https://developer.okta.com/docs/guides/enable-cors/main/'
			},
			{
				label: 'Trusted Origins API',
				href: 'https://developer.okta.com/docs/api/openapi/okta-management/management/tags/trustedorigin'
			}
		]
	},
	keycloak: {
		name: 'Keycloak',
		issuer: 'https://<host>/realms/<realm>.',
		redirect: 'Clients → your client → Settings → Valid redirect URIs.',
		cors: 'Same page: Web origins (this site’s origin, or + for the origins of the redirect URIs).',
		public: 'Capability config: Client authentication Off (a public client), Standard flow on.',
		docs: [
			{
				label: 'OIDC clients',
				href: 'https://www.keycloak.org/docs/latest/server_admin/#_oidc_clients'
			}
		]
	},
	entra: {
		name: 'Microsoft Entra ID',
		issuer:
			'https://login.microsoftonline.com/<tenant id>/v2.0: your tenant’s own, since the document of /common names a {tenantid} template, not an issuer.',
		redirect:
			'App registrations → your app → Authentication → Add a platform → Single-page application → Redirect URI.',
		cors: 'Only a redirect URI of the Single-page application platform lets the token endpoint answer a browser (else AADSTS9002326).',
		public: 'The Single-page application platform makes the code redeemable without a secret.',
		docs: [
			{
				label: 'Add a redirect URI',
				href: 'https://learn.microsoft.com/entra/identity-platform/how-to-add-redirect-uri'
			},
			{
				label: 'Redirect URI restrictions',
				href: 'https://learn.microsoft.com/entra/identity-platform/reply-url'
			}
		]
	},
	google: {
		name: 'Google',
		issuer: 'https://accounts.google.com.',
		redirect:
			'Google Auth Platform → Clients → your Web application client → Authorized redirect URIs (and this site under Authorized JavaScript origins).',
		cors: 'Authorized JavaScript origins: this site’s origin.',
		public:
			'Google’s code exchange for a Web application client takes the client secret, so a page without one is refused: record the login and use the HAR import instead.',
		docs: [
			{
				label: 'Exchange the code (web server apps)',
				href: 'https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code'
			},
			{ label: 'Manage OAuth clients', href: 'https://support.google.com/cloud/answer/15549257' }
		]
	}
};

/** Which known provider an issuer belongs to, by its host (and Keycloak's /realms/ path). */
export function providerOf(issuer: string): ProviderName | undefined {
	if (!URL.canParse(issuer)) return undefined;
	const { hostname, pathname } = new URL(issuer);
	if (/(^|\.)auth0\.com$/.test(hostname)) return 'auth0';
	if (/(^|\.)(okta|oktapreview|okta-emea)\.com$/.test(hostname)) return 'okta';
	if (hostname === 'login.microsoftonline.com' || /(^|\.)ciamlogin\.com$/.test(hostname))
		return 'entra';
	if (hostname === 'accounts.google.com') return 'google';
	if (/\/realms\/[^/]+\/?$/.test(pathname)) return 'keycloak';
	return undefined;
}
