import { describe, expect, it } from 'vitest';
import { shownTokens } from '../../../src/lib/components/shownTokens';
import { runFlow } from '../../../src/lib/sim/index';

describe('shownTokens', () => {
	it.each([
		['attack-expired', 'exp'],
		['attack-alg-none', 'alg'],
		['attack-tamper', 'signature']
	] as const)(
		'on the step %s is refused at, the checked token carries exactly its failed checks',
		async (flow, check) => {
			const trace = await runFlow({ flow });
			const refused = trace.steps.find((s) => s.refusal)!;
			const shown = shownTokens(refused);
			const checked = shown.at(-1)!;
			expect(checked.token.payload).toEqual(refused.checks!.claims);
			const failed = refused.checks!.checks.filter((c) => c.status === 'failed').map((c) => c.id);
			expect(failed).toContain(check);
			expect([...checked.failed!].sort()).toEqual([...failed].sort());
			// The tokens the message carries are shown as they are, with nothing marked.
			for (const carried of shown.slice(0, -1)) expect(carried.failed).toBeUndefined();
		}
	);

	it('marks nothing where every check passed', async () => {
		const trace = await runFlow({ flow: 'code-pkce' });
		const checked = trace.steps.filter((s) => s.checks?.claims).map((s) => shownTokens(s).at(-1)!);
		expect(checked.length).toBeGreaterThan(0);
		for (const token of checked) expect(token.failed?.size).toBe(0);
	});
});
