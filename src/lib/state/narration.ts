import { ACTOR_LABELS, CLOCK_LABEL, type TraceStep } from '$lib/sim/types';

/** One line a screen reader announces for the current step. */
export function narrate(step: TraceStep | undefined, count: number): string {
	if (!step) return '';
	const from = ACTOR_LABELS[step.from];
	const to = ACTOR_LABELS[step.to];
	const what =
		step.kind === 'request'
			? `${from} sends ${step.label} to ${to}`
			: step.kind === 'response'
				? `${from} answers ${step.label} to ${to}`
				: `${step.kind === 'time' ? CLOCK_LABEL : from}: ${step.label}`;
	return `Step ${step.index + 1} of ${count}: ${what}${step.failed ? OUTCOME[step.expected ?? 'error'] : ''}`;
}

/** What a refusal means, by its code: an expected one (a defence that held) is not an error. */
const OUTCOME: Record<NonNullable<TraceStep['expected']> | 'error', string> = {
	defence: ' (stopped, as it should be)',
	lesson: ' (refused, as this flow shows)',
	'signed-out': ' (signed out, as it should be)',
	pending: ' (waiting for the person)',
	error: ' (refused)'
};
