/**
 * Issue 29: the MUSTs a certified relying party found the issuer breaking. Each block is named by
 * the section it holds the issuer to; every test failed on the issuer before the fix.
 */
import { calculateJwkThumbprint, importJWK, SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import {
	CLIENT_ASSERTION_TYPE,
	codeRedemptionRequest,
	createAuthorizationRequest,
	createDpopProof,
	createRequestObject,
	deviceAuthorizationRequest,
	deviceTokenRequest,
	FAPI_CLIENT,
	FAPI_CLIENT_PRIVATE_JWK,
	generateDpopKey,
	pushedAuthorizationRequest,
	pushedAuthorizationUrl,
	readDeviceAuthorization,
	refreshRequest,
	SPA_CLIENT,
	TV_CLIENT,
	withClientAssertion,
	withDpopProof,
	type ClientCredentials,
	type DpopKey,
	type HttpRequest,
	type HttpResponse,
	type Issuer,
	type PendingAuthorization,
	type ProviderMetadata
} from '../../src/lib/core/index';
import { body, get, post, redirectParams, setup, SPA } from './helpers';

type Metadata = ProviderMetadata & { pushed_authorization_request_endpoint: string };
type Ready = { issuer: Issuer; metadata: Metadata };

const FAPI = { clientId: FAPI_CLIENT.client_id, privateJwk: FAPI_CLIENT_PRIVATE_JWK };
const FAPI_REDIRECT = FAPI_CLIENT.redirect_uris[0]!;
const SPA_REDIRECT = SPA_CLIENT.redirect_uris[0]!;

async function ready(): Promise<Ready> {
	const { issuer, metadata } = await setup();
	return { issuer, metadata: metadata as Metadata };
}

const errorOf = (response: HttpResponse) => [response.status, body(response).error];

/** The SPA's code flow with extra authorization request parameters (dpop_jkt), at /authorize. */
async function spaCode({ issuer, metadata }: Ready, extra: Record<string, string> = {}) {
	const pending = await createAuthorizationRequest(metadata, {
		clientId: SPA.clientId,
		redirectUri: SPA_REDIRECT,
		scope: 'openid offline_access',
		loginHint: 'auth0|alice'
	});
	const url = new URL(pending.url);
	for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
	const code = redirectParams(await issuer.handle(get(url.href))).code!;
	return { code, pending };
}

/** Redeems a code, with a DPoP proof of `key` when given. */
async function redeem(
	{ issuer, metadata }: Ready,
	credentials: ClientCredentials,
	code: string,
	pending: PendingAuthorization,
	key?: DpopKey
) {
	const request = codeRedemptionRequest(metadata, credentials, code, pending);
	return issuer.handle(
		key ? await withDpopProof(request, key, { now: issuer.clock.now() }) : request
	);
}

/** The SPA pushes plain form parameters (a public client, RFC 9126 §2.1), then follows the request_uri. */
async function spaPushed(
	ready: Ready,
	extra: Record<string, string> = {},
	dpop?: (request: HttpRequest) => Promise<HttpRequest>
) {
	const { issuer, metadata } = ready;
	const pending = await createAuthorizationRequest(metadata, {
		clientId: SPA.clientId,
		redirectUri: SPA_REDIRECT,
		scope: 'openid offline_access',
		loginHint: 'auth0|alice'
	});
	const params = Object.fromEntries(new URL(pending.url).searchParams);
	let request = post(metadata.pushed_authorization_request_endpoint, { ...params, ...extra });
	if (dpop) request = await dpop(request);
	const pushedResponse = await issuer.handle(request);
	if (pushedResponse.status !== 201) return { pushedResponse, pending };
	const url = pushedAuthorizationUrl(
		metadata.authorization_endpoint,
		SPA.clientId,
		String(body(pushedResponse).request_uri)
	);
	const code = redirectParams(await issuer.handle(get(url))).code!;
	return { pushedResponse, pending, code };
}

const proofFor = (key: DpopKey, issuer: Issuer, claims: { htm?: string; htu?: string } = {}) =>
	async function (request: HttpRequest): Promise<HttpRequest> {
		const proof = await createDpopProof(key, {
			htm: claims.htm ?? request.method,
			htu: claims.htu ?? request.url,
			iat: issuer.clock.now()
		});
		return { ...request, headers: [...request.headers, ['DPoP', proof]] };
	};

describe('RFC 9449 §10: dpop_jkt at /authorize binds the authorization code to that key', () => {
	test('redeemed with another key’s proof: invalid_grant', async () => {
		const r = await ready();
		const key = await generateDpopKey();
		const { code, pending } = await spaCode(r, { dpop_jkt: key.jkt });
		const thief = await generateDpopKey();
		expect(errorOf(await redeem(r, SPA, code, pending, thief))).toEqual([400, 'invalid_grant']);
	});

	test('redeemed without any proof: invalid_grant', async () => {
		const r = await ready();
		const key = await generateDpopKey();
		const { code, pending } = await spaCode(r, { dpop_jkt: key.jkt });
		expect(errorOf(await redeem(r, SPA, code, pending))).toEqual([400, 'invalid_grant']);
	});

	test('redeemed with the bound key’s proof: DPoP tokens bound to it', async () => {
		const r = await ready();
		const key = await generateDpopKey();
		const { code, pending } = await spaCode(r, { dpop_jkt: key.jkt });
		const response = await redeem(r, SPA, code, pending, key);
		expect([response.status, body(response).token_type]).toEqual([200, 'DPoP']);
	});

	test('a refused attempt with the wrong key does not use up the code', async () => {
		const r = await ready();
		const key = await generateDpopKey();
		const { code, pending } = await spaCode(r, { dpop_jkt: key.jkt });
		await redeem(r, SPA, code, pending, await generateDpopKey());
		expect((await redeem(r, SPA, code, pending, key)).status).toBe(200);
	});
});

describe('RFC 9449 §10.1: dpop_jkt in the PAR body binds the code the same way', () => {
	test('a public client’s pushed form with dpop_jkt: another key is invalid_grant, its own key 200', async () => {
		const r = await ready();
		const key = await generateDpopKey();
		const first = await spaPushed(r, { dpop_jkt: key.jkt });
		expect(first.pushedResponse.status).toBe(201);
		const thief = await generateDpopKey();
		expect(errorOf(await redeem(r, SPA, first.code!, first.pending, thief))).toEqual([
			400,
			'invalid_grant'
		]);
		const second = await spaPushed(r, { dpop_jkt: key.jkt });
		expect((await redeem(r, SPA, second.code!, second.pending, key)).status).toBe(200);
	});

	test('dpop_jkt inside a signed request object binds too', async () => {
		const r = await ready();
		const { issuer, metadata } = r;
		const key = await generateDpopKey();
		const thief = await generateDpopKey();
		const pending = await createAuthorizationRequest(metadata, {
			clientId: FAPI.clientId,
			redirectUri: FAPI_REDIRECT,
			scope: 'openid',
			loginHint: 'auth0|alice'
		});
		const params = { ...Object.fromEntries(new URL(pending.url).searchParams), dpop_jkt: key.jkt };
		const pushed = await issuer.handle(
			await pushedAuthorizationRequest(metadata.pushed_authorization_request_endpoint, FAPI, {
				issuer: issuer.url,
				now: issuer.clock.now(),
				params
			})
		);
		expect(pushed.status).toBe(201);
		const code = redirectParams(
			await issuer.handle(
				get(
					pushedAuthorizationUrl(
						metadata.authorization_endpoint,
						FAPI.clientId,
						String(body(pushed).request_uri)
					)
				)
			)
		).code!;
		const redeemWith = async (k: DpopKey) =>
			issuer.handle(
				await withDpopProof(
					await withClientAssertion(
						codeRedemptionRequest(
							metadata,
							{ clientId: FAPI.clientId, authMethod: 'none' },
							code,
							pending
						),
						FAPI,
						{ issuer: issuer.url, now: issuer.clock.now() }
					),
					k,
					{ now: issuer.clock.now() }
				)
			);
		expect(errorOf(await redeemWith(thief))).toEqual([400, 'invalid_grant']);
		expect((await redeemWith(key)).status).toBe(200);
	});
});

describe('RFC 9449 §10.1: a DPoP header at the PAR endpoint is checked and binds the code', () => {
	test('a proof for another URL (htu) is invalid_dpop_proof', async () => {
		const r = await ready();
		const key = await generateDpopKey();
		const { pushedResponse } = await spaPushed(
			r,
			{},
			proofFor(key, r.issuer, { htu: r.metadata.token_endpoint })
		);
		expect(errorOf(pushedResponse)).toEqual([400, 'invalid_dpop_proof']);
	});

	test('a proof for another method (htm) is invalid_dpop_proof', async () => {
		const r = await ready();
		const key = await generateDpopKey();
		const { pushedResponse } = await spaPushed(r, {}, proofFor(key, r.issuer, { htm: 'GET' }));
		expect(errorOf(pushedResponse)).toEqual([400, 'invalid_dpop_proof']);
	});

	test('a valid proof binds the code to its key: another key is invalid_grant, no proof too, its key 200', async () => {
		const r = await ready();
		const key = await generateDpopKey();
		const a = await spaPushed(r, {}, proofFor(key, r.issuer));
		expect(a.pushedResponse.status).toBe(201);
		expect(errorOf(await redeem(r, SPA, a.code!, a.pending, await generateDpopKey()))).toEqual([
			400,
			'invalid_grant'
		]);
		const b = await spaPushed(r, {}, proofFor(key, r.issuer));
		expect(errorOf(await redeem(r, SPA, b.code!, b.pending))).toEqual([400, 'invalid_grant']);
		const c = await spaPushed(r, {}, proofFor(key, r.issuer));
		expect((await redeem(r, SPA, c.code!, c.pending, key)).status).toBe(200);
	});

	test('a proof whose key is not dpop_jkt’s is refused at the push (invalid_request)', async () => {
		const r = await ready();
		const key = await generateDpopKey();
		const other = await generateDpopKey();
		const { pushedResponse } = await spaPushed(r, { dpop_jkt: other.jkt }, proofFor(key, r.issuer));
		expect(errorOf(pushedResponse)).toEqual([400, 'invalid_request']);
		const same = await spaPushed(r, { dpop_jkt: key.jkt }, proofFor(key, r.issuer));
		expect(same.pushedResponse.status).toBe(201);
	});
});

describe('RFC 9449 §5: the device grant binds a public client’s tokens to its DPoP key', () => {
	const TV: ClientCredentials = { clientId: TV_CLIENT.client_id, authMethod: 'none' };

	async function deviceTokens(r: Ready, key: DpopKey) {
		const { issuer, metadata } = r;
		const read = readDeviceAuthorization(
			await issuer.handle(deviceAuthorizationRequest(metadata, TV, 'openid offline_access'))
		);
		if (!read.ok) throw new Error(read.error);
		const device = read.value;
		const page = await issuer.handle(get(device.verification_uri_complete!));
		const form = /name="form" value="([^"]+)"/.exec(page.body)![1]!;
		await issuer.handle(
			post(device.verification_uri, {
				form,
				user_code: device.user_code,
				username: 'alice',
				password: 'correct horse battery staple',
				decision: 'allow'
			})
		);
		return issuer.handle(
			await withDpopProof(deviceTokenRequest(metadata, TV, device.device_code), key, {
				now: issuer.clock.now()
			})
		);
	}

	test('the device_code redemption with a proof answers DPoP tokens bound to its key', async () => {
		const r = await ready();
		const key = await generateDpopKey();
		const tokens = body(await deviceTokens(r, key));
		expect(tokens.token_type).toBe('DPoP');
		const claims = JSON.parse(
			Buffer.from(String(tokens.access_token).split('.')[1]!, 'base64url').toString()
		);
		expect(claims.cnf).toEqual({ jkt: await calculateJwkThumbprint(key.publicJwk) });
	});

	test('its refresh token without a proof, or with another key: invalid_grant; with its key: 200', async () => {
		const r = await ready();
		const { issuer, metadata } = r;
		const key = await generateDpopKey();
		const refreshToken = String(body(await deviceTokens(r, key)).refresh_token);
		expect(errorOf(await issuer.handle(refreshRequest(metadata, TV, refreshToken)))).toEqual([
			400,
			'invalid_grant'
		]);
		const thief = await generateDpopKey();
		const stolen = await issuer.handle(
			await withDpopProof(refreshRequest(metadata, TV, refreshToken), thief, {
				now: issuer.clock.now()
			})
		);
		expect(errorOf(stolen)).toEqual([400, 'invalid_grant']);
		const own = await issuer.handle(
			await withDpopProof(refreshRequest(metadata, TV, refreshToken), key, {
				now: issuer.clock.now()
			})
		);
		expect([own.status, body(own).token_type]).toEqual([200, 'DPoP']);
	});
});

