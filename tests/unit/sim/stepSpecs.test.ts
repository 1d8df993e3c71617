/**
 * Issue 26 (review B1–B6, A2, A5, A6): each step links the section that states its rule, and the
 * logout and FAPI flows do what their text says.
 */
import { describe, expect, test } from 'vitest';
import { claimInfo } from '../../../src/lib/core/jwt/claimInfo';
import { SPEC } from '../../../src/lib/core/spec';
import { flowById } from '../../../src/lib/sim/flows/index';
import { runFlow, type Trace } from '../../../src/lib/sim/index';
import { specForRequest } from '../../../src/lib/sim/specs';
import { START } from './helpers';

const named = (trace: Trace, name: string) => trace.steps.filter((s) => s.ref?.message === name);
const urls = (id: Parameters<typeof flowById>[0]) => flowById(id).specs.map((s) => s.url);

describe('a validation step links its kind’s validation section, not its first check’s (B1)', () => {
	test('logout token: Back-Channel Logout §2.6; front-channel check: Front-Channel Logout §2', async () => {
		const back = await runFlow({ flow: 'backchannel-logout' }, { startAt: START });
		const validated = named(back, 'validate-logout-token');
		expect(validated.length).toBeGreaterThan(0);
		for (const step of validated) expect(step.spec).toBe(SPEC.logoutTokenValidation);
		const front = await runFlow({ flow: 'frontchannel-logout' }, { startAt: START });
		const checked = named(front, 'check-frontchannel-logout');
		expect(checked.length).toBeGreaterThan(0);
		for (const step of checked) expect(step.spec).toBe(SPEC.frontchannelRp);
	});

	test('the API: RFC 9068 §4 for a bearer token, RFC 9449 §7.1 for a token with its DPoP proof', async () => {
		const dpop = await runFlow({ flow: 'dpop' }, { startAt: START });
		const api = named(dpop, 'validate-access-token');
		expect(api.length).toBeGreaterThan(0);
		for (const step of api) expect(step.spec).toBe(SPEC.dpopResource);
		const refresh = await runFlow({ flow: 'refresh' }, { startAt: START });
		const bearer = named(refresh, 'validate-access-token');
		expect(bearer.length).toBeGreaterThan(0);
		for (const step of bearer) expect(step.spec).toBe(SPEC.jwtAccessToken);
	});
});

describe('an id_token validation step links the section for where the id_token came from (B1)', () => {
	test('token endpoint §3.1.3.7, authorization endpoint §3.2.2.11, a refresh §12.2', async () => {
		const specsOf = async (flow: Parameters<typeof flowById>[0]) =>
			named(await runFlow({ flow }, { startAt: START }), 'validate-id-token').map((s) => s.spec);
		expect(await specsOf('code-pkce')).toEqual([SPEC.idTokenValidation]);
		expect(await specsOf('implicit')).toEqual([SPEC.implicitIdTokenValidation]);
		expect(await specsOf('hybrid')).toEqual([
			SPEC.implicitIdTokenValidation,
			SPEC.idTokenValidation
		]);
		const refresh = await specsOf('refresh');
		expect(refresh[0]).toBe(SPEC.idTokenValidation);
		expect(refresh.slice(1)).toContain(SPEC.refreshResponse);
	});
});

describe('the spec of a request by what it carries (B2, B7, B8)', () => {
	const req = (
		url: string,
		extra: Partial<{ method: string; body: string; headers: [string, string][] }> = {}
	) => ({
		method: extra.method ?? 'GET',
		url,
		headers: extra.headers ?? [],
		body: extra.body
	});
	test('a callback: ?code= is §3.1.2.5, ?error= §3.1.2.6, a fragment §3.2.2.5 or §3.3.2.5, form_post Form Post §2', () => {
		expect(specForRequest(req('https://app.example/callback?code=c&state=s'))).toBe(
			SPEC.authResponse
		);
		expect(specForRequest(req('https://app.example/callback?error=access_denied&state=s'))).toBe(
			SPEC.authError
		);
		expect(specForRequest(req('https://app.example/callback#id_token=x&access_token=y'))).toBe(
			SPEC.implicitAuthResponse
		);
		expect(specForRequest(req('https://app.example/callback#code=c&id_token=x'))).toBe(
			SPEC.hybridAuthResponse
		);
		expect(specForRequest(req('https://app.example/callback#error=login_required'))).toBe(
			SPEC.authError
		);
		expect(
			specForRequest(
				req('https://app.example/callback', { method: 'POST', body: 'code=c&id_token=x&state=s' })
			)
		).toBe(SPEC.formPost);
	});

	test('a bearer request is RFC 6750 §2.1; the JWKS is RFC 7517 §5', () => {
		expect(
			specForRequest(
				req('https://api.example/messages', { headers: [['Authorization', 'Bearer t']] })
			)
		).toBe(SPEC.bearerHeader);
		expect(specForRequest(req('https://issuer.example/.well-known/jwks.json'))).toBe(SPEC.jwkSet);
	});

	test('in the code flow the callback step links §3.1.2.5, not the error response', async () => {
		const trace = await runFlow({ flow: 'par-jar' }, { startAt: START });
		const callback = named(trace, 'callback-request')[0]!;
		expect(new URL(callback.request!.url).searchParams.has('code')).toBe(true);
		expect(callback.spec).toBe(SPEC.authResponse);
	});
});

