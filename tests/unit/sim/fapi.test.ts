import { calculateJwkThumbprint, type JWK } from 'jose';
import { describe, expect, test } from 'vitest';
import {
	decodeJwt,
	FAPI_CLIENT,
	getHeader,
	pushedRequestReport,
	readTokenResponse,
	REQUEST_URI_PREFIX,
	SPEC
} from '../../../src/lib/core/index';
import { flowById, runFlow, type Trace, type TraceStep } from '../../../src/lib/sim/index';
import { START } from './helpers';

const run = (flow: Parameters<typeof runFlow>[0]['flow']) => runFlow({ flow }, { startAt: START });

/** The protocol steps by ref, in order: "par-request#1", "validate-pushed-request#1", … */
const refs = (trace: Trace) =>
	trace.steps.flatMap((s) => (s.ref ? [`${s.ref.message}#${s.ref.nth}`] : []));

const step = (trace: Trace, message: string, nth = 1): TraceStep => {
	const found = trace.steps.find((s) => s.ref?.message === message && s.ref.nth === nth);
	if (!found) throw new Error(`no ${message}#${nth} in ${refs(trace).join(' ')}`);
	return found;
};

const form = (s: TraceStep) => new URLSearchParams(s.request?.body ?? '');
const json = (s: TraceStep) => JSON.parse(s.response!.body) as Record<string, unknown>;
const checkStatus = (s: TraceStep) =>
	Object.fromEntries(s.checks!.checks.map((c) => [c.id, c.status]));

