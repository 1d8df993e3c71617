import { describe, expect, test } from 'vitest';
import {
	bearerRequest,
	codeRedemptionRequest,
	decodeJwt,
	getHeader,
	readCallback,
	redirectLocation,
	refreshRequest,
	REPORTS_CLIENT,
	tokenExchangeRequest,
	validateIdToken,
	WEBAPP_CLIENT,
	withClientAuth,
	type ClientCredentials
} from '../../src/lib/core/index';
import { authorize, body, codeFlow, post, setup, SPA, WEBAPP } from './helpers';

const WEBAPP_CALLBACK = WEBAPP_CLIENT.redirect_uris[0]!;

describe('POST /oauth/token, authorization_code', () => {
	test('issues a Bearer access token and a valid id_token, uncached', async () => {
		const { issuer, metadata, clock } = await setup();
		const { tokenResponse, tokens, pending } = await codeFlow(issuer, metadata);
		expect(tokenResponse.status).toBe(200);
		expect(getHeader(tokenResponse, 'content-type')).toBe('application/json; charset=utf-8');
		expect(getHeader(tokenResponse, 'cache-control')).toBe('no-store');
		expect(getHeader(tokenResponse, 'pragma')).toBe('no-cache');
		expect(tokens).toMatchObject({
			token_type: 'Bearer',
			expires_in: 3600,
			scope: 'openid profile email'
		});
		expect(tokens.refresh_token).toBeUndefined();

		const report = await validateIdToken(tokens.id_token, {
			issuer: issuer.url,
			clientId: SPA.clientId,
			jwks: issuer.jwks(),
			nonce: pending.nonce,
			accessToken: tokens.access_token,
			now: clock.now()
		});
		expect(report.valid).toBe(true);
		const claims = report.claims!;
		expect(claims).toMatchObject({
			iss: issuer.url,
			sub: 'auth0|alice',
			aud: SPA.clientId,
			auth_time: clock.now(),
			name: 'Alice Liddell',
			email: 'alice@example.com'
		});
		expect((claims.exp as number) - (claims.iat as number)).toBe(36_000);
		expect(decodeJwt(tokens.access_token).header?.typ).toBe('at+jwt');
	});

	test('the code is single use: replaying it fails and revokes what it issued', async () => {
		const { issuer, metadata } = await setup();
		const flow = await codeFlow(issuer, metadata);
		const userinfo = bearerRequest('GET', metadata.userinfo_endpoint, flow.tokens.access_token);
		expect((await issuer.handle(userinfo)).status).toBe(200);

		const replay = await issuer.handle(
			codeRedemptionRequest(metadata, SPA, flow.code, flow.pending)
		);
		expect(replay.status).toBe(400);
		expect(body(replay)).toMatchObject({ error: 'invalid_grant' });
		expect(String(body(replay).error_description)).toContain('revoked');
		const after = await issuer.handle(userinfo);
		expect(after.status).toBe(401);
		expect(getHeader(after, 'www-authenticate')).toContain('error="invalid_token"');
	});

	test('an expired code is refused', async () => {
		const { issuer, metadata, clock } = await setup();
		const { pending, response } = await authorize(issuer, metadata);
		const callback = readCallback({ url: redirectLocation(response)! }, pending, issuer.url);
		if (!callback.ok) throw new Error('no code');
		clock.advance(61);
		const late = await issuer.handle(
			codeRedemptionRequest(metadata, SPA, callback.params.code!, pending)
		);
		expect(body(late)).toEqual({
			error: 'invalid_grant',
			error_description: 'authorization code has expired'
		});
	});

	test('PKCE: a wrong or missing verifier is refused, and a verifier without a challenge is a downgrade', async () => {
		const { issuer, metadata } = await setup();
		const { pending, response } = await authorize(issuer, metadata);
		const code = new URL(redirectLocation(response)!).searchParams.get('code')!;
		const wrong = await issuer.handle(
			codeRedemptionRequest(metadata, SPA, code, { ...pending, codeVerifier: 'x'.repeat(43) })
		);
		expect(String(body(wrong).error_description)).toContain('PKCE verification failed');
		const missing = await issuer.handle(
			codeRedemptionRequest(metadata, SPA, code, { ...pending, codeVerifier: undefined })
		);
		expect(String(body(missing).error_description)).toContain('code_verifier is missing');

		const web = await authorize(issuer, metadata, {
			credentials: WEBAPP,
			redirectUri: WEBAPP_CALLBACK,
			pkce: false
		});
		const webCode = new URL(redirectLocation(web.response)!).searchParams.get('code')!;
		const downgrade = await issuer.handle(
			codeRedemptionRequest(metadata, WEBAPP, webCode, {
				...web.pending,
				codeVerifier: 'y'.repeat(43)
			})
		);
		expect(body(downgrade).error).toBe('invalid_grant');
		expect(String(body(downgrade).error_description)).toContain('no code_challenge');
	});

	test('redirect_uri must match the authorization request', async () => {
		const { issuer, metadata } = await setup();
		const { pending, response } = await authorize(issuer, metadata);
		const code = new URL(redirectLocation(response)!).searchParams.get('code')!;
		const other = await issuer.handle(
			codeRedemptionRequest(metadata, SPA, code, {
				...pending,
				redirectUri: 'https://spa.example/silent-callback.html'
			})
		);
		expect(body(other).error).toBe('invalid_grant');
	});

	test('a code issued to one client cannot be redeemed by another', async () => {
		const { issuer, metadata } = await setup();
		const { pending, response } = await authorize(issuer, metadata);
		const code = new URL(redirectLocation(response)!).searchParams.get('code')!;
		const stolen = await issuer.handle(codeRedemptionRequest(metadata, WEBAPP, code, pending));
		expect(body(stolen)).toMatchObject({
			error: 'invalid_grant',
			error_description: 'this code was issued to another client'
		});
	});
});

