import { calculateJwkThumbprint, compactDecrypt, exportJWK, importJWK } from 'jose';
import * as oauth from 'oauth4webapi';
import * as client from 'openid-client';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
	asFetch,
	Clock,
	clientEncryptionKey,
	createApi,
	createIssuer,
	FAPI_CLIENT,
	FAPI_CLIENT_PRIVATE_JWK,
	SAMPLE_USERS,
	SPA_CLIENT,
	TV_CLIENT,
	VAULT_CLIENT,
	type Issuer
} from '../../src/lib/core/index';

/**
 * Every modern flow driven end to end by two certified relying-party libraries, openid-client 6
 * and oauth4webapi 3, with `issuer.fetch` (and the API's handler) as their fetch: PAR with a
 * signed request object and private_key_jwt, DPoP at PAR, the token endpoint, UserInfo and the
 * API, RFC 9207's `iss` in the callback, the device grant with DPoP, and encrypted id_tokens the
 * library decrypts with the client's key. The libraries do the checking; nothing here is mocked.
 */

const API = 'https://api.example/';
const ALICE = SAMPLE_USERS[0]!;

/** The issuer (on a clock the test moves, starting now) and the API, behind one fetch. */
async function world(options: { dpopNonce?: boolean } = {}) {
	// The libraries check iat/exp against the real clock, so the simulation starts at real time.
	const issuer = await createIssuer({ clock: new Clock(), dpopNonce: options.dpopNonce });
	const api = createApi({
		audience: API,
		issuer: issuer.url,
		jwks: () => issuer.jwks(),
		clock: issuer.clock,
		dpopNonce: options.dpopNonce
	});
	const apiFetch = asFetch(api.handle);
	/** Each use_dpop_nonce answer, by the path that gave it. */
	const nonceErrors: string[] = [];
	const fetchFn = async (url: string, init?: unknown) => {
		const request = new Request(url, init as RequestInit);
		const response =
			new URL(request.url).origin === new URL(API).origin
				? await apiFetch(request)
				: await issuer.fetch(request);
		const challenge = response.headers.get('www-authenticate') ?? '';
		const body = response.headers.get('content-type')?.includes('json')
			? ((await response.clone().json()) as { error?: string })
			: {};
		if (body.error === 'use_dpop_nonce' || challenge.includes('use_dpop_nonce'))
			nonceErrors.push(new URL(request.url).pathname);
		return response;
	};
	return { issuer, fetchFn, nonceErrors };
}

/** The browser goes to /authorize (login_hint signs Alice in) and comes back with the callback URL. */
async function browse(issuer: Issuer, url: URL): Promise<URL> {
	const response = await issuer.fetch(new Request(url, { redirect: 'manual' }));
	expect(response.status).toBe(302);
	const callback = new URL(response.headers.get('location')!);
	// RFC 9207 §2: the issuer names itself in the authorization response.
	expect(callback.searchParams.get('iss')).toBe(issuer.url);
	return callback;
}

/** Alice types the user code at the verification page, signs in and allows or denies (RFC 8628 §3.3). */
async function decideDevice(
	issuer: Issuer,
	userCode: string,
	decision: 'allow' | 'deny' = 'allow'
): Promise<void> {
	const activate = new URL('activate', issuer.url).href;
	const page = await (
		await issuer.fetch(new Request(`${activate}?user_code=${encodeURIComponent(userCode)}`))
	).text();
	const form = /name="form" value="([^"]+)"/.exec(page)?.[1];
	expect(form).toBeDefined();
	const done = await issuer.fetch(
		new Request(activate, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				form: form!,
				user_code: userCode,
				decision,
				username: ALICE.username,
				password: ALICE.password
			})
		})
	);
	expect(done.status).toBe(200);
}

const fapiSigningKey = async () => ({
	key: (await importJWK(FAPI_CLIENT_PRIVATE_JWK, 'ES256')) as CryptoKey,
	kid: FAPI_CLIENT_PRIVATE_JWK.kid
});

/** The vault client's private decryption key: the key pair the simulated client generated. */
async function vaultDecryptionKey() {
	const { privateKey, kid } = await clientEncryptionKey(VAULT_CLIENT.client_id);
	return { key: privateKey, kid, alg: 'RSA-OAEP-256' };
}

