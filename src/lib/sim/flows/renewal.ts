/**
 * After sign-in: the client's own session, an access token's expiry and its renewal (refresh
 * token, silent renew, the guide's legacy renewals), why a JWT access token outlives logout, and
 * key rotation. The id_token is checked once, when it arrives; its exp is not the session's end.
 */
import { SPEC } from '../../core/spec';
import type { FlowFamily } from './definition';
import { callApi, HONOURS, HONOURS_API, messagesApiClient } from './kit';

/** OIDC Core §2: exp bounds accepting the id_token at sign-in, not the session that follows. */
const EXP_IS_NOT_THE_SESSION = { label: 'OIDC Core §2 (exp, NOTE)', url: SPEC.idToken };

export const RENEWAL_FLOWS: FlowFamily = [
	{
		id: 'refresh',
		title: 'Expiry and renewal with a refresh token',
		summary:
			'The access token reaches its exp and the API refuses it. The client’s own session is still active: the client started it at sign-in with a lifetime of its choosing (8 h here), and checks that, not the id_token, whose exp only limits when it may be accepted at sign-in. With the refresh token (here asked for with offline_access, as Auth0 does) the client gets a new access token without bothering the user; the issuer rotates the refresh token, so the old one can no longer be used. A refresh may bring a new id_token too: the client checks that it names the same issuer, user and audience and the original auth_time, with no nonce or the original one.',
		status: 'recommended',
		specs: [
			{ label: 'OIDC Core §12', url: SPEC.refresh },
			{ label: 'OIDC Core §12.2 (refreshed id_token)', url: SPEC.refreshResponse },
			EXP_IS_NOT_THE_SESSION,
			{ label: 'RFC 9700 §4.14.2', url: SPEC.refreshRotation }
		],
		honours: HONOURS_API,
		client: messagesApiClient(['offline_access', 'read:messages']),
		// The API refusing the expired access token is what sends the client to refresh.
		expected: [{ code: 'exp', by: 'api', at: 'validate-access-token', as: 'lesson' }],
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.wait(w.settings.accessTokenLifetime + 1, 'The access token reaches its exp.');
			await w.command({ type: 'CHECK_SESSION' });
			await w.command(callApi());
			await w.command({ type: 'REFRESH' });
			await w.command(callApi());
		}
	},
	{
		id: 'silent-renew',
		title: 'Silent renew with prompt=none (hidden iframe)',
		summary:
			'A single-page app gets new tokens in a hidden iframe: it sends the browser to the issuer with prompt=none, and while the issuer’s session cookie reaches the issuer, the issuer answers at once with a new code. Once the issuer’s session has ended, prompt=none cannot show a login page, so the issuer answers login_required and the app must send the user to sign in again. Here the browser sends the issuer’s cookie into the iframe; a browser that blocks third-party cookies does not, and then the answer is login_required from the start.',
		status: 'not-recommended',
		caveat:
			'Fragile: the iframe shows the issuer inside another site, where browsers that block third-party cookies (Safari does by default, Firefox partitions them, Chrome in Incognito or when asked) withhold the issuer’s session cookie, so prompt=none answers login_required while the user is still signed in. OAuth 2.0 for Browser-Based Applications (RFC 10017) names third-party cookie blocking as the reason refresh tokens, rotated or sender-constrained, have become the better choice for a single-page app (§6.3.2.3); better still, a backend-for-frontend keeps the tokens on its server behind a first-party cookie (§6.1).',
		specs: [
			{ label: 'OIDC Core §3.1.2.1 (prompt)', url: SPEC.promptNone },
			{ label: 'OIDC Core §3.1.2.6 (login_required)', url: SPEC.authError },
			{ label: 'RFC 10017 §6.3.2.3 (refresh tokens)', url: SPEC.browserRefreshTokens },
			{ label: 'RFC 10017 §6.1 (backend for frontend)', url: SPEC.bff }
		],
		honours: HONOURS,
		client: { type: 'spa', responseType: 'code' },
		// Blocked third-party cookies: the issuer sees no session in the iframe.
		expected: [{ code: 'login_required', by: 'client', as: 'lesson' }],
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.wait(3600, 'An hour later the app wants new tokens, without a visible redirect.');
			await w.command({ type: 'SILENT_RENEW' });
			await w.wait(8 * 3600, 'The issuer’s login session (8 h) ends.');
			await w.command({ type: 'SILENT_RENEW' }, { expectError: true });
		}
	},
	{
		id: 'legacy-renew',
		title: 'Legacy renewal: renewIdToken and /delegation',
		summary:
			'The Auth0 guide’s renewals. While the id_token is unexpired, auth0.js’s renewIdToken trades it at /delegation for a fresh one. /delegation refuses an id_token past its exp, so the refresh token is sent to /delegation instead. That refusal is /delegation’s rule, not the end of the user’s session: the client’s own session has its own lifetime, which the client checks, and an id_token’s exp only limits when it may be accepted at sign-in.',
		status: 'deprecated',
		caveat:
			'Deprecated: /delegation is disabled for OIDC-conformant apps, and an id_token is not a credential to trade. Today: the refresh_token grant at the token endpoint, with rotation (OIDC Core §12, RFC 9700 §4.14.2); for a token for another API, token exchange (RFC 8693).',
		specs: [
			{ label: 'Auth0: OIDC-conformant authentication', url: SPEC.auth0Legacy },
			{ label: 'OIDC Core §12 (modern refresh)', url: SPEC.refresh },
			EXP_IS_NOT_THE_SESSION
		],
		honours: [...HONOURS, 'clientType'],
		client: { type: 'setting', responseType: 'code', extraScopes: ['offline_access'] },
		// /delegation refuses the expired id_token: the lesson of the legacy endpoint.
		expected: [{ code: 'invalid_grant', by: 'issuer', at: 'delegation-response', as: 'lesson' }],
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.wait(3600, 'An hour later the app renews its id_token the guide’s way.');
			await w.command({ type: 'CHECK_SESSION' });
			await w.command({ type: 'LEGACY_RENEW', grant: 'id_token' });
			await w.wait(w.settings.idTokenLifetime + 1, 'The renewed id_token reaches its exp.');
			await w.command({ type: 'LEGACY_RENEW', grant: 'id_token' }, { expectError: true });
			await w.command({ type: 'LEGACY_RENEW', grant: 'refresh_token' });
		}
	},
	{
		id: 'no-revocation',
		title: 'A JWT access token outlives logout',
		summary:
			'The user logs out at the issuer and the session there ends, yet a copy of the access token taken before (another tab, a log file, an attacker) is still accepted: the API checks the JWT by itself, with the issuer’s keys and its exp, and never asks the issuer. Only exp ends it. The issuer can revoke what it checks itself (an issuer with an RFC 7009 revocation endpoint must be able to revoke refresh tokens and should be able to revoke access tokens), but an API that checks a self-contained token locally does not hear of it. The id_token plays no part: the client checked it once, at sign-in, and never sends it to an API.',
		status: 'pitfall',
		caveat:
			'A limit of self-contained access tokens, not of revocation: keep them short-lived, so exp comes soon; where access must end at once, the API asks the issuer about each token (token introspection, RFC 7662) instead of trusting the signature alone.',
		specs: [
			{ label: 'RFC 7009 §3 (self-contained tokens)', url: SPEC.revocationNote },
			{ label: 'RFC 7662 §2 (introspection)', url: SPEC.introspection },
			{ label: 'RFC 9068 §4 (local validation)', url: SPEC.jwtAccessToken },
			{ label: 'RFC 7519 §4.1.4 (exp)', url: SPEC.exp }
		],
		honours: HONOURS_API,
		client: messagesApiClient(),
		// Only exp ends the JWT access token that outlived the logout.
		expected: [{ code: 'exp', by: 'api', at: 'validate-access-token', as: 'lesson' }],
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command(callApi());
			await w.command({ type: 'LOGOUT', keepTokens: true });
			await w.command(callApi());
			await w.wait(w.settings.accessTokenLifetime + 1, 'The access token reaches its exp.');
			await w.command(callApi());
		}
	},
	{
		id: 'key-rotation',
		title: 'Key rotation',
		summary:
			'The issuer starts signing with a new key. The client’s cached JWKS does not have the new kid, so it fetches the JWKS again, once, finds the key and accepts the token. Right after, a token under a kid nobody published arrives: the client does not refetch again so soon, and refuses it.',
		status: 'recommended',
		specs: [
			{ label: 'OIDC Core §10.1.1', url: SPEC.rotateSigKeys },
			{ label: 'RFC 7517 §5 (JWK Set)', url: SPEC.jwkSet },
			{ label: 'RFC 7515 §4.1.4 (kid)', url: SPEC.kid }
		],
		honours: HONOURS,
		client: { type: 'spa', responseType: 'code', extraScopes: ['offline_access'] },
		// The token response of the second refresh, right after the client refetched the JWKS.
		interventions: [{ kind: 'forge', message: 'token-response', nth: 3, recipe: 'kid-unknown' }],
		defence: { check: 'kid', where: 'client' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.wait(120, 'Two minutes later.');
			await w.rotateKeys();
			await w.command({ type: 'REFRESH' });
			await w.command({ type: 'REFRESH' }, { expectError: true });
		}
	}
];
