import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import {
	asFetch,
	Clock,
	createApi,
	codeRedemptionRequest,
	createDpopProof,
	deviceAuthorizationRequest,
	FAPI_CLIENT,
	FAPI_CLIENT_PRIVATE_JWK,
	generateDpopKey,
	INTRANET_CLIENT,
	pushedAuthorizationRequest,
	readDeviceAuthorization,
	TV_CLIENT,
	VAULT_CLIENT,
	withDpopProof,
	toResponse,
	type HttpRequest,
	type HttpResponse,
	type Issuer,
	type ResourceServer
} from '../../src/lib/core/index';
import {
	authorize,
	codeFlow,
	redirectParams,
	sessionCookie,
	setup,
	SPA,
	START,
	WEBAPP
} from './helpers';

/**
 * Hostile requests, 10,000 in all, to the issuer and to the API. None may throw, and each answer
 * must be a well-formed HTTP response: a real status, header values a `Headers` accepts (no
 * CR/LF, ByteString), and a body of the declared content type.
 */

const ISSUER_RUNS = 3000;
const RAW_RUNS = 4000;
const API_RUNS = 3000;

let issuer: Issuer;
let api: ResourceServer;
/** Real values the issuer handed out, so fuzzed requests reach deep branches too. */
let genuine: string[] = [];
/** Genuine DPoP proofs, for the issuer's token endpoint and the API. */
let proofs: string[] = [];

beforeAll(async () => {
	const ready = await setup({ clock: new Clock(START) });
	issuer = ready.issuer;
	const flows = await Promise.all([
		codeFlow(issuer, ready.metadata, { scope: 'openid profile email offline_access' }),
		codeFlow(issuer, ready.metadata, {
			credentials: WEBAPP,
			scope: 'openid offline_access read:messages',
			audience: 'https://api.example/'
		})
	]);
	genuine = flows.flatMap(({ tokens, code, pending }) =>
		[tokens.access_token, tokens.id_token, tokens.refresh_token, code, pending.codeVerifier].filter(
			(v): v is string => typeof v === 'string'
		)
	);
	// Device codes, a user code, an encrypted id_token and a logout token reach the new endpoints' deep branches.
	const device = readDeviceAuthorization(
		await issuer.handle(
			deviceAuthorizationRequest(
				ready.metadata,
				{ clientId: TV_CLIENT.client_id, authMethod: 'none' },
				'openid'
			)
		)
	);
	if (device.ok) genuine.push(device.value.device_code, device.value.user_code);
	const vault = await codeFlow(issuer, ready.metadata, {
		credentials: {
			clientId: VAULT_CLIENT.client_id,
			clientSecret: VAULT_CLIENT.client_secret,
			authMethod: 'client_secret_basic'
		},
		redirectUri: VAULT_CLIENT.redirect_uris[0],
		scope: 'openid'
	});
	genuine.push(vault.tokens.id_token);
	const intranet = await codeFlow(issuer, ready.metadata, {
		credentials: {
			clientId: INTRANET_CLIENT.client_id,
			clientSecret: INTRANET_CLIENT.client_secret,
			authMethod: 'client_secret_basic'
		},
		redirectUri: INTRANET_CLIENT.redirect_uris[0],
		scope: 'openid'
	});
	await issuer.handle({
		method: 'GET',
		url: ready.metadata.end_session_endpoint!,
		headers: [['Cookie', sessionCookie(intranet.authorizeResponse)]]
	});
	for (const request of issuer.takeLogoutRequests())
		genuine.push(new URLSearchParams(request.body).get('logout_token') ?? '');
	const key = await generateDpopKey();
	// A DPoP-bound access token, so hostile API requests meet a real bound token too.
	const bound = await authorize(issuer, ready.metadata, {
		scope: 'openid offline_access read:messages',
		audience: 'https://api.example/'
	});
	const boundCode = redirectParams(bound.response).code!;
	const boundTokens = JSON.parse(
		(
			await issuer.handle(
				await withDpopProof(
					codeRedemptionRequest(ready.metadata, SPA, boundCode, bound.pending),
					key,
					{ now: START }
				)
			)
		).body
	) as { access_token: string; refresh_token: string };
	const dpopFlow = { tokens: boundTokens };
	const pushed = await issuer.handle(
		await pushedAuthorizationRequest(
			new URL('oauth/par', issuer.url).href,
			{ clientId: FAPI_CLIENT.client_id, privateJwk: FAPI_CLIENT_PRIVATE_JWK },
			{
				issuer: issuer.url,
				now: START,
				params: {
					response_type: 'code',
					redirect_uri: FAPI_CLIENT.redirect_uris[0]!,
					scope: 'openid',
					nonce: 'n'
				}
			}
		)
	);
	proofs = await Promise.all([
		createDpopProof(key, { htm: 'POST', htu: new URL('oauth/token', issuer.url).href, iat: START }),
		createDpopProof(key, {
			htm: 'GET',
			htu: 'https://api.example/messages',
			iat: START,
			accessToken: dpopFlow.tokens.access_token
		}),
		createDpopProof(key, { htm: 'GET', htu: new URL('userinfo', issuer.url).href, iat: START })
	]);
	genuine.push(
		String(JSON.parse(pushed.body).request_uri),
		boundTokens.access_token,
		boundTokens.refresh_token,
		...proofs
	);
	api = createApi({
		audience: 'https://api.example/',
		issuer: issuer.url,
		jwks: () => issuer.jwks(),
		clock: issuer.clock
	});
}, 30_000);

