import { describe, expect, test } from 'vitest';
import {
	bearerRequest,
	createApi,
	createIssuer,
	decodeJwt,
	delegationRequest,
	endSessionUrl,
	getHeader,
	IssuerConfigError,
	LEGACY_ENDPOINTS,
	MESSAGES_API,
	REPORTS_CLIENT,
	SIGNING_ALGORITHMS,
	tokeninfoRequest,
	validateIdToken,
	WEBAPP_CLIENT
} from '../../src/lib/core/index';
import {
	authorize,
	body,
	codeFlow,
	get,
	redirectParams,
	sessionCookie,
	setup,
	SPA,
	WEBAPP
} from './helpers';

describe('discovery and keys', () => {
	test('discovery lists every endpoint and what it supports', async () => {
		const { issuer } = await setup();
		const response = await issuer.handle(get(`${issuer.url}.well-known/openid-configuration`));
		expect(getHeader(response, 'cache-control')).toBe('public, max-age=300');
		const doc = body(response);
		expect(doc).toMatchObject({
			issuer: 'https://issuer.example/',
			authorization_endpoint: 'https://issuer.example/authorize',
			token_endpoint: 'https://issuer.example/oauth/token',
			userinfo_endpoint: 'https://issuer.example/userinfo',
			jwks_uri: 'https://issuer.example/.well-known/jwks.json',
			end_session_endpoint: 'https://issuer.example/oidc/logout',
			code_challenge_methods_supported: ['S256'],
			authorization_response_iss_parameter_supported: true,
			response_modes_supported: ['query', 'fragment', 'form_post']
		});
		expect(doc.response_types_supported).toEqual(
			expect.arrayContaining(['code', 'id_token', 'id_token token', 'code id_token', 'token'])
		);
		expect(doc.grant_types_supported).toEqual(
			expect.arrayContaining([
				'authorization_code',
				'refresh_token',
				'urn:ietf:params:oauth:grant-type:token-exchange'
			])
		);
	});

	test('the JWKS publishes public keys only, each with kid, alg and use', async () => {
		const { issuer } = await setup({ idTokenAlgorithm: 'ES256' });
		const response = await issuer.handle(get(`${issuer.url}.well-known/jwks.json`));
		expect(getHeader(response, 'content-type')).toBe('application/jwk-set+json; charset=utf-8');
		const { keys } = body(response) as { keys: Record<string, unknown>[] };
		expect(keys).toHaveLength(1);
		expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
		expect(keys[0]!.d).toBeUndefined();
	});

	test('key rotation signs with a new kid while the old key stays published', async () => {
		const { issuer, metadata, clock } = await setup();
		const before = await codeFlow(issuer, metadata);
		const oldKid = decodeJwt(before.tokens.id_token).header?.kid;
		await issuer.rotateKeys();
		const after = await codeFlow(issuer, metadata);
		const newKid = decodeJwt(after.tokens.id_token).header?.kid;
		expect(newKid).not.toBe(oldKid);
		expect(issuer.jwks().keys.map((k) => k.kid)).toEqual([newKid, oldKid]);
		const expectations = {
			issuer: issuer.url,
			clientId: SPA.clientId,
			jwks: issuer.jwks(),
			now: clock.now()
		};
		expect(
			(
				await validateIdToken(before.tokens.id_token, {
					...expectations,
					nonce: before.pending.nonce
				})
			).valid
		).toBe(true);
		expect(
			(
				await validateIdToken(after.tokens.id_token, {
					...expectations,
					nonce: after.pending.nonce
				})
			).valid
		).toBe(true);
	});

	test('unknown paths are 404 and discovery refuses POST', async () => {
		const { issuer } = await setup();
		expect((await issuer.handle(get(`${issuer.url}nope`))).status).toBe(404);
		expect((await issuer.handle(get('https://elsewhere.example/authorize'))).status).toBe(404);
		const posted = await issuer.handle({
			method: 'POST',
			url: `${issuer.url}.well-known/jwks.json`,
			headers: []
		});
		expect(posted.status).toBe(405);
	});
});

