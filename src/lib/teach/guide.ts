/**
 * Where the seed guide (shared/reference/auth0-id-token-guide.txt: Auth0's id_token page of the
 * auth0.js v7 / Lock 10 era) is outdated, what it says and what replaced it. /learn shows each
 * note where it teaches the same thing; flows cite the same sections in their caveats.
 */
import { CITE } from './cite';
import type { GuideNote, GuideNoteId } from './types';

export const GUIDE = {
	registeredClaims: {
		guide: 'There are some non-mandatory claims with registered names…',
		now: 'True of a plain JWT, where every registered claim is optional. An id_token is not plain: `iss`, `sub`, `aud`, `exp` and `iat` are required in every one.',
		specs: [CITE.registeredClaims, CITE.idToken]
	},
	urlSize: {
		guide: '…care must be taken to keep the JWT within the browser size limitations for URLs.',
		now: 'That came from tokens travelling in URL fragments (the implicit flow). With the code flow the id_token arrives in the token response’s JSON body, not in a URL. Small tokens are still good manners, and claims the client does not use should not be in it at all.',
		specs: [CITE.tokenResponse, CITE.implicitDeprecated, CITE.tokenClaimsMinimal]
	},
	scopeControlsIdToken: {
		guide:
			"The contents of the id_token… are controlled by… scope, e.g. `scope: 'openid name email'`.",
		now: 'Scope asks for claims; it does not decide where they go. When an access token is issued, OIDC returns the `profile`, `email`, `address` and `phone` claims from the UserInfo endpoint, and puts them in the id_token only when no access token is issued (`response_type=id_token`). Claims wanted in the id_token are asked for with the `claims` parameter. `name` is not a scope value: the standard scope is `profile`, which includes the `name` claim; attribute scopes were a convention of Auth0’s legacy pipeline.',
		specs: [CITE.scopeClaims, CITE.claimsParameter, CITE.auth0ImplicitLegacy]
	},
	responseTypeToken: {
		guide: 'The responseType should be `token` for client-side authentication flows…',
		now: 'In OpenID Connect `response_type=token` returns no id_token at all: the implicit flow is `id_token token` or `id_token`. That `token` gave you an id_token was Auth0-specific: its legacy pipeline returned one with it, its OIDC-conformant pipeline does not. And browser apps must no longer use the implicit flow to get access tokens (RFC 10017 §7.2): they use the authorization code flow with PKCE.',
		specs: [
			CITE.implicitAuthRequest,
			CITE.auth0ImplicitLegacy,
			CITE.implicitDeprecated,
			CITE.browserImplicit,
			CITE.pkce
		]
	},
	rules: {
		guide:
			'The scope… [and] the validity period of the token can be altered via Auth0 Rules, through `context.jwtConfiguration`…',
		now: 'Rules are Auth0’s, not OpenID Connect’s, and they are retired: closed to new tenants since October 16, 2023, and Auth0 set their end of life for November 18, 2026 (first for 2024), a date now past. Their successor is Actions (the post-login trigger); `context.jwtConfiguration` belongs to Rules only.',
		specs: [CITE.auth0Rules, CITE.auth0RulesToActions]
	},
	lifetime: {
		guide: 'The id_token is valid for 10 hours (36000 seconds) by default.',
		now: 'Still Auth0’s default, but a product setting, not a rule: OpenID Connect sets no id_token lifetime, and says `exp` has nothing to do with how long the person stays signed in to the client.',
		specs: [CITE.idToken, CITE.auth0IdTokenLifetime]
	},
	renewIdToken: {
		guide:
			'A new id_token can be obtained using an existing, unexpired id_token [renewIdToken] or by using a refresh token and the /delegation endpoint.',
		now: 'Both went through Auth0’s `/delegation` endpoint: `renewIdToken` posted the id_token there, and was removed in auth0.js v8; `/delegation` is deprecated and off for tenants without an add-on using it since June 8, 2017. The standard way is the refresh token grant at the token endpoint, rotated or sender-constrained for browser apps, or a new authentication request. What a client renews is its access; a refresh response may carry no id_token at all.',
		specs: [
			CITE.refreshGrant,
			CITE.refresh,
			CITE.refreshResponse,
			CITE.bcpRefreshTokens,
			CITE.auth0Delegation,
			CITE.auth0LegacyFlows
		]
	},
	noRevocation: {
		guide:
			'Once issued, tokens can not be revoked in the same fashion as cookies with session id’s…',
		now: 'Tokens can be revoked: an issuer with a revocation endpoint (RFC 7009) must be able to revoke refresh tokens and should be able to revoke access tokens. What revocation cannot reach is a self-contained JWT that a server checks locally with keys alone: that copy keeps working until its `exp`, unless the server asks the issuer (introspection). Hence short-lived access tokens.',
		specs: [CITE.revocation, CITE.revocationNote, CITE.introspection, CITE.tokenLifetime]
	},
	tokeninfo: {
		guide:
			'The id_token can be used to call the /tokeninfo endpoint… to retrieve the user’s complete profile.',
		now: '`/tokeninfo` is deprecated: it treated the id_token as a credential. The standard endpoint is UserInfo, called with the access token, which returns the claims that token’s scope allows.',
		specs: [CITE.userInfo, CITE.auth0Tokeninfo]
	},
	delegation: {
		guide:
			'The id_token can also be used to call the /delegation endpoint… to obtain another token for another API. The id_token can also be used to call other APIs.',
		now: 'An id_token is for the client that asked for it (its `aud`), not a credential for APIs; APIs take access tokens. Auth0’s `/delegation` is deprecated; the standard way to get a token for another API is OAuth 2.0 Token Exchange, trading the access token at the token endpoint.',
		specs: [CITE.idToken, CITE.bearerHeader, CITE.tokenExchange, CITE.auth0Delegation]
	},
	spaValidation: {
		guide:
			'Single Page Applications or mobile apps do not need to validate the JWT as they just pass it to something else. Server side APIs that receive the JWT, however, do need to validate it.',
		now: 'Every client that receives an id_token must validate it, a single-page app or a mobile app included; in the implicit flow its signature and nonce checks are required without exception. And the id_token is not passed on to an API at all: it is addressed to the client.',
		specs: [CITE.idTokenValidation, CITE.implicitIdTokenValidation, CITE.idToken]
	}
} as const satisfies Record<GuideNoteId, GuideNote>;
