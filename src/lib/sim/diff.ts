import type { CheckStatus } from '../core/jwt/checks';
import type { StepRef, Trace } from './types';

export interface ClaimChange {
	/** A header parameter (alg, kid, typ) or a payload claim; payload when absent. */
	part?: 'header';
	claim: string;
	kind: 'added' | 'removed' | 'changed';
	before?: unknown;
	after?: unknown;
}

/** Claims that differ on every run by design (fresh random values): never reported as changes. */
const VOLATILE = new Set(['nonce', 'at_hash', 'c_hash', 'jti', 'sid']);

/** The payload of the last id_token a trace carries. */
export function lastIdTokenClaims(trace: Trace): Record<string, unknown> | undefined {
	for (let i = trace.steps.length - 1; i >= 0; i--) {
		const token = trace.steps[i]!.tokens.find((t) => t.name === 'id_token' && t.payload);
		if (token) return token.payload;
	}
	return undefined;
}

/** Which claims appeared, disappeared or changed between two id_tokens. */
export function diffClaims(
	before: Record<string, unknown> | undefined,
	after: Record<string, unknown> | undefined
): ClaimChange[] {
	if (!before || !after) return [];
	const changes: ClaimChange[] = [];
	for (const claim of new Set([...Object.keys(before), ...Object.keys(after)])) {
		if (VOLATILE.has(claim)) continue;
		// Own members only: a claim named `toString` is data, not the inherited method.
		const inBefore = Object.hasOwn(before, claim);
		const inAfter = Object.hasOwn(after, claim);
		if (!inBefore) changes.push({ claim, kind: 'added', after: after[claim] });
		else if (!inAfter) changes.push({ claim, kind: 'removed', before: before[claim] });
		else if (JSON.stringify(before[claim]) !== JSON.stringify(after[claim])) {
			changes.push({ claim, kind: 'changed', before: before[claim], after: after[claim] });
		}
	}
	return changes;
}

/** The header and payload of the last id_token a trace carries. */
export function lastIdToken(
	trace: Trace
): { header?: Record<string, unknown>; payload: Record<string, unknown> } | undefined {
	for (let i = trace.steps.length - 1; i >= 0; i--) {
		const token = trace.steps[i]!.tokens.find((t) => t.name === 'id_token' && t.payload);
		if (token) return { header: token.header, payload: token.payload! };
	}
	return undefined;
}

/** What changed between two id_tokens: header parameters (alg, kid, typ) first, then claims. */
export function diffIdTokens(
	before: ReturnType<typeof lastIdToken>,
	after: ReturnType<typeof lastIdToken>
): ClaimChange[] {
	if (!before || !after) return [];
	const header = diffClaims(before.header ?? {}, after.header ?? {}).map((change): ClaimChange => ({
		...change,
		part: 'header'
	}));
	return [...header, ...diffClaims(before.payload, after.payload)];
}

/**
 * A validation whose result changed between two runs: one check's status (`check` set), or a
 * whole validation step that now runs or no longer runs (`check` absent). `before` or `after`
 * is absent where that step or check did not run.
 */
export interface CheckChange {
	/** The validation step, by what it is (validate-id-token, 1st). */
	step: StepRef;
	check?: string;
	/** The check's label, or the step's, for people; never matched on. */
	label: string;
	before?: CheckStatus;
	after?: CheckStatus;
}

/** What a settings change did: to the last id_token, and to the results of the checks. */
export interface RunChanges {
	claims: ClaimChange[];
	checks: CheckChange[];
}

/** The validation steps of a trace by what they are (`validate-id-token.1`), in trace order. */
function validations(trace: Trace) {
	const steps = new Map<string, Trace['steps'][number]>();
	for (const step of trace.steps)
		if (step.checks && step.ref) steps.set(`${step.ref.message}.${step.ref.nth}`, step);
	return steps;
}

/**
 * Which checks changed status between two runs of a flow, step by step (matched by `ref`, so a
 * clock jump that adds a step moves nothing): a clock jump that makes `exp` fail shows as
 * `exp` passed → failed, and the validations the stopped run never reached as no longer run.
 */
export function diffChecks(before: Trace, after: Trace): CheckChange[] {
	const was = validations(before);
	const now = validations(after);
	const changes: CheckChange[] = [];
	for (const [key, step] of now) {
		const old = was.get(key);
		if (!old) {
			changes.push({ step: step.ref!, label: step.label, after: verdict(step) });
			continue;
		}
		const oldChecks = new Map(old.checks!.checks.map((c) => [c.id, c]));
		const ids = new Set<string>();
		for (const check of step.checks!.checks) {
			ids.add(check.id);
			const prior = oldChecks.get(check.id);
			if (prior?.status !== check.status)
				changes.push({
					step: step.ref!,
					check: check.id,
					label: check.label,
					...(prior && { before: prior.status }),
					after: check.status
				});
		}
		for (const [id, prior] of oldChecks)
			if (!ids.has(id))
				changes.push({ step: step.ref!, check: id, label: prior.label, before: prior.status });
	}
	for (const [key, step] of was)
		if (!now.has(key)) changes.push({ step: step.ref!, label: step.label, before: verdict(step) });
	return changes;
}

/** A whole validation's result: failed if any check failed. */
function verdict(step: Trace['steps'][number]): CheckStatus {
	return step.checks?.valid ? 'passed' : 'failed';
}

/** Everything a settings change did to a run of the same flow. */
export function diffRuns(before: Trace, after: Trace): RunChanges {
	return {
		claims: diffIdTokens(lastIdToken(before), lastIdToken(after)),
		checks: diffChecks(before, after)
	};
}
