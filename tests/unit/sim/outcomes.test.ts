import { describe, expect, test } from 'vitest';
import { ATTACKS, FLOWS } from '../../../src/lib/sim/flows/index';
import { EXPECTED_CODES, runFlow, type Trace } from '../../../src/lib/sim/index';
import { START } from './helpers';

const run = (flow: Trace['flow'], more: Partial<Trace['settings']> = {}) =>
	runFlow({ flow, ...more }, { startAt: START });

const refused = (trace: Trace) => trace.steps.filter((s) => s.refusal);

describe('outcome codes: which refusals a flow expects', () => {
	test.each(ATTACKS.filter((f) => !f.defence?.ignored).map((f) => [f.id, f.defence!] as const))(
		'%s: its defence step is coded expected (defence), and the run ends as its lesson',
		async (id, defence) => {
			const trace = await run(id);
			const fired = refused(trace).filter(
				(s) => s.refusal!.code === defence.check && s.refusal!.by === defence.where
			);
			expect(fired.length).toBeGreaterThan(0);
			for (const step of fired) expect(step.expected).toBe('defence');
			expect(trace.outcome).toMatchObject({ code: 'completed', expected: 'defence' });
			expect(trace.outcome.unexpected).toBeUndefined();
		}
	);

	test.each(FLOWS.map((f) => f.id))(
		'%s (default settings): completes with no unexpected refusal',
		async (id) => {
			const trace = await run(id);
			expect(trace.outcome.code).toBe('completed');
			expect(trace.outcome.unexpected).toBeUndefined();
			for (const step of refused(trace))
				expect(EXPECTED_CODES, `${id} step ${step.index}`).toContain(step.expected);
		}
	);

	test('front-channel logout: the last step, login_required after the logout, is expected (signed-out)', async () => {
		const trace = await run('frontchannel-logout');
		const last = trace.steps.at(-1)!;
		expect(last.refusal?.code).toBe('login_required');
		expect(last.expected).toBe('signed-out');
		expect(trace.outcome).toMatchObject({ code: 'completed', expected: 'signed-out' });
	});

	test('device: authorization_pending and slow_down while the person types are pending, and the run ends clean', async () => {
		const trace = await run('device');
		const waits = refused(trace);
		expect(waits.map((s) => s.refusal!.code)).toEqual(
			expect.arrayContaining(['authorization_pending', 'slow_down'])
		);
		for (const step of waits) expect(step.expected).toBe('pending');
		// A wait is not how a run ends.
		expect(trace.outcome.expected).toBeUndefined();
	});

	test('an answer that passes on an expected refusal is expected with it (the DPoP API answers 401)', async () => {
		const trace = await run('attack-dpop-wrong-url');
		const answer = refused(trace).find((s) => s.kind === 'response')!;
		expect(answer.refusal!.by).toBe('api');
		expect(answer.expected).toBe('defence');
	});

	test('a refusal the flow did not expect stays an error: a tampered id_token in the code flow', async () => {
		const trace = await run('code-pkce', {
			interventions: [
				{ kind: 'tamper', message: 'token-response', nth: 1, claim: 'sub', value: 'x' }
			]
		});
		const failed = refused(trace).find((s) => s.refusal!.code === 'signature')!;
		expect(failed.expected).toBeUndefined();
		expect(trace.outcome.code).toBe('stopped');
		expect(trace.outcome.unexpected?.code).toBe('signature');
		expect(trace.outcome.expected).toBeUndefined();
	});

	test('a clock jump in the logout flow that expires the id_token is an error, though login_required is expected there', async () => {
		const trace = await run('logout', {
			clockJumps: [{ message: 'token-response', nth: 1, seconds: 40_000 }]
		});
		expect(trace.outcome.unexpected?.code).toBe('exp');
		expect(trace.outcome.expected).toBeUndefined();
	});
});
