import { describe, expect, test } from 'vitest';
import {
	createAuthorizationRequest,
	decodeJwt,
	getHeader,
	readCallback,
	redirectLocation,
	SPA_CLIENT,
	validateIdToken,
	WEBAPP_CLIENT
} from '../../src/lib/core/index';
import {
	authorize,
	get,
	post,
	redirectParams,
	sessionCookie,
	setup,
	START,
	WEBAPP
} from './helpers';

const SPA_CALLBACK = SPA_CLIENT.redirect_uris[0]!;

describe('GET /authorize', () => {
	test('redirects with a code, state and iss for response_type=code with PKCE', async () => {
		const { issuer, metadata } = await setup();
		const { pending, response } = await authorize(issuer, metadata);
		expect(response.status).toBe(302);
		expect(getHeader(response, 'cache-control')).toBe('no-store');
		const location = redirectLocation(response)!;
		expect(location.startsWith(`${SPA_CALLBACK}?`)).toBe(true);
		const params = redirectParams(response);
		expect(params.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(params.state).toBe(pending.state);
		expect(params.iss).toBe(issuer.url);
		expect(getHeader(response, 'set-cookie')).toMatch(
			/^tokenstep_session=[^;]+; Path=\/; Max-Age=28800; Secure; HttpOnly; SameSite=None$/
		);
	});

	test('shows the login page when there is no session and no login_hint, then signs in from the form', async () => {
		const { issuer, metadata } = await setup();
		const pending = await createAuthorizationRequest(metadata, {
			clientId: SPA_CLIENT.client_id,
			redirectUri: SPA_CALLBACK,
			scope: 'openid email'
		});
		const page = await issuer.handle(get(pending.url));
		expect(page.status).toBe(200);
		expect(getHeader(page, 'content-type')).toBe('text/html; charset=utf-8');
		expect(page.body).toContain('<form method="post"');
		const transaction = /name="transaction" value="([^"]+)"/.exec(page.body)?.[1];
		expect(transaction).toBeTruthy();

		const wrong = await issuer.handle(
			post(`${issuer.url}login`, {
				transaction: transaction!,
				username: 'alice',
				password: 'nope',
				decision: 'allow'
			})
		);
		expect(wrong.status).toBe(200);
		expect(wrong.body).toContain('Wrong username or password.');

		const ok = await issuer.handle(
			post(`${issuer.url}login`, {
				transaction: transaction!,
				username: 'alice',
				password: 'correct horse battery staple',
				decision: 'allow'
			})
		);
		expect(redirectParams(ok).state).toBe(pending.state);
		expect(redirectParams(ok).code).toBeTruthy();
		// The transaction is single-use.
		const again = await issuer.handle(
			post(`${issuer.url}login`, { transaction: transaction!, username: 'alice', password: 'x' })
		);
		expect(again.status).toBe(400);
	});

	test('returns access_denied to the client when the user denies consent', async () => {
		const { issuer, metadata } = await setup();
		const pending = await createAuthorizationRequest(metadata, {
			clientId: SPA_CLIENT.client_id,
			redirectUri: SPA_CALLBACK,
			scope: 'openid'
		});
		const page = await issuer.handle(get(pending.url));
		const transaction = /name="transaction" value="([^"]+)"/.exec(page.body)![1]!;
		const denied = await issuer.handle(
			post(`${issuer.url}login`, { transaction, decision: 'deny' })
		);
		expect(redirectParams(denied)).toMatchObject({ error: 'access_denied', state: pending.state });
	});

	test('never redirects to a redirect_uri that is not registered exactly', async () => {
		const { issuer, metadata } = await setup();
		for (const redirectUri of [
			`${SPA_CALLBACK}/`,
			`${SPA_CALLBACK}?x=1`,
			'https://attacker.example/callback',
			'https://SPA.example/callback'
		]) {
			const { response } = await authorize(issuer, metadata, { redirectUri });
			expect(response.status).toBe(400);
			expect(getHeader(response, 'location')).toBeUndefined();
			expect(response.body).toContain('does not exactly match');
		}
	});

	test('shows an error page, not a redirect, for an unknown client', async () => {
		const { issuer, metadata } = await setup();
		const { response } = await authorize(issuer, metadata, { clientId: 'nobody' });
		expect(response.status).toBe(400);
		expect(response.body).toContain('unknown client_id nobody');
	});

	test('escapes hostile values on its HTML pages', async () => {
		const { issuer } = await setup();
		const response = await issuer.handle(
			get(`${issuer.url}authorize?client_id=${encodeURIComponent('<script>alert(1)</script>')}`)
		);
		expect(response.body).not.toContain('<script>alert(1)');
		expect(response.body).toContain('&lt;script&gt;');
	});

	test('refuses plain PKCE and requires PKCE from public clients', async () => {
		const { issuer } = await setup();
		const base = `${issuer.url}authorize?response_type=code&client_id=${SPA_CLIENT.client_id}&redirect_uri=${encodeURIComponent(SPA_CALLBACK)}&scope=openid&state=s1&login_hint=alice`;
		const plain = await issuer.handle(
			get(`${base}&code_challenge=${'a'.repeat(43)}&code_challenge_method=plain`)
		);
		expect(redirectParams(plain)).toMatchObject({ error: 'invalid_request', state: 's1' });
		expect(redirectParams(plain).error_description).toContain('plain');
		const none = await issuer.handle(get(base));
		expect(redirectParams(none).error_description).toContain('PKCE');
	});

	test('rejects an unsupported response_type and tokens in the query string', async () => {
		const { issuer, metadata } = await setup();
		const bad = await authorize(issuer, metadata, { responseType: 'code banana' });
		expect(redirectParams(bad.response).error).toBe('unsupported_response_type');
		const query = await authorize(issuer, metadata, {
			responseType: 'id_token',
			responseMode: 'query'
		});
		expect(redirectParams(query.response).error).toBe('invalid_request');
	});

	test('requires openid in scope and a nonce for id_tokens from the authorization endpoint', async () => {
		const { issuer } = await setup();
		const base = `${issuer.url}authorize?client_id=${SPA_CLIENT.client_id}&redirect_uri=${encodeURIComponent(SPA_CALLBACK)}&state=s&login_hint=alice`;
		const noOpenid = await issuer.handle(
			get(`${base}&response_type=id_token&scope=profile&nonce=n`)
		);
		expect(redirectParams(noOpenid).error).toBe('invalid_request');
		const noNonce = await issuer.handle(get(`${base}&response_type=id_token&scope=openid`));
		expect(redirectParams(noNonce)).toMatchObject({ error: 'invalid_request' });
		expect(redirectParams(noNonce).error_description).toContain('nonce');
	});

	test('refuses a repeated parameter by redirecting invalid_request to the client (RFC 6749 §3.1)', async () => {
		const { issuer, metadata } = await setup();
		const { pending } = await authorize(issuer, metadata);
		const response = await issuer.handle(get(`${pending.url}&scope=openid`));
		expect(response.status).toBe(302);
		expect(redirectParams(response)).toMatchObject({
			error: 'invalid_request',
			state: pending.state,
			iss: issuer.url
		});
	});

	test('response_type=id_token token puts both in the fragment, bound by at_hash and nonce', async () => {
		const { issuer, metadata, clock } = await setup();
		const { pending, response } = await authorize(issuer, metadata, {
			responseType: 'id_token token'
		});
		const location = redirectLocation(response)!;
		expect(new URL(location).search).toBe('');
		const callback = readCallback({ url: location }, pending, issuer.url);
		if (!callback.ok) throw new Error(callback.description);
		expect(callback.params).toMatchObject({ token_type: 'Bearer', expires_in: '3600' });
		const report = await validateIdToken(callback.params.id_token, {
			issuer: issuer.url,
			clientId: SPA_CLIENT.client_id,
			jwks: issuer.jwks(),
			nonce: pending.nonce,
			accessToken: callback.params.access_token,
			responseType: 'id_token token',
			now: clock.now()
		});
		expect(report.valid).toBe(true);
		expect(report.claims?.at_hash).toBeTruthy();
	});

	test('response_type=code id_token returns a code and an id_token with a matching c_hash', async () => {
		const { issuer, metadata, clock } = await setup();
		const { pending, response } = await authorize(issuer, metadata, {
			responseType: 'code id_token'
		});
		const params = redirectParams(response);
		const report = await validateIdToken(params.id_token, {
			issuer: issuer.url,
			clientId: SPA_CLIENT.client_id,
			jwks: issuer.jwks(),
			nonce: pending.nonce,
			code: params.code,
			responseType: 'code id_token',
			now: clock.now()
		});
		expect(report.valid).toBe(true);
		expect(report.checks.find((c) => c.id === 'c_hash')?.detail).toContain('matches');
	});

	test('legacy response_type=token returns only an access token', async () => {
		const { issuer, metadata } = await setup();
		const { response } = await authorize(issuer, metadata, { responseType: 'token' });
		const params = redirectParams(response);
		expect(params.access_token).toBeTruthy();
		expect(params.id_token).toBeUndefined();
		expect(decodeJwt(params.access_token).header?.typ).toBe('at+jwt');
	});

	test('form_post answers with an auto-submitting form to the redirect_uri', async () => {
		const { issuer, metadata } = await setup();
		const { pending, response } = await authorize(issuer, metadata, { responseMode: 'form_post' });
		expect(response.status).toBe(200);
		expect(response.body).toContain(`<form method="post" action="${SPA_CALLBACK}">`);
		expect(response.body).toContain(`name="state" value="${pending.state}"`);
	});

	test('prompt=none succeeds while the session lives and answers login_required after it ends', async () => {
		const { issuer, metadata, clock } = await setup();
		const first = await authorize(issuer, metadata);
		const cookie = sessionCookie(first.response);
		const silent = await authorize(issuer, metadata, {
			prompt: 'none',
			loginHint: undefined,
			cookie
		});
		expect(redirectParams(silent.response).code).toBeTruthy();

		const noCookie = await authorize(issuer, metadata, { prompt: 'none', loginHint: undefined });
		expect(redirectParams(noCookie.response)).toMatchObject({
			error: 'login_required',
			state: noCookie.pending.state
		});

		clock.advance(8 * 3600);
		const expired = await authorize(issuer, metadata, {
			prompt: 'none',
			loginHint: undefined,
			cookie
		});
		expect(redirectParams(expired.response).error).toBe('login_required');
	});

	test('max_age forces a fresh login, and prompt=none with a stale session fails', async () => {
		const { issuer, metadata, clock } = await setup();
		const cookie = sessionCookie((await authorize(issuer, metadata)).response);
		clock.advance(600);
		const stale = await authorize(issuer, metadata, {
			prompt: 'none',
			maxAge: 300,
			loginHint: undefined,
			cookie
		});
		expect(redirectParams(stale.response).error).toBe('login_required');
		const form = await authorize(issuer, metadata, { maxAge: 300, loginHint: undefined, cookie });
		expect(form.response.status).toBe(200);
		expect(form.response.body).toContain('Log in');
		const fresh = await authorize(issuer, metadata, { maxAge: 900, loginHint: undefined, cookie });
		expect(redirectParams(fresh.response).code).toBeTruthy();
		expect(START).toBeLessThan(clock.now());
	});

	test('refuses HS256 id_tokens for a public client, which has no secret to key them', async () => {
		const { issuer, metadata } = await setup({ idTokenAlgorithm: 'HS256' });
		const spa = await authorize(issuer, metadata);
		expect(redirectParams(spa.response).error).toBe('unauthorized_client');
		const web = await authorize(issuer, metadata, {
			credentials: WEBAPP,
			redirectUri: WEBAPP_CLIENT.redirect_uris[0]
		});
		expect(redirectParams(web.response).code).toBeTruthy();
	});

	test('refuses an audience no API is registered under', async () => {
		const { issuer, metadata } = await setup();
		const { response } = await authorize(issuer, metadata, {
			audience: 'https://unknown.example/'
		});
		expect(redirectParams(response).error).toBe('invalid_target');
	});
});
