import { describe, expect, test } from 'vitest';
import { FLOW_IDS, runFlow, type Trace } from '../../../src/lib/sim/index';
import { checkInputs, messageFields, refusalInputs } from '../../../src/lib/sim/checkInputs';
import { START } from './helpers';

type Settings = Parameters<typeof runFlow>[0];
const run = (settings: Settings) => runFlow(settings, { startAt: START });

/** The nth validation step of a kind (`validate-id-token`), by its ref, never by position. */
function validation(trace: Trace, message: string, nth = 1) {
	const step = trace.steps.find((s) => s.ref?.message === message && s.ref.nth === nth);
	if (!step?.checks) throw new Error(`no ${message} #${nth} with checks`);
	return step;
}

/** A check's inputs, with its source's step read back from the trace. */
function inputs(trace: Trace, index: number, id: string) {
	const found = checkInputs(trace, index, id);
	const source = found.from ? trace.steps[found.from.index] : undefined;
	return { ...found, source };
}

describe('checkInputs: what a check reads and where its expected value came from', () => {
	test('code-pkce: nonce, aud, keys and iss point at the messages that carried them', async () => {
		const trace = await run({ flow: 'code-pkce' });
		const step = validation(trace, 'validate-id-token');

		const nonce = inputs(trace, step.index, 'nonce');
		expect(nonce.reads).toEqual([{ part: 'payload', name: 'nonce' }]);
		expect(nonce.from).toMatchObject({
			message: 'authorize-request',
			nth: 1,
			field: 'nonce',
			matched: true
		});
		// Matched by value: the authorization request sent the very nonce the id_token has.
		expect(messageFields(nonce.source!).get('nonce')).toBe(step.checks!.claims!.nonce);

		const signature = inputs(trace, step.index, 'signature');
		expect(signature.reads).toEqual([
			{ part: 'header', name: 'alg' },
			{ part: 'header', name: 'kid' }
		]);
		expect(signature.from).toMatchObject({
			message: 'jwks-response',
			field: 'keys',
			matched: true
		});

		expect(inputs(trace, step.index, 'kid').from).toMatchObject({ message: 'jwks-response' });
		expect(inputs(trace, step.index, 'iss').from).toMatchObject({
			message: 'discovery-response',
			field: 'issuer',
			matched: true
		});
		expect(inputs(trace, step.index, 'aud').from).toMatchObject({
			message: 'authorize-request',
			field: 'client_id',
			matched: true
		});

		const atHash = inputs(trace, step.index, 'at_hash');
		expect(atHash.reads).toEqual([
			{ part: 'payload', name: 'at_hash' },
			{ part: 'param', name: 'access_token' }
		]);
		expect(atHash.from).toMatchObject({
			message: 'token-response',
			field: 'access_token',
			matched: true
		});
		// c_hash is not in a token-endpoint id_token: nothing was compared, so nothing is pointed at.
		expect(inputs(trace, step.index, 'c_hash').from).toBeUndefined();
		// exp is compared with the clock, not with a message.
		expect(inputs(trace, step.index, 'exp')).toEqual({ reads: [{ part: 'payload', name: 'exp' }] });
	});

	test('in every flow a source is an earlier protocol step that carried the field, not an attacker copy', async () => {
		for (const flow of FLOW_IDS) {
			const trace = await run({ flow });
			for (const step of trace.steps) {
				for (const check of step.checks?.checks ?? []) {
					const { from } = checkInputs(trace, step.index, check.id);
					if (!from) continue;
					expect(from.index, `${flow} ${check.id}`).toBeLessThan(step.index);
					const source = trace.steps[from.index]!;
					expect(source.ref, `${flow} ${check.id}`).toEqual({
						message: from.message,
						nth: from.nth
					});
					// A DPoP proof is checked against the very request it came with, even a forged
					// one; every other expectation comes from a genuine message.
					if (from.field !== 'dpop') expect(source.change, `${flow} ${check.id}`).toBeUndefined();
					expect(messageFields(source).has(from.field), `${flow} ${check.id}`).toBe(true);
					// A check that passed compared equal values: its source carried the very value.
					if (check.status === 'passed' && ['nonce', 'iss', 'kid', 'signature'].includes(check.id))
						expect(from.matched, `${flow} ${check.id}`).toBe(true);
				}
			}
		}
	});

	test('a tampered nonce still points at the request that sent the real one, unmatched', async () => {
		const trace = await run({
			flow: 'code-pkce',
			interventions: [
				{ kind: 'tamper', message: 'token-response', nth: 1, claim: 'nonce', value: 'forged-nonce' }
			]
		});
		const step = validation(trace, 'validate-id-token');
		expect(step.checks!.checks.find((c) => c.id === 'nonce')?.status).toBe('failed');
		const nonce = inputs(trace, step.index, 'nonce');
		expect(nonce.from).toMatchObject({
			message: 'authorize-request',
			field: 'nonce',
			matched: false
		});
		expect(messageFields(nonce.source!).get('nonce')).not.toBe('forged-nonce');
	});

	test('the pushed request (PAR + JAR) is where the nonce and client_id came from', async () => {
		const trace = await run({ flow: 'par-jar' });
		const step = validation(trace, 'validate-id-token');
		expect(inputs(trace, step.index, 'nonce').from).toMatchObject({
			message: 'par-request',
			matched: true
		});
		const pushed = validation(trace, 'validate-pushed-request');
		expect(inputs(trace, pushed.index, 'request_uri').from).toMatchObject({
			message: 'par-response',
			field: 'request_uri',
			matched: true
		});
	});

	test('after a key rotation, the keys come from the key set fetched again', async () => {
		const trace = await run({ flow: 'key-rotation' });
		const first = validation(trace, 'validate-id-token', 1);
		const second = validation(trace, 'validate-id-token', 2);
		const before = inputs(trace, first.index, 'signature').from!;
		const after = inputs(trace, second.index, 'signature').from!;
		expect(before).toMatchObject({ message: 'jwks-response', nth: 1, matched: true });
		expect(after).toMatchObject({ message: 'jwks-response', matched: true });
		expect(after.nth).toBeGreaterThan(1);
		// The kid the second token names is in that later key set, not in the first.
		const kid = second.checks!.header!.kid;
		const keys = (index: number) =>
			(messageFields(trace.steps[index]!).get('keys') as { kid: string }[]).map((k) => k.kid);
		expect(keys(after.index)).toContain(kid);
		expect(keys(before.index)).not.toContain(kid);
	});

	test('a refreshed id_token is compared with the original one, not with itself', async () => {
		const trace = await run({ flow: 'refresh' });
		const refreshed = validation(trace, 'validate-id-token', 2);
		const sub = inputs(trace, refreshed.index, 'refresh_sub');
		expect(sub.reads).toEqual([{ part: 'payload', name: 'sub' }]);
		expect(sub.from).toMatchObject({ message: 'token-response', nth: 1, field: 'id_token' });
		// The first token response, which brought the original; the refresh's came later.
		const refreshResponse = trace.steps.filter((s) => s.ref?.message === 'token-response').at(-1)!;
		expect(sub.from!.index).toBeLessThan(refreshResponse.index);
	});

	test('DPoP: the proof is read from the API request, the key binding from the token response', async () => {
		const trace = await run({ flow: 'dpop' });
		const step = validation(trace, 'validate-access-token');
		const htu = inputs(trace, step.index, 'dpop_htu');
		expect(htu.reads).toEqual([{ part: 'payload', name: 'htu', token: 'dpop' }]);
		expect(htu.from).toMatchObject({ message: 'api-request', field: 'dpop' });
		expect(inputs(trace, step.index, 'cnf_jkt').from).toMatchObject({
			message: 'token-response',
			field: 'access_token',
			matched: true
		});
	});

	test('a replayed DPoP proof is tied to the request that first used its jti', async () => {
		const trace = await run({ flow: 'attack-dpop-replay' });
		const replay = trace.steps.find((s) =>
			s.checks?.checks.some((c) => c.id === 'dpop_jti' && c.status === 'failed')
		)!;
		const jti = inputs(trace, replay.index, 'dpop_jti');
		expect(jti.from).toMatchObject({ message: 'api-request', nth: 1, matched: true });
	});

	test('logout: the session check points at the id_token that carried the same sid', async () => {
		const trace = await run({ flow: 'backchannel-logout' });
		const step = validation(trace, 'validate-logout-token');
		const session = inputs(trace, step.index, 'session');
		expect(session.from).toMatchObject({ field: 'id_token', matched: true });
		const front = await run({ flow: 'frontchannel-logout' });
		const check = validation(front, 'check-frontchannel-logout');
		expect(inputs(front, check.index, 'sid')).toMatchObject({
			reads: [{ part: 'param', name: 'sid' }],
			from: { field: 'id_token', matched: true }
		});
	});

	test('a CSRF callback without state is tied to the state the authorization request sent', async () => {
		const trace = await run({ flow: 'attack-csrf' });
		const refused = trace.steps.find((s) => s.refusal?.code === 'state_missing')!;
		expect(refusalInputs(trace, refused.index, 'state_missing').from).toMatchObject({
			message: 'authorize-request',
			field: 'state'
		});
	});

	test('PKCE at the issuer: a code redeemed with the wrong verifier is tied to the challenge the code was bound to', async () => {
		// The attacker redeems the victim's code with its own verifier: the challenge is the victim's.
		const trace = await run({ flow: 'attack-code-injection' });
		const refused = trace.steps.find((s) => s.refusal?.code === 'invalid_grant')!;
		const found = refusalInputs(trace, refused.index, 'invalid_grant');
		expect(found.reads).toEqual([
			{ part: 'param', name: 'code' },
			{ part: 'param', name: 'code_verifier' }
		]);
		expect(found.from).toMatchObject({
			message: 'authorize-request',
			nth: 1,
			field: 'code_challenge'
		});
		// The code redeemed is the one the issuer answered that very request with.
		const redeemed = trace.steps
			.slice(0, refused.index)
			.reverse()
			.find((s) => messageFields(s).has('code_verifier'))!;
		const issued = trace.steps.find((s) => s.ref?.message === 'login-response')!;
		expect(messageFields(redeemed).get('code')).toBe(messageFields(issued).get('code'));
		expect(found.from!.index).toBeLessThan(issued.index);
		// A refresh token refused is no PKCE matter.
		const replay = await run({ flow: 'attack-refresh-replay' });
		const refusedRefresh = replay.steps.find((s) => s.refusal?.code === 'invalid_grant')!;
		expect(refusalInputs(replay, refusedRefresh.index, 'invalid_grant').from).toBeUndefined();
	});

	test('mix-up: the refused iss is tied to the discovery of the issuer the request went to', async () => {
		const trace = await run({ flow: 'attack-mix-up' });
		const refused = trace.steps.find((s) => s.refusal?.code === 'issuer_mismatch')!;
		const found = refusalInputs(trace, refused.index, 'issuer_mismatch');
		expect(found.reads).toEqual([{ part: 'param', name: 'iss' }]);
		expect(found.from).toMatchObject({
			message: 'discovery-response',
			field: 'issuer',
			matched: true
		});
		// That issuer is not the one the callback names: the request went to another server.
		const callback = trace.steps.find((s) => s.ref?.message === 'callback-request')!;
		const expected = messageFields(trace.steps[found.from!.index]!).get('issuer');
		expect(messageFields(callback).get('iss')).not.toBe(expected);
		const sentTo = new URL(
			trace.steps.find((s) => s.ref?.message === 'authorize-request')!.request!.url
		);
		expect(messageFields(trace.steps[found.from!.index]!).get('authorization_endpoint')).toBe(
			`${sentTo.origin}${sentTo.pathname}`
		);
	});

	test('an unknown check or step reads nothing', async () => {
		const trace = await run({ flow: 'code-pkce' });
		expect(checkInputs(trace, 999, 'nonce')).toEqual({ reads: [] });
		expect(checkInputs(trace, 0, 'no-such-check')).toEqual({ reads: [] });
	});
});
