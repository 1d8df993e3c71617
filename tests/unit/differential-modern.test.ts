import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	calculateJwkThumbprint,
	exportJWK,
	generateKeyPair,
	importJWK,
	SignJWT,
	type JWK,
	type JWTPayload
} from 'jose';
import Provider from 'oidc-provider';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import {
	asFetch,
	Clock,
	createApi,
	createIssuer,
	DEVICE_CODE_GRANT,
	FAPI_CLIENT,
	FAPI_CLIENT_PRIVATE_JWK,
	MESSAGES_API,
	s256,
	SAMPLE_CLIENTS,
	SAMPLE_USERS,
	SPA_CLIENT,
	TV_CLIENT,
	type Client
} from '../../src/lib/core/index';
import {
	closeServer,
	cookieHeader,
	keepCookies,
	outcome,
	readmeDifferences,
	type Outcome
} from './differentialHttp';

/**
 * The modern flows, differentially: the same PAR pushes, DPoP proofs (at the token endpoint and
 * at a protected resource, UserInfo) and device-grant polls sent to Tokenstep's issuer and to
 * oidc-provider 9, which implements RFC 9126, RFC 9449 and RFC 8628 and is OpenID certified.
 * Both must answer with the same status and `error` code, or the case names the difference and
 * why (the README lists them under "Differences from oidc-provider, on purpose").
 */

const SPA = SPA_CLIENT.client_id;
const SPA_REDIRECT = SPA_CLIENT.redirect_uris[0]!;
const FAPI = FAPI_CLIENT.client_id;
const FAPI_REDIRECT = FAPI_CLIENT.redirect_uris[0]!;
const TV = TV_CLIENT.client_id;
/** A second device client, so a device_code can be redeemed by the wrong one. */
const TV_2: Client = { ...TV_CLIENT, client_id: 'tokenstep-tv-2', client_name: 'Tokenstep TV 2' };
const ALICE = SAMPLE_USERS[0]!;
const VERIFIER = 'v'.repeat(43);
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const now = () => Math.floor(Date.now() / 1000);

interface Side {
	name: 'tokenstep' | 'oidc-provider';
	/** Whether this side requires server nonces in DPoP proofs (RFC 9449 §8, §9). */
	dpopNonce: boolean;
	issuer: string;
	send(request: Request): Promise<Response>;
	cookies: Map<string, string>;
	endpoints: {
		authorize: string;
		token: string;
		userinfo: string;
		par: string;
		deviceAuthorization: string;
		/** A protected resource beside UserInfo: our API; oidc-provider serves only UserInfo. */
		api: string;
	};
	/** Logs `accountId` in through the side's own login page; returns the response that goes to the client. */
	signIn(authorizeUrl: string, accountId: string): Promise<Response>;
	/** The person types the user code at the verification page and refuses (RFC 8628 §3.3). */
	denyDevice(userCode: string): Promise<void>;
	/** The same, and Alice signs in and allows. */
	approveDevice(userCode: string): Promise<void>;
}

/** Our clock follows the real one, so both sides see the same time, faked or not. */
class WallClock extends Clock {
	override now(): number {
		return now();
	}
}

async function startOidcProvider(dpopNonce = false): Promise<{ side: Side; server: Server }> {
	let handler: ReturnType<Provider['callback']> = () => undefined;
	const server = createServer((req, res) => handler(req, res));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const codeClient = {
		grant_types: ['authorization_code', 'refresh_token'],
		response_types: ['code']
	};
	const deviceClient = (clientId: string) => ({
		client_id: clientId,
		token_endpoint_auth_method: 'none',
		grant_types: [DEVICE_CODE_GRANT, 'refresh_token'],
		response_types: [],
		redirect_uris: []
	});
	const provider = new Provider(origin, {
		clients: [
			{
				...codeClient,
				client_id: SPA,
				token_endpoint_auth_method: 'none',
				redirect_uris: SPA_CLIENT.redirect_uris
			},
			{
				...codeClient,
				client_id: FAPI,
				token_endpoint_auth_method: 'private_key_jwt',
				token_endpoint_auth_signing_alg: 'ES256',
				request_object_signing_alg: 'ES256',
				require_pushed_authorization_requests: true,
				jwks: FAPI_CLIENT.jwks as { keys: JWK[] },
				redirect_uris: FAPI_CLIENT.redirect_uris
			},
			deviceClient(TV),
			deviceClient(TV_2.client_id)
		],
		findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
		// Consent is not part of these cases: grant what the client asks, as our issuer does.
		loadExistingGrant: async (ctx) => {
			const grant = new ctx.oidc.provider.Grant({
				clientId: ctx.oidc.client!.clientId,
				accountId: ctx.oidc.session!.accountId!
			});
			grant.addOIDCScope('openid profile email offline_access');
			await grant.save();
			return grant;
		},
		features: {
			devInteractions: { enabled: true },
			deviceFlow: { enabled: true },
			requestObjects: { enabled: true },
			pushedAuthorizationRequests: { enabled: true },
			dPoP: {
				enabled: true,
				...(dpopNonce && {
					nonceSecret: Buffer.from(crypto.getRandomValues(new Uint8Array(32))),
					requireNonce: () => true
				})
			}
		},
		cookies: { keys: ['differential-test-key'] }
	});
	handler = provider.callback();
	const cookies = new Map<string, string>();
	const send = async (request: Request) => {
		const response = await fetch(request, { redirect: 'manual' });
		keepCookies(cookies, response);
		return response;
	};
	const form = (url: string | URL, body: Record<string, string>) =>
		new Request(url, {
			method: 'POST',
			headers: { ...cookieHeader(cookies), 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(body)
		});
	const side: Side = {
		name: 'oidc-provider',
		dpopNonce,
		issuer: origin,
		send,
		cookies,
		endpoints: {
			authorize: `${origin}/auth`,
			token: `${origin}/token`,
			userinfo: `${origin}/me`,
			par: `${origin}/request`,
			deviceAuthorization: `${origin}/device/auth`,
			api: `${origin}/me`
		},
		signIn: async (authorizeUrl, accountId) =>
			interact(
				await send(new Request(authorizeUrl, { headers: cookieHeader(cookies) })),
				accountId
			),
		async denyDevice(userCode) {
			const xsrf = await deviceXsrf(
				new Request(`${origin}/device`, { headers: cookieHeader(cookies) })
			);
			const denied = await send(
				form(`${origin}/device`, { xsrf, user_code: userCode, abort: 'yes' })
			);
			await denied.text();
		},
		async approveDevice(userCode) {
			// The code is typed, then confirmed on a second form; login and consent follow.
			const xsrf = await deviceXsrf(
				new Request(`${origin}/device`, { headers: cookieHeader(cookies) })
			);
			const confirm = await deviceXsrf(form(`${origin}/device`, { xsrf, user_code: userCode }));
			const done = await interact(
				await send(
					form(`${origin}/device`, { xsrf: confirm, user_code: userCode, confirm: 'yes' })
				),
				ALICE.id
			);
			await done.text();
		}
	};
	/** The xsrf token of the device form `request` answers with. */
	async function deviceXsrf(request: Request): Promise<string> {
		const page = await (await send(request)).text();
		const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
		if (!xsrf) throw new Error('oidc-provider: no xsrf on the device page');
		return xsrf;
	}
	/** Follows redirects within the provider, answering its login and consent prompts. */
	async function interact(first: Response, accountId: string): Promise<Response> {
		let response = first;
		for (let hop = 0; hop < 8; hop++) {
			const location = response.headers.get('location');
			if (!location) return response;
			const next = new URL(location, origin);
			if (next.origin !== origin) return response;
			if (next.pathname.startsWith('/interaction/')) {
				const page = await (
					await send(new Request(next, { headers: cookieHeader(cookies) }))
				).text();
				const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1] ?? 'login';
				response = await send(form(next, { prompt, login: accountId, password: 'x' }));
			} else {
				response = await send(new Request(next, { headers: cookieHeader(cookies) }));
			}
		}
		return response;
	}
	return { side, server };
}

