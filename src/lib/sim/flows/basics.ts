/**
 * Signing in, the ways the Auth0 guide names and the specs define them (code + PKCE, the web
 * app's code flow, implicit, hybrid), calling an API, and the guide's profile and delegation
 * endpoints beside their modern successors.
 */
import { REPORTS_API, REPORTS_CLIENT } from '../../core/data';
import { SPEC } from '../../core/spec';
import { CITE } from '../../teach/cite';
import type { FlowFamily } from './definition';
import { callApi, HONOURS, HONOURS_API, messagesApiClient, REPORTS_URL } from './kit';

export const BASICS_FLOWS: FlowFamily = [
	{
		id: 'code-pkce',
		title: 'Authorization code + PKCE',
		summary:
			'The recommended way to sign in. The browser is sent to the issuer, the person logs in there, and the issuer redirects back with a one-time code. The client redeems the code at the token endpoint, proving with the PKCE verifier that it is the party that started the flow, and receives the id_token in the response body, which it validates before trusting who the person is.',
		status: 'recommended',
		specs: [
			CITE.codeFlow,
			{ label: 'RFC 7636 §4 (PKCE)', url: SPEC.pkceProtocol },
			CITE.pkce,
			CITE.idTokenValidation
		],
		honours: [...HONOURS, 'clientType'],
		client: { type: 'setting', responseType: 'code' },
		run: (w) => w.command({ type: 'LOGIN' })
	},
	{
		id: 'code-webapp',
		title: 'Authorization code, server-side web app',
		summary:
			'The same code flow for a confidential client: a web server that can keep a secret (the Auth0 guide’s responseType: "code"). The callback goes to the server, which redeems the code with its client secret in an Authorization: Basic header, validates the id_token, and starts its own session with a cookie; that session, not the id_token’s exp, decides how long the person stays signed in.',
		status: 'recommended',
		specs: [CITE.codeFlow, CITE.clientAuth, CITE.idTokenValidation, CITE.idToken],
		honours: HONOURS,
		client: { type: 'webapp', responseType: 'code' },
		run: (w) => w.command({ type: 'LOGIN' })
	},
	{
		id: 'implicit',
		title: 'Implicit: id_token token (legacy)',
		summary:
			'OpenID Connect’s implicit flow, response_type "id_token token": the issuer returns the id_token and an access token directly in the URL fragment, with no code and no token endpoint. The client must check the id_token’s signature and its nonce, and at_hash, which binds the access token to the id_token. (The flow’s other response type, "id_token", returns the id_token alone.)',
		status: 'not-recommended',
		caveat:
			'Browser apps must not use it to get access tokens (RFC 10017 §7.2), and RFC 9700 §2.1.2 says no client should: tokens in the URL can leak through browser history and referrers or be injected, and an access token issued in the URL cannot be bound to the client that asked. Use the authorization code flow with PKCE instead. The Auth0 guide’s responseType "token" is not this flow, and is outdated: in OpenID Connect, "token" alone returns no id_token (OIDC Core §3.2.2.1); that it returned one was Auth0-specific, from its legacy pipeline.',
		specs: [
			CITE.implicitFlow,
			CITE.implicitAuthRequest,
			CITE.implicitIdTokenValidation,
			CITE.implicitDeprecated,
			CITE.browserImplicit,
			CITE.auth0ImplicitLegacy
		],
		honours: HONOURS,
		client: { type: 'spa', responseType: 'id_token token', responseMode: 'fragment' },
		run: (w) => w.command({ type: 'LOGIN' })
	},
	{
		id: 'hybrid',
		title: 'Hybrid: code id_token',
		summary:
			'The issuer returns an id_token and a code together, here by form_post to the web server. Before using the code, the client validates the front-channel id_token and its c_hash, which proves the code came with this id_token and was not swapped in. Then it redeems the code for a second id_token and an access token.',
		status: 'legacy',
		caveat:
			'Still valid. Against code injection, RFC 9700 §2.1.1 now asks for PKCE from public clients and recommends it for all; a confidential OpenID Connect client may rely on the nonce instead, checked in the id_token from the token endpoint.',
		specs: [
			CITE.hybridFlow,
			{ label: 'OIDC Core §3.3.2.10 (c_hash)', url: SPEC.cHash },
			CITE.formPost,
			CITE.pkce
		],
		honours: HONOURS,
		client: { type: 'webapp', responseType: 'code id_token', responseMode: 'form_post' },
		run: (w) => w.command({ type: 'LOGIN' })
	},
	{
		id: 'call-api',
		title: 'Calling an API with the access token',
		summary:
			'After sign-in the client calls the messages API with the access token as a Bearer token. The API validates it locally with the issuer’s keys, which it fetches once. Then the client wrongly sends its id_token instead: the API refuses it, because an id_token tells the client who the person is and is not a credential for an API (the Auth0 guide’s “the id_token can also be used to call other APIs” is outdated).',
		status: 'recommended',
		specs: [CITE.bearerHeader, CITE.jwtAccessToken, CITE.explicitTyping, CITE.idToken],
		honours: HONOURS_API,
		client: messagesApiClient(),
		// The API refusing the id_token is the lesson: typ says it is not an access token.
		expected: [{ code: 'typ', by: 'api', at: 'validate-access-token', as: 'lesson' }],
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command(callApi('access_token'));
			await w.command(callApi('id_token'));
		}
	},
	{
		id: 'other-api',
		title: 'A token for another API: /delegation and token exchange',
		summary:
			'The client needs to call a second API, the reports API. The Auth0 guide’s way is /delegation, trading the id_token for an id_token addressed to another application. The standard way is OAuth 2.0 Token Exchange at the token endpoint: the client trades its access token for one whose audience is the reports API, and calls it.',
		status: 'deprecated',
		caveat:
			'The /delegation half is outdated: Auth0 deprecated /delegation (off for tenants without an add-on using it since June 2017), and an id_token is not a credential to trade or to call APIs with. Token exchange (RFC 8693) is its standard successor.',
		specs: [CITE.tokenExchange, CITE.idToken, CITE.auth0Delegation],
		honours: HONOURS_API,
		client: messagesApiClient(),
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command({ type: 'DELEGATE', target: REPORTS_CLIENT.client_id });
			await w.command({
				type: 'EXCHANGE',
				audience: REPORTS_API.identifier,
				scope: 'read:reports'
			});
			await w.command(callApi('exchanged', REPORTS_URL));
		}
	},
	{
		id: 'profile',
		title: 'Profile lookup: /tokeninfo versus /userinfo',
		summary:
			'Where the person’s claims come from. Asked for with scope openid profile email, the name, email and other profile and email claims are already in the id_token, because this issuer chooses to put them there, as Auth0 does: OpenID Connect expects them from the UserInfo endpoint whenever an access token is issued. The standard /userinfo takes the access token and returns the claims its scope allows, always with sub, which a client must check equals the id_token’s before using the rest. The Auth0 guide’s /tokeninfo takes the id_token instead and returns the full profile, attributes no scope asked for included. Compare the three.',
		status: 'deprecated',
		caveat:
			'/tokeninfo is deprecated: it used the id_token as a credential. Use /userinfo with the access token; to get particular claims in the id_token, ask for them with the claims parameter where the issuer supports it (OIDC Core §5.5; this one does not).',
		specs: [
			CITE.userInfo,
			CITE.userInfoResponse,
			CITE.scopeClaims,
			CITE.claimsParameter,
			CITE.auth0Tokeninfo
		],
		honours: [...HONOURS, 'clientType'],
		client: { type: 'setting', responseType: 'code' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command({ type: 'TOKENINFO' });
			await w.command({ type: 'USERINFO' });
		}
	}
];
