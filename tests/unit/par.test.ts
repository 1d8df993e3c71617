import { importJWK, SignJWT, generateKeyPair, exportJWK, type JWK } from 'jose';
import { describe, expect, test } from 'vitest';
import {
	CLIENT_ASSERTION_TYPE,
	createClientAssertion,
	createRequestObject,
	FAPI_CLIENT,
	FAPI_CLIENT_PRIVATE_JWK,
	JtiCache,
	pushedAuthorizationRequest,
	pushedAuthorizationUrl,
	REQUEST_URI_PREFIX,
	SPA_CLIENT,
	validateClientAssertion,
	validateRequestObject,
	withClientAssertion,
	type Issuer,
	type ProviderMetadata
} from '../../src/lib/core/index';
import { body, get, post, redirectParams, setup, START } from './helpers';

const FAPI = { clientId: FAPI_CLIENT.client_id, privateJwk: FAPI_CLIENT_PRIVATE_JWK };
const REDIRECT = FAPI_CLIENT.redirect_uris[0]!;
const PARAMS = {
	response_type: 'code',
	redirect_uri: REDIRECT,
	scope: 'openid profile',
	state: 'pushed-state',
	nonce: 'pushed-nonce',
	login_hint: 'auth0|alice'
};

type Metadata = ProviderMetadata & { pushed_authorization_request_endpoint: string };

async function push(issuer: Issuer, metadata: Metadata, params: Record<string, string> = PARAMS) {
	const request = await pushedAuthorizationRequest(
		metadata.pushed_authorization_request_endpoint,
		FAPI,
		{ issuer: issuer.url, now: issuer.clock.now(), params }
	);
	return issuer.handle(request);
}

async function pushed(issuer: Issuer, metadata: Metadata) {
	const response = await push(issuer, metadata);
	expect(response.status).toBe(201);
	return body(response).request_uri as string;
}

/** A request object or assertion signed with the FAPI client's key, claims exactly as given. */
async function signed(
	claims: Record<string, unknown>,
	header: Record<string, unknown> = {},
	jwk: JWK = FAPI_CLIENT_PRIVATE_JWK
) {
	return new SignJWT(claims)
		.setProtectedHeader({ alg: 'ES256', kid: jwk.kid, ...header })
		.sign(await importJWK(jwk, 'ES256'));
}

async function ready() {
	const { issuer, metadata, clock } = await setup();
	return { issuer, clock, metadata: metadata as Metadata };
}

function pageError(response: { status: number; body: string }) {
	return { status: response.status, error: /<h1>([a-z_]+)<\/h1>/.exec(response.body)?.[1] };
}

