import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Clock, createIssuer, s256, SPA_CLIENT, WEBAPP_CLIENT } from '../../src/lib/core/index';
import {
	closeServer,
	cookieHeader,
	keepCookies,
	outcome,
	readmeDifferences,
	type Outcome
} from './differentialHttp';

/**
 * The same hostile requests to Tokenstep's issuer and to oidc-provider, an OpenID-certified
 * provider running in-process on a loopback port. Both must answer alike (status,
 * redirect-vs-page, `error` code), except where a case says in one line why we differ.
 */

const SPA = SPA_CLIENT.client_id;
const WEBAPP = WEBAPP_CLIENT.client_id;
const SPA_REDIRECT = SPA_CLIENT.redirect_uris[0]!;
const WEBAPP_REDIRECT = WEBAPP_CLIENT.redirect_uris[0]!;
const VERIFIER = 'v'.repeat(43);
const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;

interface Side {
	name: 'tokenstep' | 'oidc-provider';
	send(request: Request): Promise<Response>;
	endpoints: { authorize: string; token: string; userinfo: string; par: string };
	cookies: Map<string, string>;
	/** Logs `accountId` in through the side's own login page; returns the response that goes to the client. */
	signIn(authorizeUrl: string, accountId: string): Promise<Response>;
}

async function startOidcProvider(): Promise<{ side: Side; server: Server }> {
	let handler: ReturnType<Provider['callback']> = () => undefined;
	const server = createServer((req, res) => handler(req, res));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const clientDefaults = {
		grant_types: ['authorization_code', 'implicit', 'refresh_token'],
		response_types: ['code', 'id_token', 'code id_token']
	};
	const provider = new Provider(origin, {
		clients: [
			{
				...clientDefaults,
				client_id: SPA,
				token_endpoint_auth_method: 'none',
				redirect_uris: SPA_CLIENT.redirect_uris,
				post_logout_redirect_uris: SPA_CLIENT.post_logout_redirect_uris
			},
			{
				...clientDefaults,
				client_id: WEBAPP,
				client_secret: WEBAPP_CLIENT.client_secret,
				token_endpoint_auth_method: 'client_secret_basic',
				redirect_uris: WEBAPP_CLIENT.redirect_uris
			}
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
		features: { devInteractions: { enabled: true } },
		cookies: { keys: ['differential-test-key'] }
	});
	handler = provider.callback();
	const cookies = new Map<string, string>();
	const send = async (request: Request) => {
		const response = await fetch(request, { redirect: 'manual' });
		keepCookies(cookies, response);
		return response;
	};
	const side: Side = {
		name: 'oidc-provider',
		send,
		cookies,
		endpoints: {
			authorize: `${origin}/auth`,
			token: `${origin}/token`,
			userinfo: `${origin}/me`,
			par: `${origin}/request`
		},
		async signIn(authorizeUrl, accountId) {
			let response = await send(new Request(authorizeUrl, { headers: cookieHeader(cookies) }));
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
					response = await send(
						new Request(next, {
							method: 'POST',
							headers: {
								...cookieHeader(cookies),
								'content-type': 'application/x-www-form-urlencoded'
							},
							body: new URLSearchParams({ prompt, login: accountId, password: 'x' })
						})
					);
				} else {
					response = await send(new Request(next, { headers: cookieHeader(cookies) }));
				}
			}
			return response;
		}
	};
	return { side, server };
}

async function startTokenstep(): Promise<Side> {
	const issuer = await createIssuer({ clock: new Clock() });
	const cookies = new Map<string, string>();
	const send = async (request: Request) => {
		const response = await issuer.fetch(request);
		keepCookies(cookies, response);
		return response;
	};
	return {
		name: 'tokenstep',
		send,
		cookies,
		endpoints: {
			authorize: `${issuer.url}authorize`,
			token: `${issuer.url}oauth/token`,
			userinfo: `${issuer.url}userinfo`,
			par: `${issuer.url}oauth/par`
		},
		// Our login page is a form too; login_hint takes the same step without it.
		signIn: (authorizeUrl, accountId) => {
			const url = new URL(authorizeUrl);
			url.searchParams.set('login_hint', accountId);
			return send(new Request(url, { headers: cookieHeader(cookies) }));
		}
	};
}