describe('signing algorithms', () => {
	test.each(SIGNING_ALGORITHMS)('%s id_tokens validate with the published keys', async (alg) => {
		const { issuer, metadata, clock } = await setup({ idTokenAlgorithm: alg });
		const credentials = alg === 'HS256' ? WEBAPP : SPA;
		const flow = await codeFlow(issuer, metadata, {
			credentials,
			redirectUri: alg === 'HS256' ? WEBAPP_CLIENT.redirect_uris[0] : undefined
		});
		expect(decodeJwt(flow.tokens.id_token).header?.alg).toBe(alg);
		const report = await validateIdToken(flow.tokens.id_token, {
			issuer: issuer.url,
			clientId: credentials.clientId,
			jwks: issuer.jwks(),
			clientSecret: credentials.clientSecret,
			nonce: flow.pending.nonce,
			accessToken: flow.tokens.access_token,
			now: clock.now()
		});
		expect(report.checks.filter((c) => c.status === 'failed')).toEqual([]);
	});
});

describe('scope, lifetime and rules shape the id_token', () => {
	const claimsFor = async (scope: string, config = {}) => {
		const { issuer, metadata } = await setup(config);
		const flow = await codeFlow(issuer, metadata, { scope });
		return decodeJwt(flow.tokens.id_token).payload!;
	};

	test('openid alone carries only the registered claims', async () => {
		expect(Object.keys(await claimsFor('openid')).sort()).toEqual([
			'at_hash',
			'aud',
			'auth_time',
			'exp',
			'iat',
			'iss',
			'nonce',
			'sub'
		]);
	});

	test('profile, email, address and phone add their claims (OIDC Core 5.4)', async () => {
		const claims = await claimsFor('openid profile email address phone');
		expect(claims).toMatchObject({
			name: 'Alice Liddell',
			given_name: 'Alice',
			email: 'alice@example.com',
			email_verified: true,
			phone_number: '+44 1865 000000'
		});
		expect(claims.address).toMatchObject({ locality: 'Oxford', country: 'GB' });
	});

	test('the guide’s legacy scope "openid name email" puts exactly those attributes in the token', async () => {
		const claims = await claimsFor('openid name email');
		expect(claims.name).toBe('Alice Liddell');
		expect(claims.email).toBe('alice@example.com');
		expect(claims.given_name).toBeUndefined();
	});

	test('the default lifetime is 36000 s and a configured one replaces it', async () => {
		const byDefault = await claimsFor('openid');
		expect((byDefault.exp as number) - (byDefault.iat as number)).toBe(36_000);
		const short = await claimsFor('openid', { idTokenLifetime: 3600 });
		expect((short.exp as number) - (short.iat as number)).toBe(3600);
	});

	test('rules run in order: lifetime, namespaced claim, scope changes', async () => {
		const claims = await claimsFor('openid profile email', {
			rules: [
				{ kind: 'setLifetime', seconds: 600 },
				{ kind: 'setLifetime', seconds: 3600 },
				{ kind: 'addClaim', namespace: 'https://tokenstep.example/', name: 'plan', value: 'team' },
				{ kind: 'removeScopes', scopes: ['profile', 'openid'] },
				{ kind: 'addScopes', scopes: ['phone'] }
			]
		});
		expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
		expect(claims['https://tokenstep.example/plan']).toBe('team');
		expect(claims.name).toBeUndefined();
		expect(claims.email).toBe('alice@example.com');
		expect(claims.phone_number).toBe('+44 1865 000000');
	});

	test('impossible settings are refused with the field named', async () => {
		await expect(createIssuer({ idTokenLifetime: -5 })).rejects.toThrow(
			'idTokenLifetime: lifetime must be at least 1 second'
		);
		await expect(createIssuer({ idTokenLifetime: 1.5 })).rejects.toBeInstanceOf(IssuerConfigError);
		await expect(createIssuer({ idTokenAlgorithm: 'none' as never })).rejects.toThrow(
			'idTokenAlgorithm'
		);
		await expect(
			createIssuer({ rules: [{ kind: 'addClaim', namespace: 'plan', name: 'x', value: 1 }] })
		).rejects.toThrow('rules[0]: custom claim namespace');
		await expect(
			createIssuer({ rules: [{ kind: 'addClaim', namespace: '', name: 'sub', value: 1 } as never] })
		).rejects.toThrow('rules[0]');
		await expect(createIssuer({ issuer: 'http://insecure.example/' })).rejects.toThrow('issuer');
	});
});

