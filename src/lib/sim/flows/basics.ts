/**
 * Signing in, the ways the Auth0 guide names and the specs define them (code + PKCE, the web
 * app's code flow, implicit, hybrid), calling an API, and the guide's profile and delegation
 * endpoints beside their modern successors.
 */
import { REPORTS_API, REPORTS_CLIENT } from '../../core/data';
import { SPEC } from '../../core/spec';
import type { FlowFamily } from './definition';
import { callApi, HONOURS, HONOURS_API, messagesApiClient, REPORTS_URL } from './kit';

export const BASICS_FLOWS: FlowFamily = [
	{
		id: 'code-pkce',
		title: 'Authorization code + PKCE',
		summary:
			'The recommended way to sign in. The browser is sent to the issuer, the person logs in there, and the issuer redirects back with a one-time code. The client redeems the code at the token endpoint, proving with the PKCE verifier that it is the party that started the flow, and receives the id_token, which it validates before trusting who the user is.',
		status: 'recommended',
		specs: [
			{
				label: 'OIDC Core §3.1',
				url: 'https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth'
			},
			{ label: 'RFC 7636 (PKCE)', url: 'https://www.rfc-editor.org/rfc/rfc7636' },
			{ label: 'RFC 9700 §2.1.1', url: 'https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1' }
		],
		honours: [...HONOURS, 'clientType'],
		client: { type: 'setting', responseType: 'code' },
		run: (w) => w.command({ type: 'LOGIN' })
	},
	{
		id: 'code-webapp',
		title: 'Authorization code, server-side web app',
		summary:
			'The same code flow for a confidential client: a web server that can keep a secret (the Auth0 guide’s responseType: "code"). The callback goes to the server, which redeems the code with its client secret in an Authorization: Basic header, validates the id_token, and starts its own session with a cookie.',
		status: 'recommended',
		specs: [
			{
				label: 'OIDC Core §3.1',
				url: 'https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth'
			},
			{ label: 'RFC 6749 §2.3.1', url: SPEC.clientAuth }
		],
		honours: HONOURS,
		client: { type: 'webapp', responseType: 'code' },
		run: (w) => w.command({ type: 'LOGIN' })
	},
	{
		id: 'implicit',
		title: 'Implicit: id_token token (legacy)',
		summary:
			'The Auth0 guide’s responseType: "token" for client-side apps: the issuer returns the id_token and an access token directly in the URL fragment, with no code and no token endpoint. The client checks the nonce and at_hash, which binds the access token to the id_token.',
		status: 'not-recommended',
		caveat:
			'Not recommended (RFC 9700 §2.1.2): tokens in the URL can leak through history, referrers and injected scripts, and there is no way to bind them to the client that asked. Use the authorization code flow with PKCE instead.',
		specs: [
			{
				label: 'OIDC Core §3.2',
				url: 'https://openid.net/specs/openid-connect-core-1_0.html#ImplicitFlowAuth'
			},
			{ label: 'RFC 9700 §2.1.2', url: 'https://www.rfc-editor.org/rfc/rfc9700#section-2.1.2' }
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
			'Still valid, but PKCE now gives the same protection against code injection more simply (RFC 9700 §2.1.1).',
		specs: [
			{
				label: 'OIDC Core §3.3',
				url: 'https://openid.net/specs/openid-connect-core-1_0.html#HybridFlowAuth'
			},
			{ label: 'OIDC Core §3.3.2.11 (c_hash)', url: SPEC.cHash },
			{ label: 'Form Post Response Mode', url: SPEC.formPost }
		],
		honours: HONOURS,
		client: { type: 'webapp', responseType: 'code id_token', responseMode: 'form_post' },
		run: (w) => w.command({ type: 'LOGIN' })
	},
	{
		id: 'call-api',
		title: 'Calling an API with the access token',
		summary:
			'After sign-in the client calls the messages API with the access token as a Bearer token. The API validates it locally with the issuer’s keys, which it fetches once. Then the client wrongly sends its id_token instead: the API refuses it, because an id_token tells the client who the user is and is not a credential for an API.',
		status: 'recommended',
		specs: [
			{ label: 'RFC 6750', url: SPEC.bearer },
			{ label: 'RFC 9068 §4', url: SPEC.jwtAccessToken }
		],
		honours: HONOURS_API,
		client: messagesApiClient(),
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
			'The client needs to call a second API, the reports API. The Auth0 guide’s way is /delegation, trading the id_token for an id_token addressed to another application. The modern way is token exchange (RFC 8693) at the token endpoint: the client trades its access token for one whose audience is the reports API, and calls it.',
		status: 'deprecated',
		caveat: 'The /delegation half is deprecated; token exchange is its standard successor.',
		specs: [
			{ label: 'RFC 8693 (token exchange)', url: SPEC.tokenExchange },
			{ label: 'Auth0: /delegation (legacy)', url: SPEC.auth0Legacy }
		],
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
			'The Auth0 guide’s /tokeninfo takes the id_token and returns the user’s full profile. The standard /userinfo endpoint takes the access token instead and returns the claims its scope allows. Compare what each returns.',
		status: 'deprecated',
		caveat:
			'/tokeninfo is deprecated: an id_token is not meant to be a credential. Use /userinfo with the access token.',
		specs: [
			{ label: 'OIDC Core §5.3 (UserInfo)', url: SPEC.userInfo },
			{ label: 'Auth0: /tokeninfo (legacy)', url: SPEC.auth0Legacy }
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