/** A client assertion of the FAPI client, claims as given. */
async function assertion(claims: Record<string, unknown>) {
	return new SignJWT(claims)
		.setProtectedHeader({ alg: 'ES256', kid: FAPI_CLIENT_PRIVATE_JWK.kid })
		.sign(await importJWK(FAPI_CLIENT_PRIVATE_JWK, 'ES256'));
}

/** A push of the FAPI client with a fresh request object and the given client assertion. */
async function pushWithAssertion({ issuer, metadata }: Ready, clientAssertion: string) {
	const request = await createRequestObject({
		clientId: FAPI.clientId,
		issuer: issuer.url,
		privateJwk: FAPI_CLIENT_PRIVATE_JWK,
		params: {
			response_type: 'code',
			redirect_uri: FAPI_REDIRECT,
			scope: 'openid',
			nonce: 'n',
			login_hint: 'auth0|alice'
		},
		now: issuer.clock.now()
	});
	return issuer.handle(
		post(metadata.pushed_authorization_request_endpoint, {
			request,
			client_assertion_type: CLIENT_ASSERTION_TYPE,
			client_assertion: clientAssertion
		})
	);
}

describe('RFC 9126 §2: the PAR endpoint accepts the issuer, token endpoint or PAR endpoint as aud', () => {
	test.each([
		['the issuer identifier', (m: Metadata) => m.issuer],
		['the token endpoint URL', (m: Metadata) => m.token_endpoint],
		['the PAR endpoint URL', (m: Metadata) => m.pushed_authorization_request_endpoint]
	])('aud = %s: 201', async (_name, aud) => {
		const r = await ready();
		const now = r.issuer.clock.now();
		const response = await pushWithAssertion(
			r,
			await assertion({
				iss: FAPI.clientId,
				sub: FAPI.clientId,
				aud: aud(r.metadata),
				iat: now,
				exp: now + 60,
				jti: `aud-${Math.random()}`
			})
		);
		expect(response.status).toBe(201);
	});

	test('aud = another endpoint (userinfo): invalid_client', async () => {
		const r = await ready();
		const now = r.issuer.clock.now();
		const response = await pushWithAssertion(
			r,
			await assertion({
				iss: FAPI.clientId,
				sub: FAPI.clientId,
				aud: r.metadata.userinfo_endpoint,
				iat: now,
				exp: now + 60,
				jti: `aud-${Math.random()}`
			})
		);
		expect(errorOf(response)).toEqual([401, 'invalid_client']);
	});
});

