import { describe, expect, test } from 'vitest';
import { narrate } from '../../../src/lib/state/narration';
import { runFlow } from '../../../src/lib/sim/index';
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