/** A valid code request for the SPA (or the web app), with PKCE; `extra` overrides or adds. */
async function authorizeUrl(
	side: Side,
	extra: Record<string, string | string[] | null> = {},
	client: 'spa' | 'webapp' = 'spa'
): Promise<string> {
	const url = new URL(side.endpoints.authorize);
	const params: Record<string, string | string[] | null> = {
		client_id: client === 'spa' ? SPA : WEBAPP,
		redirect_uri: client === 'spa' ? SPA_REDIRECT : WEBAPP_REDIRECT,
		response_type: 'code',
		scope: 'openid',
		state: 'st',
		nonce: 'nn',
		code_challenge: await s256(VERIFIER),
		code_challenge_method: 'S256',
		...extra
	};
	for (const [name, value] of Object.entries(params)) {
		if (value === null) continue;
		for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, v);
	}
	return url.href;
}

async function codeFor(side: Side, client: 'spa' | 'webapp' = 'spa'): Promise<string> {
	side.cookies.clear();
	const response = await side.signIn(await authorizeUrl(side, {}, client), 'auth0|alice');
	const location = new URL(response.headers.get('location') ?? 'https://none.example/');
	const code = location.searchParams.get('code');
	if (!code) throw new Error(`${side.name}: no code (${response.status} ${location})`);
	return code;
}

async function tokensFor(side: Side, accountId: string) {
	side.cookies.clear();
	const response = await side.signIn(await authorizeUrl(side), accountId);
	const code = new URL(response.headers.get('location')!).searchParams.get('code')!;
	const cookies = new Map(side.cookies);
	const tokens = (await (
		await side.send(tokenRequest(side, { code, code_verifier: VERIFIER }))
	).json()) as { id_token: string; access_token: string };
	return { tokens, cookies };
}

function tokenRequest(
	side: Side,
	params: Record<string, string | string[]>,
	headers: Record<string, string> = {}
): Request {
	const body = new URLSearchParams();
	const all: Record<string, string | string[]> = {
		grant_type: 'authorization_code',
		client_id: SPA,
		redirect_uri: SPA_REDIRECT,
		...params
	};
	for (const [name, value] of Object.entries(all))
		for (const v of Array.isArray(value) ? value : [value]) if (v !== '') body.append(name, v);
	return new Request(side.endpoints.token, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body
	});
}

/** A push to the PAR endpoint by the public SPA, with plain form parameters (RFC 9126 §2.1). */
async function parRequest(side: Side, extra: Record<string, string | null> = {}): Promise<Request> {
	const params: Record<string, string | null> = {
		client_id: SPA,
		redirect_uri: SPA_REDIRECT,
		response_type: 'code',
		scope: 'openid',
		state: 'st',
		nonce: 'nn',
		code_challenge: await s256(VERIFIER),
		code_challenge_method: 'S256',
		...extra
	};
	const body = new URLSearchParams(
		Object.entries(params).filter((e): e is [string, string] => e[1] !== null)
	);
	return new Request(side.endpoints.par, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body
	});
}

/** The front channel after a push: client_id and request_uri, plus `extra`. */
async function pushedAuthorize(
	side: Side,
	extra: Record<string, string> = {},
	uses = 1
): Promise<Request> {
	// Our login_hint sign-in must travel in the push: beside a request_uri it would be ignored.
	const push = await parRequest(side, { login_hint: 'auth0|alice' });
	const pushed = (await (await side.send(push)).json()) as {
		request_uri: string;
	};
	const url = new URL(side.endpoints.authorize);
	url.search = new URLSearchParams({
		client_id: SPA,
		request_uri: pushed.request_uri,
		...extra
	}).toString();
	for (let i = 1; i < uses; i++) await side.signIn(url.href, 'auth0|alice');
	return new Request(url);
}

