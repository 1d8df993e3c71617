import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SAMPLE_USERS } from '../../../src/lib/core/data';
import { readJson, s256, validateIdToken } from '../../../src/lib/core/index';
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

/**
 * The first refusal once the attacker has acted (the step that shows its act, or any request it
 * sent itself before that step): its code and the party that refused.
 */
function defenceThatFired(trace: Trace): { check: string; where: string } | undefined {
	const attackerActs = trace.steps.findIndex(
		(s) => s.change?.by === 'attacker' || (s.kind === 'request' && s.from === 'attacker')
	);
	const refusal = trace.steps.slice(Math.max(0, attackerActs)).find((s) => s.refusal)?.refusal;
	return refusal && { check: refusal.code, where: refusal.by };
}

const NO_ATTACKER_LANE: ReadonlySet<FlowId> = new Set([
	'attack-expired',
	'attack-device-code-expired',
	'attack-device-phishing'
]);

describe('every attack is refused by the defence its scenario names', () => {
	test.each(ATTACK_FLOWS.map((f) => [f.id, f.defence!.check, f.defence!.where]))(
		'%s is stopped by %s at the %s',
		async (id, check, where) => {
			const trace = await runFlow({ flow: id }, { startAt: START });
			// A delayed, expired token or device code and a faulty issuer need no attacker on the
			// diagram, and a phished device code's attacker is the client (its own TV); every other
			// scenario shows one.
			if (!NO_ATTACKER_LANE.has(id) && !flowById(id).issuerFaults)
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

	test('login CSRF with a leaked state: the client accepts the state, the issuer refuses the PKCE proof', async () => {
		const trace = await runFlow({ flow: 'attack-csrf-leaked-state' }, { startAt: START });
		const refusal = trace.steps.find((s) => s.refusal)!;
		expect(refusal.refusal).toMatchObject({ code: 'invalid_grant', by: 'issuer' });
		expect(refusal.ref).toEqual({ message: 'token-response', nth: 1 });
		expect(trace.steps.find((s) => s.ref?.message === 'reject-response')).toBeUndefined();
		// The victim's browser delivers the attacker's code with the victim's own state (§4.7.1).
		const victimAsks = params(at(trace, 'authorize-request').request!.url);
		const attackerAsks = params(attackerRequest(trace, '/authorize').request!.url);
		const planted = params(at(trace, 'callback-request').request!.url);
		expect(planted.get('state')).toBe(victimAsks.get('state'));
		const attackersCode = params(
			new URL(
				trace.steps
					.find((s) => s.to === 'attacker' && s.response)!
					.response!.headers.find(([n]) => n.toLowerCase() === 'location')![1]
			).href
		).get('code');
		expect(planted.get('code')).toBe(attackersCode);
		// The client redeems it in the victim's session: the victim's verifier, the attacker's code.
		const redeemed = new URLSearchParams(at(trace, 'token-request').request!.body);
		expect(redeemed.get('code')).toBe(attackersCode);
		expect(await s256(redeemed.get('code_verifier')!)).toBe(victimAsks.get('code_challenge'));
		expect(attackerAsks.get('code_challenge')).not.toBe(victimAsks.get('code_challenge'));
		// Without PKCE, the nonce would stop it: the attacker's code answers another nonce.
		expect(attackerAsks.get('nonce')).not.toBe(victimAsks.get('nonce'));
		expect(flowById('attack-csrf-leaked-state').specs.map((s) => s.url)).toContain(`${BCP}4.7.1`);
	});

	test('code injection (RFC 9700 §4.5): the victim’s code is redeemed in the attacker’s own session, and PKCE refuses it', async () => {
		const trace = await runFlow({ flow: 'attack-code-injection' }, { startAt: START });
		const victimAsks = params(at(trace, 'authorize-request').request!.url);
		const victimCallback = at(trace, 'callback-request');
		const stolen = params(victimCallback.request!.url).get('code')!;
		// The victim's callback goes on unchanged: the attacker only read it.
		expect(victimCallback.from).toBe('browser');
		expect(victimCallback.change).toEqual({ by: 'attacker', how: 'inject-code' });

		// Step 2: the attacker's own sign-in, from its own browser: its own state, nonce, PKCE.
		const own = attackerRequest(trace, '/authorize');
		const attackerAsks = params(own.request!.url);
		expect(attackerAsks.get('client_id')).toBe(victimAsks.get('client_id'));
		for (const name of ['state', 'nonce', 'code_challenge'])
			expect(attackerAsks.get(name)).not.toBe(victimAsks.get(name));
		// Step 3: its own callback, carrying the victim's code and its own session's state.
		const injected = trace.steps.find(
			(s) => s.kind === 'request' && s.from === 'attacker' && s.to === 'client'
		)!;
		expect(params(injected.request!.url).get('code')).toBe(stolen);
		expect(params(injected.request!.url).get('state')).toBe(attackerAsks.get('state'));
		// Step 4: redeemed in the attacker's session, with that session's verifier.
		const redemption = attackerRequest(trace, '/oauth/token');
		const sent = new URLSearchParams(redemption.request!.body);
		expect(sent.get('code')).toBe(stolen);
		expect(await s256(sent.get('code_verifier')!)).toBe(attackerAsks.get('code_challenge'));
		expect(await s256(sent.get('code_verifier')!)).not.toBe(victimAsks.get('code_challenge'));
		// The issuer refuses: the first refusal of the run, answering that request.
		const refused = trace.steps[redemption.index + 1]!;
		expect(refused.to).toBe('attacker');
		expect(refused.refusal).toMatchObject({ code: 'invalid_grant', by: 'issuer' });
		expect(trace.steps.find((s) => s.refusal)).toBe(refused);
		expect(own.index).toBeLessThan(injected.index);
		expect(injected.index).toBeLessThan(redemption.index);
		expect(redemption.index).toBeLessThan(at(trace, 'token-request').index);

		// Without PKCE it would have worked: the same code, with the victim's verifier, is good.
		const victimRedeems = new URLSearchParams(at(trace, 'token-request').request!.body);
		expect(victimRedeems.get('code')).toBe(stolen);
		expect(await s256(victimRedeems.get('code_verifier')!)).toBe(victimAsks.get('code_challenge'));
		const answer = at(trace, 'token-response');
		expect(answer.response!.status).toBe(200);
		expect(trace.outcome.completed).toBe(true);
		// The victim's sign-in goes on unharmed: signed in as the victim.
		const accepted = at(trace, 'validate-id-token');
		expect(accepted.checks!.valid).toBe(true);
		expect(accepted.checks!.claims?.sub).toBe(trace.settings.user);

		// The nonce (§4.5.3.2): the id_token that code yields carries the victim's nonce, so the
		// client's validation in the attacker's session, which sent its own nonce, fails there.
		const idToken = String(readJson(answer.response!).id_token);
		const metadata = readJson(at(trace, 'discovery-response').response!);
		const expectations = {
			issuer: String(metadata.issuer),
			clientId: victimAsks.get('client_id')!,
			jwks: readJson(at(trace, 'jwks-response').response!) as never,
			now: answer.at
		};
		const inAttackersSession = await validateIdToken(idToken, {
			...expectations,
			nonce: attackerAsks.get('nonce')!
		});
		expect(inAttackersSession.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual(
			['nonce']
		);
		const inVictimsSession = await validateIdToken(idToken, {
			...expectations,
			nonce: victimAsks.get('nonce')!
		});
		expect(inVictimsSession.valid).toBe(true);
		expect(flowById('attack-code-injection').specs.map((s) => s.url)).toEqual(
			expect.arrayContaining([`${BCP}4.5`, `${BCP}4.5.3.1`, `${BCP}4.5.3.2`])
		);
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

/** The first step of the protocol with this name. */
function at(trace: Trace, message: string): TraceStep {
	const step = trace.steps.find((s) => s.ref?.message === message && s.ref.nth === 1);
	if (!step) throw new Error(`no ${message} in ${trace.flow}`);
	return step;
}

/** The first request the attacker sent itself to this path. */
function attackerRequest(trace: Trace, path: string): TraceStep {
	const step = trace.steps.find(
		(s) =>
			s.kind === 'request' && s.from === 'attacker' && new URL(s.request!.url).pathname === path
	);
	if (!step) throw new Error(`the attacker sent nothing to ${path} in ${trace.flow}`);
	return step;
}

const params = (url: string) => new URL(url).searchParams;
const BCP = 'https://www.rfc-editor.org/rfc/rfc9700#section-';

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

	test.each([
		'attack-code-injection',
		'attack-csrf-leaked-state',
		'attack-audience-confusion',
		'attack-mix-up'
	] as const)(
		'%s: its defence still fires under random settings and clock jumps',
		async (flow) => {
			const plain = await runFlow({ flow }, { startAt: START });
			await fc.assert(
				fc.asyncProperty(personSettings, async (settings) => {
					const trace = await runFlow({ ...settings, flow }, { startAt: START });
					expect(defenceThatFired(trace)).toEqual(flowById(flow).defence);
					expect(hits(trace)).toEqual(hits(plain));
				}),
				{ numRuns: 15 }
			);
		},
		60_000
	);

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
