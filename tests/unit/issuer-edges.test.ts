import { SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import {
	createApi,
	createIssuer,
	getHeader,
	toResponse,
	WEBAPP_CLIENT,
	type HttpResponse
} from '../../src/lib/core/index';
import {
	authorize,
	body,
	codeFlow,
	get,
	post,
	redirectParams,
	sessionCookie,
	setup,
	START,
	WEBAPP
} from './helpers';

// error_description = *( %x20-21 / %x23-5B / %x5D-7E )
const DESCRIPTION = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A bearer JWT whose header carries `kid`; unsigned garbage is enough to reach the error path. */
function craftedJwt(kid: string): string {
	const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part({ alg: 'RS256', typ: 'at+jwt', kid })}.${part({ sub: 'x' })}.c2ln`;
}

describe('OIDC Discovery 1.0 §4.1, RFC 8414 §3: an issuer identifier with a path', () => {
	test('discovery lives under the path and every endpoint answers there', async () => {
		const issuer = await createIssuer({ issuer: 'https://issuer.example/tenant' });
		const doc = await issuer.handle(
			get('https://issuer.example/tenant/.well-known/openid-configuration')
		);
		expect(doc.status).toBe(200);
		const metadata = body(doc);
		expect(metadata.issuer).toBe('https://issuer.example/tenant');
		for (const key of [
			'authorization_endpoint',
			'token_endpoint',
			'userinfo_endpoint',
			'jwks_uri'
		]) {
			expect(String(metadata[key])).toMatch(/^https:\/\/issuer\.example\/tenant\//);
		}
		const jwks = await issuer.handle(get(String(metadata.jwks_uri)));
		expect(jwks.status).toBe(200);
		const token = await issuer.handle(post(String(metadata.token_endpoint), {}));
		expect(token.status).not.toBe(404);
		const rfc8414 = await issuer.handle(
			get('https://issuer.example/.well-known/oauth-authorization-server/tenant')
		);
		expect(body(rfc8414).issuer).toBe('https://issuer.example/tenant');
		const lost = await issuer.handle(
			get('https://issuer.example/tenant.well-known/openid-configuration')
		);
		expect(lost.status).toBe(404);
	});

	test('a full code flow works under the path', async () => {
		const { issuer, metadata } = await setup({ issuer: 'https://issuer.example/tenant/' });
		const { tokenResponse } = await codeFlow(issuer, metadata);
		expect(tokenResponse.status).toBe(200);
	});
});

describe('RFC 6749 §3.1, §3.2: parameters must not be repeated', () => {
	test('§3.2: a repeated code at the token endpoint is invalid_request', async () => {
		const { issuer, metadata } = await setup();
		const { response, pending } = await authorize(issuer, metadata);
		const code = redirectParams(response).code!;
		const form = new URLSearchParams({
			grant_type: 'authorization_code',
			client_id: 'tokenstep-spa',
			code,
			redirect_uri: pending.redirectUri,
			code_verifier: pending.codeVerifier!
		});
		form.append('code', 'other');
		const answer = await issuer.handle({
			method: 'POST',
			url: metadata.token_endpoint,
			headers: [['Content-Type', 'application/x-www-form-urlencoded']],
			body: form.toString()
		});
		expect(answer.status).toBe(400);
		expect(body(answer)).toMatchObject({ error: 'invalid_request' });
		expect(body(answer).access_token).toBeUndefined();
	});

	test('§3.1: a repeated scope is redirected to the client with state and iss', async () => {
		const { issuer, metadata } = await setup();
		const { pending } = await authorize(issuer, metadata);
		const answer = await issuer.handle(get(`${pending.url}&scope=email`));
		expect(redirectParams(answer)).toMatchObject({
			error: 'invalid_request',
			state: pending.state,
			iss: issuer.url
		});
	});

	test('§4.1.2.1: a repeated redirect_uri or client_id is shown, never redirected', async () => {
		const { issuer, metadata } = await setup();
		const { pending } = await authorize(issuer, metadata);
		for (const extra of ['redirect_uri=https://evil.example/', 'client_id=tokenstep-webapp']) {
			const answer = await issuer.handle(get(`${pending.url}&${extra}`));
			expect(answer.status).toBe(400);
			expect(getHeader(answer, 'location')).toBeUndefined();
		}
	});
});

describe('OIDC Core §3.1.2.1: id_token_hint', () => {
	test('prompt=none with a hint for another subject than the session is login_required', async () => {
		const { issuer, metadata } = await setup();
		const alice = await codeFlow(issuer, metadata, { loginHint: 'auth0|alice' });
		const bob = await codeFlow(issuer, metadata, { loginHint: 'auth0|bob' });
		const cookie = sessionCookie(alice.authorizeResponse);
		const { pending } = await authorize(issuer, metadata, { prompt: 'none', cookie });
		const hinted = `${pending.url}&id_token_hint=${bob.tokens.id_token}`;
		const answer = await issuer.handle(get(hinted, [['Cookie', cookie]]));
		expect(redirectParams(answer)).toMatchObject({ error: 'login_required', state: pending.state });
		// The same hint for the session's own user still answers silently with a code.
		const own = `${pending.url}&id_token_hint=${alice.tokens.id_token}`;
		const silent = await issuer.handle(get(own, [['Cookie', cookie]]));
		expect(redirectParams(silent).code).toBeDefined();
	});

	test('a hint this issuer did not sign is invalid_request', async () => {
		const { issuer, metadata } = await setup();
		const key = new TextEncoder().encode('x'.repeat(32));
		const forged = await new SignJWT({ iss: issuer.url, sub: 'auth0|alice', aud: 'tokenstep-spa' })
			.setProtectedHeader({ alg: 'HS256' })
			.setIssuedAt(START)
			.setExpirationTime(START + 60)
			.sign(key);
		const { pending } = await authorize(issuer, metadata);
		const answer = await issuer.handle(get(`${pending.url}&id_token_hint=${forged}`));
		expect(redirectParams(answer)).toMatchObject({ error: 'invalid_request' });
	});
});

describe('OIDC Core §6.1, §6.2, RFC 9126 §4: request objects only through PAR, and said so', () => {
	test('at /authorize, request is request_not_supported and a request_uri not from PAR is request_uri_not_supported', async () => {
		const { issuer, metadata } = await setup();
		// Request objects go to the PAR endpoint; /authorize fetches no request_uri of its own.
		expect(metadata).toMatchObject({
			request_parameter_supported: false,
			request_uri_parameter_supported: false,
			pushed_authorization_request_endpoint: new URL('oauth/par', issuer.url).href
		});
		const { pending } = await authorize(issuer, metadata);
		const request = await issuer.handle(get(`${pending.url}&request=e30.e30.`));
		expect(redirectParams(request)).toMatchObject({
			error: 'request_not_supported',
			state: pending.state
		});
		const uri = await issuer.handle(
			get(`${pending.url}&request_uri=${encodeURIComponent('https://spa.example/r')}`)
		);
		expect(redirectParams(uri)).toMatchObject({ error: 'request_uri_not_supported' });
	});
});

describe('RFC 6750 §3: WWW-Authenticate carries no request text that breaks it', () => {
	const kids = ['k'.repeat(90), 'kid-Ω', 'a"b\\c', 'line\r\nX-Injected: 1', '\u0000'];

	test.each(kids)('userinfo answers a bearer JWT with kid %j without throwing', async (kid) => {
		const { issuer, metadata } = await setup();
		const response = await issuer.fetch(
			new Request(metadata.userinfo_endpoint, {
				headers: { Authorization: `Bearer ${craftedJwt(kid)}` }
			})
		);
		expect(response.status).toBe(401);
		const challenge = response.headers.get('www-authenticate') ?? '';
		expect(challenge).toMatch(/^Bearer realm="[^"]*", error="invalid_token"/);
		const description = /error_description="([^"]*)"/.exec(challenge)?.[1] ?? '';
		expect(description).toMatch(DESCRIPTION);
	});

	test.each(kids)('the API answers a bearer JWT with kid %j without throwing', async (kid) => {
		const { issuer } = await setup();
		const api = createApi({
			audience: 'https://api.example/',
			issuer: issuer.url,
			jwks: () => issuer.jwks(),
			clock: issuer.clock
		});
		const answer = await api.handle(
			get('https://api.example/messages', [['Authorization', `Bearer ${craftedJwt(kid)}`]])
		);
		expect(answer.status).toBe(401);
		expect(() => toResponse(answer)).not.toThrow();
	});
});

describe('RFC 6749 §4.1.2.1, §5.2: error_description characters', () => {
	function description(response: HttpResponse): string {
		const fromBody = response.body ? (body(response).error_description as string) : undefined;
		return fromBody ?? redirectParams(response).error_description ?? '';
	}

	test('§5.2: token errors echo hostile input only as allowed characters', async () => {
		const { issuer, metadata } = await setup();
		const answer = await issuer.handle(
			post(metadata.token_endpoint, { grant_type: 'x"\\§Ω\u0001', client_id: 'tokenstep-spa' })
		);
		expect(body(answer).error).toBe('unsupported_grant_type');
		expect(description(answer)).toMatch(DESCRIPTION);
		const unknown = await issuer.handle(
			post(metadata.token_endpoint, { grant_type: 'authorization_code', client_id: 'é"\\' })
		);
		expect(body(unknown).error).toBe('invalid_client');
		expect(description(unknown)).toMatch(DESCRIPTION);
	});

	test('§4.1.2.1: redirected errors too, with spec references in error_uri', async () => {
		const { issuer, metadata } = await setup();
		const { pending } = await authorize(issuer, metadata);
		const url = new URL(pending.url);
		url.searchParams.set('code_challenge_method', 'plain§"\\Ω');
		const answer = await issuer.handle(get(url.href));
		const params = redirectParams(answer);
		expect(params.error).toBe('invalid_request');
		expect(params.error_description).toMatch(DESCRIPTION);
		expect(params.error_uri).toMatch(/^https:\/\/www\.rfc-editor\.org\/rfc\/rfc9700#section-/);
		const prompt = new URL(pending.url);
		prompt.searchParams.set('prompt', `x${'"'.repeat(5000)}`);
		const long = redirectParams(await issuer.handle(get(prompt.href)));
		expect(long.error_description).toMatch(DESCRIPTION);
		expect(long.error_description!.length).toBeLessThanOrEqual(300);
	});
});

const advertisedAlgorithms = (metadata: object) =>
	(metadata as { id_token_signing_alg_values_supported?: string[] })
		.id_token_signing_alg_values_supported;

describe('OIDC Discovery §3: id_token_signing_alg_values_supported', () => {
	test.each(['ES256', 'RS256', 'PS256', 'EdDSA', 'HS256'] as const)(
		'an %s issuer advertises only the algorithm it signs with',
		async (alg) => {
			const { metadata } = await setup({ idTokenAlgorithm: alg });
			expect(advertisedAlgorithms(metadata)).toEqual([alg]);
		}
	);

	test('an ES256 issuer signs the id_token with what it advertised', async () => {
		const { issuer, metadata } = await setup({ idTokenAlgorithm: 'ES256' });
		const { tokens } = await codeFlow(issuer, metadata, { credentials: WEBAPP });
		const header = JSON.parse(Buffer.from(tokens.id_token.split('.')[0]!, 'base64url').toString());
		expect(advertisedAlgorithms(metadata)).toContain(header.alg);
		expect(WEBAPP_CLIENT.client_id).toBe(WEBAPP.clientId);
	});
});

describe('RFC 6750 §3.1: each bearer error has its status', () => {
	test('a credential that is not a bearer token is 400 invalid_request at userinfo and the API', async () => {
		const { issuer, metadata } = await setup();
		const api = createApi({
			audience: 'https://api.example/',
			issuer: issuer.url,
			jwks: () => issuer.jwks(),
			clock: issuer.clock
		});
		const basicAuth: [string, string] = ['Authorization', 'Basic dXNlcjpwYXNz'];
		for (const answer of [
			await issuer.handle(get(metadata.userinfo_endpoint, [basicAuth])),
			await api.handle(get('https://api.example/messages', [basicAuth]))
		]) {
			expect(answer.status).toBe(400);
			expect(getHeader(answer, 'www-authenticate')).toMatch(/error="invalid_request"/);
		}
		const none = await issuer.handle(get(metadata.userinfo_endpoint));
		expect(none.status).toBe(401);
		expect(getHeader(none, 'www-authenticate')).not.toMatch(/error=/);
	});
});

describe('RFC 6749 §2.3: one client identity per request', () => {
	test('a body client_id that differs from the Basic credential is invalid_request', async () => {
		const { issuer, metadata } = await setup();
		const secret = WEBAPP_CLIENT.client_secret!;
		const answer = await issuer.handle(
			post(
				metadata.token_endpoint,
				{ grant_type: 'authorization_code', code: 'x', client_id: 'tokenstep-spa' },
				[['Authorization', `Basic ${btoa(`${WEBAPP_CLIENT.client_id}:${secret}`)}`]]
			)
		);
		expect(answer.status).toBe(400);
		expect(body(answer).error).toBe('invalid_request');
	});
});