const authorizeGet =
	(extra: Record<string, string | string[] | null>, client?: 'webapp') => async (side: Side) =>
		new Request(await authorizeUrl(side, extra, client));

interface Case {
	name: string;
	request: (side: Side) => Promise<Request>;
	/** A deliberate difference: one line on why, and what each side answers. */
	differs?: { why: string; tokenstep: Outcome; oidcProvider: Outcome };
}

const redirected = (error?: string): Outcome => ({
	status: 'redirect',
	delivery: 'redirect',
	...(error && { error })
});

const CASES: Case[] = [
	// --- /authorize: errors that must not redirect (RFC 6749 §4.1.2.1)
	{ name: 'authorize: missing client_id', request: authorizeGet({ client_id: null }) },
	{ name: 'authorize: unknown client_id', request: authorizeGet({ client_id: 'nobody' }) },
	{ name: 'authorize: missing redirect_uri', request: authorizeGet({ redirect_uri: null }) },
	{
		name: 'authorize: unregistered redirect_uri',
		request: authorizeGet({ redirect_uri: 'https://evil.example/cb' }),
		differs: {
			why: 'invalid_redirect_uri is a client registration code (RFC 7591 §3.2.2); RFC 6749 §4.1.2.1 names none for this page, so we show the generic invalid_request.',
			tokenstep: { status: 400, delivery: 'page', error: 'invalid_request' },
			oidcProvider: { status: 400, delivery: 'page', error: 'invalid_redirect_uri' }
		}
	},
	{ name: 'authorize: repeated client_id', request: authorizeGet({ client_id: [SPA, SPA] }) },
	// --- /authorize: errors sent back to the client
	{ name: 'authorize: repeated scope', request: authorizeGet({ scope: ['openid', 'openid'] }) },
	{ name: 'authorize: missing response_type', request: authorizeGet({ response_type: null }) },
	{
		name: 'authorize: unknown response_type',
		request: authorizeGet({ response_type: 'code unknown' })
	},
	{
		name: 'authorize: unsupported response_mode',
		request: authorizeGet({ response_mode: 'web_message' })
	},
	{
		name: 'authorize: query response_mode with an id_token in the response',
		request: authorizeGet({ response_type: 'code id_token', response_mode: 'query' })
	},
	{
		name: 'authorize: id_token response without nonce',
		request: authorizeGet({ response_type: 'id_token', nonce: null })
	},
	{
		name: 'authorize: code_challenge_method plain',
		request: authorizeGet({ code_challenge: VERIFIER, code_challenge_method: 'plain' })
	},
	{ name: 'authorize: code_challenge too short', request: authorizeGet({ code_challenge: 'abc' }) },
	{
		name: 'authorize: public client without PKCE',
		request: authorizeGet({ code_challenge: null, code_challenge_method: null })
	},
	{ name: 'authorize: unknown prompt value', request: authorizeGet({ prompt: 'sideways' }) },
	{ name: 'authorize: prompt=none with login', request: authorizeGet({ prompt: 'none login' }) },
	{ name: 'authorize: prompt=none without a session', request: authorizeGet({ prompt: 'none' }) },
	{ name: 'authorize: max_age not a number', request: authorizeGet({ max_age: 'soon' }) },
	{ name: 'authorize: request object', request: authorizeGet({ request: 'e30.e30.' }) },
	{
		name: 'authorize: request_uri',
		request: authorizeGet({ request_uri: 'https://spa.example/request.jwt' })
	},
	{
		name: 'authorize: id_token_hint that is not a JWT',
		request: authorizeGet({ id_token_hint: 'not-a-jwt' })
	},
	{
		name: 'authorize: response_type=token (implicit access token)',
		request: authorizeGet({ response_type: 'token', nonce: null }),
		differs: {
			why: 'Tokenstep still serves the token response types, to show why OAuth 2.1 and RFC 9700 §2.1.2 dropped them; oidc-provider 9 removed them.',
			tokenstep: { status: 200, delivery: 'login' },
			oidcProvider: redirected('unsupported_response_type')
		}
	},
	{
		name: 'authorize: nonce without scope openid',
		request: authorizeGet({ scope: 'profile' })
	},
	{
		name: 'authorize: plain OAuth code request (no openid, no nonce)',
		request: authorizeGet({ scope: 'profile', nonce: null }),
		differs: {
			why: 'Tokenstep teaches OpenID Connect only, so a code request without openid is refused; oidc-provider also serves plain OAuth 2.0.',
			tokenstep: redirected('invalid_request'),
			oidcProvider: { status: 'redirect', delivery: 'login' }
		}
	},
	// --- PAR (RFC 9126 §2, §4)
	{ name: 'par: a public client pushes a valid request', request: (side) => parRequest(side) },
	{
		name: 'par: GET',
		request: async (side) => new Request(side.endpoints.par),
		differs: {
			why: 'The endpoint exists but is POST-only (RFC 9126 §2.1), which 405 with Allow says (RFC 9110 §15.5.6); oidc-provider has no GET route and answers 404.',
			tokenstep: { status: 405, delivery: 'json', error: 'invalid_request' },
			oidcProvider: { status: 404, delivery: 'empty' }
		}
	},
	{
		name: 'par: request_uri pushed',
		request: (side) => parRequest(side, { request_uri: 'urn:ietf:params:oauth:request_uri:x' }),
		differs: {
			why: 'RFC 9126 §2.1 forbids request_uri in a push and names no code, so the generic invalid_request (§2.3); oidc-provider reuses request_uri_not_supported.',
			tokenstep: { status: 400, delivery: 'json', error: 'invalid_request' },
			oidcProvider: { status: 400, delivery: 'json', error: 'request_uri_not_supported' }
		}
	},
	{
		name: 'par: missing response_type',
		request: (side) => parRequest(side, { response_type: null })
	},
	{
		name: 'par: public client without PKCE',
		request: (side) => parRequest(side, { code_challenge: null, code_challenge_method: null })
	},
	{ name: 'par: unknown client', request: (side) => parRequest(side, { client_id: 'nobody' }) },
	{
		name: 'authorize: unknown PAR request_uri',
		request: async (side) =>
			new Request(
				`${side.endpoints.authorize}?client_id=${SPA}&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Amade-up`
			)
	},
	// --- /token (RFC 6749 §3.2, §4.1.3, §5.2; RFC 7636 §4.6)
	{
		name: 'token: body is JSON, not a form',
		request: async (side) =>
			new Request(side.endpoints.token, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ grant_type: 'authorization_code', client_id: SPA })
			})
	},
	{
		name: 'token: missing grant_type',
		request: async (side) => tokenRequest(side, { grant_type: '', code: 'x' })
	},
	{
		name: 'token: unsupported grant_type',
		request: async (side) => tokenRequest(side, { grant_type: 'password', code: 'x' })
	},
	{
		name: 'token: repeated code',
		request: async (side) => tokenRequest(side, { code: ['a', 'b'], code_verifier: VERIFIER })
	},
	{
		name: 'token: missing code',
		request: async (side) => tokenRequest(side, { code_verifier: VERIFIER })
	},
	{
		name: 'token: unknown code',
		request: async (side) => tokenRequest(side, { code: 'made-up', code_verifier: VERIFIER })
	},
	{
		name: 'token: wrong code_verifier',
		request: async (side) =>
			tokenRequest(side, { code: await codeFor(side), code_verifier: 'w'.repeat(43) })
	},
	{
		name: 'token: missing code_verifier',
		request: async (side) => tokenRequest(side, { code: await codeFor(side) })
	},
	{
		name: 'token: redirect_uri differs from the authorization request',
		request: async (side) =>
			tokenRequest(side, {
				code: await codeFor(side),
				code_verifier: VERIFIER,
				redirect_uri: SPA_CLIENT.redirect_uris[1]!
			})
	},
	{
		name: 'token: replayed code',
		request: async (side) => {
			const code = await codeFor(side);
			const first = await side.send(tokenRequest(side, { code, code_verifier: VERIFIER }));
			expect(first.status).toBe(200);
			return tokenRequest(side, { code, code_verifier: VERIFIER });
		}
	},
	{
		name: 'token: code issued to another client',
		request: async (side) =>
			tokenRequest(
				side,
				{
					code: await codeFor(side),
					code_verifier: VERIFIER,
					client_id: WEBAPP,
					redirect_uri: WEBAPP_REDIRECT
				},
				{ authorization: basic(WEBAPP, WEBAPP_CLIENT.client_secret!) }
			)
	},
	{
		name: 'token: wrong client secret',
		request: async (side) =>
			tokenRequest(
				side,
				{ code: 'x', client_id: '', redirect_uri: WEBAPP_REDIRECT },
				{ authorization: basic(WEBAPP, 'wrong-secret') }
			)
	},
	{
		name: 'token: unknown client',
		request: async (side) => tokenRequest(side, { code: 'x', client_id: 'nobody' })
	},
	{
		name: 'token: confidential client sends no secret',
		request: async (side) => tokenRequest(side, { code: 'x', client_id: WEBAPP })
	},
	{
		name: 'token: Basic and client_secret together',
		request: async (side) =>
			tokenRequest(
				side,
				{ code: 'x', client_id: '', client_secret: 'also' },
				{ authorization: basic(WEBAPP, WEBAPP_CLIENT.client_secret!) }
			)
	},
	{
		name: 'token: unknown refresh_token',
		request: async (side) =>
			tokenRequest(side, { grant_type: 'refresh_token', refresh_token: 'made-up' })
	},
	{
		name: 'token: GET instead of POST',
		request: async (side) => new Request(`${side.endpoints.token}?grant_type=authorization_code`),
		differs: {
			why: 'The endpoint exists but is POST-only (RFC 6749 §3.2), which 405 with Allow says (RFC 9110 §15.5.6); oidc-provider has no GET route and answers 404.',
			tokenstep: { status: 405, delivery: 'json', error: 'invalid_request' },
			oidcProvider: { status: 404, delivery: 'empty' }
		}
	},
	{
		name: 'token: client_id in the body differs from Basic',
		request: async (side) =>
			tokenRequest(
				side,
				{ code: 'x', client_id: SPA },
				{ authorization: basic(WEBAPP, WEBAPP_CLIENT.client_secret!) }
			)
	},
	// --- /userinfo (RFC 6750 §3)
	{
		name: 'userinfo: Basic credentials instead of a bearer token',
		request: async (side) =>
			new Request(side.endpoints.userinfo, {
				headers: { authorization: basic(WEBAPP, WEBAPP_CLIENT.client_secret!) }
			})
	},
	{
		name: 'userinfo: an id_token offered as the access token',
		request: async (side) => {
			const { tokens } = await tokensFor(side, 'auth0|alice');
			return new Request(side.endpoints.userinfo, {
				headers: { authorization: `Bearer ${tokens.id_token}` }
			});
		}
	},
	{
		name: 'userinfo: no access token',
		request: async (side) => new Request(side.endpoints.userinfo),
		differs: {
			why: 'RFC 6750 §3.1: a request without authentication information SHOULD NOT carry an error code; oidc-provider sends invalid_token.',
			tokenstep: { status: 401, delivery: 'empty' },
			oidcProvider: { status: 401, delivery: 'json', error: 'invalid_token' }
		}
	},
	{
		name: 'userinfo: bearer token that is not a JWT',
		request: async (side) =>
			new Request(side.endpoints.userinfo, { headers: { authorization: 'Bearer abc.def' } })
	},
	{
		name: 'userinfo: bearer JWT with a long kid',
		request: async (side) => {
			const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
			const jwt = `${part({ alg: 'RS256', kid: 'k'.repeat(90) })}.${part({ sub: 'x' })}.c2ln`;
			return new Request(side.endpoints.userinfo, { headers: { authorization: `Bearer ${jwt}` } });
		}
	}
];