describe('sections the review corrected', () => {
	test('request objects: RFC 9101 §6.2 (JWS-signed), not §6.1 (JWE) (B3)', () => {
		expect(SPEC.requestObjectValidation).toBe('https://www.rfc-editor.org/rfc/rfc9101#section-6.2');
	});

	test('front-channel §3 is labelled §3, and the flow cites §4.1 for the blocked iframe (B4)', () => {
		const specs = flowById('frontchannel-logout').specs;
		const op = specs.find((s) => s.url === SPEC.frontchannelOp)!;
		expect(op.label).toMatch(/§3$/);
		expect(specs.map((s) => s.url)).toContain(SPEC.frontchannelThirdParty);
	});

	test('embedded jwk: RFC 8725 §3.8 and OIDC Core §2, not §3.10 (B5); kid traversal cites §3.10 (B6)', async () => {
		expect(urls('attack-embedded-key')).toEqual(
			expect.arrayContaining([SPEC.validateIssuer, SPEC.idToken])
		);
		expect(urls('attack-embedded-key')).not.toContain(SPEC.receivedClaims);
		expect(urls('attack-kid')).toContain(SPEC.receivedClaims);
		const trace = await runFlow({ flow: 'attack-embedded-key' }, { startAt: START });
		const refusal = trace.steps.find((s) => s.refusal)!.refusal!;
		expect(refusal.code).toBe('header_key');
		expect(refusal.spec).toBe(SPEC.validateIssuer);
	});

	test('an id_token posted as a logout token is refused by events (§2.6), its typ not applicable (A5)', async () => {
		expect(flowById('attack-id-token-as-logout-token').defence).toEqual({
			check: 'events',
			where: 'client'
		});
		expect(urls('attack-id-token-as-logout-token')).toContain(SPEC.logoutTokenCrossJwt);
		const trace = await runFlow({ flow: 'attack-id-token-as-logout-token' }, { startAt: START });
		const step = named(trace, 'validate-logout-token').find((s) => !s.checks?.valid)!;
		expect(step.checks!.checks.find((c) => c.id === 'typ')?.status).toBe('not_applicable');
		expect(step.refusal?.code).toBe('events');
	});

	test('par-jar cites the FAPI 2.0 profile’s sections and Message Signing for JAR; dpop is not a FAPI client (A2)', () => {
		expect(urls('par-jar')).toEqual(
			expect.arrayContaining([
				SPEC.fapiServer,
				SPEC.fapiAuthorization,
				SPEC.fapiSignedRequest,
				SPEC.requestObjectSigned
			])
		);
		expect(urls('dpop')).toContain(SPEC.fapiServer);
		expect(flowById('dpop').client.type).toBe('spa');
	});

	test('an access token’s jti cites RFC 9068 §2.2, and the API accepts the same token on every call (A1)', async () => {
		expect(claimInfo('jti', 'access_token').spec).toBe(SPEC.jwtAccessTokenClaims);
		const trace = await runFlow({ flow: 'dpop' }, { startAt: START });
		const accepted = named(trace, 'validate-access-token').filter((s) => s.checks?.valid);
		expect(accepted.length).toBeGreaterThan(0);
		for (const step of accepted)
			expect(step.checks!.checks.some((c) => c.id === 'jti' || c.id === 'jti_replay')).toBe(false);
	});
});
