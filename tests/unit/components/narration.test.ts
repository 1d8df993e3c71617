import { describe, expect, test } from 'vitest';
import { narrate } from '../../../src/lib/state/narration';
import { runFlow } from '../../../src/lib/sim/index';
import { CLOCK_LABEL } from '../../../src/lib/sim/types';
import { traceToMermaid } from '../../../src/lib/diagram/mermaidText';
import { START } from '../sim/helpers';

describe('what a screen reader hears at a refused step', () => {
	test('an attack’s defence is announced as expected, an unexpected refusal as refused', async () => {
		const trace = await runFlow({ flow: 'attack-tamper' }, { startAt: START });
		const defence = trace.steps.find((s) => s.failed && s.expected === 'defence');
		expect(defence).toBeDefined();
		const heard = narrate(defence, trace.steps.length);
		expect(heard).not.toMatch(/\(refused\)$/);
		expect(narrate({ ...defence!, expected: undefined }, trace.steps.length)).toMatch(
			/\(refused\)$/
		);
	});
});

test('a time step is announced as the clock’s, as the diagram draws it, not as a party’s', async () => {
	const trace = await runFlow({ flow: 'no-revocation' }, { startAt: START });
	const times = trace.steps.filter((s) => s.kind === 'time');
	expect(times.length).toBeGreaterThan(0);
	const drawn = traceToMermaid(trace).text;
	for (const step of times) {
		const said = `${CLOCK_LABEL}: ${step.label}`;
		expect(narrate(step, trace.steps.length)).toBe(
			`Step ${step.index + 1} of ${trace.steps.length}: ${said}`
		);
		// Mermaid's text escapes the colon (#58;).
		expect(drawn.replaceAll('#58;', ':')).toContain(said);
	}
});
