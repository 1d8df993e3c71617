import { failedCheckIds } from '$lib/core/jwt/checks';
import type { TokenSnapshot, TraceStep } from '$lib/sim/types';

export type ShownToken = {
	token: TokenSnapshot;
	where?: string;
	/** The checks that failed on this token: a row named like one (`exp`, `alg`) is marked. */
	failed?: ReadonlySet<string>;
};

/**
 * The tokens a step shows, as one list: those it carries, then, on a validation step, the token
 * as the validator decoded it. One list lets the inspector keep a token's table from one step to
 * the next (issued, then checked), changing only its values instead of building it again.
 */
export function shownTokens(step: TraceStep): ShownToken[] {
	const carried = step.tokens.map((token) => ({ token }));
	const checks = step.checks;
	if (!checks?.claims) return carried;
	const inner = checks.jwe?.inner;
	const checked: ShownToken = {
		token: {
			name: inner ? 'decrypted id_token' : 'checked token',
			value: inner ?? '',
			location: 'json',
			header: checks.header,
			payload: checks.claims
		},
		where: inner ? 'the signed JWT inside' : 'as the validator decoded it',
		failed: failedCheckIds(checks)
	};
	return [...carried, checked];
}