const b64 = (text: string) => Buffer.from(text).toString('base64url');

const HUGE = 'y'.repeat(100_000);

const hostileText = fc.oneof(
	{ arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 12 },
	{ arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 4 },
	{
		arbitrary: fc.constantFrom(
			'',
			' ',
			'"',
			'\\',
			'\r\n',
			'\u0000',
			'Ω',
			'§',
			'%',
			'%zz',
			'\uD800',
			'💥'
		),
		weight: 9
	},
	{ arbitrary: fc.integer({ min: 100, max: 5_000 }).map((n) => 'x'.repeat(n)), weight: 2 },
	{ arbitrary: fc.integer({ min: 1, max: 100 }).map((n) => '"\\Ω\r\n'.repeat(n)), weight: 2 },
	// Huge: beyond any token size limit.
	{ arbitrary: fc.constant(HUGE), weight: 1 }
);

/** JWT-shaped strings with hostile headers and payloads, and genuine tokens to mix in. */
const jwtLike = fc.oneof(
	fc
		.record({
			alg: fc.constantFrom('RS256', 'ES256', 'HS256', 'none', 'EdDSA', 'PS256', 'x'),
			kid: hostileText,
			typ: fc.constantFrom('at+jwt', 'JWT', 'application/at+jwt', ''),
			extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 })
		})
		.chain((header) =>
			fc
				.tuple(fc.jsonValue(), fc.string({ maxLength: 40 }))
				.map(
					([payload, sig]) =>
						`${b64(JSON.stringify({ ...header.extra, alg: header.alg, kid: header.kid, typ: header.typ }))}.${b64(JSON.stringify(payload))}.${b64(sig)}`
				)
		),
	fc.constantFrom('a.b.c', '..', 'e30.e30.', 'e30.e30', '.', 'not-a-jwt'),
	fc.constant(null).map(() => genuine[0] ?? ''),
	fc.nat().map((n) => genuine[n % Math.max(1, genuine.length)] ?? '')
);

const value = fc.oneof(hostileText, jwtLike);

const PARAM_NAMES = [
	'client_id',
	'redirect_uri',
	'response_type',
	'response_mode',
	'scope',
	'state',
	'nonce',
	'prompt',
	'max_age',
	'login_hint',
	'id_token_hint',
	'code_challenge',
	'code_challenge_method',
	'audience',
	'resource',
	'request',
	'request_uri',
	'grant_type',
	'code',
	'code_verifier',
	'refresh_token',
	'client_secret',
	'subject_token',
	'subject_token_type',
	'requested_token_type',
	'post_logout_redirect_uri',
	'transaction',
	'username',
	'password',
	'decision',
	'id_token',
	'access_token',
	'device_code',
	'user_code',
	'form',
	'logout_token',
	'client_assertion',
	'client_assertion_type'
];
const KNOWN_VALUES = [
	'tokenstep-spa',
	'tokenstep-webapp',
	'https://spa.example/callback',
	'https://app.example/callback',
	'code',
	'id_token token',
	'code id_token token',
	'openid profile offline_access',
	'none',
	'form_post',
	'S256',
	'authorization_code',
	'refresh_token',
	'urn:ietf:params:oauth:grant-type:token-exchange',
	'urn:ietf:params:oauth:token-type:access_token',
	'urn:ietf:params:oauth:token-type:id_token',
	'https://api.example/',
	'auth0|alice',
	'alice',
	'tokenstep-tv',
	'tokenstep-vault',
	'tokenstep-intranet',
	'tokenstep-wiki',
	'https://intranet.example/',
	'urn:ietf:params:oauth:grant-type:device_code',
	'allow',
	'deny',
	'tokenstep-fapi',
	'https://fapi.example/callback',
	'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
	'urn:ietf:params:oauth:request_uri:x'
];