async function startTokenstep(dpopNonce = false): Promise<Side> {
	const issuer = await createIssuer({
		clock: new WallClock(),
		clients: [...SAMPLE_CLIENTS, TV_2],
		dpopNonce
	});
	// The resource server (RFC 9449 §7) that takes the issuer's access tokens for MESSAGES_API.
	const api = asFetch(
		createApi({
			audience: MESSAGES_API.identifier,
			issuer: issuer.url,
			jwks: () => issuer.jwks(),
			clock: issuer.clock,
			dpopNonce
		}).handle
	);
	const cookies = new Map<string, string>();
	const send = async (request: Request) => {
		if (new URL(request.url).origin === new URL(MESSAGES_API.identifier).origin)
			return api(request);
		const response = await issuer.fetch(request);
		keepCookies(cookies, response);
		return response;
	};
	return {
		name: 'tokenstep',
		dpopNonce,
		issuer: issuer.url,
		send,
		cookies,
		endpoints: {
			authorize: `${issuer.url}authorize`,
			token: `${issuer.url}oauth/token`,
			userinfo: `${issuer.url}userinfo`,
			par: `${issuer.url}oauth/par`,
			deviceAuthorization: `${issuer.url}oauth/device/code`,
			api: new URL('messages', MESSAGES_API.identifier).href
		},
		// Our login page is a form too; login_hint takes the same step without it.
		signIn: (authorizeUrl, accountId) => {
			const url = new URL(authorizeUrl);
			url.searchParams.set('login_hint', accountId);
			return send(new Request(url, { headers: cookieHeader(cookies) }));
		},
		denyDevice: (userCode) => decideDevice(userCode, 'deny'),
		approveDevice: (userCode) => decideDevice(userCode, 'allow')
	};
	async function decideDevice(userCode: string, decision: 'allow' | 'deny') {
		const activate = `${issuer.url}activate`;
		const page = await (await send(new Request(`${activate}?user_code=${userCode}`))).text();
		const formId = /name="form" value="([^"]+)"/.exec(page)?.[1];
		if (!formId) throw new Error('tokenstep: no form id on the activation page');
		const decided = await send(
			new Request(activate, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({
					form: formId,
					user_code: userCode,
					decision,
					username: ALICE.username,
					password: ALICE.password
				})
			})
		);
		await decided.text();
	}
}

// --- keys, proofs and assertions -------------------------------------------------------------

interface DpopKey {
	privateKey: CryptoKey;
	publicJwk: JWK;
	privateJwk: JWK;
	jkt: string;
}

async function dpopKey(): Promise<DpopKey> {
	const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
	const publicJwk = await exportJWK(publicKey);
	return {
		privateKey,
		publicJwk,
		privateJwk: await exportJWK(privateKey),
		jkt: await calculateJwkThumbprint(publicJwk)
	};
}

interface ProofOptions {
	htm?: string;
	iat?: number;
	jti?: string;
	/** The access token this proof is presented with (RFC 9449 §4.2 `ath`). */
	accessToken?: string;
	/** `ath` as sent, overriding the hash of `accessToken`. */
	ath?: string;
	typ?: string;
	/** The public key the header names; the proof is signed with `key` whatever this says. */
	jwk?: JWK;
	/** Claims added or replaced; undefined removes one. */
	claims?: Record<string, unknown>;
}

const b64u = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A DPoP proof JWT (RFC 9449 §4.2) for `htu`, signed with `key`. */
async function proof(key: DpopKey, htu: string, options: ProofOptions = {}): Promise<string> {
	const claims: JWTPayload = {
		htm: options.htm ?? 'POST',
		htu,
		jti: options.jti ?? crypto.randomUUID(),
		iat: options.iat ?? now(),
		...(options.accessToken !== undefined && { ath: await s256(options.accessToken) }),
		...(options.ath !== undefined && { ath: options.ath }),
		...options.claims
	};
	for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
	return new SignJWT(claims)
		.setProtectedHeader({
			alg: 'ES256',
			typ: options.typ ?? 'dpop+jwt',
			jwk: options.jwk ?? key.publicJwk
		})
		.sign(key.privateKey);
}

/** An unsigned proof (`alg: none`), which no DPoP server may accept (RFC 9449 §4.3). */
function unsignedProof(key: DpopKey, htu: string): string {
	const header = { alg: 'none', typ: 'dpop+jwt', jwk: key.publicJwk };
	return `${b64u(header)}.${b64u({ htm: 'POST', htu, jti: crypto.randomUUID(), iat: now() })}.`;
}

/** A proof MACed with HS256 over a symmetric `jwk`: no DPoP server may accept a MAC (RFC 9449 §4.3). */
async function macProof(htu: string): Promise<string> {
	const secret = crypto.getRandomValues(new Uint8Array(32));
	const jwk = { kty: 'oct', k: Buffer.from(secret).toString('base64url') };
	return new SignJWT({ htm: 'POST', htu, jti: crypto.randomUUID(), iat: now() })
		.setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk })
		.sign(secret);
}

/** A proof whose header names no key. */
async function keylessProof(key: DpopKey, htu: string): Promise<string> {
	return new SignJWT({ htm: 'POST', htu, jti: crypto.randomUUID(), iat: now() })
		.setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt' })
		.sign(key.privateKey);
}

const fapiKey = () => importJWK(FAPI_CLIENT_PRIVATE_JWK, 'ES256') as Promise<CryptoKey>;