const jwe = (token: string | undefined) => token?.split('.').length === 5;

afterEach(() => {
	vi.useRealTimers();
});

describe('openid-client 6 as the relying party of the modern flows', { timeout: 30_000 }, () => {
	async function configure(
		clientId: string,
		auth: client.ClientAuth,
		fetchFn: (url: string, init?: unknown) => Promise<Response>,
		issuer: Issuer
	) {
		return client.discovery(new URL(issuer.url), clientId, undefined, auth, {
			[client.customFetch]: fetchFn
		});
	}

	test('FAPI client: PAR with a signed request object, private_key_jwt, DPoP from the push on; UserInfo, the API and refresh', async () => {
		const { issuer, fetchFn } = await world();
		const signingKey = await fapiSigningKey();
		const config = await configure(
			FAPI_CLIENT.client_id,
			client.PrivateKeyJwt(signingKey),
			fetchFn,
			issuer
		);
		expect(config.serverMetadata()).toMatchObject({
			pushed_authorization_request_endpoint: new URL('oauth/par', issuer.url).href,
			authorization_response_iss_parameter_supported: true
		});
		const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
		const pkceCodeVerifier = client.randomPKCECodeVerifier();
		const expectedNonce = client.randomNonce();
		const expectedState = client.randomState();
		const jar = await client.buildAuthorizationUrlWithJAR(
			config,
			{
				redirect_uri: FAPI_CLIENT.redirect_uris[0]!,
				scope: 'openid profile offline_access read:messages',
				audience: API,
				state: expectedState,
				nonce: expectedNonce,
				code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
				code_challenge_method: 'S256',
				login_hint: ALICE.id
			},
			signingKey
		);
		// The push carries the request object and a DPoP proof (RFC 9449 §10.1); the browser
		// gets only client_id and request_uri.
		const authorizationUrl = await client.buildAuthorizationUrlWithPAR(config, jar.searchParams, {
			DPoP
		});
		expect([...authorizationUrl.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
		const callback = await browse(issuer, authorizationUrl);

		const tokens = await client.authorizationCodeGrant(
			config,
			callback,
			{ pkceCodeVerifier, expectedNonce, expectedState, idTokenExpected: true },
			undefined,
			{ DPoP }
		);
		expect(tokens.token_type).toBe('dpop');
		const claims = tokens.claims()!;
		expect(claims).toMatchObject({ iss: issuer.url, sub: ALICE.id, aud: FAPI_CLIENT.client_id });

		const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub, { DPoP });
		expect(userinfo.sub).toBe(ALICE.id);
		const resource = await client.fetchProtectedResource(
			config,
			tokens.access_token,
			new URL('messages', API),
			'GET',
			undefined,
			undefined,
			{ DPoP }
		);
		expect(resource.status).toBe(200);

		const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!, undefined, {
			DPoP
		});
		expect(refreshed.token_type).toBe('dpop');
		expect(refreshed.claims()?.sub).toBe(ALICE.id);
	});

	test('RFC 9449 §10.1: a code pushed with one DPoP key is not redeemed with another', async () => {
		const { issuer, fetchFn } = await world();
		const signingKey = await fapiSigningKey();
		const config = await configure(
			FAPI_CLIENT.client_id,
			client.PrivateKeyJwt(signingKey),
			fetchFn,
			issuer
		);
		const pushKey = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
		const otherKey = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
		const pkceCodeVerifier = client.randomPKCECodeVerifier();
		const expectedNonce = client.randomNonce();
		const jar = await client.buildAuthorizationUrlWithJAR(
			config,
			{
				redirect_uri: FAPI_CLIENT.redirect_uris[0]!,
				scope: 'openid',
				nonce: expectedNonce,
				code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
				code_challenge_method: 'S256',
				login_hint: ALICE.id
			},
			signingKey
		);
		const url = await client.buildAuthorizationUrlWithPAR(config, jar.searchParams, {
			DPoP: pushKey
		});
		const callback = await browse(issuer, url);
		const error = await client
			.authorizationCodeGrant(config, callback, { pkceCodeVerifier, expectedNonce }, undefined, {
				DPoP: otherKey
			})
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(client.ResponseBodyError);
		expect((error as client.ResponseBodyError).error).toBe('invalid_grant');
	});

	test('public client with dpop_jkt at /authorize: bound tokens, UserInfo, and a refresh token bound to the key (RFC 9449 §5, §10)', async () => {
		const { issuer, fetchFn } = await world();
		const config = await configure(SPA_CLIENT.client_id, client.None(), fetchFn, issuer);
		const keyPair = await client.randomDPoPKeyPair('ES256');
		const DPoP = client.getDPoPHandle(config, keyPair);
		const pkceCodeVerifier = client.randomPKCECodeVerifier();
		const expectedNonce = client.randomNonce();
		const url = client.buildAuthorizationUrl(config, {
			redirect_uri: SPA_CLIENT.redirect_uris[0]!,
			scope: 'openid email offline_access',
			nonce: expectedNonce,
			code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
			code_challenge_method: 'S256',
			dpop_jkt: await calculateJwkThumbprint(await exportJWK(keyPair.publicKey)),
			login_hint: ALICE.id
		});
		const tokens = await client.authorizationCodeGrant(
			config,
			await browse(issuer, url),
			{ pkceCodeVerifier, expectedNonce, idTokenExpected: true },
			undefined,
			{ DPoP }
		);
		expect(tokens.token_type).toBe('dpop');
		const userinfo = await client.fetchUserInfo(config, tokens.access_token, ALICE.id, { DPoP });
		expect(userinfo.email).toBe(ALICE.profile.email);

		const unbound = await client
			.refreshTokenGrant(config, tokens.refresh_token!)
			.catch((e: unknown) => e);
		expect((unbound as client.ResponseBodyError).error).toBe('invalid_grant');
		const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!, undefined, {
			DPoP
		});
		expect(refreshed.token_type).toBe('dpop');
	});

	test('device grant with DPoP: the library polls through authorization_pending; the device’s refresh token is bound to its key (RFC 8628 §3.4, RFC 9449 §5)', async () => {
		const { issuer, fetchFn } = await world();
		// What each poll of the token endpoint answered, as the library saw it.
		const polls: (string | undefined)[] = [];
		const recording = async (url: string, init?: unknown) => {
			const response = await fetchFn(url, init);
			if (new URL(url).pathname === '/oauth/token')
				polls.push(((await response.clone().json()) as { error?: string }).error);
			return response;
		};
		const config = await configure(TV_CLIENT.client_id, client.None(), recording, issuer);
		const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
		const device = await client.initiateDeviceAuthorization(config, {
			scope: 'openid profile offline_access'
		});
		expect(device.interval).toBe(5);

		// The library waits `interval` seconds before each poll: let that time pass on both clocks.
		vi.useFakeTimers({ toFake: ['setTimeout'] });
		const waiting = async () => {
			while (vi.getTimerCount() === 0) await new Promise((resolve) => setImmediate(resolve));
		};
		const elapse = async (seconds: number) => {
			await waiting();
			issuer.clock.advance(seconds);
			await vi.advanceTimersByTimeAsync(seconds * 1000);
		};
		const polling = client.pollDeviceAuthorizationGrant(config, device, undefined, { DPoP });
		await elapse(device.interval!);
		await waiting();
		expect(polls).toEqual(['authorization_pending']);
		await decideDevice(issuer, device.user_code);
		await elapse(device.interval!);
		const tokens = await polling;
		vi.useRealTimers();
		expect(polls).toEqual(['authorization_pending', undefined]);

		expect(tokens.token_type).toBe('dpop');
		expect(tokens.claims()).toMatchObject({ sub: ALICE.id, aud: TV_CLIENT.client_id });
		const userinfo = await client.fetchUserInfo(config, tokens.access_token, ALICE.id, { DPoP });
		expect(userinfo.name).toBe(ALICE.profile.name);

		const unbound = await client
			.refreshTokenGrant(config, tokens.refresh_token!)
			.catch((e: unknown) => e);
		expect((unbound as client.ResponseBodyError).error).toBe('invalid_grant');
		const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!, undefined, {
			DPoP
		});
		expect(refreshed.token_type).toBe('dpop');
	});

	test('device grant: the library slows down when told to (RFC 8628 §3.5) and stops on access_denied', async () => {
		const { issuer, fetchFn } = await world();
		const polls: (string | undefined)[] = [];
		const recording = async (url: string, init?: unknown) => {
			const response = await fetchFn(url, init);
			if (new URL(url).pathname === '/oauth/token')
				polls.push(((await response.clone().json()) as { error?: string }).error);
			return response;
		};
		const config = await configure(TV_CLIENT.client_id, client.None(), recording, issuer);
		const device = await client.initiateDeviceAuthorization(config, { scope: 'openid' });

		vi.useFakeTimers({ toFake: ['setTimeout'] });
		const waiting = async () => {
			while (vi.getTimerCount() === 0) await new Promise((resolve) => setImmediate(resolve));
		};
		const polling = client
			.pollDeviceAuthorizationGrant(config, device)
			.catch((e: unknown) => e as client.ResponseBodyError);
		// First poll on time; the second comes too soon by the issuer's clock, which stood still.
		await waiting();
		issuer.clock.advance(device.interval!);
		await vi.advanceTimersByTimeAsync(device.interval! * 1000);
		await waiting();
		await vi.advanceTimersByTimeAsync(device.interval! * 1000);
		await waiting();
		expect(polls).toEqual(['authorization_pending', 'slow_down']);
		// The library now waits interval + 5 s before it polls again.
		await vi.advanceTimersByTimeAsync(device.interval! * 1000);
		expect(polls).toHaveLength(2);
		await decideDevice(issuer, device.user_code, 'deny');
		issuer.clock.advance(device.interval! + 5);
		await vi.advanceTimersByTimeAsync(5 * 1000);
		const error = await polling;
		vi.useRealTimers();
		expect(polls).toEqual(['authorization_pending', 'slow_down', 'access_denied']);
		expect(error).toBeInstanceOf(client.ResponseBodyError);
		expect(error.error).toBe('access_denied');
	});

	test('DPoP server nonces (RFC 9449 §8, §9): the library takes the issuer’s and the API’s nonces and retries', async () => {
		const { issuer, fetchFn, nonceErrors } = await world({ dpopNonce: true });
		const signingKey = await fapiSigningKey();
		const config = await configure(
			FAPI_CLIENT.client_id,
			client.PrivateKeyJwt(signingKey),
			fetchFn,
			issuer
		);
		const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
		const pkceCodeVerifier = client.randomPKCECodeVerifier();
		const expectedNonce = client.randomNonce();
		const jar = await client.buildAuthorizationUrlWithJAR(
			config,
			{
				redirect_uri: FAPI_CLIENT.redirect_uris[0]!,
				scope: 'openid offline_access read:messages',
				audience: API,
				nonce: expectedNonce,
				code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
				code_challenge_method: 'S256',
				login_hint: ALICE.id
			},
			signingKey
		);
		const url = await client.buildAuthorizationUrlWithPAR(config, jar.searchParams, { DPoP });
		const tokens = await client.authorizationCodeGrant(
			config,
			await browse(issuer, url),
			{ pkceCodeVerifier, expectedNonce, idTokenExpected: true },
			undefined,
			{ DPoP }
		);
		expect(tokens.token_type).toBe('dpop');
		const resource = await client.fetchProtectedResource(
			config,
			tokens.access_token,
			new URL('messages', API),
			'GET',
			undefined,
			undefined,
			{ DPoP }
		);
		expect(resource.status).toBe(200);
		const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!, undefined, {
			DPoP
		});
		expect(refreshed.token_type).toBe('dpop');
		// One nonce from the issuer (first asked for at PAR, then reused at the token endpoint)
		// and one from the API, which accepts only its own (§9).
		expect(nonceErrors).toEqual(['/oauth/par', '/messages']);
	});

	test('device grant with DPoP nonces: the library’s polls carry the issuer’s nonce after one retry (RFC 9449 §8)', async () => {
		const { issuer, fetchFn, nonceErrors } = await world({ dpopNonce: true });
		const config = await configure(TV_CLIENT.client_id, client.None(), fetchFn, issuer);
		const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
		const device = await client.initiateDeviceAuthorization(config, {
			scope: 'openid offline_access'
		});
		vi.useFakeTimers({ toFake: ['setTimeout'] });
		const waiting = async () => {
			while (vi.getTimerCount() === 0) await new Promise((resolve) => setImmediate(resolve));
		};
		const polling = client.pollDeviceAuthorizationGrant(config, device, undefined, { DPoP });
		await waiting();
		issuer.clock.advance(device.interval!);
		await vi.advanceTimersByTimeAsync(device.interval! * 1000);
		await waiting();
		await decideDevice(issuer, device.user_code);
		issuer.clock.advance(device.interval!);
		await vi.advanceTimersByTimeAsync(device.interval! * 1000);
		const tokens = await polling;
		vi.useRealTimers();
		expect(tokens.token_type).toBe('dpop');
		const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!, undefined, {
			DPoP
		});
		expect(refreshed.token_type).toBe('dpop');
		expect(nonceErrors).toEqual(['/oauth/token']);
	});

	test('encrypted id_token (OIDC Core §10.2): the library decrypts it with the client’s key, then validates it', async () => {
		const { issuer, fetchFn } = await world();
		const config = await configure(
			VAULT_CLIENT.client_id,
			client.ClientSecretBasic(VAULT_CLIENT.client_secret!),
			fetchFn,
			issuer
		);
		client.enableDecryptingResponses(config, ['A256GCM'], await vaultDecryptionKey());
		const pkceCodeVerifier = client.randomPKCECodeVerifier();
		const expectedNonce = client.randomNonce();
		const expectedState = client.randomState();
		const url = client.buildAuthorizationUrl(config, {
			redirect_uri: VAULT_CLIENT.redirect_uris[0]!,
			scope: 'openid profile offline_access',
			nonce: expectedNonce,
			state: expectedState,
			code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
			code_challenge_method: 'S256',
			login_hint: ALICE.id
		});
		const tokens = await client.authorizationCodeGrant(config, await browse(issuer, url), {
			pkceCodeVerifier,
			expectedNonce,
			expectedState,
			idTokenExpected: true
		});
		expect(jwe(tokens.id_token)).toBe(true);
		expect(tokens.claims()).toMatchObject({ sub: ALICE.id, aud: VAULT_CLIENT.client_id });
		// What the library decrypted is the signed id_token it then validated.
		expect(client.getDecryptedResponses(tokens)).toMatchObject({
			id_token: { token_endpoint: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) }
		});
		const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
		expect(jwe(refreshed.id_token)).toBe(true);
		expect(refreshed.claims()?.sub).toBe(ALICE.id);
	});

	test('encrypted id_token: without the client’s key the library refuses the response', async () => {
		const { issuer, fetchFn } = await world();
		const config = await configure(
			VAULT_CLIENT.client_id,
			client.ClientSecretBasic(VAULT_CLIENT.client_secret!),
			fetchFn,
			issuer
		);
		const pkceCodeVerifier = client.randomPKCECodeVerifier();
		const expectedNonce = client.randomNonce();
		const url = client.buildAuthorizationUrl(config, {
			redirect_uri: VAULT_CLIENT.redirect_uris[0]!,
			scope: 'openid',
			nonce: expectedNonce,
			code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
			code_challenge_method: 'S256',
			login_hint: ALICE.id
		});
		await expect(
			client.authorizationCodeGrant(config, await browse(issuer, url), {
				pkceCodeVerifier,
				expectedNonce
			})
		).rejects.toThrow();
	});
});

