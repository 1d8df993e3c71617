import * as client from 'openid-client';
import { describe, expect, test } from 'vitest';
import {
	Clock,
	createIssuer,
	REPORTS_CLIENT,
	SPA_CLIENT,
	WEBAPP_CLIENT,
	type Issuer
} from '../../src/lib/core/index';

/**
 * openid-client 6, a certified relying-party library, drives the mock issuer end to end with
 * `issuer.fetch` as its fetch: it refuses anything a real provider would not send.
 */
async function connect(
	clientId: string,
	auth: client.ClientAuth,
	options: { issuer?: string; hybrid?: boolean } = {}
) {
	// openid-client checks iat/exp against the real clock, so the issuer runs on real time here.
	const issuer = await createIssuer({ clock: new Clock(), issuer: options.issuer });
	const config = await client.discovery(new URL(issuer.url), clientId, undefined, auth, {
		[client.customFetch]: (url, init) => issuer.fetch(new Request(url, init as RequestInit)),
		execute: options.hybrid ? [client.useCodeIdTokenResponseType] : []
	});
	return { issuer, config };
}

/** Sends the user to /authorize (login_hint stands in for the login form) and returns the callback. */
async function signIn(
	issuer: Issuer,
	config: client.Configuration,
	redirectUri: string,
	scope: string,
	extra: Record<string, string> = {}
) {
	const pkceCodeVerifier = client.randomPKCECodeVerifier();
	const expectedNonce = client.randomNonce();
	const expectedState = client.randomState();
	const url = client.buildAuthorizationUrl(config, {
		redirect_uri: redirectUri,
		scope,
		nonce: expectedNonce,
		state: expectedState,
		code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
		code_challenge_method: 'S256',
		login_hint: 'auth0|alice',
		...extra
	});
	const response = await issuer.fetch(new Request(url, { redirect: 'manual' }));
	expect(response.status).toBe(302);
	const callback = new URL(response.headers.get('location')!);
	return { callback, checks: { pkceCodeVerifier, expectedNonce, expectedState } };
}

describe('interop with openid-client 6', () => {
	test('discovery, code + PKCE with nonce, userinfo and refresh for a public client', async () => {
		const { issuer, config } = await connect(SPA_CLIENT.client_id, client.None());
		expect(config.serverMetadata().issuer).toBe(issuer.url);
		const redirectUri = SPA_CLIENT.redirect_uris[0]!;
		const { callback, checks } = await signIn(
			issuer,
			config,
			redirectUri,
			'openid profile email offline_access'
		);
		const tokens = await client.authorizationCodeGrant(config, callback, {
			...checks,
			idTokenExpected: true
		});
		const claims = tokens.claims()!;
		expect(claims).toMatchObject({ sub: 'auth0|alice', aud: SPA_CLIENT.client_id });

		const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
		expect(userinfo.sub).toBe('auth0|alice');
		expect(typeof userinfo.email).toBe('string');

		const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
		expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
		expect(refreshed.claims()?.sub).toBe('auth0|alice');
	});

	test('client_secret_basic', async () => {
		const { issuer, config } = await connect(
			WEBAPP_CLIENT.client_id,
			client.ClientSecretBasic(WEBAPP_CLIENT.client_secret!)
		);
		const { callback, checks } = await signIn(
			issuer,
			config,
			WEBAPP_CLIENT.redirect_uris[0]!,
			'openid'
		);
		const tokens = await client.authorizationCodeGrant(config, callback, checks);
		expect(tokens.claims()?.aud).toBe(WEBAPP_CLIENT.client_id);
	});

	test('client_secret_post', async () => {
		const { issuer, config } = await connect(
			REPORTS_CLIENT.client_id,
			client.ClientSecretPost(REPORTS_CLIENT.client_secret!)
		);
		const { callback, checks } = await signIn(
			issuer,
			config,
			REPORTS_CLIENT.redirect_uris[0]!,
			'openid email'
		);
		const tokens = await client.authorizationCodeGrant(config, callback, checks);
		expect(tokens.claims()?.aud).toBe(REPORTS_CLIENT.client_id);
	});

	test('hybrid flow: code id_token, with c_hash checked by the library', async () => {
		const { issuer, config } = await connect(
			WEBAPP_CLIENT.client_id,
			client.ClientSecretBasic(WEBAPP_CLIENT.client_secret!),
			{ hybrid: true }
		);
		const { callback, checks } = await signIn(
			issuer,
			config,
			WEBAPP_CLIENT.redirect_uris[0]!,
			'openid profile',
			{ response_type: 'code id_token' }
		);
		expect(new URLSearchParams(callback.hash.slice(1)).has('id_token')).toBe(true);
		const tokens = await client.authorizationCodeGrant(config, callback, checks);
		expect(tokens.claims()?.sub).toBe('auth0|alice');
	});

	test('logout: the end-session URL ends the session and returns to the client', async () => {
		const { issuer, config } = await connect(SPA_CLIENT.client_id, client.None());
		const { callback, checks } = await signIn(
			issuer,
			config,
			SPA_CLIENT.redirect_uris[0]!,
			'openid'
		);
		const tokens = await client.authorizationCodeGrant(config, callback, checks);
		const logout = client.buildEndSessionUrl(config, {
			id_token_hint: tokens.id_token!,
			post_logout_redirect_uri: SPA_CLIENT.post_logout_redirect_uris[0]!,
			state: 'bye'
		});
		const response = await issuer.fetch(new Request(logout, { redirect: 'manual' }));
		expect(response.status).toBe(302);
		const back = new URL(response.headers.get('location')!);
		expect(back.origin + back.pathname).toBe(SPA_CLIENT.post_logout_redirect_uris[0]);
		expect(back.searchParams.get('state')).toBe('bye');
	});

	test('an issuer identifier with a path: discovery and a code flow under it', async () => {
		const { issuer, config } = await connect(SPA_CLIENT.client_id, client.None(), {
			issuer: 'https://issuer.example/tenant'
		});
		expect(config.serverMetadata().token_endpoint).toBe(
			'https://issuer.example/tenant/oauth/token'
		);
		const { callback, checks } = await signIn(
			issuer,
			config,
			SPA_CLIENT.redirect_uris[0]!,
			'openid'
		);
		const tokens = await client.authorizationCodeGrant(config, callback, checks);
		expect(tokens.claims()?.iss).toBe('https://issuer.example/tenant');
	});
});