/** A private_key_jwt client assertion of the FAPI client (RFC 7523 §3) for `aud`. */
async function clientAssertion(
	aud: string,
	lifetime = 60,
	extra: Record<string, unknown> = {}
): Promise<string> {
	const claims: JWTPayload = {
		iss: FAPI,
		sub: FAPI,
		aud,
		jti: crypto.randomUUID(),
		iat: now(),
		exp: now() + lifetime,
		...extra
	};
	for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
	return new SignJWT(claims)
		.setProtectedHeader({ alg: 'ES256', kid: FAPI_CLIENT_PRIVATE_JWK.kid })
		.sign(await fapiKey());
}

/** The FAPI client's signed request object (RFC 9101 §4), for `side`'s issuer. */
async function requestObject(side: Side, extra: Record<string, unknown> = {}): Promise<string> {
	return new SignJWT({
		iss: FAPI,
		aud: side.issuer,
		iat: now(),
		nbf: now(),
		exp: now() + 300,
		jti: crypto.randomUUID(),
		client_id: FAPI,
		response_type: 'code',
		redirect_uri: FAPI_REDIRECT,
		scope: 'openid',
		state: 'st',
		nonce: 'nn',
		code_challenge: await s256(VERIFIER),
		code_challenge_method: 'S256',
		login_hint: ALICE.id,
		...extra
	})
		.setProtectedHeader({
			alg: 'ES256',
			kid: FAPI_CLIENT_PRIVATE_JWK.kid,
			typ: 'oauth-authz-req+jwt'
		})
		.sign(await fapiKey());
}

const formPost = (
	url: string,
	params: Record<string, string>,
	headers: Record<string, string> = {}
) =>
	new Request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(params)
	});

/** The FAPI client pushes a signed request object, authenticated with a client assertion. */
async function fapiPush(
	side: Side,
	options: {
		aud?: string;
		assertion?: string | null;
		request?: Record<string, unknown>;
		/** A request object made earlier, sent again. */
		signedRequest?: string;
		headers?: Record<string, string>;
	} = {}
): Promise<Request> {
	const assertion =
		options.assertion === undefined
			? await clientAssertion(options.aud ?? side.issuer)
			: options.assertion;
	return formPost(
		side.endpoints.par,
		{
			client_id: FAPI,
			request: options.signedRequest ?? (await requestObject(side, options.request)),
			...(assertion !== null && {
				client_assertion_type: ASSERTION_TYPE,
				client_assertion: assertion
			})
		},
		options.headers
	);
}

/** A code for the FAPI client, through its push. */
async function fapiCode(side: Side, request: Record<string, unknown> = {}): Promise<string> {
	return codeFrom(side, await frontChannel(side, await fapiPush(side, { request }), FAPI));
}

/** The FAPI client redeems a code, authenticated by `assertion` (RFC 7523 §2.2). */
function fapiRedeem(
	side: Side,
	code: string,
	assertion: string,
	extra: Record<string, string> = {},
	headers: Record<string, string> = {}
): Request {
	return formPost(
		side.endpoints.token,
		{
			grant_type: 'authorization_code',
			client_id: FAPI,
			redirect_uri: FAPI_REDIRECT,
			code,
			code_verifier: VERIFIER,
			client_assertion_type: ASSERTION_TYPE,
			client_assertion: assertion,
			...extra
		},
		headers
	);
}

/** A token request by the FAPI client whose assertion is `assertion(side)`. */
const fapiToken =
	(assertion: (side: Side) => Promise<string>, extra: Record<string, string> = {}) =>
	async (side: Side) =>
		fapiRedeem(side, await fapiCode(side), await assertion(side), extra);

/** A push by the public SPA, with plain form parameters (RFC 9126 §2.1). */
async function spaPush(
	side: Side,
	extra: Record<string, string | null> = {},
	headers: Record<string, string> = {}
): Promise<Request> {
	const params: Record<string, string | null> = {
		client_id: SPA,
		redirect_uri: SPA_REDIRECT,
		response_type: 'code',
		scope: 'openid',
		state: 'st',
		nonce: 'nn',
		code_challenge: await s256(VERIFIER),
		code_challenge_method: 'S256',
		login_hint: ALICE.id,
		...extra
	};
	return formPost(
		side.endpoints.par,
		Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== null)),
		headers
	);
}

/** The front channel after a push: client_id and request_uri only (RFC 9126 §4). */
async function frontChannel(side: Side, push: Request, clientId = SPA): Promise<string> {
	const pushed = await side.send(push);
	const body = (await pushed.json()) as { request_uri?: string };
	if (!body.request_uri) throw new Error(`${side.name}: push refused (${pushed.status})`);
	const url = new URL(side.endpoints.authorize);
	url.search = new URLSearchParams({
		client_id: clientId,
		request_uri: body.request_uri
	}).toString();
	return url.href;
}

/** The code the sign-in returns to the redirect URI. */
async function codeFrom(side: Side, authorizeUrl: string): Promise<string> {
	side.cookies.clear();
	const response = await side.signIn(authorizeUrl, ALICE.id);
	const location = new URL(response.headers.get('location') ?? 'https://none.example/');
	const code = location.searchParams.get('code');
	if (!code) throw new Error(`${side.name}: no code (${response.status} ${location})`);
	return code;
}

/** A plain front-channel code request by the SPA, with PKCE; `extra` overrides or adds. */
function spaAuthorizeUrl(side: Side, extra: Record<string, string> = {}): Promise<string> {
	return s256(VERIFIER).then((challenge) => {
		const url = new URL(side.endpoints.authorize);
		url.search = new URLSearchParams({
			client_id: SPA,
			redirect_uri: SPA_REDIRECT,
			response_type: 'code',
			scope: 'openid',
			state: 'st',
			nonce: 'nn',
			code_challenge: challenge,
			code_challenge_method: 'S256',
			...extra
		}).toString();
		return url.href;
	});
}

const spaCode = async (side: Side, extra: Record<string, string> = {}) =>
	codeFrom(side, await spaAuthorizeUrl(side, extra));

/** The SPA redeems `code` (RFC 6749 §4.1.3), with a DPoP proof when one is given. */
function redeem(side: Side, code: string, dpop?: string): Request {
	return formPost(
		side.endpoints.token,
		{
			grant_type: 'authorization_code',
			client_id: SPA,
			redirect_uri: SPA_REDIRECT,
			code,
			code_verifier: VERIFIER
		},
		dpop === undefined ? {} : { dpop }
	);
}

/** The SPA's token request with `makeProof` building the DPoP header for the token endpoint. */
const withProof =
	(makeProof: (side: Side, key: DpopKey) => string | Promise<string>) => async (side: Side) => {
		const code = await spaCode(side);
		return redeem(side, code, await makeProof(side, await dpopKey()));
	};

interface DpopTokens {
	access_token: string;
	refresh_token?: string;
	token_type: string;
}

