import { describe, expect, test } from 'vitest';
import { ATTACK_FLOWS, flowById, runFlow, type Trace } from '../../../src/lib/sim/index';
import { START } from './helpers';

/** The first refusal once the attacker has acted: a failed check's id, or the error the issuer answered. */
function defenceThatFired(trace: Trace): { check: string; where: string } | undefined {
	const attackerActs = trace.steps.findIndex((s) => s.from === 'attacker');
	for (const step of trace.steps.slice(Math.max(0, attackerActs))) {
		if (step.checks && !step.checks.valid) {
			const check = step.checks.checks.find((c) => c.status === 'failed')!;
			return { check: check.id, where: step.from };
		}
		if (step.kind === 'action' && step.failed && step.label.startsWith('reject response: ')) {
			return { check: step.label.slice('reject response: '.length), where: step.from };
		}
		if (step.kind === 'response' && step.failed && step.from === 'issuer') {
			const body = step.response!.body;
			const error = body.startsWith('{')
				? JSON.parse(body).error
				: /<h1>([a-z_]+)<\/h1>/.exec(body)?.[1];
			return { check: error, where: 'issuer' };
		}
	}
	return undefined;
}

describe('every attack is refused by the defence its scenario names', () => {
	test.each(ATTACK_FLOWS.map((f) => [f.id, f.defence!.check, f.defence!.where]))(
		'%s is stopped by %s at the %s',
		async (id, check, where) => {
			const trace = await runFlow({ flow: id }, { startAt: START });
			// A delayed, expired token needs no attacker on the diagram; every other scenario shows one.
			if (id !== 'attack-expired')
				expect(trace.steps.some((s) => s.from === 'attacker')).toBe(true);
			expect(defenceThatFired(trace)).toEqual({ check, where });
			// Nothing forged was ever accepted: no validation of an attacker's token passed.
			const accepted = trace.steps.filter(
				(s) => s.checks?.valid && s.checks.claims?.sub === 'auth0|mallory'
			);
			expect(accepted).toEqual([]);
		}
	);

	test('the same attacks work whatever the signing algorithm, and are still refused', async () => {
		for (const algorithm of ['ES256', 'EdDSA', 'PS256'] as const) {
			for (const id of ['attack-embedded-key', 'attack-key-confusion', 'attack-kid'] as const) {
				const trace = await runFlow({ flow: id, algorithm }, { startAt: START });
				expect(defenceThatFired(trace)?.check).toBe(flowById(id).defence!.check);
			}
		}
	});

	test('code injection: the client accepts the state, the issuer refuses the PKCE proof', async () => {
		const trace = await runFlow({ flow: 'attack-code-injection' }, { startAt: START });
		const refusal = trace.steps.find((s) => s.response?.status === 400)!;
		expect(JSON.parse(refusal.response!.body).error_description).toContain(
			'PKCE verification failed'
		);
		expect(trace.steps.find((s) => s.label.startsWith('reject response'))).toBeUndefined();
	});

	test('redirect_uri manipulation: the issuer shows an error page and never redirects', async () => {
		const trace = await runFlow({ flow: 'attack-redirect-uri' }, { startAt: START });
		const answer = trace.steps.find(
			(s) => s.kind === 'response' && s.from === 'issuer' && s.to === 'browser'
		)!;
		expect(answer.response!.status).toBe(400);
		expect(answer.response!.headers.some(([n]) => n.toLowerCase() === 'location')).toBe(false);
		// Nothing was sent to the attacker's site, and the flow ends at the error page.
		expect(
			trace.steps.filter((s) => s.request?.url.startsWith('https://attacker.example'))
		).toEqual([]);
		expect(trace.steps.at(-1)).toBe(answer);
	});

	test('key rotation: an unknown kid makes the client refetch the JWKS once and accept; a second unknown kid is refused without refetching', async () => {
		const trace = await runFlow({ flow: 'key-rotation' }, { startAt: START });
		const validations = trace.steps.filter((s) => s.checks);
		expect(validations.map((s) => s.checks!.valid)).toEqual([true, true, false]);
		expect(validations[1]!.note).toContain('after fetching the JWKS again');
		expect(validations[2]!.note).toContain('does not refetch');
		expect(validations[2]!.checks!.checks.find((c) => c.status === 'failed')?.id).toBe('kid');
		expect(
			trace.steps.filter((s) => s.request?.url.endsWith('/jwks.json') && s.from === 'client')
		).toHaveLength(2);
	});
});