describe('/userinfo', () => {
	test('returns the claims the scope allows for a valid access token', async () => {
		const { issuer, metadata } = await setup();
		const flow = await codeFlow(issuer, metadata, { scope: 'openid email' });
		const response = await issuer.handle(
			bearerRequest('GET', metadata.userinfo_endpoint, flow.tokens.access_token)
		);
		expect(response.status).toBe(200);
		expect(body(response)).toEqual({
			sub: 'auth0|alice',
			email: 'alice@example.com',
			email_verified: true
		});
		const posted = await issuer.handle(
			bearerRequest('POST', metadata.userinfo_endpoint, flow.tokens.access_token)
		);
		expect(posted.status).toBe(200);
	});

	test('answers RFC 6750 challenges: no token, an id_token, an expired token', async () => {
		const { issuer, metadata, clock } = await setup();
		const flow = await codeFlow(issuer, metadata);
		const none = await issuer.handle(get(metadata.userinfo_endpoint));
		expect(none.status).toBe(401);
		expect(getHeader(none, 'www-authenticate')).toBe(
			'Bearer realm="https://issuer.example/userinfo"'
		);
		const idAsBearer = await issuer.handle(
			bearerRequest('GET', metadata.userinfo_endpoint, flow.tokens.id_token)
		);
		expect(idAsBearer.status).toBe(401);
		expect(getHeader(idAsBearer, 'www-authenticate')).toContain('error="invalid_token"');
		expect(String(body(idAsBearer).error_description)).toMatch(/^typ:/);
		clock.advance(3601);
		const expired = await issuer.handle(
			bearerRequest('GET', metadata.userinfo_endpoint, flow.tokens.access_token)
		);
		expect(String(body(expired).error_description)).toMatch(/^exp: expired/);
	});
});

describe('legacy endpoints, marked deprecated', () => {
	test('/tokeninfo trades an id_token for the full profile and says it is deprecated', async () => {
		const { issuer, metadata } = await setup();
		const flow = await codeFlow(issuer, metadata, { scope: 'openid' });
		const response = await issuer.handle(tokeninfoRequest(metadata, flow.tokens.id_token));
		expect(response.status).toBe(200);
		expect(body(response)).toMatchObject({
			user_id: 'auth0|alice',
			email: 'alice@example.com',
			app_metadata: { plan: 'team' }
		});
		expect(getHeader(response, 'deprecation')).toMatch(/^@\d+$/);
		expect(getHeader(response, 'link')).toContain(
			'<https://issuer.example/userinfo>; rel="successor-version"'
		);
		expect(LEGACY_ENDPOINTS.tokeninfo.note).toContain('/userinfo');
	});

	test('/tokeninfo refuses an expired id_token', async () => {
		const { issuer, metadata, clock } = await setup();
		const flow = await codeFlow(issuer, metadata);
		clock.advance(36_001);
		const response = await issuer.handle(tokeninfoRequest(metadata, flow.tokens.id_token));
		expect(response.status).toBe(401);
		expect(String(body(response).error_description)).toMatch(/^exp:/);
	});

	test('/delegation renews an unexpired id_token (renewIdToken) and refuses an expired one', async () => {
		const { issuer, metadata, clock } = await setup();
		const flow = await codeFlow(issuer, metadata);
		clock.advance(1800);
		const renewed = await issuer.handle(
			delegationRequest(metadata, SPA, { id_token: flow.tokens.id_token })
		);
		expect(renewed.status).toBe(200);
		expect(getHeader(renewed, 'deprecation')).toBeTruthy();
		const fresh = decodeJwt(String(body(renewed).id_token)).payload!;
		expect(fresh).toMatchObject({ aud: SPA.clientId, iat: clock.now(), exp: clock.now() + 36_000 });

		clock.advance(36_000);
		const late = await issuer.handle(
			delegationRequest(metadata, SPA, { id_token: flow.tokens.id_token })
		);
		expect(late.status).toBe(401);
		expect(body(late).error).toBe('invalid_grant');
	});

	test('/delegation issues an id_token for another application (target), with azp naming the requester', async () => {
		const { issuer, metadata } = await setup();
		const flow = await codeFlow(issuer, metadata);
		const response = await issuer.handle(
			delegationRequest(metadata, SPA, { id_token: flow.tokens.id_token }, REPORTS_CLIENT.client_id)
		);
		expect(decodeJwt(String(body(response).id_token)).payload).toMatchObject({
			aud: REPORTS_CLIENT.client_id,
			azp: SPA.clientId
		});
	});

	test('/delegation accepts a refresh token for a new id_token after the old one expired', async () => {
		const { issuer, metadata, clock } = await setup();
		const flow = await codeFlow(issuer, metadata, { scope: 'openid offline_access' });
		clock.advance(40_000);
		const response = await issuer.handle(
			delegationRequest(metadata, SPA, { refresh_token: flow.tokens.refresh_token! })
		);
		expect(response.status).toBe(200);
		expect(decodeJwt(String(body(response).id_token)).payload?.iat).toBe(clock.now());
	});
});