let tokenstep: Side;
let oidcProvider: Side;
let server: Server;

// Generous limits: the suite shares a 2-core machine, and a slow answer is not a wrong one.
const LIMIT = 20_000;

beforeAll(async () => {
	tokenstep = await startTokenstep();
	({ side: oidcProvider, server } = await startOidcProvider());
}, LIMIT);

afterAll(() => closeServer(server));

test('the README lists every deliberate difference by its case name', () => {
	const list = readmeDifferences();
	const named = CASES.filter((c) => c.differs).map((c) => c.name);
	expect(named.length).toBeGreaterThan(0);
	for (const name of named) expect(list).toContain(`\`${name}\``);
});

describe('differential: Tokenstep answers as oidc-provider does', { timeout: LIMIT }, () => {
	test.each(CASES)('$name', async ({ request, differs }) => {
		const run = async (side: Side) => {
			side.cookies.clear();
			const req = await request(side);
			return outcome(await side.send(req), side);
		};
		const ours = await run(tokenstep);
		const theirs = await run(oidcProvider);
		if (differs) {
			expect(differs.why.length).toBeGreaterThan(20);
			expect({ ours, theirs }).toEqual({
				ours: differs.tokenstep,
				theirs: differs.oidcProvider
			});
		} else {
			expect(ours).toEqual(theirs);
		}
	});

	test('authorize: a pushed request_uri works once; front-channel parameters beside it change nothing', async () => {
		const run = async (side: Side) => {
			side.cookies.clear();
			const request = await pushedAuthorize(side, { redirect_uri: 'https://evil.example/cb' });
			const first = await side.signIn(request.url, 'auth0|alice');
			const location = new URL(first.headers.get('location') ?? 'https://none.example/');
			const again = await outcome(await side.send(new Request(request.url)), side);
			return {
				first: await outcome(first, side),
				to: `${location.origin}${location.pathname}`,
				code: location.searchParams.has('code'),
				again
			};
		};
		const ours = await run(tokenstep);
		const theirs = await run(oidcProvider);
		expect(ours).toMatchObject({ first: redirected(), to: SPA_REDIRECT, code: true });
		expect({ ...theirs, again: undefined }).toEqual({ ...ours, again: undefined });
		// A reused request_uri is refused on a page by both; oidc-provider names the front-channel
		// redirect_uri it then fell back to, we name the request_uri (RFC 9101 §7).
		expect(ours.again).toEqual({ status: 400, delivery: 'page', error: 'invalid_request_uri' });
		expect(theirs.again).toMatchObject({ status: 400, delivery: 'page' });
	});

	test('authorize: prompt=none with an id_token_hint for another user than the session', async () => {
		const run = async (side: Side) => {
			const bob = await tokensFor(side, 'auth0|bob');
			const alice = await tokensFor(side, 'auth0|alice');
			side.cookies.clear();
			for (const [k, v] of alice.cookies) side.cookies.set(k, v);
			const url = await authorizeUrl(side, { prompt: 'none', id_token_hint: bob.tokens.id_token });
			return outcome(
				await side.send(new Request(url, { headers: cookieHeader(side.cookies) })),
				side
			);
		};
		const ours = await run(tokenstep);
		expect(ours).toEqual(redirected('login_required'));
		expect(await run(oidcProvider)).toEqual(ours);
	});
});