describe('POST /oauth/token, client authentication', () => {
	test('client_secret_basic: the confidential web app completes a flow', async () => {
		const { issuer, metadata } = await setup();
		const flow = await codeFlow(issuer, metadata, {
			credentials: WEBAPP,
			redirectUri: WEBAPP_CALLBACK
		});
		expect(flow.tokenResponse.status).toBe(200);
	});

	test('a wrong secret is 401 invalid_client with a Basic challenge', async () => {
		const { issuer, metadata } = await setup();
		const bad: ClientCredentials = { ...WEBAPP, clientSecret: 'wrong' };
		const response = await issuer.handle(
			withClientAuth(bad, metadata.token_endpoint, { grant_type: 'authorization_code', code: 'x' })
		);
		expect(response.status).toBe(401);
		expect(body(response).error).toBe('invalid_client');
		expect(getHeader(response, 'www-authenticate')).toBe('Basic realm="token"');
	});

	test('client_secret_post works for a client registered for it, and is refused for a Basic client', async () => {
		const { issuer, metadata } = await setup();
		const reports: ClientCredentials = {
			clientId: REPORTS_CLIENT.client_id,
			clientSecret: REPORTS_CLIENT.client_secret,
			authMethod: 'client_secret_post'
		};
		const ok = await issuer.handle(
			withClientAuth(reports, metadata.token_endpoint, {
				grant_type: 'authorization_code',
				code: 'unknown'
			})
		);
		expect(body(ok)).toMatchObject({
			error: 'invalid_grant',
			error_description: 'unknown authorization code'
		});
		const wrongMethod = await issuer.handle(
			withClientAuth({ ...WEBAPP, authMethod: 'client_secret_post' }, metadata.token_endpoint, {
				grant_type: 'authorization_code'
			})
		);
		expect(wrongMethod.status).toBe(401);
		expect(String(body(wrongMethod).error_description)).toContain('client_secret_basic');
	});

	test('a confidential client cannot skip authentication, and two methods at once is refused', async () => {
		const { issuer, metadata } = await setup();
		const none = await issuer.handle(
			withClientAuth({ clientId: WEBAPP.clientId, authMethod: 'none' }, metadata.token_endpoint, {
				grant_type: 'authorization_code'
			})
		);
		expect(none.status).toBe(401);
		const both = withClientAuth(WEBAPP, metadata.token_endpoint, {
			grant_type: 'authorization_code',
			client_secret: 'x'
		});
		expect((await issuer.handle(both)).status).toBe(400);
	});

	test('wrong method, content type or grant type get the errors RFC 6749 names', async () => {
		const { issuer, metadata } = await setup();
		const getResponse = await issuer.handle({
			method: 'GET',
			url: metadata.token_endpoint,
			headers: []
		});
		expect(getResponse.status).toBe(405);
		expect(getHeader(getResponse, 'allow')).toBe('POST');
		const jsonBody = await issuer.handle({
			method: 'POST',
			url: metadata.token_endpoint,
			headers: [['Content-Type', 'application/json']],
			body: '{}'
		});
		expect(body(jsonBody).error).toBe('invalid_request');
		const password = await issuer.handle(
			post(metadata.token_endpoint, { grant_type: 'password', client_id: SPA.clientId })
		);
		expect(body(password).error).toBe('unsupported_grant_type');
	});
});

