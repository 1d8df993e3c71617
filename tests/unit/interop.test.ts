import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { describe, expect, test } from 'vitest';
import { Clock, createIssuer, SPA_CLIENT, WEBAPP_CLIENT } from '../../src/lib/core/index';

/**
 * A certified OpenID client library drives the mock issuer over its web `fetch` interface:
 * if anything here were not how a real provider behaves, oauth4webapi would refuse it.
 */
async function connect() {
	// oauth4webapi checks iat/exp against the real clock, so the issuer runs on real time here.
	const issuer = await createIssuer({ clock: new Clock() });
	const fetchFn = (url: string, options: oauth.CustomFetchOptions<string, unknown>) =>
		issuer.fetch(new Request(url, options as RequestInit));
	const issuerUrl = new URL(issuer.url);
	const as = await oauth.processDiscoveryResponse(
		issuerUrl,
		await oauth.discoveryRequest(issuerUrl, { [oauth.customFetch]: fetchFn })
	);
	return { issuer, fetchFn, as };
}

async function authorizationCode(
	as: oauth.AuthorizationServer,
	issuer: Awaited<ReturnType<typeof createIssuer>>,
	client: oauth.Client,
	redirectUri: string,
	scope: string
) {
	const codeVerifier = oauth.generateRandomCodeVerifier();
	const state = oauth.generateRandomState();
	const nonce = oauth.generateRandomNonce();
	const url = new URL(as.authorization_endpoint!);
	url.search = new URLSearchParams({
		client_id: client.client_id,
		redirect_uri: redirectUri,
		response_type: 'code',
		scope,
		state,
		nonce,
		login_hint: 'auth0|bob',
		code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
		code_challenge_method: 'S256'
	}).toString();
	const response = await issuer.fetch(new Request(url, { redirect: 'manual' }));
	expect(response.status).toBe(302);
	const callback = new URL(response.headers.get('location')!);
	const params = oauth.validateAuthResponse(as, client, callback, state);
	return { params, codeVerifier, nonce };
}

describe('interop with oauth4webapi', () => {
	test('discovery, authorization code + PKCE, id_token, refresh and userinfo for a public client', async () => {
		const { issuer, fetchFn, as } = await connect();
		expect(as.issuer).toBe('https://issuer.example/');
		const client: oauth.Client = { client_id: SPA_CLIENT.client_id };
		const redirectUri = SPA_CLIENT.redirect_uris[0]!;
		const { params, codeVerifier, nonce } = await authorizationCode(
			as,
			issuer,
			client,
			redirectUri,
			'openid profile email offline_access'
		);

		const tokenResponse = await oauth.authorizationCodeGrantRequest(
			as,
			client,
			oauth.None(),
			params,
			redirectUri,
			codeVerifier,
			{
				[oauth.customFetch]: fetchFn
			}
		);
		const result = await oauth.processAuthorizationCodeResponse(as, client, tokenResponse, {
			expectedNonce: nonce,
			requireIdToken: true
		});
		const claims = oauth.getValidatedIdTokenClaims(result)!;
		expect(claims.sub).toBe('auth0|bob');
		expect(claims.email).toBe('bob@example.org');
		expect(result.token_type).toBe('bearer');

		// The id_token's signature, checked by jose against the JWKS fetched through the same fetch.
		const jwks = createRemoteJWKSet(new URL(as.jwks_uri!), {
			[customFetch]: (url, options) => fetchFn(url, options as never)
		});
		const verified = await jwtVerify(result.id_token!, jwks, {
			issuer: as.issuer,
			audience: client.client_id
		});
		expect(verified.payload.sub).toBe('auth0|bob');

		const refreshed = await oauth.processRefreshTokenResponse(
			as,
			client,
			await oauth.refreshTokenGrantRequest(as, client, oauth.None(), result.refresh_token!, {
				[oauth.customFetch]: fetchFn
			})
		);
		expect(refreshed.refresh_token).not.toBe(result.refresh_token);
		expect(oauth.getValidatedIdTokenClaims(refreshed)?.sub).toBe('auth0|bob');

		const userinfo = await oauth.processUserInfoResponse(
			as,
			client,
			claims.sub,
			await oauth.userInfoRequest(as, client, refreshed.access_token, {
				[oauth.customFetch]: fetchFn
			})
		);
		expect(userinfo).toMatchObject({ sub: 'auth0|bob', name: 'Bob Tables', email_verified: false });
	});

	test('a confidential client authenticates with client_secret_basic', async () => {
		const { issuer, fetchFn, as } = await connect();
		const client: oauth.Client = { client_id: WEBAPP_CLIENT.client_id };
		const redirectUri = WEBAPP_CLIENT.redirect_uris[0]!;
		const { params, codeVerifier, nonce } = await authorizationCode(
			as,
			issuer,
			client,
			redirectUri,
			'openid'
		);
		const response = await oauth.authorizationCodeGrantRequest(
			as,
			client,
			oauth.ClientSecretBasic(WEBAPP_CLIENT.client_secret!),
			params,
			redirectUri,
			codeVerifier,
			{ [oauth.customFetch]: fetchFn }
		);
		const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
			expectedNonce: nonce
		});
		expect(oauth.getValidatedIdTokenClaims(result)?.aud).toBe(WEBAPP_CLIENT.client_id);
	});

	test('oauth4webapi surfaces the issuer’s OAuth error for a replayed code', async () => {
		const { issuer, fetchFn, as } = await connect();
		const client: oauth.Client = { client_id: SPA_CLIENT.client_id };
		const redirectUri = SPA_CLIENT.redirect_uris[0]!;
		const { params, codeVerifier, nonce } = await authorizationCode(
			as,
			issuer,
			client,
			redirectUri,
			'openid'
		);
		const redeem = () =>
			oauth.authorizationCodeGrantRequest(
				as,
				client,
				oauth.None(),
				params,
				redirectUri,
				codeVerifier,
				{ [oauth.customFetch]: fetchFn }
			);
		await oauth.processAuthorizationCodeResponse(as, client, await redeem(), {
			expectedNonce: nonce
		});
		const error = await oauth
			.processAuthorizationCodeResponse(as, client, await redeem(), { expectedNonce: nonce })
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(oauth.ResponseBodyError);
		expect((error as oauth.ResponseBodyError).error).toBe('invalid_grant');
	});
});