describe('OIDC Core §9, RFC 7523 §3: a used jti is remembered for as long as exp + the allowed skew accepts it', () => {
	test('a client assertion replayed after exp, within the clock skew, is invalid_client', async () => {
		const r = await ready();
		const now = r.issuer.clock.now();
		const used = await assertion({
			iss: FAPI.clientId,
			sub: FAPI.clientId,
			aud: r.issuer.url,
			iat: now,
			exp: now + 60,
			jti: 'assertion-once'
		});
		expect((await pushWithAssertion(r, used)).status).toBe(201);
		// 10 s past exp: the exp check still accepts it within the skew, so its jti must still be known.
		r.issuer.clock.advance(70);
		expect(errorOf(await pushWithAssertion(r, used))).toEqual([401, 'invalid_client']);
	});

	test('a request object replayed after exp, within the clock skew, is invalid_request_object', async () => {
		const r = await ready();
		const { issuer, metadata } = r;
		const requestObject = await createRequestObject({
			clientId: FAPI.clientId,
			issuer: issuer.url,
			privateJwk: FAPI_CLIENT_PRIVATE_JWK,
			params: {
				response_type: 'code',
				redirect_uri: FAPI_REDIRECT,
				scope: 'openid',
				nonce: 'n'
			},
			now: issuer.clock.now()
		});
		const push = async () =>
			issuer.handle(
				await withClientAssertion(
					post(metadata.pushed_authorization_request_endpoint, { request: requestObject }),
					FAPI,
					{ issuer: issuer.url, now: issuer.clock.now() }
				)
			);
		expect((await push()).status).toBe(201);
		issuer.clock.advance(70);
		expect(errorOf(await push())).toEqual([400, 'invalid_request_object']);
	});
});