describe('POST /oauth/token, refresh_token', () => {
	test('rotates the refresh token and issues a fresh id_token', async () => {
		const { issuer, metadata, clock } = await setup();
		const flow = await codeFlow(issuer, metadata, { scope: 'openid email offline_access' });
		expect(flow.tokens.refresh_token).toBeTruthy();
		clock.advance(36_001);
		const response = await issuer.handle(refreshRequest(metadata, SPA, flow.tokens.refresh_token!));
		expect(response.status).toBe(200);
		const next = body(response) as Record<string, string>;
		expect(next.refresh_token).not.toBe(flow.tokens.refresh_token);
		const report = await validateIdToken(next.id_token, {
			issuer: issuer.url,
			clientId: SPA.clientId,
			jwks: issuer.jwks(),
			now: clock.now()
		});
		expect(report.valid).toBe(true);
		expect(report.claims?.iat).toBe(clock.now());
		expect(report.claims?.nonce).toBeUndefined();
	});

	test('replaying a rotated refresh token revokes the whole family', async () => {
		const { issuer, metadata } = await setup();
		const flow = await codeFlow(issuer, metadata, { scope: 'openid offline_access' });
		const first = flow.tokens.refresh_token!;
		const second = body(await issuer.handle(refreshRequest(metadata, SPA, first))) as Record<
			string,
			string
		>;

		const replay = await issuer.handle(refreshRequest(metadata, SPA, first));
		expect(body(replay).error).toBe('invalid_grant');
		expect(String(body(replay).error_description)).toContain('reuse detected');

		// The legitimate holder's newer token is dead too, and so are the access tokens of the family.
		const newer = await issuer.handle(refreshRequest(metadata, SPA, second.refresh_token!));
		expect(body(newer)).toMatchObject({
			error: 'invalid_grant',
			error_description: 'this refresh token has been revoked'
		});
		expect(
			(await issuer.handle(bearerRequest('GET', metadata.userinfo_endpoint, second.access_token!)))
				.status
		).toBe(401);
	});

	test('cannot widen scope on refresh', async () => {
		const { issuer, metadata } = await setup();
		const flow = await codeFlow(issuer, metadata, { scope: 'openid offline_access' });
		const wider = await issuer.handle(
			refreshRequest(metadata, SPA, flow.tokens.refresh_token!, 'openid email offline_access')
		);
		expect(body(wider).error).toBe('invalid_scope');
	});
});

describe('POST /oauth/token, token exchange (RFC 8693)', () => {
	test('exchanges an access token for one scoped to another API', async () => {
		const { issuer, metadata } = await setup();
		const flow = await codeFlow(issuer, metadata);
		const response = await issuer.handle(
			tokenExchangeRequest(
				metadata,
				SPA,
				{ token: flow.tokens.access_token, type: 'access_token' },
				'https://reports.example/api'
			)
		);
		expect(response.status).toBe(200);
		const result = body(response);
		expect(result).toMatchObject({
			issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
			token_type: 'Bearer'
		});
		expect(decodeJwt(String(result.access_token)).payload).toMatchObject({
			aud: 'https://reports.example/api',
			sub: 'auth0|alice',
			client_id: SPA.clientId
		});
	});

	test('exchanges an id_token, and refuses an unknown audience or a forged subject token', async () => {
		const { issuer, metadata } = await setup();
		const flow = await codeFlow(issuer, metadata);
		const fromId = await issuer.handle(
			tokenExchangeRequest(
				metadata,
				SPA,
				{ token: flow.tokens.id_token, type: 'id_token' },
				'https://api.example/'
			)
		);
		expect(decodeJwt(String(body(fromId).access_token)).payload?.scope).toBe(
			'read:messages write:messages'
		);
		const unknown = await issuer.handle(
			tokenExchangeRequest(
				metadata,
				SPA,
				{ token: flow.tokens.id_token, type: 'id_token' },
				'https://nowhere.example/'
			)
		);
		expect(body(unknown).error).toBe('invalid_target');
		const forged = flow.tokens.id_token.slice(0, -4) + 'AAAA';
		const bad = await issuer.handle(
			tokenExchangeRequest(
				metadata,
				SPA,
				{ token: forged, type: 'id_token' },
				'https://api.example/'
			)
		);
		expect(body(bad).error).toBe('invalid_grant');
		expect(String(body(bad).error_description)).toContain('signature');
	});
});
