import { describe, expect, it } from 'vitest';
import { stepMeaning } from '../../../src/lib/components/stepMeaning';
import { runFlow } from '../../../src/lib/sim/index';
import { ACTOR_LABELS, actorName } from '../../../src/lib/sim/types';

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
