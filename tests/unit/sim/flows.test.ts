import { describe, expect, test } from 'vitest';
import { runFlow } from '../../../src/lib/sim/index';
import { sequence, START } from './helpers';

const run = (flow: Parameters<typeof runFlow>[0]['flow']) => runFlow({ flow }, { startAt: START });

describe('the flow catalog runs each flow for real', () => {
	test('code-pkce: discovery, login, callback, code redemption, validation', async () => {
		const trace = await run('code-pkce');
		expect(trace.outcome).toEqual({ code: 'completed', completed: true });
		expect(sequence(trace)).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "browser→issuer GET /authorize",
			  "issuer→browser 200",
			  "browser→browser person-login",
			  "browser→issuer POST /login",
			  "issuer→browser 302",
			  "browser→client GET /callback",
			  "client→browser 200",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			]
		`);
	});

	test('code-webapp: the server redeems the code with Basic auth and starts its own session', async () => {
		const trace = await run('code-webapp');
		expect(sequence(trace)).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "browser→issuer GET /authorize",
			  "issuer→browser 200",
			  "browser→browser person-login",
			  "browser→issuer POST /login",
			  "issuer→browser 302",
			  "browser→client GET /callback",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			  "client→browser 302",
			  "browser→client GET /",
			  "client→browser 200",
			]
		`);
	});

	test('implicit: tokens arrive in the fragment, no token endpoint', async () => {
		expect(sequence(await run('implicit'))).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "browser→issuer GET /authorize",
			  "issuer→browser 200",
			  "browser→browser person-login",
			  "browser→issuer POST /login",
			  "issuer→browser 302",
			  "browser→client GET /callback",
			  "client→browser 200",
			  "client→client validate-id-token: ✓",
			]
		`);
	});

	test('hybrid: the front-channel id_token is validated before the code is redeemed', async () => {
		expect(sequence(await run('hybrid'))).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "browser→issuer GET /authorize",
			  "issuer→browser 200",
			  "browser→browser person-login",
			  "browser→issuer POST /login",
			  "issuer→browser 200",
			  "browser→client POST /callback",
			  "client→client validate-id-token: ✓",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			  "client→browser 302",
			  "browser→client GET /",
			  "client→browser 200",
			]
		`);
	});

	test('call-api: the API accepts the access token and refuses the id_token', async () => {
		expect(sequence(await run('call-api'))).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "browser→issuer GET /authorize",
			  "issuer→browser 200",
			  "browser→browser person-login",
			  "browser→issuer POST /login",
			  "issuer→browser 302",
			  "browser→client GET /callback",
			  "client→browser 200",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			  "client→api GET /messages",
			  "api→issuer GET /.well-known/jwks.json",
			  "issuer→api 200",
			  "api→api validate-access-token: ✓",
			  "api→client 200",
			  "client→api GET /messages",
			  "api→api validate-access-token: ✗ typ aud scope",
			  "api→client 401 ✗ invalid_token",
			]
		`);
	});

	test('refresh: the API refuses the expired access token, the client’s own session is active, a rotated refresh token renews', async () => {
		expect(sequence(await run('refresh'))).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "browser→issuer GET /authorize",
			  "issuer→browser 200",
			  "browser→browser person-login",
			  "browser→issuer POST /login",
			  "issuer→browser 302",
			  "browser→client GET /callback",
			  "client→browser 200",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			  "⏱ 3601 s",
			  "client→client check-session: ✓",
			  "client→api GET /messages",
			  "api→issuer GET /.well-known/jwks.json",
			  "issuer→api 200",
			  "api→api validate-access-token: ✗ exp",
			  "api→client 401 ✗ invalid_token",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			  "client→api GET /messages",
			  "api→api validate-access-token: ✓",
			  "api→client 200",
			]
		`);
	});

	test('silent-renew: prompt=none works while the session lives, then login_required', async () => {
		expect(sequence(await run('silent-renew'))).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "browser→issuer GET /authorize",
			  "issuer→browser 200",
			  "browser→browser person-login",
			  "browser→issuer POST /login",
			  "issuer→browser 302",
			  "browser→client GET /callback",
			  "client→browser 200",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			  "⏱ 3600 s",
			  "browser→issuer GET /authorize",
			  "issuer→browser 302",
			  "browser→client GET /silent-callback.html",
			  "client→browser 200",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			  "⏱ 28800 s",
			  "browser→issuer GET /authorize",
			  "issuer→browser 302",
			  "browser→client GET /silent-callback.html",
			  "client→browser 200",
			  "client→client reject-response ✗ login_required",
			]
		`);
	});

	test('legacy-renew: renewIdToken, /delegation refuses an id_token past its exp, then the refresh token at /delegation', async () => {
		expect(sequence(await run('legacy-renew'))).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "browser→issuer GET /authorize",
			  "issuer→browser 200",
			  "browser→browser person-login",
			  "browser→issuer POST /login",
			  "issuer→browser 302",
			  "browser→client GET /callback",
			  "client→browser 200",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			  "⏱ 3600 s",
			  "client→client check-session: ✓",
			  "client→issuer POST /delegation",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			  "⏱ 36001 s",
			  "client→issuer POST /delegation",
			  "issuer→client 401 ✗ invalid_grant",
			  "client→issuer POST /delegation",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			]
		`);
	});

	test('other-api: legacy /delegation, then token exchange and a call to the reports API', async () => {
		expect(sequence(await run('other-api'))).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "browser→issuer GET /authorize",
			  "issuer→browser 200",
			  "browser→browser person-login",
			  "browser→issuer POST /login",
			  "issuer→browser 302",
			  "browser→client GET /callback",
			  "client→browser 200",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			  "client→issuer POST /delegation",
			  "issuer→client 200",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→api GET /api/reports",
			  "api→issuer GET /.well-known/jwks.json",
			  "issuer→api 200",
			  "api→api validate-access-token: ✓",
			  "api→client 200",
			]
		`);
	});

	test('profile: /tokeninfo with the id_token, /userinfo with the access token', async () => {
		expect(sequence(await run('profile'))).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "browser→issuer GET /authorize",
			  "issuer→browser 200",
			  "browser→browser person-login",
			  "browser→issuer POST /login",
			  "issuer→browser 302",
			  "browser→client GET /callback",
			  "client→browser 200",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			  "client→issuer POST /tokeninfo",
			  "issuer→client 200",
			  "client→issuer GET /userinfo",
			  "issuer→client 200",
			  "client→client check-userinfo: ✓",
			]
		`);
	});

	test('profile: the client uses the UserInfo claims only once their sub is the id_token’s (OIDC Core §5.3.2)', async () => {
		const trace = await run('profile');
		const idToken = trace.steps.find((s) => s.ref?.message === 'validate-id-token')!;
		const check = trace.steps.find((s) => s.ref?.message === 'check-userinfo')!;
		const answer = trace.steps[check.index - 1]!;
		expect(answer.response?.status).toBe(200);
		const sub = (JSON.parse(answer.response!.body) as { sub: string }).sub;
		expect(sub).toBe(idToken.checks?.claims?.sub);
		expect(check.checks?.checks).toEqual([
			expect.objectContaining({ id: 'userinfo_sub', status: 'passed' })
		]);
		// A refused UserInfo call (a replayed code revoked the access token) has nothing to check.
		const replay = await run('attack-code-reuse');
		const refused = replay.steps.find((s) => s.ref?.message === 'userinfo-response');
		expect(refused?.response?.status).toBe(401);
		expect(replay.steps.some((s) => s.ref?.message === 'check-userinfo')).toBe(false);
	});

	test('no-revocation: after logout the API still accepts the JWT access token until its exp', async () => {
		expect(sequence(await run('no-revocation'))).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "browser→issuer GET /authorize",
			  "issuer→browser 200",
			  "browser→browser person-login",
			  "browser→issuer POST /login",
			  "issuer→browser 302",
			  "browser→client GET /callback",
			  "client→browser 200",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			  "client→api GET /messages",
			  "api→issuer GET /.well-known/jwks.json",
			  "issuer→api 200",
			  "api→api validate-access-token: ✓",
			  "api→client 200",
			  "browser→issuer GET /oidc/logout",
			  "issuer→browser 302",
			  "browser→client GET /",
			  "client→browser 200",
			  "client→api GET /messages",
			  "api→api validate-access-token: ✓",
			  "api→client 200",
			  "⏱ 3601 s",
			  "client→api GET /messages",
			  "api→api validate-access-token: ✗ exp",
			  "api→client 401 ✗ invalid_token",
			]
		`);
	});

	test('logout: the session ends and prompt=none then fails', async () => {
		expect(sequence(await run('logout'))).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "browser→issuer GET /authorize",
			  "issuer→browser 200",
			  "browser→browser person-login",
			  "browser→issuer POST /login",
			  "issuer→browser 302",
			  "browser→client GET /callback",
			  "client→browser 200",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			  "browser→issuer GET /oidc/logout",
			  "issuer→browser 302",
			  "browser→client GET /",
			  "client→browser 200",
			  "browser→issuer GET /authorize",
			  "issuer→browser 302",
			  "browser→client GET /silent-callback.html",
			  "client→browser 200",
			  "client→client reject-response ✗ login_required",
			]
		`);
	});
});