describe('RFC 9126 §5, RFC 8414: discovery advertises PAR, request objects and private_key_jwt', () => {
	test('the PAR endpoint, signing algorithms and auth methods are published', async () => {
		const { metadata, issuer } = await ready();
		expect(metadata).toMatchObject({
			pushed_authorization_request_endpoint: new URL('oauth/par', issuer.url).href,
			require_pushed_authorization_requests: false,
			request_parameter_supported: false,
			request_uri_parameter_supported: false
		});
		const raw = metadata as unknown as Record<string, string[]>;
		expect(raw.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
		expect(raw.token_endpoint_auth_signing_alg_values_supported).toContain('ES256');
		expect(raw.request_object_signing_alg_values_supported).toContain('ES256');
		expect(raw.request_object_signing_alg_values_supported).not.toContain('none');
	});
});

describe('RFC 9126 §2: pushing a signed request object, authenticated with private_key_jwt', () => {
	test('§2.2: the answer is 201 with a one-time urn request_uri and its lifetime', async () => {
		const { issuer, metadata } = await ready();
		const response = await push(issuer, metadata);
		expect(response.status).toBe(201);
		const answer = body(response);
		expect(String(answer.request_uri).startsWith(REQUEST_URI_PREFIX)).toBe(true);
		expect(answer.expires_in).toBe(60);
	});

	test('§4: /authorize with client_id and request_uri only runs the pushed request; the code redeems with private_key_jwt', async () => {
		const { issuer, metadata } = await ready();
		const requestUri = await pushed(issuer, metadata);
		const callback = await issuer.handle(
			get(pushedAuthorizationUrl(metadata.authorization_endpoint, FAPI.clientId, requestUri))
		);
		const params = redirectParams(callback);
		expect(new URL(callback.headers.find(([n]) => n === 'Location')![1]).origin).toBe(
			'https://fapi.example'
		);
		expect(params).toMatchObject({ state: 'pushed-state', iss: issuer.url });
		const redeem = await withClientAssertion(
			post(metadata.token_endpoint, {
				grant_type: 'authorization_code',
				code: params.code!,
				redirect_uri: REDIRECT
			}),
			FAPI,
			{ issuer: issuer.url, now: issuer.clock.now() }
		);
		const tokens = await issuer.handle(redeem);
		expect(tokens.status).toBe(200);
		expect(body(tokens)).toMatchObject({ token_type: 'Bearer', scope: 'openid profile' });
	});

	test('§2.1: a public client may push plain form parameters, identified by client_id', async () => {
		const { issuer, metadata } = await ready();
		const response = await issuer.handle(
			post(metadata.pushed_authorization_request_endpoint, {
				client_id: SPA_CLIENT.client_id,
				response_type: 'code',
				redirect_uri: SPA_CLIENT.redirect_uris[0]!,
				scope: 'openid',
				nonce: 'n',
				code_challenge: 'c'.repeat(43),
				code_challenge_method: 'S256',
				login_hint: 'auth0|bob'
			})
		);
		expect(response.status).toBe(201);
		const callback = await issuer.handle(
			get(
				pushedAuthorizationUrl(
					metadata.authorization_endpoint,
					SPA_CLIENT.client_id,
					String(body(response).request_uri)
				)
			)
		);
		expect(redirectParams(callback).code).toBeDefined();
	});

	test('§2.1: the pushed request is validated when pushed: an unregistered redirect_uri is refused then', async () => {
		const { issuer, metadata } = await ready();
		const response = await push(issuer, metadata, {
			...PARAMS,
			redirect_uri: 'https://evil.example/cb'
		});
		expect(response.status).toBe(400);
		expect(body(response).error).toBe('invalid_request');
	});

	test('§2.1: request_uri cannot itself be pushed', async () => {
		const { issuer, metadata } = await ready();
		const request = await withClientAssertion(
			post(metadata.pushed_authorization_request_endpoint, {
				...PARAMS,
				request_uri: `${REQUEST_URI_PREFIX}x`
			}),
			FAPI,
			{ issuer: issuer.url, now: issuer.clock.now() }
		);
		const response = await issuer.handle(request);
		expect([response.status, body(response).error]).toEqual([400, 'invalid_request']);
	});

	test('§2.1: only POST', async () => {
		const { issuer, metadata } = await ready();
		const response = await issuer.handle(get(metadata.pushed_authorization_request_endpoint));
		expect(response.status).toBe(405);
	});
});

describe('RFC 9126 §4, RFC 9101 §6.3 (attack): front-channel parameters next to a request_uri have no effect', () => {
	test('a changed redirect_uri, scope and state beside the request_uri are ignored', async () => {
		const { issuer, metadata } = await ready();
		const requestUri = await pushed(issuer, metadata);
		const url = new URL(
			pushedAuthorizationUrl(metadata.authorization_endpoint, FAPI.clientId, requestUri)
		);
		url.searchParams.set('redirect_uri', 'https://evil.example/cb');
		url.searchParams.set('scope', 'openid offline_access');
		url.searchParams.set('state', 'attacker-state');
		url.searchParams.set('response_type', 'code id_token token');
		const callback = await issuer.handle(get(url.href));
		const location = new URL(callback.headers.find(([n]) => n === 'Location')![1]);
		expect(location.origin + location.pathname).toBe(REDIRECT);
		expect(redirectParams(callback)).toMatchObject({
			state: 'pushed-state',
			scope: 'openid profile'
		});
		expect(redirectParams(callback).access_token).toBeUndefined();
	});

	test('a request_uri used with another client_id is invalid_request_uri', async () => {
		const { issuer, metadata } = await ready();
		const requestUri = await pushed(issuer, metadata);
		const response = await issuer.handle(
			get(pushedAuthorizationUrl(metadata.authorization_endpoint, SPA_CLIENT.client_id, requestUri))
		);
		expect(pageError(response)).toEqual({ status: 400, error: 'invalid_request_uri' });
	});
});

describe('RFC 9126 §2.2, §4 (attack): a request_uri works once, and not for long', () => {
	test('a reused request_uri is invalid_request_uri', async () => {
		const { issuer, metadata } = await ready();
		const url = pushedAuthorizationUrl(
			metadata.authorization_endpoint,
			FAPI.clientId,
			await pushed(issuer, metadata)
		);
		expect((await issuer.handle(get(url))).status).toBe(302);
		expect(pageError(await issuer.handle(get(url)))).toEqual({
			status: 400,
			error: 'invalid_request_uri'
		});
	});

	test('a request_uri past expires_in on the simulated clock is invalid_request_uri', async () => {
		const { issuer, metadata, clock } = await ready();
		const requestUri = await pushed(issuer, metadata);
		clock.advance(61);
		const response = await issuer.handle(
			get(pushedAuthorizationUrl(metadata.authorization_endpoint, FAPI.clientId, requestUri))
		);
		expect(pageError(response)).toEqual({ status: 400, error: 'invalid_request_uri' });
	});

	test('an unknown urn request_uri is invalid_request_uri', async () => {
		const { issuer, metadata } = await ready();
		const made = await issuer.handle(
			get(
				pushedAuthorizationUrl(
					metadata.authorization_endpoint,
					FAPI.clientId,
					`${REQUEST_URI_PREFIX}made-up`
				)
			)
		);
		expect(pageError(made)).toEqual({ status: 400, error: 'invalid_request_uri' });
	});
});

describe('RFC 9126 §6: a client registered with require_pushed_authorization_requests', () => {
	test('cannot send its request through the front channel', async () => {
		const { issuer, metadata } = await ready();
		const url = new URL(metadata.authorization_endpoint);
		url.search = new URLSearchParams({ ...PARAMS, client_id: FAPI.clientId }).toString();
		const response = await issuer.handle(get(url.href));
		expect(redirectParams(response)).toMatchObject({
			error: 'invalid_request',
			state: 'pushed-state'
		});
	});
});

describe('RFC 9101 §6: request object validation', () => {
	const base = () => ({
		iss: FAPI.clientId,
		aud: 'https://issuer.example/',
		client_id: FAPI.clientId,
		iat: START,
		nbf: START,
		exp: START + 60,
		jti: `jti-${Math.random()}`,
		...PARAMS
	});
	const expected = (replay = new JtiCache()) => ({
		clientId: FAPI.clientId,
		issuer: 'https://issuer.example/',
		jwks: FAPI_CLIENT.jwks!,
		now: START,
		replay
	});
	const failedIds = async (token: string, replay?: JtiCache) =>
		(await validateRequestObject(token, expected(replay))).checks
			.filter((c) => c.status === 'failed')
			.map((c) => c.id);

	test('a well-formed request object passes every check', async () => {
		const token = await createRequestObject({
			clientId: FAPI.clientId,
			issuer: 'https://issuer.example/',
			privateJwk: FAPI_CLIENT_PRIVATE_JWK,
			params: PARAMS,
			now: START
		});
		const report = await validateRequestObject(token, expected());
		expect(report.valid).toBe(true);
		expect(report.header?.typ).toBe('oauth-authz-req+jwt');
	});

	test.each([
		['iss', { iss: 'tokenstep-spa' }],
		['aud', { aud: 'https://other.example/' }],
		['client_id', { client_id: 'tokenstep-spa' }],
		['exp', { exp: START - 1 }],
		['nbf', { nbf: START + 600 }],
		['jti', { jti: undefined }],
		['nested', { request_uri: 'https://x.example/r' }]
	])('claim %s wrong is refused by that check', async (id, change) => {
		expect(await failedIds(await signed({ ...base(), ...change }))).toEqual([id]);
	});

	test('§10.8: a JWT of another type (typ JWT) is refused by typ', async () => {
		expect(await failedIds(await signed(base(), { typ: 'JWT' }))).toEqual(['typ']);
	});

	test('signed by a key the client did not register: refused at kid/signature', async () => {
		const { privateKey } = await generateKeyPair('ES256', { extractable: true });
		const other = { ...(await exportJWK(privateKey)), kid: FAPI_CLIENT_PRIVATE_JWK.kid };
		expect(await failedIds(await signed(base(), {}, other))).toEqual(['signature']);
	});

	test('alg none is refused', async () => {
		const [h, p] = (await signed(base())).split('.');
		const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
		expect(h).toBeDefined();
		expect(await failedIds(none)).toContain('alg');
	});

	test('a replayed request object (same jti) is refused', async () => {
		const replay = new JtiCache();
		const token = await signed(base());
		expect(await failedIds(token, replay)).toEqual([]);
		expect(await failedIds(token, replay)).toEqual(['jti']);
	});

	test('at the PAR endpoint a bad request object is invalid_request_object', async () => {
		const { issuer, metadata } = await ready();
		const request = await withClientAssertion(
			post(metadata.pushed_authorization_request_endpoint, {
				request: await signed({ ...base(), aud: 'https://other.example/' })
			}),
			FAPI,
			{ issuer: issuer.url, now: issuer.clock.now() }
		);
		const response = await issuer.handle(request);
		expect([response.status, body(response).error]).toEqual([400, 'invalid_request_object']);
	});
});

describe('RFC 7523 §3, OIDC Core §9: private_key_jwt client assertions', () => {
	const assertion = (over: Record<string, unknown> = {}, jwk?: JWK) =>
		signed(
			{
				iss: FAPI.clientId,
				sub: FAPI.clientId,
				aud: 'https://issuer.example/',
				exp: START + 60,
				iat: START,
				jti: `a-${Math.random()}`,
				...over
			},
			{},
			jwk
		);
	const failedIds = async (token: string, replay = new JtiCache()) =>
		(
			await validateClientAssertion(token, {
				clientId: FAPI.clientId,
				jwks: FAPI_CLIENT.jwks!,
				audiences: ['https://issuer.example/', 'https://issuer.example/oauth/token'],
				now: START,
				replay
			})
		).checks
			.filter((c) => c.status === 'failed')
			.map((c) => c.id);

	test('createClientAssertion makes an assertion that passes', async () => {
		const token = await createClientAssertion({
			clientId: FAPI.clientId,
			audience: 'https://issuer.example/oauth/token',
			privateJwk: FAPI_CLIENT_PRIVATE_JWK,
			now: START
		});
		expect(await failedIds(token)).toEqual([]);
	});

	test.each([
		['iss', { iss: 'tokenstep-spa' }],
		['sub', { sub: 'tokenstep-spa' }],
		['aud', { aud: 'https://issuer.example/userinfo' }],
		['exp', { exp: START - 1 }],
		['jti', { jti: undefined }]
	])('claim %s wrong is refused by that check', async (id, change) => {
		expect(await failedIds(await assertion(change))).toEqual([id]);
	});

	test('a replayed assertion is refused at the token endpoint with invalid_client', async () => {
		const { issuer, metadata } = await ready();
		const request = await withClientAssertion(
			post(metadata.token_endpoint, { grant_type: 'refresh_token', refresh_token: 'x' }),
			FAPI,
			{ issuer: issuer.url, now: issuer.clock.now() }
		);
		// First use authenticates (then fails on the made-up refresh token); the second is a replay.
		expect(body(await issuer.handle(request)).error).toBe('invalid_grant');
		const replayed = await issuer.handle(request);
		expect([replayed.status, body(replayed).error]).toEqual([401, 'invalid_client']);
	});

	test('an assertion signed with another key is invalid_client', async () => {
		const { issuer, metadata } = await ready();
		const { privateKey } = await generateKeyPair('ES256', { extractable: true });
		const other = { ...(await exportJWK(privateKey)), kid: FAPI_CLIENT_PRIVATE_JWK.kid };
		const response = await issuer.handle(
			post(metadata.token_endpoint, {
				grant_type: 'refresh_token',
				refresh_token: 'x',
				client_assertion_type: CLIENT_ASSERTION_TYPE,
				client_assertion: await assertion({}, other)
			})
		);
		expect([response.status, body(response).error]).toEqual([401, 'invalid_client']);
	});

	test('a private_key_jwt client cannot authenticate as public, nor send a secret too', async () => {
		const { issuer, metadata } = await ready();
		const none = await issuer.handle(
			post(metadata.token_endpoint, {
				grant_type: 'refresh_token',
				refresh_token: 'x',
				client_id: FAPI.clientId
			})
		);
		expect([none.status, body(none).error]).toEqual([401, 'invalid_client']);
		const both = await issuer.handle(
			post(metadata.token_endpoint, {
				grant_type: 'refresh_token',
				refresh_token: 'x',
				client_secret: 's',
				client_assertion_type: CLIENT_ASSERTION_TYPE,
				client_assertion: await assertion()
			})
		);
		expect([both.status, body(both).error]).toEqual([400, 'invalid_request']);
	});

	test('a wrong client_assertion_type is invalid_request', async () => {
		const { issuer, metadata } = await ready();
		const response = await issuer.handle(
			post(metadata.token_endpoint, {
				grant_type: 'refresh_token',
				refresh_token: 'x',
				client_assertion_type: 'urn:x',
				client_assertion: await assertion()
			})
		);
		expect([response.status, body(response).error]).toEqual([400, 'invalid_request']);
	});
});
