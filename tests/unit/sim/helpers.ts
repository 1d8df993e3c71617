import type { Trace, TraceStep } from '../../../src/lib/sim/index';

export const START = 1_780_000_000;

/**
 * One line per step from its fields, never its label: who, what, and the verdict, so a
 * flow's shape reads at a glance.
 */
export function line(step: TraceStep, previous?: TraceStep): string {
	const arrow = `${step.from}→${step.to}`;
	const refused = step.refusal ? ` ✗ ${step.refusal.code}` : '';
	switch (step.kind) {
		case 'request':
			return `${arrow} ${step.request!.method} ${new URL(step.request!.url).pathname}`;
		case 'response':
			return `${arrow} ${step.response!.status}${refused}`;
		case 'action': {
			const what = step.ref?.message ?? `${step.change?.by}:${step.change?.how}`;
			if (!step.checks) return `${arrow} ${what}${refused}`;
			const failed = step.checks.checks.filter((c) => c.status === 'failed').map((c) => c.id);
			return `${arrow} ${what}: ${failed.length ? `✗ ${failed.join(' ')}` : '✓'}`;
		}
		case 'time':
			return `⏱ ${step.at - (previous?.at ?? step.at)} s`;
	}
}

export function sequence(trace: Trace): string[] {
	return trace.steps.map((step, i) => line(step, trace.steps[i - 1]));
}

/** The decoded payload of the last id_token the client validated successfully. */
export function lastIdToken(trace: Trace): Record<string, unknown> | undefined {
	return [...trace.steps]
		.reverse()
		.find((s) => s.checks?.valid && s.ref?.message === 'validate-id-token')?.checks?.claims;
}