/** Tokens bound to `key` (RFC 9449 §5), with a refresh token when `offline`. */
async function dpopTokens(
	side: Side,
	key: DpopKey,
	offline = false,
	forApi = false
): Promise<DpopTokens> {
	const code = await spaCode(side, {
		// offline_access needs prompt=consent (OIDC Core §11); both sides grant it then.
		...(offline && { scope: 'openid offline_access', prompt: 'consent' }),
		// The API's audience and scope; oidc-provider ignores what it does not know.
		...(forApi && { scope: 'openid read:messages', audience: MESSAGES_API.identifier })
	});
	const nonce = side.dpopNonce ? await tokenNonce(side) : undefined;
	const response = await side.send(
		redeem(side, code, await proof(key, side.endpoints.token, { claims: { nonce } }))
	);
	const tokens = (await response.json()) as DpopTokens;
	if (response.status !== 200) throw new Error(`${side.name}: ${JSON.stringify(tokens)}`);
	return tokens;
}

/** The nonce `side` hands out in answer to `request` (RFC 9449 §8, §9), from its DPoP-Nonce header. */
async function serverNonce(side: Side, request: Request): Promise<string> {
	const response = await side.send(request);
	await response.text();
	const nonce = response.headers.get('dpop-nonce');
	if (!nonce) throw new Error(`${side.name}: no DPoP-Nonce (${response.status})`);
	return nonce;
}

/** The authorization server's current nonce, asked for with a proof that has none. */
const tokenNonce = async (side: Side) =>
	serverNonce(
		side,
		formPost(
			side.endpoints.token,
			{ grant_type: 'refresh_token', client_id: SPA, refresh_token: 'probe' },
			{ dpop: await proof(await dpopKey(), side.endpoints.token) }
		)
	);

/** UserInfo, the resource both sides serve, called with `authorization` and an optional proof. */
function userinfo(side: Side, authorization: string, dpop?: string): Request {
	return new Request(side.endpoints.userinfo, {
		headers: { authorization, ...(dpop !== undefined && { dpop }) }
	});
}

/** The same at the API: a DPoP-bound token for it, presented with `present`. */
const atApi =
	(present: (side: Side, key: DpopKey, token: string) => Promise<Record<string, string>>) =>
	async (side: Side) => {
		const key = await dpopKey();
		const { access_token } = await dpopTokens(side, key, false, true);
		return new Request(side.endpoints.api, { headers: await present(side, key, access_token) });
	};

/** The device asks for codes (RFC 8628 §3.1). */
async function deviceCodes(side: Side, clientId = TV, scope = 'openid') {
	const response = await side.send(
		formPost(side.endpoints.deviceAuthorization, { client_id: clientId, scope })
	);
	const body = (await response.json()) as { device_code: string; user_code: string };
	if (!body.device_code) throw new Error(`${side.name}: ${JSON.stringify(body)}`);
	return body;
}

/** The device polls the token endpoint (RFC 8628 §3.4). */
const poll = (side: Side, deviceCode: string, clientId = TV, dpop?: string) =>
	formPost(
		side.endpoints.token,
		{ grant_type: DEVICE_CODE_GRANT, device_code: deviceCode, client_id: clientId },
		dpop === undefined ? {} : { dpop }
	);

/** Moves both sides' clock (ours reads Date, as oidc-provider does) `seconds` ahead. */
function travel(seconds: number): void {
	vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + seconds * 1000 });
}

// --- cases ------------------------------------------------------------------------------------

interface Case {
	name: string;
	request: (side: Side) => Promise<Request>;
	/** A deliberate difference: one line on why, and what each side answers. */
	differs?: { why: string; tokenstep: Outcome; oidcProvider: Outcome };
}

const json = (status: number, error?: string): Outcome => ({
	status,
	delivery: 'json',
	...(error && { error })
});