describe('par-jar: PAR + JAR + private_key_jwt', () => {
	test('the request is pushed signed, the front channel carries only client_id and request_uri, the code is redeemed with an assertion', async () => {
		const trace = await run('par-jar');
		expect(trace.outcome).toMatchObject({ code: 'completed', completed: true });
		expect(refs(trace)).toEqual([
			'discovery-request#1',
			'discovery-response#1',
			'jwks-request#1',
			'jwks-response#1',
			'par-request#1',
			'validate-client-assertion#1',
			'validate-request-object#1',
			'par-response#1',
			'authorize-request#1',
			'validate-pushed-request#1',
			'authorize-response#1',
			'person-login#1',
			'login-request#1',
			'login-response#1',
			'callback-request#1',
			'token-request#1',
			'validate-client-assertion#2',
			'verify-code-verifier#1',
			'token-response#1',
			'validate-id-token#1',
			'callback-response#1',
			'callback-request#2',
			'callback-response#2'
		]);

		// The push: a request object and a client assertion, both signed with the client's key.
		const push = step(trace, 'par-request');
		expect(push.from).toBe('client');
		expect(push.channel).toBe('back');
		expect(push.spec).toBe(SPEC.par);
		const pushed = Object.fromEntries(push.tokens.map((t) => [t.name, t]));
		expect(pushed.request!.header).toMatchObject({ typ: 'oauth-authz-req+jwt', alg: 'ES256' });
		expect(pushed.request!.payload).toMatchObject({
			client_id: FAPI_CLIENT.client_id,
			redirect_uri: FAPI_CLIENT.redirect_uris[0],
			response_type: 'code',
			code_challenge_method: 'S256'
		});
		expect(pushed.client_assertion!.payload).toMatchObject({
			iss: FAPI_CLIENT.client_id,
			sub: FAPI_CLIENT.client_id
		});
		expect(form(push).get('client_assertion_type')).toBe(
			'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
		);
		expect(form(push).has('client_secret')).toBe(false);

		const answer = step(trace, 'par-response');
		expect(answer.response!.status).toBe(201);
		expect(String(json(answer).request_uri)).toMatch(new RegExp(`^${REQUEST_URI_PREFIX}`));

		// The front channel: nothing but client_id and request_uri.
		const front = new URL(step(trace, 'authorize-request').request!.url);
		expect([...front.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
		expect(front.searchParams.get('request_uri')).toBe(json(answer).request_uri);

		const used = step(trace, 'validate-pushed-request');
		expect(used.from).toBe('issuer');
		expect(checkStatus(used)).toEqual({
			request_uri: 'passed',
			front_channel_params: 'not_applicable'
		});

		// The code is redeemed with a fresh assertion and PKCE, no secret.
		const redeem = step(trace, 'token-request');
		expect(form(redeem).get('client_assertion')).not.toBe(form(push).get('client_assertion'));
		expect(form(redeem).get('code_verifier')).toBeTruthy();
		expect(getHeader(redeem.request!, 'authorization')).toBeUndefined();
		expect(step(trace, 'validate-id-token').checks!.valid).toBe(true);
		expect(trace.steps.filter((s) => s.failed)).toEqual([]);
	});

	test('pushedRequestReport names what the issuer ignored beside a request_uri', () => {
		const uri = `${REQUEST_URI_PREFIX}abc`;
		const base = `https://issuer.example/authorize?client_id=c&request_uri=${encodeURIComponent(uri)}`;
		const plain = pushedRequestReport(base)!;
		expect(plain.checks.map((c) => [c.id, c.status])).toEqual([
			['request_uri', 'passed'],
			['front_channel_params', 'not_applicable']
		]);
		const extra = pushedRequestReport(`${base}&scope=email&redirect_uri=x`)!;
		const ignored = extra.checks.find((c) => c.id === 'front_channel_params')!;
		expect(ignored).toMatchObject({ status: 'passed', spec: SPEC.requestObjectParams });
		expect(ignored.detail).toContain('scope');
		expect(ignored.detail).toContain('redirect_uri');
		expect(pushedRequestReport('https://issuer.example/authorize?client_id=c')).toBeUndefined();
		expect(pushedRequestReport('not a url')).toBeUndefined();
	});
});

describe('dpop: DPoP-bound tokens', () => {
	test('the token request carries a proof, the tokens are bound, the API checks the proof, the refresh needs one', async () => {
		const trace = await run('dpop');
		expect(trace.outcome).toMatchObject({ code: 'completed', completed: true });
		expect(refs(trace)).toEqual(
			expect.arrayContaining([
				'token-request#1',
				'token-response#1',
				'validate-id-token#1',
				'api-request#1',
				'validate-access-token#1',
				'api-response#1',
				'token-request#2',
				'token-response#2',
				'validate-id-token#2'
			])
		);

		const redeem = step(trace, 'token-request');
		const proof = redeem.tokens.find((t) => t.name === 'dpop')!;
		expect(proof.header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
		expect(proof.payload).toMatchObject({ htm: 'POST', htu: redeem.request!.url });
		expect(proof.payload!.ath).toBeUndefined();

		const tokens = step(trace, 'token-response');
		expect(json(tokens).token_type).toBe('DPoP');
		const access = decodeJwt(String(json(tokens).access_token)).payload!;
		const key = proof.header!.jwk as JWK;
		expect(access.cnf).toEqual({ jkt: await calculateJwkThumbprint(key) });

		// The API call: the DPoP scheme, a proof for this method and URL, tied to the token by ath.
		const call = step(trace, 'api-request');
		expect(getHeader(call.request!, 'authorization')).toMatch(/^DPoP /);
		const callProof = call.tokens.find((t) => t.name === 'dpop')!;
		expect(callProof.header!.jwk).toEqual(key);
		expect(callProof.payload).toMatchObject({ htm: 'GET', htu: call.request!.url });
		expect(callProof.payload!.ath).toEqual(expect.any(String));
		expect(callProof.payload!.jti).not.toBe(proof.payload!.jti);
		const checked = step(trace, 'validate-access-token');
		expect(checked.from).toBe('api');
		const status = checkStatus(checked);
		for (const id of [
			'dpop_proof',
			'dpop_typ',
			'dpop_signature',
			'dpop_htm',
			'dpop_htu',
			'dpop_iat',
			'dpop_jti',
			'dpop_ath',
			'cnf_jkt'
		])
			expect(status[id], id).toBe('passed');
		expect(checked.checks!.checks.find((c) => c.id === 'dpop_jti')!.spec).toBe(SPEC.dpopReplay);
		expect(step(trace, 'api-response').response!.status).toBe(200);

		// The refresh token is bound too: the refresh carries a proof by the same key.
		const renew = step(trace, 'token-request', 2);
		expect(form(renew).get('grant_type')).toBe('refresh_token');
		expect(renew.tokens.find((t) => t.name === 'dpop')!.header!.jwk).toEqual(key);
		expect(json(step(trace, 'token-response', 2)).token_type).toBe('DPoP');
		expect(trace.steps.filter((s) => s.failed)).toEqual([]);
	});

	test('a client that sent a proof refuses a Bearer answer, and a plain client a DPoP one', () => {
		const answer = (token_type: string) => ({
			status: 200,
			headers: [['Content-Type', 'application/json']] as [string, string][],
			body: JSON.stringify({ access_token: 'a', token_type })
		});
		expect(readTokenResponse(answer('DPoP'), 'DPoP').ok).toBe(true);
		expect(readTokenResponse(answer('dpop'), 'DPoP').ok).toBe(true);
		expect(readTokenResponse(answer('Bearer'), 'DPoP')).toMatchObject({
			ok: false,
			error: 'unsupported_token_type'
		});
		expect(readTokenResponse(answer('DPoP'))).toMatchObject({
			ok: false,
			error: 'unsupported_token_type'
		});
		expect(readTokenResponse(answer('bearer')).ok).toBe(true);
	});
});

/** The first refusal after the attacker acted, with the step it is on. */
function firstRefusalAfterAttacker(trace: Trace): TraceStep | undefined {
	const acted = trace.steps.findIndex((s) => s.change?.by === 'attacker');
	return trace.steps.slice(Math.max(0, acted)).find((s) => s.refusal);
}

describe('attacks on PAR', () => {
	test('parameters added next to request_uri are ignored: the code goes to the registered callback, the pushed scope is granted', async () => {
		const trace = await run('attack-par-front-channel-params');
		expect(flowById('attack-par-front-channel-params').defence).toEqual({
			check: 'front_channel_params',
			where: 'issuer',
			ignored: true
		});
		expect(trace.outcome.code).toBe('completed');
		const front = step(trace, 'authorize-request');
		expect(front.change).toEqual({ by: 'attacker', how: 'par-front-channel' });
		expect(new URL(front.request!.url).searchParams.get('redirect_uri')).toMatch(
			/^https:\/\/attacker\.example/
		);
		const used = step(trace, 'validate-pushed-request');
		const ignored = used.checks!.checks.find((c) => c.id === 'front_channel_params')!;
		expect(ignored.status).toBe('passed');
		expect(ignored.detail).toMatch(/redirect_uri/);
		expect(ignored.detail).toMatch(/scope/);
		// Nothing reached the attacker's site; the code went where the pushed request said.
		expect(
			trace.steps.filter((s) => s.request?.url.startsWith('https://attacker.example'))
		).toEqual([]);
		expect(getHeader(step(trace, 'login-response').response!, 'location')).toMatch(
			new RegExp(`^${FAPI_CLIENT.redirect_uris[0]}\\?`)
		);
		const pushedScope = String(
			step(trace, 'par-request').tokens.find((t) => t.name === 'request')!.payload!.scope
		);
		expect(json(step(trace, 'token-response')).scope).toBe(pushedScope);
		expect(trace.steps.some((s) => s.refusal)).toBe(false);
	});

	test('a request_uri used twice is refused with invalid_request_uri; the victim’s login goes on', async () => {
		const trace = await run('attack-par-reuse');
		const refused = firstRefusalAfterAttacker(trace)!;
		expect(refused.refusal).toMatchObject({ code: 'invalid_request_uri', by: 'issuer' });
		expect(refused.to).toBe('attacker');
		expect(refused.response!.status).toBe(400);
		expect(getHeader(refused.response!, 'location')).toBeUndefined();
		const copy = trace.steps[refused.index - 1]!;
		expect(copy.change).toEqual({ by: 'attacker', how: 'replay' });
		expect(copy.request!.url).toBe(step(trace, 'authorize-request').request!.url);
		expect(trace.outcome.code).toBe('completed');
		expect(step(trace, 'validate-id-token').checks!.valid).toBe(true);
	});
});

describe('attacks on DPoP', () => {
	test.each([
		['attack-dpop-stolen-token', 'cnf_jkt', 'invalid_token', 2],
		['attack-dpop-replay', 'dpop_jti', 'invalid_dpop_proof', undefined],
		['attack-dpop-wrong-url', 'dpop_htu', 'invalid_dpop_proof', 2]
	] as const)(
		'%s is refused by the API’s %s check, answered %s',
		async (flow, check, error, nth) => {
			const trace = await run(flow);
			expect(flowById(flow).defence).toEqual({ check, where: 'api' });
			const refused = firstRefusalAfterAttacker(trace)!;
			expect(refused.refusal).toMatchObject({ code: check, by: 'api' });
			if (nth) expect(refused.ref).toEqual({ message: 'validate-access-token', nth });
			// Only the named check failed: everything else about the token and proof holds.
			expect(refused.checks!.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual([
				check
			]);
			const answer = trace.steps[refused.index + 1]!;
			expect(answer.response!.status).toBe(401);
			expect(answer.refusal).toMatchObject({ code: error, by: 'api' });
			expect(getHeader(answer.response!, 'www-authenticate')).toMatch(/^DPoP /);
			// The client's own call before it was accepted.
			expect(step(trace, 'api-response').response!.status).toBe(200);
		}
	);

	test('the stolen token goes with a proof right in every claim but signed by another key', async () => {
		const trace = await run('attack-dpop-stolen-token');
		const own = step(trace, 'api-request', 1).tokens.find((t) => t.name === 'dpop')!;
		const forged = step(trace, 'api-request', 2);
		expect(forged.from).toBe('attacker');
		const proof = forged.tokens.find((t) => t.name === 'dpop')!;
		expect(proof.payload).toMatchObject({
			htm: 'GET',
			htu: own.payload!.htu,
			ath: own.payload!.ath
		});
		expect(proof.header!.jwk).not.toEqual(own.header!.jwk);
	});

	test('the proof for /messages arrives at /messages/archive', async () => {
		const trace = await run('attack-dpop-wrong-url');
		const moved = step(trace, 'api-request', 2);
		expect(new URL(moved.request!.url).pathname).toBe('/messages/archive');
		const proof = moved.tokens.find((t) => t.name === 'dpop')!;
		expect(new URL(String(proof.payload!.htu)).pathname).toBe('/messages');
	});
});
