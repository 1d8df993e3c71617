import * as oauth from 'oauth4webapi';
import { importJWK } from 'jose';
import { describe, expect, test } from 'vitest';
import {
	asFetch,
	Clock,
	createApi,
	createIssuer,
	FAPI_CLIENT,
	FAPI_CLIENT_PRIVATE_JWK,
	SPA_CLIENT
} from '../../src/lib/core/index';

/**
 * oauth4webapi, a certified client library, drives PAR with a signed request object and
 * private_key_jwt, then DPoP at the token endpoint, the API and userinfo, all through
 * `issuer.fetch`. Anything non-standard on our side would make it throw.
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

async function follow(issuer: Awaited<ReturnType<typeof createIssuer>>, url: URL) {
	const response = await issuer.fetch(new Request(url, { redirect: 'manual' }));
	expect(response.status).toBe(302);
	return new URL(response.headers.get('location')!);
}

describe('interop with oauth4webapi: PAR + JAR + private_key_jwt + DPoP', () => {
	test('a FAPI-shaped client pushes a signed request, authenticates with a key and gets DPoP-bound tokens', async () => {
		const { issuer, fetchFn, as } = await connect();
		expect(as.pushed_authorization_request_endpoint).toBe(new URL('oauth/par', issuer.url).href);
		const client: oauth.Client = { client_id: FAPI_CLIENT.client_id };
		const privateKey = {
			key: (await importJWK(FAPI_CLIENT_PRIVATE_JWK, 'ES256')) as CryptoKey,
			kid: FAPI_CLIENT_PRIVATE_JWK.kid
		};
		const clientAuth = oauth.PrivateKeyJwt(privateKey);
		const redirectUri = FAPI_CLIENT.redirect_uris[0]!;
		const codeVerifier = oauth.generateRandomCodeVerifier();
		const state = oauth.generateRandomState();
		const nonce = oauth.generateRandomNonce();

		// push the authorization request, as a signed request object, over the back channel
		const request = await oauth.issueRequestObject(
			as,
			client,
			{
				redirect_uri: redirectUri,
				response_type: 'code',
				scope: 'openid profile offline_access read:messages',
				audience: 'https://api.example/',
				state,
				nonce,
				login_hint: 'auth0|alice',
				code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
				code_challenge_method: 'S256',
				max_age: '3600'
			},
			privateKey
		);
		const pushResponse = await oauth.pushedAuthorizationRequest(
			as,
			client,
			clientAuth,
			{ request },
			{ [oauth.customFetch]: fetchFn }
		);
		const par = await oauth.processPushedAuthorizationResponse(as, client, pushResponse);
		expect(par.expires_in).toBe(60);

		// the front channel carries only client_id and request_uri
		const authorizationUrl = new URL(as.authorization_endpoint!);
		authorizationUrl.searchParams.set('client_id', client.client_id);
		authorizationUrl.searchParams.set('request_uri', par.request_uri);
		const params = oauth.validateAuthResponse(
			as,
			client,
			await follow(issuer, authorizationUrl),
			state
		);

		// redeem the code with a DPoP proof
		const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
		const tokens = await oauth.processAuthorizationCodeResponse(
			as,
			client,
			await oauth.authorizationCodeGrantRequest(
				as,
				client,
				clientAuth,
				params,
				redirectUri,
				codeVerifier,
				{
					DPoP,
					[oauth.customFetch]: fetchFn
				}
			),
			{ expectedNonce: nonce, requireIdToken: true }
		);
		expect(tokens.token_type).toBe('dpop');
		expect(oauth.getValidatedIdTokenClaims(tokens)?.aud).toBe(FAPI_CLIENT.client_id);

		// call the API with the bound token and a fresh proof
		const api = createApi({
			audience: 'https://api.example/',
			issuer: issuer.url,
			jwks: () => issuer.jwks(),
			clock: issuer.clock
		});
		const apiFetch = (url: string, options: oauth.CustomFetchOptions<string, unknown>) =>
			asFetch(api.handle)(new Request(url, options as RequestInit));
		const resource = await oauth.protectedResourceRequest(
			tokens.access_token,
			'GET',
			new URL('https://api.example/messages'),
			undefined,
			undefined,
			{ DPoP, [oauth.customFetch]: apiFetch }
		);
		expect(resource.status).toBe(200);

		// userinfo with the same key
		const userinfo = await oauth.processUserInfoResponse(
			as,
			client,
			oauth.getValidatedIdTokenClaims(tokens)!.sub,
			await oauth.userInfoRequest(as, client, tokens.access_token, {
				DPoP,
				[oauth.customFetch]: fetchFn
			})
		);
		expect(userinfo.sub).toBe('auth0|alice');
	});

	test('a public client’s DPoP-bound refresh token refreshes only with its key', async () => {
		const { issuer, fetchFn, as } = await connect();
		const client: oauth.Client = { client_id: SPA_CLIENT.client_id };
		const redirectUri = SPA_CLIENT.redirect_uris[0]!;
		const codeVerifier = oauth.generateRandomCodeVerifier();
		const nonce = oauth.generateRandomNonce();
		// a public client may push too, with plain parameters
		const par = await oauth.processPushedAuthorizationResponse(
			as,
			client,
			await oauth.pushedAuthorizationRequest(
				as,
				client,
				oauth.None(),
				{
					redirect_uri: redirectUri,
					response_type: 'code',
					scope: 'openid offline_access',
					nonce,
					login_hint: 'auth0|bob',
					code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
					code_challenge_method: 'S256'
				},
				{ [oauth.customFetch]: fetchFn }
			)
		);
		const url = new URL(as.authorization_endpoint!);
		url.searchParams.set('client_id', client.client_id);
		url.searchParams.set('request_uri', par.request_uri);
		const params = oauth.validateAuthResponse(
			as,
			client,
			await follow(issuer, url),
			oauth.expectNoState
		);
		const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
		const tokens = await oauth.processAuthorizationCodeResponse(
			as,
			client,
			await oauth.authorizationCodeGrantRequest(
				as,
				client,
				oauth.None(),
				params,
				redirectUri,
				codeVerifier,
				{
					DPoP,
					[oauth.customFetch]: fetchFn
				}
			),
			{ expectedNonce: nonce }
		);
		const refreshed = await oauth.processRefreshTokenResponse(
			as,
			client,
			await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, {
				DPoP,
				[oauth.customFetch]: fetchFn
			})
		);
		expect(refreshed.token_type).toBe('dpop');
		const otherKey = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
		const error = await oauth
			.processRefreshTokenResponse(
				as,
				client,
				await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshed.refresh_token!, {
					DPoP: otherKey,
					[oauth.customFetch]: fetchFn
				})
			)
			.catch((e: unknown) => e);
		expect((error as oauth.ResponseBodyError).error).toBe('invalid_grant');
	});
});