const CASES: Case[] = [
	// --- PAR (RFC 9126 §2, §4; RFC 9101; RFC 7523 §3)
	{
		name: 'par: private_key_jwt client pushes a signed request object',
		request: (side) => fapiPush(side)
	},
	{
		name: 'par: a pushed request_uri used a second time',
		request: async (side) => {
			const url = await frontChannel(side, await spaPush(side));
			await codeFrom(side, url);
			return new Request(url);
		}
	},
	{
		name: 'par: private_key_jwt client pushes without client authentication',
		request: (side) => fapiPush(side, { assertion: null })
	},
	{
		name: 'par: request_uri inside the pushed request object',
		request: (side) =>
			fapiPush(side, { request: { request_uri: 'urn:ietf:params:oauth:request_uri:x' } })
	},
	{
		name: 'par: unregistered redirect_uri',
		request: (side) => spaPush(side, { redirect_uri: 'https://evil.example/cb' })
	},
	{
		name: 'par: client assertion aud is the issuer identifier',
		request: (side) => fapiPush(side, { aud: side.issuer })
	},
	{
		name: 'par: client assertion aud is the token endpoint URL',
		request: (side) => fapiPush(side, { aud: side.endpoints.token })
	},
	{
		name: 'par: client assertion aud is the PAR endpoint URL',
		request: (side) => fapiPush(side, { aud: side.endpoints.par })
	},
	{
		name: 'par: client assertion aud is another server',
		request: (side) => fapiPush(side, { aud: 'https://other.example/' })
	},
	{
		name: 'par: a client assertion used twice',
		request: async (side) => {
			const assertion = await clientAssertion(side.issuer);
			expect((await side.send(await fapiPush(side, { assertion }))).status).toBe(201);
			return fapiPush(side, { assertion });
		}
	},
	{
		name: 'par: a client assertion replayed just after its exp, within the clock skew',
		request: async (side) => {
			// exp 10 s ahead; 20 s later it is past exp but within both sides' skew (ours 30 s,
			// oidc-provider's 15 s), so only the remembered jti can refuse it.
			const assertion = await clientAssertion(side.issuer, 10);
			expect((await side.send(await fapiPush(side, { assertion }))).status).toBe(201);
			travel(20);
			return fapiPush(side, { assertion });
		}
	},
	{
		name: 'par: the pushed request_uri has expired',
		request: async (side) => {
			const push = await side.send(await spaPush(side));
			const { request_uri } = (await push.json()) as { request_uri: string };
			travel(61);
			const url = new URL(side.endpoints.authorize);
			url.search = new URLSearchParams({ client_id: SPA, request_uri }).toString();
			return new Request(url, { headers: cookieHeader(side.cookies) });
		}
	},
	{
		name: 'par: request object names another client_id',
		request: (side) => fapiPush(side, { request: { client_id: SPA } })
	},
	{
		name: 'par: request object expired',
		request: (side) =>
			fapiPush(side, { request: { exp: now() - 120, iat: now() - 300, nbf: now() - 300 } })
	},
	{
		name: 'par: request object for another audience',
		request: (side) => fapiPush(side, { request: { aud: 'https://other.example/' } })
	},
	{
		name: 'par: request object issued by another client',
		request: (side) => fapiPush(side, { request: { iss: SPA } })
	},
	{
		name: 'par: a PAR-only client skips the push',
		request: async (side) => {
			const url = new URL(side.endpoints.authorize);
			url.search = new URLSearchParams({
				client_id: FAPI,
				redirect_uri: FAPI_REDIRECT,
				response_type: 'code',
				scope: 'openid',
				nonce: 'nn',
				code_challenge: await s256(VERIFIER),
				code_challenge_method: 'S256'
			}).toString();
			return new Request(url);
		}
	},
	{
		name: 'par: request_uri redeemed under another client_id',
		request: async (side) => {
			const url = new URL(await frontChannel(side, await spaPush(side)));
			url.searchParams.set('client_id', FAPI);
			return new Request(url);
		},
		differs: {
			why: 'The pushed request is another client’s, so no redirect_uri can be trusted and the error stays on the page (RFC 9126 §2.2 binds a request_uri to its client; RFC 6749 §4.1.2.1); oidc-provider reads it and redirects invalid_request_object.',
			tokenstep: { status: 400, delivery: 'page', error: 'invalid_request_uri' },
			oidcProvider: { status: 'redirect', delivery: 'redirect', error: 'invalid_request_object' }
		}
	},
	{
		name: 'par: scope repeated in the push',
		request: async (side) => {
			const push = await spaPush(side);
			const body = new URLSearchParams(await push.text());
			body.append('scope', 'openid');
			return new Request(push.url, { method: 'POST', headers: push.headers, body });
		}
	},
	{
		name: 'par: a DPoP header with the wrong htu',
		request: async (side) =>
			spaPush(side, {}, { dpop: await proof(await dpopKey(), side.endpoints.token) })
	},
	{
		name: 'par: a DPoP header whose key is not the pushed dpop_jkt',
		request: async (side) =>
			spaPush(
				side,
				{ dpop_jkt: (await dpopKey()).jkt },
				{ dpop: await proof(await dpopKey(), side.endpoints.par) }
			)
	},
	{
		name: 'par: dpop_jkt pushed, code redeemed with another key',
		request: async (side) => {
			const bound = await dpopKey();
			const code = await codeFrom(
				side,
				await frontChannel(side, await spaPush(side, { dpop_jkt: bound.jkt }))
			);
			return redeem(side, code, await proof(await dpopKey(), side.endpoints.token));
		}
	},
	{
		name: 'par: DPoP header at the push binds the code to its key',
		request: async (side) => {
			const bound = await dpopKey();
			const push = await spaPush(side, {}, { dpop: await proof(bound, side.endpoints.par) });
			const code = await codeFrom(side, await frontChannel(side, push));
			return redeem(side, code, await proof(await dpopKey(), side.endpoints.token));
		}
	},
	// --- private_key_jwt at the token endpoint (RFC 7523 §3, OIDC Core §9)
	{
		name: 'pkjwt token: assertion aud is the issuer identifier',
		request: fapiToken((side) => clientAssertion(side.issuer))
	},
	{
		name: 'pkjwt token: assertion aud is the token endpoint URL',
		request: fapiToken((side) => clientAssertion(side.endpoints.token))
	},
	{
		name: 'pkjwt token: assertion aud is another server',
		request: fapiToken(() => clientAssertion('https://other.example/'))
	},
	{
		name: 'pkjwt token: assertion expired',
		request: fapiToken((side) =>
			clientAssertion(side.issuer, 60, { iat: now() - 600, exp: now() - 300 })
		)
	},
	{
		name: 'pkjwt token: assertion without jti',
		request: fapiToken((side) => clientAssertion(side.issuer, 60, { jti: undefined }))
	},
	{
		name: 'pkjwt token: assertion iss is another client',
		request: fapiToken((side) => clientAssertion(side.issuer, 60, { iss: SPA }))
	},
	{
		name: 'pkjwt token: assertion signed by a key the client never registered',
		request: async (side) => {
			const code = await fapiCode(side);
			const { privateKey } = await dpopKey();
			const forged = await new SignJWT({
				iss: FAPI,
				sub: FAPI,
				aud: side.issuer,
				jti: crypto.randomUUID(),
				iat: now(),
				exp: now() + 60
			})
				.setProtectedHeader({ alg: 'ES256', kid: FAPI_CLIENT_PRIVATE_JWK.kid })
				.sign(privateKey);
			return fapiRedeem(side, code, forged);
		}
	},
	{
		name: 'pkjwt token: wrong client_assertion_type',
		request: fapiToken((side) => clientAssertion(side.issuer), {
			client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer'
		})
	},
	{
		name: 'pkjwt token: a confidential client’s refresh without a DPoP proof',
		request: async (side) => {
			// offline_access needs prompt=consent (OIDC Core §11); both sides grant it then.
			const code = await fapiCode(side, { scope: 'openid offline_access', prompt: 'consent' });
			const key = await dpopKey();
			const response = await side.send(
				fapiRedeem(
					side,
					code,
					await clientAssertion(side.issuer),
					{},
					{ dpop: await proof(key, side.endpoints.token) }
				)
			);
			const tokens = (await response.json()) as DpopTokens;
			expect(tokens.token_type.toLowerCase()).toBe('dpop');
			expect(tokens.refresh_token).toBeDefined();
			return formPost(side.endpoints.token, {
				grant_type: 'refresh_token',
				refresh_token: tokens.refresh_token!,
				client_assertion_type: ASSERTION_TYPE,
				client_assertion: await clientAssertion(side.issuer)
			});
		}
	},
	// --- DPoP at the token endpoint (RFC 9449 §4.3, §5, §10)
	{
		name: 'dpop token: a valid proof',
		request: withProof((side, key) => proof(key, side.endpoints.token))
	},
	{
		name: 'dpop token: dpop_jkt at /authorize, no proof at the token endpoint',
		request: async (side) => {
			const code = await spaCode(side, { dpop_jkt: (await dpopKey()).jkt });
			return redeem(side, code);
		}
	},
	{
		name: 'dpop token: dpop_jkt at /authorize, proof by another key',
		request: async (side) => {
			const code = await spaCode(side, { dpop_jkt: (await dpopKey()).jkt });
			return redeem(side, code, await proof(await dpopKey(), side.endpoints.token));
		}
	},
	{
		name: 'dpop token: typ is JWT, not dpop+jwt',
		request: withProof((side, key) => proof(key, side.endpoints.token, { typ: 'JWT' }))
	},
	{
		name: 'dpop token: alg none',
		request: withProof((side, key) => unsignedProof(key, side.endpoints.token))
	},
	{
		name: 'dpop token: htm is GET',
		request: withProof((side, key) => proof(key, side.endpoints.token, { htm: 'GET' }))
	},
	{
		name: 'dpop token: htu is the userinfo endpoint',
		request: withProof((side, key) => proof(key, side.endpoints.userinfo))
	},
	{
		name: 'dpop token: iat ten minutes old',
		request: withProof((side, key) => proof(key, side.endpoints.token, { iat: now() - 600 }))
	},
	{
		name: 'dpop token: iat ten minutes ahead',
		request: withProof((side, key) => proof(key, side.endpoints.token, { iat: now() + 600 }))
	},
	{
		name: 'dpop token: iat two minutes ahead',
		request: withProof((side, key) => proof(key, side.endpoints.token, { iat: now() + 120 })),
		differs: {
			why: 'RFC 9449 §11.1 leaves the acceptance window to the server: we allow 60 s of clock skew ahead, oidc-provider 300 s either way.',
			tokenstep: json(400, 'invalid_dpop_proof'),
			oidcProvider: json(200)
		}
	},
	{
		name: 'dpop token: a proof replayed (same jti) on the next token request',
		request: async (side) => {
			const key = await dpopKey();
			const used = await proof(key, side.endpoints.token);
			expect((await side.send(redeem(side, await spaCode(side), used))).status).toBe(200);
			return redeem(side, await spaCode(side), used);
		},
		differs: {
			why: 'A replayed proof is an invalid proof (RFC 9449 §4.3 step 12, §5: invalid_dpop_proof); oidc-provider reports it as invalid_grant.',
			tokenstep: json(400, 'invalid_dpop_proof'),
			oidcProvider: json(400, 'invalid_grant')
		}
	},
	{
		name: 'dpop token: jwk carries the private key',
		request: withProof((side, key) => proof(key, side.endpoints.token, { jwk: key.privateJwk }))
	},
	{
		name: 'dpop token: signed by another key than its jwk',
		request: withProof(async (side, key) =>
			proof(await dpopKey(), side.endpoints.token, { jwk: key.publicJwk })
		)
	},
	{
		name: 'dpop token: two DPoP headers',
		request: async (side) => {
			const code = await spaCode(side);
			const key = await dpopKey();
			const request = redeem(side, code, await proof(key, side.endpoints.token));
			request.headers.append('dpop', await proof(key, side.endpoints.token));
			return request;
		}
	},
	{
		name: 'dpop token: a DPoP-bound refresh token without a proof',
		request: async (side) => {
			const tokens = await dpopTokens(side, await dpopKey(), true);
			return formPost(side.endpoints.token, {
				grant_type: 'refresh_token',
				client_id: SPA,
				refresh_token: tokens.refresh_token!
			});
		}
	},
	{
		name: 'dpop token: a DPoP-bound refresh token with another key’s proof',
		request: async (side) => {
			const tokens = await dpopTokens(side, await dpopKey(), true);
			return formPost(
				side.endpoints.token,
				{ grant_type: 'refresh_token', client_id: SPA, refresh_token: tokens.refresh_token! },
				{ dpop: await proof(await dpopKey(), side.endpoints.token) }
			);
		}
	},
	{
		name: 'dpop token: htu with a query string (ignored, RFC 9449 §4.3)',
		request: withProof((side, key) => proof(key, `${side.endpoints.token}?x=1`))
	},
	{
		name: 'dpop token: htu with the host in capitals (normalised, RFC 9449 §4.3)',
		request: withProof((side, key) => {
			const url = new URL(side.endpoints.token);
			return proof(key, side.endpoints.token.replace(url.host, url.host.toUpperCase()));
		})
	},
	{
		name: 'dpop token: no jti',
		request: withProof((side, key) =>
			proof(key, side.endpoints.token, { claims: { jti: undefined } })
		)
	},
	{
		name: 'dpop token: iat is a string',
		request: withProof((side, key) =>
			proof(key, side.endpoints.token, { claims: { iat: String(now()) } })
		)
	},
	{
		name: 'dpop token: a nonce the server never issued',
		request: withProof((side, key) =>
			proof(key, side.endpoints.token, { claims: { nonce: 'made-up-nonce' } })
		),
		differs: {
			why: 'RFC 9449 §4.3 compares the nonce only with one the server provided, and with nonces off (the default; a MAY, §8) this issuer provides none; oidc-provider without nonces refuses any proof that carries one.',
			tokenstep: json(200),
			oidcProvider: json(400, 'invalid_dpop_proof')
		}
	},
	{
		name: 'dpop token: not a JWT',
		request: withProof(() => 'not-a-jwt')
	},
	{
		name: 'dpop token: alg HS256 with a symmetric jwk',
		request: withProof((side) => macProof(side.endpoints.token))
	},
	{
		name: 'dpop token: no jwk in the header',
		request: withProof((side, key) => keylessProof(key, side.endpoints.token))
	},
	{
		name: 'dpop token: htm in lower case',
		request: withProof((side, key) => proof(key, side.endpoints.token, { htm: 'post' }))
	},
	{
		name: 'dpop token: an empty DPoP header',
		request: withProof(() => ''),
		differs: {
			why: 'RFC 9449 §4.3 step 2: the DPoP header’s value must be one well-formed JWT, and an empty one is not; oidc-provider reads an empty header as none and issues a Bearer token.',
			tokenstep: json(400, 'invalid_dpop_proof'),
			oidcProvider: json(200)
		}
	},
	// --- DPoP at a protected resource: UserInfo (RFC 9449 §7)
	{
		name: 'dpop resource: a valid DPoP request',
		request: async (side) => {
			const key = await dpopKey();
			const { access_token } = await dpopTokens(side, key);
			return userinfo(
				side,
				`DPoP ${access_token}`,
				await proof(key, side.endpoints.userinfo, { htm: 'GET', accessToken: access_token })
			);
		}
	},
	{
		name: 'dpop resource: a DPoP-bound token sent as Bearer',
		request: async (side) => {
			const { access_token } = await dpopTokens(side, await dpopKey());
			return userinfo(side, `Bearer ${access_token}`);
		}
	},
	{
		name: 'dpop resource: proof ath is another token’s hash',
		request: async (side) => {
			const key = await dpopKey();
			const { access_token } = await dpopTokens(side, key);
			return userinfo(
				side,
				`DPoP ${access_token}`,
				await proof(key, side.endpoints.userinfo, { htm: 'GET', accessToken: 'another-token' })
			);
		}
	},
	{
		name: 'dpop resource: proof key is not the token’s cnf.jkt',
		request: async (side) => {
			const { access_token } = await dpopTokens(side, await dpopKey());
			return userinfo(
				side,
				`DPoP ${access_token}`,
				await proof(await dpopKey(), side.endpoints.userinfo, {
					htm: 'GET',
					accessToken: access_token
				})
			);
		}
	},
	{
		name: 'dpop resource: proof htu is the token endpoint',
		request: async (side) => {
			const key = await dpopKey();
			const { access_token } = await dpopTokens(side, key);
			return userinfo(
				side,
				`DPoP ${access_token}`,
				await proof(key, side.endpoints.token, { htm: 'GET', accessToken: access_token })
			);
		}
	},
	{
		name: 'dpop resource: DPoP scheme without a proof',
		request: async (side) => {
			const { access_token } = await dpopTokens(side, await dpopKey());
			return userinfo(side, `DPoP ${access_token}`);
		},
		differs: {
			why: 'RFC 9449 §4.3 checks that exactly one DPoP header is there, so a missing proof fails the proof (invalid_dpop_proof, §7.1); oidc-provider calls the request malformed (invalid_request).',
			tokenstep: json(401, 'invalid_dpop_proof'),
			oidcProvider: json(400, 'invalid_request')
		}
	},
	{
		name: 'dpop resource: a Bearer (unbound) token under the DPoP scheme',
		request: async (side) => {
			const code = await spaCode(side);
			const { access_token } = (await (await side.send(redeem(side, code))).json()) as DpopTokens;
			const key = await dpopKey();
			return userinfo(
				side,
				`DPoP ${access_token}`,
				await proof(key, side.endpoints.userinfo, { htm: 'GET', accessToken: access_token })
			);
		}
	},
	{
		name: 'dpop resource: a Bearer token with a DPoP header beside it',
		request: async (side) => {
			const code = await spaCode(side);
			const { access_token } = (await (await side.send(redeem(side, code))).json()) as DpopTokens;
			const key = await dpopKey();
			return userinfo(
				side,
				`Bearer ${access_token}`,
				await proof(key, side.endpoints.userinfo, { htm: 'GET', accessToken: access_token })
			);
		},
		differs: {
			why: 'RFC 9449 sets no rule for a DPoP header beside a Bearer token, and the Bearer request is valid by RFC 6750 §2.1, so it is served; oidc-provider refuses the mix (invalid_request).',
			tokenstep: json(200),
			oidcProvider: json(400, 'invalid_request')
		}
	},
	{
		name: 'dpop resource: a proof replayed',
		request: async (side) => {
			const key = await dpopKey();
			const { access_token } = await dpopTokens(side, key);
			const used = await proof(key, side.endpoints.userinfo, {
				htm: 'GET',
				accessToken: access_token
			});
			expect((await side.send(userinfo(side, `DPoP ${access_token}`, used))).status).toBe(200);
			return userinfo(side, `DPoP ${access_token}`, used);
		},
		differs: {
			why: 'A replayed proof is an invalid proof (RFC 9449 §7.1: invalid_dpop_proof); oidc-provider reports it as invalid_token.',
			tokenstep: json(401, 'invalid_dpop_proof'),
			oidcProvider: json(401, 'invalid_token')
		}
	},
	// --- DPoP at the API, our resource server (RFC 9449 §7.1), against oidc-provider's UserInfo
	{
		name: 'dpop api: a valid DPoP request',
		request: atApi(async (side, key, token) => ({
			authorization: `DPoP ${token}`,
			dpop: await proof(key, side.endpoints.api, { htm: 'GET', accessToken: token })
		}))
	},
	{
		name: 'dpop api: a DPoP-bound token sent as Bearer',
		request: atApi(async (_side, _key, token) => ({ authorization: `Bearer ${token}` }))
	},
	{
		name: 'dpop api: proof ath is another token’s hash',
		request: atApi(async (side, key, token) => ({
			authorization: `DPoP ${token}`,
			dpop: await proof(key, side.endpoints.api, { htm: 'GET', accessToken: `${token}x` })
		}))
	},
	{
		name: 'dpop api: proof key is not the token’s cnf.jkt',
		request: atApi(async (side, _key, token) => ({
			authorization: `DPoP ${token}`,
			dpop: await proof(await dpopKey(), side.endpoints.api, { htm: 'GET', accessToken: token })
		}))
	},
	{
		name: 'dpop api: proof htm is POST for a GET',
		request: atApi(async (side, key, token) => ({
			authorization: `DPoP ${token}`,
			dpop: await proof(key, side.endpoints.api, { accessToken: token })
		}))
	},
	// --- the device authorization grant (RFC 8628 §3.4, §3.5)
	{
		name: 'device: polled before the user acts (authorization_pending)',
		request: async (side) => poll(side, (await deviceCodes(side)).device_code)
	},
	{
		name: 'device: polled twice within the interval',
		request: async (side) => {
			const { device_code } = await deviceCodes(side);
			await (await side.send(poll(side, device_code))).text();
			return poll(side, device_code);
		},
		differs: {
			why: 'RFC 8628 §3.5 lets the server ask for slower polling with slow_down; oidc-provider defines the code but never sends it, leaving rate limits to the deployment.',
			tokenstep: json(400, 'slow_down'),
			oidcProvider: json(400, 'authorization_pending')
		}
	},
	{
		name: 'device: polled after the device_code expired',
		request: async (side) => {
			const { device_code } = await deviceCodes(side);
			travel(901);
			return poll(side, device_code);
		},
		differs: {
			why: 'RFC 8628 §3.5 answers an expired device_code with expired_token; oidc-provider’s in-memory store has dropped it by then and answers as for an unknown code (invalid_grant).',
			tokenstep: json(400, 'expired_token'),
			oidcProvider: json(400, 'invalid_grant')
		}
	},
	{
		name: 'device: the user denied the request',
		request: async (side) => {
			const { device_code, user_code } = await deviceCodes(side);
			await side.denyDevice(user_code);
			return poll(side, device_code);
		}
	},
	{
		name: 'device: device_code used again after the tokens were issued',
		request: async (side) => {
			const { device_code, user_code } = await deviceCodes(side);
			await side.approveDevice(user_code);
			expect((await side.send(poll(side, device_code))).status).toBe(200);
			return poll(side, device_code);
		}
	},
	{
		name: 'device: a public device redeems with a DPoP proof',
		request: async (side) => {
			const { device_code, user_code } = await deviceCodes(side, TV, 'openid offline_access');
			await side.approveDevice(user_code);
			return poll(side, device_code, TV, await proof(await dpopKey(), side.endpoints.token));
		}
	},
	{
		name: 'device: the device’s DPoP-bound refresh token without a proof',
		request: async (side) => {
			const { device_code, user_code } = await deviceCodes(side, TV, 'openid offline_access');
			await side.approveDevice(user_code);
			const key = await dpopKey();
			const response = await side.send(
				poll(side, device_code, TV, await proof(key, side.endpoints.token))
			);
			const tokens = (await response.json()) as DpopTokens;
			expect(tokens.refresh_token).toBeDefined();
			return formPost(side.endpoints.token, {
				grant_type: 'refresh_token',
				client_id: TV,
				refresh_token: tokens.refresh_token!
			});
		}
	},
	{
		name: 'device: no device_code',
		request: async (side) =>
			formPost(side.endpoints.token, { grant_type: DEVICE_CODE_GRANT, client_id: TV })
	},
	{
		name: 'device: unknown device_code',
		request: async (side) => poll(side, 'made-up-device-code')
	},
	{
		name: 'device: device_code redeemed by another device client',
		request: async (side) => poll(side, (await deviceCodes(side)).device_code, TV_2.client_id)
	},
	{
		name: 'device: a client not registered for the device grant polls',
		request: async (side) => poll(side, (await deviceCodes(side)).device_code, SPA),
		differs: {
			why: 'RFC 6749 §5.2 names unauthorized_client for a grant type the client is not registered for; oidc-provider answers invalid_request.',
			tokenstep: json(400, 'unauthorized_client'),
			oidcProvider: json(400, 'invalid_request')
		}
	},
	{
		name: 'device: device authorization by a client not registered for it',
		request: async (side) =>
			formPost(side.endpoints.deviceAuthorization, { client_id: SPA, scope: 'openid' }),
		differs: {
			why: 'RFC 8628 §3.2 answers with RFC 6749 §5.2 codes, where a client not registered for the grant is unauthorized_client; oidc-provider answers invalid_request.',
			tokenstep: json(400, 'unauthorized_client'),
			oidcProvider: json(400, 'invalid_request')
		}
	}
];

