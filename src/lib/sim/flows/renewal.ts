/**
 * A token's life after sign-in: expiry and refresh, silent renew, the guide's legacy renewals,
 * why a JWT cannot be revoked, and key rotation.
 */
import { SPEC } from '../../core/spec';
import type { FlowFamily } from './definition';
import { callApi, HONOURS, HONOURS_API, messagesApiClient } from './kit';

export const RENEWAL_FLOWS: FlowFamily = [
	{
		id: 'refresh',
		title: 'Expiry and renewal with a refresh token',
		summary:
			'Time passes beyond the tokens’ lifetimes. The client finds its id_token expired and the API refuses the expired access token. With the refresh token (asked for with offline_access) the client gets new tokens without bothering the user; the issuer rotates the refresh token, so the old one can no longer be used.',
		status: 'recommended',
		specs: [
			{ label: 'OIDC Core §12', url: SPEC.refresh },
			{ label: 'RFC 9700 §4.14.2', url: SPEC.refreshRotation }
		],
		honours: HONOURS_API,
		client: messagesApiClient(['offline_access', 'read:messages']),
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.wait(
				Math.max(w.settings.idTokenLifetime, w.settings.accessTokenLifetime) + 1,
				'Both tokens outlive their lifetimes.'
			);
			await w.command({ type: 'CHECK_SESSION' });
			await w.command(callApi());
			await w.command({ type: 'REFRESH' });
			await w.command(callApi());
		}
	},
	{
		id: 'silent-renew',
		title: 'Silent renew with prompt=none',
		summary:
			'A single-page app renews its tokens in a hidden iframe: it sends the browser to the issuer with prompt=none, and while the issuer’s session cookie lives, the issuer answers at once with a new code. Once the session has ended, prompt=none cannot show a login page, so the issuer answers login_required and the app must send the user to log in again.',
		status: 'recommended',
		specs: [
			{ label: 'OIDC Core §3.1.2.1 (prompt)', url: SPEC.promptNone },
			{ label: 'OIDC Core §3.1.2.6 (login_required)', url: SPEC.authError }
		],
		honours: HONOURS,
		client: { type: 'spa', responseType: 'code' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.wait(3600, 'An hour later the app renews before the id_token expires.');
			await w.command({ type: 'SILENT_RENEW' });
			await w.wait(8 * 3600, 'The issuer’s login session (8 h) ends.');
			await w.command({ type: 'SILENT_RENEW' }, { expectError: true });
		}
	},
	{
		id: 'legacy-renew',
		title: 'Legacy renewal: renewIdToken and /delegation',
		summary:
			'The Auth0 guide’s renewals. While the id_token is unexpired, auth0.js’s renewIdToken trades it at /delegation for a fresh one. Once it has expired, that no longer works, and the refresh token is sent to /delegation instead.',
		status: 'deprecated',
		caveat:
			'Deprecated: /delegation is disabled for OIDC-conformant apps. Today: the refresh_token grant at the token endpoint (with rotation), or silent renew with prompt=none.',
		specs: [
			{ label: 'Auth0: OIDC-conformant authentication', url: SPEC.auth0Legacy },
			{ label: 'OIDC Core §12 (modern refresh)', url: SPEC.refresh }
		],
		honours: [...HONOURS, 'clientType'],
		client: { type: 'setting', responseType: 'code', extraScopes: ['offline_access'] },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.wait(3600, 'An hour later, the id_token is still valid.');
			await w.command({ type: 'LEGACY_RENEW', grant: 'id_token' });
			await w.wait(w.settings.idTokenLifetime + 1, 'The renewed id_token expires too.');
			await w.command({ type: 'CHECK_SESSION' });
			await w.command({ type: 'LEGACY_RENEW', grant: 'id_token' }, { expectError: true });
			await w.command({ type: 'LEGACY_RENEW', grant: 'refresh_token' });
		}
	},
	{
		id: 'no-revocation',
		title: 'Tokens can’t be revoked',
		summary:
			'The user logs out at the issuer and the session ends, yet a copy of the access token taken before (another tab, a log file, an attacker) is still accepted by the API, and the id_token still validates: a JWT is checked with keys alone, without asking the issuer. Only expiry ends it, which is why tokens should be short-lived and renewed while the user is active.',
		status: 'pitfall',
		caveat:
			'A limit to know, not a pattern to copy: keep tokens short-lived and renew them while the user is active; where access must end at once, the API asks the issuer (token introspection) instead of trusting the signature alone.',
		specs: [
			{ label: 'RFC 7519 §4.1.4 (exp)', url: SPEC.exp },
			{ label: 'RFC 9700 §4.14', url: 'https://www.rfc-editor.org/rfc/rfc9700#section-4.14' }
		],
		honours: HONOURS_API,
		client: messagesApiClient(),
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command(callApi());
			await w.command({ type: 'LOGOUT', keepTokens: true });
			await w.command(callApi());
			await w.command({ type: 'CHECK_SESSION' });
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
			{
				label: 'OIDC Core §10.1.1',
				url: 'https://openid.net/specs/openid-connect-core-1_0.html#RotateSigKeys'
			},
			{ label: 'RFC 7517 (JWK)', url: 'https://www.rfc-editor.org/rfc/rfc7517' }
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
