import { test, expect } from 'vitest';
import { runFlow } from '../../../src/lib/sim/index';
import { START } from './helpers';
test('scratch', async () => {
	for (const flow of ['par-jar','dpop','attack-par-front-channel-params','attack-par-reuse','attack-dpop-stolen-token','attack-dpop-replay','attack-dpop-wrong-url'] as const) {
		const t = await runFlow({ flow }, { startAt: START });
		console.log(flow, JSON.stringify(t.outcome));
		for (const s of t.steps) console.log(`  ${s.index} ${s.from}->${s.to} ${s.label} ${s.ref ? s.ref.message+'#'+s.ref.nth : ''} ${s.refusal ? 'REFUSED '+s.refusal.code+'@'+s.refusal.by : ''} ${s.checks ? s.checks.checks.map(c=>c.id+':'+c.status[0]).join(',') : ''} tokens=${s.tokens.map(t=>t.name).join(',')}`);
	}
	expect(1).toBe(1);
});
