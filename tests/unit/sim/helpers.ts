import type { Trace, TraceStep } from '../../../src/lib/sim/index';

export const START = 1_780_000_000;

/** One line per step: who, what, and the verdict, so a flow's shape reads at a glance. */
export function line(step: TraceStep): string {
	const arrow = `${step.from}→${step.to}`;
	switch (step.kind) {
		case 'request':
			return `${arrow} ${step.request!.method} ${new URL(step.request!.url).pathname}`;
		case 'response':
			return `${arrow} ${step.response!.status}`;
		case 'action': {
			if (!step.checks) return `${arrow} ${step.label}${step.failed ? ' ✗' : ''}`;
			const failed = step.checks.checks.filter((c) => c.status === 'failed').map((c) => c.id);
			return `${arrow} ${step.label}: ${failed.length ? `✗ ${failed.join(' ')}` : '✓'}`;
		}
		case 'time':
			return `⏱ ${step.label}`;
	}
}

export function sequence(trace: Trace): string[] {
	return trace.steps.map(line);
}

/** The decoded payload of the last id_token the client validated successfully. */
export function lastIdToken(trace: Trace): Record<string, unknown> | undefined {
	return [...trace.steps].reverse().find((s) => s.checks?.valid && s.label.includes('id_token'))
		?.checks?.claims;
}
