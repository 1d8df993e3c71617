/**
 * Issue 29: the issuer's checks drawn as steps of the modern flows, each from the report the
 * issuer made while answering (Issuer.serve), named by what it checks and aimed at by its ref.
 */
import { describe, expect, test } from 'vitest';
import {
	createIssuer,
	FAPI_CLIENT,
	FAPI_CLIENT_PRIVATE_JWK,
	pushedAuthorizationRequest,
	SPEC
} from '../../src/lib/core/index';
import { flowById, runFlow, type Trace, type TraceStep } from '../../src/lib/sim/index';
import { START } from './sim/helpers';

const run = (flow: Parameters<typeof runFlow>[0]['flow']) => runFlow({ flow }, { startAt: START });

/** The steps of a kind, by ref. */
const named = (trace: Trace, message: string): TraceStep[] =>
	trace.steps.filter((s) => s.ref?.message === message);

const statuses = (s: TraceStep) =>
	Object.fromEntries(s.checks!.checks.map((c) => [c.id, c.status]));

/** The index of the nth step of a kind: steps are compared by order, never by position. */
const at = (trace: Trace, message: string, nth = 1) =>
	trace.steps.findIndex((s) => s.ref?.message === message && s.ref.nth === nth);

describe('Issuer.serve: the checks the issuer ran for one request, as it made them', () => {
	test('a PAR push reports its client assertion, then its request object; a discovery request nothing', async () => {
		const issuer = await createIssuer();
		const { validations } = await issuer.serve(
			await pushedAuthorizationRequest(
				new URL('oauth/par', issuer.url).href,
				{ clientId: FAPI_CLIENT.client_id, privateJwk: FAPI_CLIENT_PRIVATE_JWK },
				{
					issuer: issuer.url,
					now: issuer.clock.now(),
					params: {
						response_type: 'code',
						redirect_uri: FAPI_CLIENT.redirect_uris[0]!,
						scope: 'openid',
						nonce: 'n'
					}
				}
			)
		);
		expect(validations.map((v) => [v.name, v.report.valid])).toEqual([
			['validate-client-assertion', true],
			['validate-request-object', true]
		]);
		const discovery = await issuer.serve({
			method: 'GET',
			url: new URL('.well-known/openid-configuration', issuer.url).href,
			headers: []
		});
		expect(discovery.validations).toEqual([]);
	});
});

describe('par-jar: the issuer’s checks at the PAR push and the token endpoint are steps', () => {
	test('validate-client-assertion and validate-request-object between the push and its answer', async () => {
		const trace = await run('par-jar');
		const push = at(trace, 'par-request');
		const assertion = at(trace, 'validate-client-assertion', 1);
		const requestObject = at(trace, 'validate-request-object', 1);
		expect(push).toBeLessThan(assertion);
		expect(assertion).toBeLessThan(requestObject);
		expect(requestObject).toBeLessThan(at(trace, 'par-response'));
		const a = trace.steps[assertion]!;
		expect([a.from, a.to, a.kind]).toEqual(['issuer', 'issuer', 'action']);
		expect(statuses(a)).toMatchObject({
			signature: 'passed',
			iss: 'passed',
			sub: 'passed',
			aud: 'passed',
			exp: 'passed',
			jti: 'passed'
		});
		expect(statuses(trace.steps[requestObject]!)).toMatchObject({
			typ: 'passed',
			signature: 'passed',
			aud: 'passed',
			client_id: 'passed',
			jti: 'passed',
			nested: 'passed'
		});
	});

	test('at the token endpoint: a fresh client assertion, then the PKCE code_verifier', async () => {
		const trace = await run('par-jar');
		const request = at(trace, 'token-request');
		const assertion = at(trace, 'validate-client-assertion', 2);
		const pkce = at(trace, 'verify-code-verifier', 1);
		expect(request).toBeLessThan(assertion);
		expect(assertion).toBeLessThan(pkce);
		expect(pkce).toBeLessThan(at(trace, 'token-response'));
		expect(statuses(trace.steps[pkce]!)).toEqual({
			code_verifier: 'passed',
			code_challenge: 'passed'
		});
	});
});

describe('dpop: the issuer checks the proof at the token endpoint, at the code and at the refresh', () => {
	test('validate-dpop-proof with RFC 9449 §4.3’s checks, before each token response', async () => {
		const trace = await run('dpop');
		const proofs = named(trace, 'validate-dpop-proof');
		expect(proofs).toHaveLength(2);
		for (const proof of proofs) {
			expect(proof.from).toBe('issuer');
			expect(statuses(proof)).toMatchObject({
				dpop_proof: 'passed',
				dpop_typ: 'passed',
				dpop_signature: 'passed',
				dpop_htm: 'passed',
				dpop_htu: 'passed',
				dpop_iat: 'passed',
				dpop_jti: 'passed'
			});
		}
		// The refresh token is bound to the key (RFC 9449 §5): the refresh's proof is compared.
		expect(statuses(proofs[1]!)).toMatchObject({ refresh_token_binding: 'passed' });
		expect(at(trace, 'validate-dpop-proof', 1)).toBeLessThan(at(trace, 'token-response', 1));
		expect(named(trace, 'verify-code-verifier')).toHaveLength(1);
	});

	test('code-pkce draws no issuer check step: a plain redemption stays a request and its answer', async () => {
		const trace = await run('code-pkce');
		for (const name of [
			'validate-client-assertion',
			'validate-request-object',
			'validate-dpop-proof',
			'verify-code-verifier'
		])
			expect(named(trace, name)).toEqual([]);
	});
});

describe('the sections the PAR steps and attacks link', () => {
	test('the PAR endpoint’s request object check links RFC 9126 §3, its checks RFC 9101 §4 and §10.8', async () => {
		const trace = await run('par-jar');
		const step = named(trace, 'validate-request-object')[0]!;
		expect(step.spec).toBe(SPEC.parRequestParameter);
		const specOf = (id: string) => step.checks!.checks.find((c) => c.id === id)?.spec;
		expect(specOf('aud')).toBe(SPEC.requestObject);
		expect(specOf('typ')).toBe(SPEC.requestObjectTyp);
	});

	test('attack-par-reuse cites RFC 9126 §7.3 for the threat beside §4 for the rule', () => {
		const urls = flowById('attack-par-reuse').specs.map((s) => s.url);
		expect(urls).toContain(SPEC.parRequestUriReplay);
		expect(urls).toContain(SPEC.parAuthorize);
	});
});
