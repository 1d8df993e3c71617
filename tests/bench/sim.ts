/**
 * npm run bench:sim: the median (and p95) time of a whole run of each flow in Node, as JSON.
 * Keys are generated once and reused, as in the page; the first run pays for them and is excluded.
 */
import { FLOW_IDS, runFlow } from '../../src/lib/sim/index';

const RUNS = Number(process.env.RUNS ?? 50);

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const results: Record<string, { median_ms: number; p95_ms: number; runs: number; steps: number }> =
	{};
for (const algorithm of ['ES256', 'RS256'] as const) {
	await runFlow({ algorithm }); // warm-up: key generation, JIT
	for (const flow of FLOW_IDS) {
		const times: number[] = [];
		let steps = 0;
		for (let i = 0; i < RUNS; i++) {
			const start = performance.now();
			const trace = await runFlow({ flow, algorithm });
			times.push(performance.now() - start);
			steps = trace.steps.length;
			if (!trace.outcome.completed) throw new Error(`${flow} stopped: ${trace.outcome.stopped}`);
		}
		times.sort((a, b) => a - b);
		results[`${flow} ${algorithm}`] = {
			median_ms: +percentile(times, 0.5).toFixed(2),
			p95_ms: +percentile(times, 0.95).toFixed(2),
			runs: RUNS,
			steps
		};
	}
}
console.log(JSON.stringify(results, null, 2));