describe('oauth4webapi as the relying party of the modern flows', { timeout: 30_000 }, () => {
	async function discover(
		fetchFn: (url: string, init?: unknown) => Promise<Response>,
		issuer: Issuer
	) {
		const issuerUrl = new URL(issuer.url);
		return oauth.processDiscoveryResponse(
			issuerUrl,
			await oauth.discoveryRequest(issuerUrl, { [oauth.customFetch]: fetchFn })
		);
	}

	test('FAPI client: PAR with a signed request object and a DPoP proof, the iss-checked callback, bound tokens, UserInfo, the API and refresh', async () => {
		const { issuer, fetchFn } = await world();
		const as = await discover(fetchFn, issuer);
		const rp: oauth.Client = { client_id: FAPI_CLIENT.client_id };
		const signingKey = await fapiSigningKey();
		const clientAuth = oauth.PrivateKeyJwt(signingKey);
		const redirectUri = FAPI_CLIENT.redirect_uris[0]!;
		const codeVerifier = oauth.generateRandomCodeVerifier();
		const state = oauth.generateRandomState();
		const nonce = oauth.generateRandomNonce();
		const DPoP = oauth.DPoP(rp, await oauth.generateKeyPair('ES256'));
		const request = await oauth.issueRequestObject(
			as,
			rp,
			{
				redirect_uri: redirectUri,
				response_type: 'code',
				scope: 'openid profile offline_access read:messages',
				audience: API,
				state,
				nonce,
				login_hint: ALICE.id,
				code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
				code_challenge_method: 'S256'
			},
			signingKey
		);
		const par = await oauth.processPushedAuthorizationResponse(
			as,
			rp,
			await oauth.pushedAuthorizationRequest(
				as,
				rp,
				clientAuth,
				{ request },
				{
					DPoP,
					[oauth.customFetch]: fetchFn
				}
			)
		);
		const url = new URL(as.authorization_endpoint!);
		url.searchParams.set('client_id', rp.client_id);
		url.searchParams.set('request_uri', par.request_uri);
		// validateAuthResponse checks iss against the issuer, as RFC 9207 §2.4 asks.
		const params = oauth.validateAuthResponse(as, rp, await browse(issuer, url), state);
		const tokens = await oauth.processAuthorizationCodeResponse(
			as,
			rp,
			await oauth.authorizationCodeGrantRequest(
				as,
				rp,
				clientAuth,
				params,
				redirectUri,
				codeVerifier,
				{ DPoP, [oauth.customFetch]: fetchFn }
			),
			{ expectedNonce: nonce, requireIdToken: true }
		);
		expect(tokens.token_type).toBe('dpop');
		const sub = oauth.getValidatedIdTokenClaims(tokens)!.sub;
		expect(sub).toBe(ALICE.id);

		const userinfo = await oauth.processUserInfoResponse(
			as,
			rp,
			sub,
			await oauth.userInfoRequest(as, rp, tokens.access_token, {
				DPoP,
				[oauth.customFetch]: fetchFn
			})
		);
		expect(userinfo.sub).toBe(ALICE.id);
		const resource = await oauth.protectedResourceRequest(
			tokens.access_token,
			'GET',
			new URL('messages', API),
			undefined,
			undefined,
			{ DPoP, [oauth.customFetch]: fetchFn }
		);
		expect(resource.status).toBe(200);

		const refreshed = await oauth.processRefreshTokenResponse(
			as,
			rp,
			await oauth.refreshTokenGrantRequest(as, rp, clientAuth, tokens.refresh_token!, {
				DPoP,
				[oauth.customFetch]: fetchFn
			})
		);
		expect(refreshed.token_type).toBe('dpop');
	});

	test('RFC 9449 §10.1: a code pushed with dpop_jkt is refused with another key’s proof, and without one', async () => {
		const { issuer, fetchFn } = await world();
		const as = await discover(fetchFn, issuer);
		const rp: oauth.Client = { client_id: SPA_CLIENT.client_id };
		const redirectUri = SPA_CLIENT.redirect_uris[0]!;
		const bound = await oauth.generateKeyPair('ES256');
		const codeVerifier = oauth.generateRandomCodeVerifier();
		const nonce = oauth.generateRandomNonce();
		const par = await oauth.processPushedAuthorizationResponse(
			as,
			rp,
			await oauth.pushedAuthorizationRequest(
				as,
				rp,
				oauth.None(),
				{
					redirect_uri: redirectUri,
					response_type: 'code',
					scope: 'openid',
					nonce,
					login_hint: ALICE.id,
					code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
					code_challenge_method: 'S256',
					dpop_jkt: await calculateJwkThumbprint(await exportJWK(bound.publicKey))
				},
				{ [oauth.customFetch]: fetchFn }
			)
		);
		const url = new URL(as.authorization_endpoint!);
		url.searchParams.set('client_id', rp.client_id);
		url.searchParams.set('request_uri', par.request_uri);
		const params = oauth.validateAuthResponse(
			as,
			rp,
			await browse(issuer, url),
			oauth.expectNoState
		);
		const redeem = (DPoP?: oauth.DPoPHandle) =>
			oauth
				.authorizationCodeGrantRequest(as, rp, oauth.None(), params, redirectUri, codeVerifier, {
					...(DPoP && { DPoP }),
					[oauth.customFetch]: fetchFn
				})
				.then((response) =>
					oauth.processAuthorizationCodeResponse(as, rp, response, { expectedNonce: nonce })
				)
				.catch((e: unknown) => e as oauth.ResponseBodyError);
		const other = await redeem(oauth.DPoP(rp, await oauth.generateKeyPair('ES256')));
		expect((other as oauth.ResponseBodyError).error).toBe('invalid_grant');
		const none = await redeem();
		expect((none as oauth.ResponseBodyError).error).toBe('invalid_grant');
		// A refused redemption does not use the code up: the bound key still redeems it.
		const tokens = (await redeem(oauth.DPoP(rp, bound))) as oauth.TokenEndpointResponse;
		expect(tokens.token_type).toBe('dpop');
	});

	test('device grant with DPoP: authorization_pending, then bound tokens; the refresh token needs the device’s key', async () => {
		const { issuer, fetchFn } = await world();
		const as = await discover(fetchFn, issuer);
		const rp: oauth.Client = { client_id: TV_CLIENT.client_id };
		const DPoP = oauth.DPoP(rp, await oauth.generateKeyPair('ES256'));
		const device = await oauth.processDeviceAuthorizationResponse(
			as,
			rp,
			await oauth.deviceAuthorizationRequest(
				as,
				rp,
				oauth.None(),
				{ scope: 'openid profile offline_access' },
				{ [oauth.customFetch]: fetchFn }
			)
		);
		const poll = async () =>
			oauth.processDeviceCodeResponse(
				as,
				rp,
				await oauth.deviceCodeGrantRequest(as, rp, oauth.None(), device.device_code, {
					DPoP,
					[oauth.customFetch]: fetchFn
				})
			);
		const pending = await poll().catch((e: unknown) => e);
		expect((pending as oauth.ResponseBodyError).error).toBe('authorization_pending');
		await decideDevice(issuer, device.user_code);
		issuer.clock.advance(device.interval ?? 5);
		const tokens = await poll();
		expect(tokens.token_type).toBe('dpop');
		expect(oauth.getValidatedIdTokenClaims(tokens)).toMatchObject({
			sub: ALICE.id,
			aud: TV_CLIENT.client_id
		});

		const refresh = (handle?: oauth.DPoPHandle) =>
			oauth
				.refreshTokenGrantRequest(as, rp, oauth.None(), tokens.refresh_token!, {
					...(handle && { DPoP: handle }),
					[oauth.customFetch]: fetchFn
				})
				.then((response) => oauth.processRefreshTokenResponse(as, rp, response))
				.catch((e: unknown) => e as oauth.ResponseBodyError);
		expect(((await refresh()) as oauth.ResponseBodyError).error).toBe('invalid_grant');
		const refreshed = (await refresh(DPoP)) as oauth.TokenEndpointResponse;
		expect(refreshed.token_type).toBe('dpop');
	});

	test('encrypted id_token (OIDC Core §10.2): decrypted with the client’s key through jweDecrypt, then validated', async () => {
		const { issuer, fetchFn } = await world();
		const as = await discover(fetchFn, issuer);
		const rp: oauth.Client = {
			client_id: VAULT_CLIENT.client_id,
			id_token_encrypted_response_alg: 'RSA-OAEP-256',
			id_token_encrypted_response_enc: 'A256GCM'
		};
		const clientAuth = oauth.ClientSecretBasic(VAULT_CLIENT.client_secret!);
		const { key } = await vaultDecryptionKey();
		const decrypted: string[] = [];
		const jweDecrypt: oauth.JweDecryptFunction = async (token) => {
			const { plaintext } = await compactDecrypt(token, key, {
				keyManagementAlgorithms: ['RSA-OAEP-256'],
				contentEncryptionAlgorithms: ['A256GCM']
			});
			decrypted.push(new TextDecoder().decode(plaintext));
			return decrypted.at(-1)!;
		};
		const redirectUri = VAULT_CLIENT.redirect_uris[0]!;
		const codeVerifier = oauth.generateRandomCodeVerifier();
		const nonce = oauth.generateRandomNonce();
		const url = new URL(as.authorization_endpoint!);
		url.search = new URLSearchParams({
			client_id: rp.client_id,
			redirect_uri: redirectUri,
			response_type: 'code',
			scope: 'openid profile',
			nonce,
			code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
			code_challenge_method: 'S256',
			login_hint: ALICE.id
		}).toString();
		const params = oauth.validateAuthResponse(
			as,
			rp,
			await browse(issuer, url),
			oauth.expectNoState
		);
		const tokens = await oauth.processAuthorizationCodeResponse(
			as,
			rp,
			await oauth.authorizationCodeGrantRequest(
				as,
				rp,
				clientAuth,
				params,
				redirectUri,
				codeVerifier,
				{ [oauth.customFetch]: fetchFn }
			),
			{ expectedNonce: nonce, requireIdToken: true, [oauth.jweDecrypt]: jweDecrypt }
		);
		expect(jwe(tokens.id_token)).toBe(true);
		expect(decrypted).toHaveLength(1);
		expect(oauth.getValidatedIdTokenClaims(tokens)).toMatchObject({
			sub: ALICE.id,
			aud: VAULT_CLIENT.client_id,
			nonce
		});
	});
	test('DPoP server nonces (RFC 9449 §8, §9): use_dpop_nonce is retried with the nonce the handle learned', async () => {
		const { issuer, fetchFn, nonceErrors } = await world({ dpopNonce: true });
		const as = await discover(fetchFn, issuer);
		const rp: oauth.Client = { client_id: SPA_CLIENT.client_id };
		const redirectUri = SPA_CLIENT.redirect_uris[0]!;
		const DPoP = oauth.DPoP(rp, await oauth.generateKeyPair('ES256'));
		/** The documented pattern: one retry when the server asks for a nonce. */
		const retried = async <T>(attempt: () => Promise<T>): Promise<T> => {
			try {
				return await attempt();
			} catch (error) {
				if (oauth.isDPoPNonceError(error)) return attempt();
				throw error;
			}
		};
		const codeVerifier = oauth.generateRandomCodeVerifier();
		const nonce = oauth.generateRandomNonce();
		const url = new URL(as.authorization_endpoint!);
		url.search = new URLSearchParams({
			client_id: rp.client_id,
			redirect_uri: redirectUri,
			response_type: 'code',
			scope: 'openid offline_access read:messages',
			audience: API,
			nonce,
			code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
			code_challenge_method: 'S256',
			login_hint: ALICE.id
		}).toString();
		const params = oauth.validateAuthResponse(
			as,
			rp,
			await browse(issuer, url),
			oauth.expectNoState
		);
		const tokens = await retried(async () =>
			oauth.processAuthorizationCodeResponse(
				as,
				rp,
				await oauth.authorizationCodeGrantRequest(
					as,
					rp,
					oauth.None(),
					params,
					redirectUri,
					codeVerifier,
					{ DPoP, [oauth.customFetch]: fetchFn }
				),
				{ expectedNonce: nonce }
			)
		);
		expect(tokens.token_type).toBe('dpop');
		const resource = await retried(async () => {
			const response = await oauth.protectedResourceRequest(
				tokens.access_token,
				'GET',
				new URL('messages', API),
				undefined,
				undefined,
				{ DPoP, [oauth.customFetch]: fetchFn }
			);
			return response;
		});
		expect(resource.status).toBe(200);
		const refreshed = await retried(async () =>
			oauth.processRefreshTokenResponse(
				as,
				rp,
				await oauth.refreshTokenGrantRequest(as, rp, oauth.None(), tokens.refresh_token!, {
					DPoP,
					[oauth.customFetch]: fetchFn
				})
			)
		);
		expect(refreshed.token_type).toBe('dpop');
		expect(nonceErrors).toEqual(['/oauth/token', '/messages']);
	});
});