/** With server nonces required on both sides (RFC 9449 §8 at the issuer, §9 at the resource). */
const NONCE_CASES: Case[] = [
	{
		name: 'nonce token: a proof without a nonce',
		request: withProof((side, key) => proof(key, side.endpoints.token))
	},
	{
		name: 'nonce token: a proof with the nonce the server gave',
		request: withProof(async (side, key) =>
			proof(key, side.endpoints.token, { claims: { nonce: await tokenNonce(side) } })
		)
	},
	{
		name: 'nonce token: a nonce the server never gave',
		request: withProof((side, key) =>
			proof(key, side.endpoints.token, { claims: { nonce: 'made-up-nonce' } })
		)
	},
	{
		name: 'nonce par: a DPoP header without a nonce',
		request: async (side) =>
			spaPush(side, {}, { dpop: await proof(await dpopKey(), side.endpoints.par) })
	},
	{
		name: 'nonce par: a DPoP header with the nonce the server gave',
		request: async (side) => {
			const key = await dpopKey();
			const nonce = await serverNonce(
				side,
				await spaPush(side, {}, { dpop: await proof(key, side.endpoints.par) })
			);
			return spaPush(
				side,
				{},
				{ dpop: await proof(key, side.endpoints.par, { claims: { nonce } }) }
			);
		}
	},
	{
		name: 'nonce par: the same request object pushed again with the nonce',
		request: async (side) => {
			// openid-client's JAR + PAR + DPoP retry: a new assertion and proof, the same request object.
			const key = await dpopKey();
			const signedRequest = await requestObject(side);
			const nonce = await serverNonce(
				side,
				await fapiPush(side, {
					signedRequest,
					headers: { dpop: await proof(key, side.endpoints.par) }
				})
			);
			return fapiPush(side, {
				signedRequest,
				headers: { dpop: await proof(key, side.endpoints.par, { claims: { nonce } }) }
			});
		}
	},
	{
		name: 'nonce resource: a proof without the resource’s nonce',
		request: atApi(async (side, key, token) => ({
			authorization: `DPoP ${token}`,
			dpop: await proof(key, side.endpoints.api, { htm: 'GET', accessToken: token })
		}))
	},
	{
		name: 'nonce resource: a proof with the resource’s nonce',
		request: atApi(async (side, key, token) => {
			const first = {
				authorization: `DPoP ${token}`,
				dpop: await proof(key, side.endpoints.api, { htm: 'GET', accessToken: token })
			};
			const nonce = await serverNonce(side, new Request(side.endpoints.api, { headers: first }));
			return {
				authorization: `DPoP ${token}`,
				dpop: await proof(key, side.endpoints.api, {
					htm: 'GET',
					accessToken: token,
					claims: { nonce }
				})
			};
		})
	}
];

