import type { TokenSnapshot } from '$lib/sim/types';

/** Rows a step draws at once across its tokens and checklist: about one screenful of them. */
export const ROWS_AT_ONCE = 10;

/** Rows a token table shows at most: a hostile token may carry thousands of tiny claims. */
export const MAX_ROWS = 40;

/** The rows a token's view draws: its claims and header parameters, or one line if opaque. */
export function tokenRows(token: TokenSnapshot): number {
	if (!token.header || !token.payload) return 1;
	const claims = Math.min(MAX_ROWS, Object.keys(token.payload).length);
	return claims + Math.min(MAX_ROWS, Object.keys(token.header).length);
}

/**
 * How many rows each part of the inspector draws at once, in reading order (the checklist,
 * which leads a validation step, then the tokens): the first `atOnce` rows, shared out top to
 * bottom. The rest are below the fold and are drawn when the browser is next idle (see
 * `revealLater`), so a step with twenty checks and two tokens costs one screenful, not all.
 */
export function rowBudget(
	tokens: readonly TokenSnapshot[],
	checks = 0,
	atOnce = ROWS_AT_ONCE
): { tokens: number[]; checks: number } {
	const eagerChecks = Math.min(checks, atOnce);
	let left = atOnce - eagerChecks;
	const perToken = tokens.map((token) => {
		const eager = left;
		left = Math.max(0, left - tokenRows(token));
		return eager;
	});
	return { tokens: perToken, checks: eagerChecks };
}
