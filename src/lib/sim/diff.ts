import type { Trace } from './types';

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