describe('logout and the limits of revocation', () => {
	test('RP-initiated logout ends the session and redirects with state, yet the id_token still validates', async () => {
		const { issuer, metadata, clock } = await setup();
		const flow = await codeFlow(issuer, metadata);
		const cookie = sessionCookie(flow.authorizeResponse);
		const logout = await issuer.handle(
			get(endSessionUrl(metadata, flow.tokens.id_token, 'https://spa.example/', 'bye'), [
				['Cookie', cookie]
			])
		);
		expect(logout.status).toBe(302);
		expect(getHeader(logout, 'location')).toBe('https://spa.example/?state=bye');
		expect(getHeader(logout, 'set-cookie')).toContain('Max-Age=0');

		const silent = await authorize(issuer, metadata, {
			prompt: 'none',
			loginHint: undefined,
			cookie
		});
		expect(redirectParams(silent.response).error).toBe('login_required');

		// No revocation: the JWT is self-contained, so it stays valid until exp.
		const report = await validateIdToken(flow.tokens.id_token, {
			issuer: issuer.url,
			clientId: SPA.clientId,
			jwks: issuer.jwks(),
			nonce: flow.pending.nonce,
			now: clock.now()
		});
		expect(report.valid).toBe(true);
		const api = createApi({
			audience: MESSAGES_API.identifier,
			issuer: issuer.url,
			jwks: () => issuer.jwks(),
			clock
		});
		const withApi = await codeFlow(issuer, metadata, {
			scope: 'openid read:messages',
			audience: MESSAGES_API.identifier
		});
		await issuer.handle(
			get(endSessionUrl(metadata, withApi.tokens.id_token, 'https://spa.example/', 's'), [
				['Cookie', sessionCookie(withApi.authorizeResponse)]
			])
		);
		expect(
			(
				await api.handle(
					bearerRequest('GET', 'https://api.example/messages', withApi.tokens.access_token)
				)
			).status
		).toBe(200);
	});

	test('refuses an unregistered post_logout_redirect_uri', async () => {
		const { issuer, metadata } = await setup();
		const flow = await codeFlow(issuer, metadata);
		const response = await issuer.handle(
			get(endSessionUrl(metadata, flow.tokens.id_token, 'https://attacker.example/', 's'))
		);
		expect(response.status).toBe(400);
		expect(getHeader(response, 'location')).toBeUndefined();
	});
});

describe('the resource API', () => {
	test('accepts its access token, refuses an id_token, a wrong audience and a missing scope', async () => {
		const { issuer, metadata, clock } = await setup();
		const api = createApi({
			audience: MESSAGES_API.identifier,
			issuer: issuer.url,
			jwks: () => issuer.jwks(),
			clock
		});
		const flow = await codeFlow(issuer, metadata, {
			scope: 'openid read:messages',
			audience: MESSAGES_API.identifier
		});
		const call = (token: string) =>
			api.serve(bearerRequest('GET', 'https://api.example/messages', token));

		const ok = await call(flow.tokens.access_token);
		expect(ok.response.status).toBe(200);
		expect(ok.report?.valid).toBe(true);

		const idToken = await call(flow.tokens.id_token);
		expect(idToken.response.status).toBe(401);
		expect(idToken.report?.checks.find((c) => c.status === 'failed')?.id).toBe('typ');

		const userinfoOnly = await codeFlow(issuer, metadata, { scope: 'openid' });
		const wrongAud = await call(userinfoOnly.tokens.access_token);
		expect(wrongAud.report?.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual([
			'aud',
			'scope'
		]);

		const noScope = await codeFlow(issuer, metadata, {
			scope: 'openid',
			audience: MESSAGES_API.identifier
		});
		const forbidden = await call(noScope.tokens.access_token);
		expect(forbidden.response.status).toBe(403);
		expect(getHeader(forbidden.response, 'www-authenticate')).toContain(
			'error="insufficient_scope"'
		);

		const missing = await api.serve({
			method: 'GET',
			url: 'https://api.example/messages',
			headers: []
		});
		expect(missing.response.status).toBe(401);
		expect(missing.report).toBeUndefined();
	});
});