let tokenstep: Side;
let oidcProvider: Side;
let server: Server;
let tokenstepNonce: Side;
let oidcProviderNonce: Side;
let nonceServer: Server;

// Generous limits: the suite shares a 2-core machine, and a slow answer is not a wrong one.
const LIMIT = 30_000;

beforeAll(async () => {
	tokenstep = await startTokenstep();
	({ side: oidcProvider, server } = await startOidcProvider());
	tokenstepNonce = await startTokenstep(true);
	({ side: oidcProviderNonce, server: nonceServer } = await startOidcProvider(true));
}, LIMIT);

afterEach(() => {
	vi.useRealTimers();
});

afterAll(async () => {
	for (const each of [server, nonceServer]) await closeServer(each);
});

test('the README lists every deliberate difference by its case name', () => {
	const list = readmeDifferences();
	const named = [...CASES, ...NONCE_CASES].filter((c) => c.differs).map((c) => c.name);
	expect(named.length).toBeGreaterThan(0);
	for (const name of named) expect(list).toContain(`\`${name}\``);
});

/** Sends a case to both sides; compares, or checks the listed difference. */
async function compare(
	{ request, differs }: Case,
	ours: Side,
	theirs: Side,
	extra: (response: Response, outcome: Outcome) => Record<string, unknown> = () => ({})
) {
	const run = async (side: Side) => {
		side.cookies.clear();
		try {
			const response = await side.send(await request(side));
			const result = await outcome(response, side);
			return { ...result, ...extra(response, result) };
		} finally {
			vi.useRealTimers();
		}
	};
	const mine = await run(ours);
	const other = await run(theirs);
	// DIFF_DEBUG=1 prints both sides' outcome of every case, to read a new case's answers.
	if (process.env.DIFF_DEBUG) console.log('DIFF', JSON.stringify({ ours: mine, theirs: other }));
	if (differs) {
		expect(differs.why.length).toBeGreaterThan(20);
		expect({ ours: mine, theirs: other }).toEqual({
			ours: differs.tokenstep,
			theirs: differs.oidcProvider
		});
	} else {
		expect(mine).toEqual(other);
	}
}

describe(
	'differential, modern flows: PAR, DPoP and the device grant as oidc-provider answers them',
	{ timeout: LIMIT },
	() => {
		test.each(CASES)('$name', (each) => compare(each, tokenstep, oidcProvider));
	}
);

describe(
	'differential, DPoP server nonces required on both sides (RFC 9449 §8, §9)',
	{ timeout: LIMIT },
	() => {
		test.each(NONCE_CASES)('$name', (each) =>
			compare(each, tokenstepNonce, oidcProviderNonce, (response, result) =>
				// A use_dpop_nonce answer carries the nonce to use (RFC 9449 §8, §9).
				result.error === 'use_dpop_nonce'
					? { nonceOffered: response.headers.has('dpop-nonce') }
					: {}
			)
		);
	}
);