/** Parameters, possibly repeated, possibly missing, names and values hostile or plausible. */
const params = fc.array(
	fc.tuple(
		fc.oneof(fc.constantFrom(...PARAM_NAMES), fc.string({ maxLength: 10 })),
		fc.oneof(fc.constantFrom(...KNOWN_VALUES), value)
	),
	{ maxLength: 14 }
);

const PATHS = [
	'authorize',
	'login',
	'oauth/token',
	'userinfo',
	'oidc/logout',
	'tokeninfo',
	'delegation',
	'oauth/par',
	'.well-known/openid-configuration',
	'.well-known/jwks.json',
	'oauth/device/code',
	'activate',
	'',
	'nowhere',
	'authorize/',
	'%2e%2e/authorize'
];

const authorization = fc.oneof(
	jwtLike.map((t) => `Bearer ${t}`),
	jwtLike.map((t) => `DPoP ${t}`),
	value.map((t) => `Bearer ${t}`),
	fc.tuple(value, value).map(([id, secret]) => `Basic ${b64(`${id}:${secret}`)}`),
	value.map((v) => `Basic ${v}`),
	value
);

/** DPoP proofs: hostile JWT shapes, and genuine proofs replayed or sent to the wrong place. */
const dpopHeader = fc.oneof(
	jwtLike,
	fc.nat().map((n) => proofs[n % Math.max(1, proofs.length)] ?? ''),
	fc
		.record({
			typ: fc.constantFrom('dpop+jwt', 'JWT', ''),
			alg: fc.constantFrom('ES256', 'RS256', 'HS256', 'none', 'x'),
			jwk: fc.oneof(fc.jsonValue(), fc.constant({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' })),
			payload: fc.jsonValue()
		})
		.map(
			(h) =>
				`${b64(JSON.stringify({ typ: h.typ, alg: h.alg, jwk: h.jwk }))}.${b64(JSON.stringify(h.payload))}.${b64('sig')}`
		)
);

const contentType = fc.constantFrom(
	'application/x-www-form-urlencoded',
	'application/x-www-form-urlencoded; charset=utf-8',
	'application/json',
	'text/plain',
	'multipart/form-data; boundary=x',
	''
);

const body = fc.oneof(
	params.map((p) => new URLSearchParams(p).toString()),
	params.map((p) => JSON.stringify(Object.fromEntries(p))),
	fc.constantFrom('{', '[1,2', '{"a":', 'null', '"x"', '{"client_id":{}}', '%%%', '&&==&'),
	fc.jsonValue().map((v) => JSON.stringify(v)),
	hostileText
);

/** Makes text safe for a `Request` header value: the fetch adapter cannot carry anything else. */
const byteString = (text: string) => text.replace(/[^\t\x20-\x7e]/g, '?');

const webRequest = fc
	.record({
		method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'),
		path: fc.constantFrom(...PATHS),
		query: params,
		authorization: fc.option(authorization, { nil: undefined }),
		contentType: fc.option(contentType, { nil: undefined }),
		cookie: fc.option(value, { nil: undefined }),
		dpop: fc.option(dpopHeader, { nil: undefined }),
		body: fc.option(body, { nil: undefined })
	})
	.map((r) => {
		const url = new URL(r.path, issuer.url);
		for (const [k, v] of r.query) url.searchParams.append(k, v);
		const headers = new Headers();
		if (r.authorization !== undefined) headers.set('authorization', byteString(r.authorization));
		if (r.contentType) headers.set('content-type', r.contentType);
		if (r.cookie !== undefined) headers.set('cookie', `tokenstep_session=${byteString(r.cookie)}`);
		if (r.dpop !== undefined) headers.set('dpop', byteString(r.dpop));
		const hasBody = r.method !== 'GET' && r.method !== 'HEAD' && r.body !== undefined;
		return new Request(url, { method: r.method, headers, body: hasBody ? r.body : undefined });
	});

/** Plain-data requests carry what no web Request could: any method, URL or header text. */
const rawRequest = fc.record({
	method: fc.oneof(fc.constantFrom('GET', 'POST', 'get', 'post', ''), hostileText),
	url: fc.oneof(
		fc.constantFrom(...PATHS).map((p) => `https://issuer.example/${p}`),
		fc.constantFrom(...PATHS).map((p) => `https://issuer.example/${p}?`),
		hostileText,
		hostileText.map((t) => `https://issuer.example/authorize?${t}`)
	),
	headers: fc.array(
		fc.tuple(
			fc.oneof(
				fc.constantFrom('Authorization', 'Content-Type', 'Cookie', 'authorization', 'DPoP'),
				hostileText
			),
			fc.oneof(authorization, contentType, value, dpopHeader)
		),
		{ maxLength: 5 }
	),
	body: fc.option(body, { nil: undefined })
});

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/** What is wrong with an answer, if anything: status, headers, or a body not of the declared type. */
function malformation(response: HttpResponse): string | undefined {
	const { status } = response;
	// A 500 would mean the catch-all caught a bug.
	if (!Number.isInteger(status) || status < 200 || status >= 500) return `status ${status}`;
	for (const [name, headerValue] of response.headers) {
		if (!HEADER_NAME.test(name)) return `header name ${JSON.stringify(name)}`;
		if (!HEADER_VALUE.test(headerValue)) return `${name}: ${JSON.stringify(headerValue)}`;
	}
	const type = (response.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '')
		.split(';')[0]!
		.trim();
	if (type.endsWith('json')) {
		try {
			JSON.parse(response.body);
		} catch {
			return `${type} body is not JSON`;
		}
	} else if (type === 'text/html') {
		if (!response.body.startsWith('<!doctype html>')) return 'HTML body is no document';
	} else if (type === '') {
		if (response.body !== '') return 'a body without Content-Type';
	} else if (type !== 'text/plain') return `Content-Type ${type}`;
	const location = response.headers.find(([n]) => n === 'Location')?.[1];
	if (status >= 300 && status < 400 && !URL.canParse(location ?? ''))
		return 'redirect without Location';
	try {
		toResponse(response);
	} catch (e) {
		return `toResponse threw ${String(e)}`;
	}
	return undefined;
}

let answered = 0;

function expectWellFormed(response: HttpResponse): void {
	const problem = malformation(response);
	if (problem) expect.fail(`HTTP ${response.status}: ${problem}`);
	answered++;
}

async function fromWeb(response: Response): Promise<HttpResponse> {
	const headers: [string, string][] = [];
	response.headers.forEach((v, n) => headers.push([n, v]));
	return { status: response.status, headers, body: await response.text() };
}

describe('fuzz: no input makes an endpoint throw', () => {
	test(`issuer.fetch answers ${ISSUER_RUNS} hostile web requests`, async () => {
		await fc.assert(
			fc.asyncProperty(webRequest, async (request) => {
				expectWellFormed(await fromWeb(await issuer.fetch(request)));
			}),
			{ numRuns: ISSUER_RUNS, seed: 12 }
		);
		expect(answered).toBeGreaterThanOrEqual(ISSUER_RUNS);
	}, 60_000);

	test(`issuer.handle answers ${RAW_RUNS} hostile plain requests`, async () => {
		await fc.assert(
			fc.asyncProperty(rawRequest, async (request: HttpRequest) => {
				expectWellFormed(await issuer.handle(request));
			}),
			{ numRuns: RAW_RUNS, seed: 12 }
		);
		expect(answered).toBeGreaterThanOrEqual(ISSUER_RUNS + RAW_RUNS);
	}, 60_000);

	test(`the API answers ${API_RUNS} hostile requests`, async () => {
		const apiFetch = asFetch(api.handle);
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					rawRequest.map((r) => ({ ...r, url: r.url.replace('issuer.example/', 'api.example/') })),
					fc
						.record({
							method: fc.constantFrom('GET', 'POST', 'DELETE'),
							path: fc.constantFrom('messages', 'messages/', 'nope', ''),
							authorization: fc.option(
								fc.oneof(
									{ arbitrary: jwtLike.map((t) => `Bearer ${t}`), weight: 4 },
									{ arbitrary: jwtLike.map((t) => `DPoP ${t}`), weight: 2 },
									{ arbitrary: authorization, weight: 1 }
								),
								{ nil: undefined }
							),
							dpop: fc.array(dpopHeader, { maxLength: 2 })
						})
						.map((r): HttpRequest => ({
							method: r.method,
							url: `https://api.example/${r.path}`,
							headers: [
								...(r.authorization === undefined
									? []
									: [['Authorization', r.authorization] as [string, string]]),
								...r.dpop.map((p): [string, string] => ['DPoP', p])
							]
						}))
				),
				async (request: HttpRequest) => {
					expectWellFormed(await api.handle(request));
					if (URL.canParse(request.url) && /^[A-Z]+$/.test(request.method)) {
						const web = new Request(request.url, {
							method: request.method,
							headers: request.headers
								.filter(([n]) => HEADER_NAME.test(n))
								.map(([n, v]): [string, string] => [n, byteString(v)])
						});
						expectWellFormed(await fromWeb(await apiFetch(web)));
					}
				}
			),
			{ numRuns: API_RUNS, seed: 12 }
		);
		expect(answered).toBeGreaterThanOrEqual(ISSUER_RUNS + RAW_RUNS + API_RUNS);
	}, 60_000);
});
