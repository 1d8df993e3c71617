import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SAMPLE_USERS } from '../../../src/lib/core/data';
import {
	ATTACK_FLOWS,
	flowById,
	isMessageName,
	runFlow,
	STEP_NAMES,
	type ClockJump,
	type FlowId,
	type FlowSettings,
	type Trace,
	type TraceStep
} from '../../../src/lib/sim/index';
import { START } from './helpers';

/** The first refusal once the attacker has acted: its code and the party that refused. */
function defenceThatFired(trace: Trace): { check: string; where: string } | undefined {
	const attackerActs = trace.steps.findIndex((s) => s.change?.by === 'attacker');
	const refusal = trace.steps.slice(Math.max(0, attackerActs)).find((s) => s.refusal)?.refusal;
	return refusal && { check: refusal.code, where: refusal.by };
}

describe('every attack is refused by the defence its scenario names', () => {
	test.each(ATTACK_FLOWS.map((f) => [f.id, f.defence!.check, f.defence!.where]))(
		'%s is stopped by %s at the %s',
		async (id, check, where) => {
			const trace = await runFlow({ flow: id }, { startAt: START });
			// A delayed, expired token and a faulty issuer need no attacker on the diagram; every
			// other scenario shows one.
			if (id !== 'attack-expired' && !flowById(id).issuerFaults)
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
		const refusal = trace.steps.find((s) => s.refusal)!;
		expect(refusal.refusal).toMatchObject({ code: 'invalid_grant', by: 'issuer' });
		expect(refusal.ref).toEqual({ message: 'token-response', nth: 1 });
		expect(trace.steps.find((s) => s.ref?.message === 'reject-response')).toBeUndefined();
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
		expect(validations[2]!.refusal).toMatchObject({ code: 'kid', by: 'client' });
		const refetches = trace.steps.filter(
			(s) => s.ref?.message === 'jwks-request' && s.from === 'client'
		);
		expect(refetches).toHaveLength(2);
		// The second fetch sits between the first refresh's response and its validation.
		expect(refetches[1]!.index).toBeLessThan(validations[1]!.index);
		expect(refetches[1]!.index).toBeGreaterThan(validations[0]!.index);
	});
});

/**
 * Settings a person may change on an attack scenario: clock jumps anywhere (several at once,
 * short enough that no token expires), scope, algorithm (not HS256: the scenarios' client is
 * a public SPA, which has no secret to verify it with), user and rules.
 */
const jump: fc.Arbitrary<ClockJump> = fc.record({
	message: fc.constantFrom(...STEP_NAMES),
	nth: fc.integer({ min: 1, max: 3 }),
	seconds: fc.integer({ min: 1, max: 30 })
});
const personSettings: fc.Arbitrary<Partial<FlowSettings>> = fc.record({
	clockJumps: fc.array(jump, { minLength: 1, maxLength: 4 }),
	scope: fc.constantFrom('openid', 'openid profile', 'openid profile email', 'openid email phone'),
	algorithm: fc.constantFrom('RS256', 'PS256', 'ES256', 'EdDSA'),
	user: fc.constantFrom(...SAMPLE_USERS.map((u) => u.id)),
	rules: fc.constantFrom(
		[],
		[
			{
				kind: 'addClaim' as const,
				namespace: 'https://tokenstep.example/',
				name: 'role',
				value: 'admin'
			}
		]
	)
});
const scenarios = [...ATTACK_FLOWS.map((f) => f.id), 'key-rotation'] as FlowId[];

/** Where each change landed: the message it hit, by its ref, endpoint and direction. */
function hits(trace: Trace): string[] {
	const where = (s: TraceStep) =>
		s.request ? `${s.request.method} ${new URL(s.request.url).pathname}` : `${s.response?.status}`;
	return trace.steps
		.filter((s) => s.kind !== 'action' && s.notes?.some((n) => n.kind === 'changed'))
		.map((s) => `${s.ref?.message}#${s.ref?.nth} ${s.from}→${s.to} ${where(s)}`);
}

describe('attacks keep hitting their message, whatever else is set', () => {
	test('every scenario’s defence still fires under random settings and clock jumps', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...scenarios), personSettings, async (flow, settings) => {
				const plain = await runFlow({ flow }, { startAt: START });
				const trace = await runFlow({ ...settings, flow }, { startAt: START });
				expect(defenceThatFired(trace)).toEqual(flowById(flow).defence);
				// The attacker changed the same message it changes without the person's settings.
				expect(hits(trace)).toEqual(hits(plain));
			}),
			{ numRuns: 60 }
		);
	}, 120_000);

	test('adding a clock jump never changes which message a person’s intervention hits', async () => {
		const flows: FlowId[] = ['code-pkce', 'call-api', 'refresh', 'hybrid', 'implicit'];
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...flows),
				fc.nat(),
				fc.array(jump, { minLength: 1, maxLength: 4 }),
				async (flow, pick, clockJumps) => {
					const plain = await runFlow({ flow }, { startAt: START });
					const messages = plain.steps.flatMap((s) =>
						s.ref && isMessageName(s.ref.message)
							? [{ message: s.ref.message, nth: s.ref.nth }]
							: []
					);
					const target = messages[pick % messages.length]!;
					const interventions = [
						{
							kind: 'tamper' as const,
							...target,
							claim: 'sub',
							value: 'auth0|mallory'
						}
					];
					const aimed = await runFlow({ flow, interventions }, { startAt: START });
					const jumped = await runFlow({ flow, interventions, clockJumps }, { startAt: START });
					expect(hits(aimed)).toHaveLength(1);
					expect(hits(jumped)).toEqual(hits(aimed));
				}
			),
			{ numRuns: 30 }
		);
	}, 120_000);
});
