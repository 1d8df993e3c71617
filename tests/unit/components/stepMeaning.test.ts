import { describe, expect, it } from 'vitest';
import { explainStep, stepMeaning } from '../../../src/lib/components/stepMeaning';
import { FLOWS, runFlow } from '../../../src/lib/sim/index';
import { ACTOR_LABELS, actorName, type Trace, type TraceStep } from '../../../src/lib/sim/types';
import { CITE } from '../../../src/lib/teach/cite';

describe('stepMeaning', () => {
	it.each(['device', 'attack-device-phishing'] as const)(
		'in %s, names each party as the diagram draws it',
		async (flow) => {
			const trace = await runFlow({ flow });
			expect(trace.participants?.client).toBeDefined();
			let named = 0;
			for (const step of trace.steps)
				for (const actor of [step.from, step.to]) {
					// Where the sentence names a party, it uses the flow's name for it.
					if (!stepMeaning(step).includes(ACTOR_LABELS[actor])) continue;
					const own = actorName(actor, trace.participants);
					expect(stepMeaning(step, trace.participants)).toContain(own);
					if (own !== ACTOR_LABELS[actor]) named++;
				}
			expect(named).toBeGreaterThan(0);
		}
	);

	it('without names of its own, a flow keeps the default labels', async () => {
		const trace = await runFlow({ flow: 'code-pkce' });
		expect(trace.participants).toBeUndefined();
		for (const step of trace.steps)
			expect(stepMeaning(step, trace.participants)).toBe(stepMeaning(step));
	});
});

describe('explainStep', () => {
	const authorizeRequests = (trace: Trace) =>
		trace.steps.filter((s) => s.request && /\/authorize\?/.test(s.request.url));
	const silent = (step: TraceStep) =>
		new URL(step.request!.url).searchParams.get('prompt')?.split(' ').includes('none') ?? false;

	it('an authorization request with prompt=none says nobody signs in, citing OIDC Core §3.1.2.1; one without it does not', async () => {
		const quiet: TraceStep[] = [];
		const signIn: TraceStep[] = [];
		for (const flow of FLOWS)
			for (const step of authorizeRequests(await runFlow({ flow: flow.id })))
				(silent(step) ? quiet : signIn).push(step);
		// The silent renewal and the logout flows' checks ask with prompt=none; sign-ins do not.
		expect(quiet.length).toBeGreaterThanOrEqual(3);
		expect(signIn.length).toBeGreaterThan(10);
		const said = new Set(signIn.map((s) => explainStep(s).text));
		for (const step of quiet) {
			expect(explainStep(step).cites).toEqual([CITE.authRequest]);
			expect(said.has(explainStep(step).text)).toBe(false);
		}
		for (const step of signIn) expect(explainStep(step).cites).toEqual([]);
	});
});
