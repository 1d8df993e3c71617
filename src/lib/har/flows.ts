/**
 * A recording often holds more than one login: a sign-in, a silent renewal, a refresh, a logout,
 * a second sign-in. Each is a flow of its own, with its own steps and checks, drawn on its own
 * when the person picks it. Steps keep their place in the whole recording's trace.
 */
import type { Trace, TraceStep } from '../sim/types';

/** Checks that warn without stopping a flow: the login worked, but something leaked. */
export const ADVISORY = new Set(['leak_third_party']);

export type FlowKind = 'login' | 'renewal' | 'refresh' | 'logout';

export interface HarFlow {
	kind: FlowKind;
	/** 1 for the first flow of its kind, 2 for the second… */
	nth: number;
	/** Positions of its steps in the whole recording's trace, in order. */
	steps: number[];
	/** How many of its checks failed (warnings aside). */
	failedChecks: number;
	/** How many warnings it raised: a failed advisory check, such as a leak to a third party. */
	warnings: number;
	/** How many id_tokens it validated (or tried to). */
	idTokens: number;
	outcome: Trace['outcome'];
}

/** Groups the steps by the flow that owns them. */
export function flowsOf(steps: TraceStep[], owners: number[], kinds: FlowKind[]): HarFlow[] {
	const seen = new Map<FlowKind, number>();
	return kinds.map((kind, flow) => {
		const mine = steps.flatMap((_, i) => (owners[i] === flow ? [i] : []));
		const checks = mine.flatMap((i) => (steps[i]!.checks ? [steps[i]!.checks!] : []));
		const failed = checks.flatMap((c) => c.checks).filter((c) => c.status === 'failed');
		const warnings = failed.filter((c) => ADVISORY.has(c.id)).length;
		const failedChecks = failed.length - warnings;
		const idTokens = checks.filter((c) => c.checks.some((k) => k.id === 'signature')).length;
		seen.set(kind, (seen.get(kind) ?? 0) + 1);
		const refused = checks
			.flatMap((c) => c.checks)
			.find((c) => c.id === 'authorization_error' && c.status === 'failed');
		return {
			kind,
			nth: seen.get(kind)!,
			steps: mine,
			failedChecks,
			warnings,
			idTokens,
			outcome: failedChecks
				? {
						code: 'stopped',
						completed: false,
						stopped: refused
							? `the provider refused the request (${refused.detail})`
							: kind === 'logout'
								? 'the logout did not come back as asked (see the failed checks)'
								: 'the client refused the provider’s answer (see the failed checks)'
					}
				: { code: 'completed', completed: true }
		};
	});
}

/** The trace of one flow of an import: its steps alone, numbered from 0. */
export function flowTrace(whole: Trace, flow: HarFlow): Trace {
	const steps = flow.steps
		.map((i) => whole.steps[i])
		.filter((s): s is TraceStep => s !== undefined)
		.map((s, index) => ({ ...s, index }));
	return {
		...whole,
		steps,
		outcome: flow.outcome,
		startedAt: steps[0]?.at ?? whole.startedAt
	};
}
