import { describe, expect, it } from 'vitest';
import { cardText, defenceCheck, stepVerdict } from '../../../src/lib/components/flowStatus';
import { explainStep } from '../../../src/lib/components/stepMeaning';
import { SPEC } from '../../../src/lib/core/spec';
import { ATTACKS, FLOWS } from '../../../src/lib/sim/flows/index';
import { FLOW_IDS, runFlow } from '../../../src/lib/sim/index';
import { ACTOR_LABELS } from '../../../src/lib/sim/types';

const START = 1_780_000_000;

describe('home-page cards', () => {
	it.each(FLOWS.map((f) => [f.id, f.summary] as const))(
		'%s: the card shows whole opening sentences of the summary, never cut inside one',
		(_, summary) => {
			const text = cardText(summary);
			expect(summary.startsWith(text)).toBe(true);
			expect(text).toMatch(/[.!?)”"]$/);
			// Where the summary goes on, the card stopped at a sentence's end.
			if (text.length < summary.length) expect(summary.slice(text.length)).toMatch(/^\s+[A-Z“"(‘]/);
		}
	);
});

describe('step verdicts follow the codes', () => {
	it('the front-channel logout’s last step reads as expected (signed-out), not refused', async () => {
		const trace = await runFlow({ flow: 'frontchannel-logout' }, { startAt: START });
		const verdict = stepVerdict(trace.steps.at(-1)!);
		expect(verdict).toMatchObject({ tone: 'expected', code: 'login_required' });
	});

	it('device polling reads as pending; an unexpected refusal as an error', async () => {
		const device = await runFlow({ flow: 'device' }, { startAt: START });
		const poll = device.steps.find((s) => s.refusal?.code === 'authorization_pending')!;
		expect(stepVerdict(poll)?.tone).toBe('pending');
		const tampered = await runFlow(
			{
				flow: 'code-pkce',
				interventions: [
					{ kind: 'tamper', message: 'token-response', nth: 1, claim: 'sub', value: 'x' }
				]
			},
			{ startAt: START }
		);
		const refused = tampered.steps.find((s) => s.refusal)!;
		expect(stepVerdict(refused)).toMatchObject({ tone: 'error', code: 'signature' });
		expect(stepVerdict(tampered.steps[0]!)).toBeUndefined();
	});

	it.each(ATTACKS.map((f) => [f.id, f.defence!] as const))(
		'%s: the defence is named by the check that fired, with its label where it is a check',
		async (id, defence) => {
			const trace = await runFlow({ flow: id }, { startAt: START });
			const fired = defenceCheck(defence, trace);
			const labelled = trace.steps.some((s) => s.checks?.checks.some((c) => c.id === fired.id));
			if (labelled) expect(fired.label?.length).toBeGreaterThan(0);
			else expect(fired.id).toBe(defence.check);
		}
	);
});

describe('what an answer carries', () => {
	it('no answer of any flow is explained only as “X answers Y”', async () => {
		for (const flow of FLOW_IDS) {
			const trace = await runFlow({ flow }, { startAt: START });
			for (const step of trace.steps.filter((s) => s.response && !s.intercepted)) {
				const { text } = explainStep(step);
				expect(text, `${flow} ${step.index}`).not.toBe(
					`The ${ACTOR_LABELS[step.from]} answers the ${ACTOR_LABELS[step.to]}.`
				);
			}
		}
	}, 60_000);

	it('the authorization response names code, state and iss, and cites their sections', async () => {
		const trace = await runFlow({ flow: 'code-pkce' }, { startAt: START });
		const redirect = trace.steps.find((s) => s.ref?.message === 'login-response')!;
		const { text, cites } = explainStep(redirect);
		for (const name of ['code', 'state', 'iss']) expect(text).toContain(name);
		expect(cites.map((c) => c.url)).toEqual(
			expect.arrayContaining([SPEC.authorizationResponse, SPEC.issInAuthResponse])
		);
	});

	it('an encrypted token response says JWE and cites OIDC Core §10.2', async () => {
		const trace = await runFlow({ flow: 'encrypted-id-token' }, { startAt: START });
		const response = trace.steps.find((s) => s.ref?.message === 'token-response')!;
		expect(response.label).toContain('JWE');
		expect(explainStep(response).cites.map((c) => c.url)).toContain(SPEC.idTokenEncryption);
		const validation = trace.steps.find((s) => s.ref?.message === 'validate-id-token')!;
		expect(validation.label).toMatch(/^decrypt, then /);
	});

	it('DPoP and PAR requests say so on their arrows', async () => {
		const dpop = await runFlow({ flow: 'dpop' }, { startAt: START });
		const token = dpop.steps.find((s) => s.ref?.message === 'token-request')!;
		expect(token.label).toContain('DPoP proof');
		const api = dpop.steps.find((s) => s.ref?.message === 'api-request')!;
		expect(api.label).toContain('(DPoP)');
		const par = await runFlow({ flow: 'par-jar' }, { startAt: START });
		expect(par.steps.find((s) => s.ref?.message === 'par-request')!.label).toContain(
			'pushed request'
		);
		expect(par.steps.find((s) => s.ref?.message === 'authorize-request')!.label).toContain(
			'request_uri'
		);
	});
});
