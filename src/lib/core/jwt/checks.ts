/**
 * The checklist a validation reports, and the runner that fills it in order. The checks
 * themselves are in jwsChecks, keyChecks and claimChecks; signedJwt puts them together.
 */
import { decodeJwt, type DecodedJwt } from './decode';

/**
 * - `passed` / `failed`: the check ran;
 * - `skipped`: an earlier failure meant it could not run;
 * - `not_applicable`: nothing to check here (no nonce was sent, no nbf claim); `detail` says why.
 */
export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'not_applicable';

/** One line of a validation checklist. `id` is stable: UIs and tests match on it. */
export interface Check {
	/**
	 * A check about one claim or header parameter is named after it (`exp`, `alg`, `crit`): a
	 * view of the token can then point at the member that failed.
	 */
	id: string;
	label: string;
	status: CheckStatus;
	/** True only for `status: 'passed'`; kept for callers that read a boolean. */
	passed: boolean;
	/** True when an earlier failure meant this check could not run (`status: 'skipped'`). */
	skipped?: boolean;
	detail: string;
	spec: string;
}

/** A check that ran and failed: what refused the token (skipped and n/a checks are not). */
export const isFailure = (check: Check): boolean => check.status === 'failed';

/** The ids of the checks that failed: a view of the token marks the members named so. */
export const failedCheckIds = (report: Pick<ValidationReport, 'checks'>): ReadonlySet<string> =>
	new Set(report.checks.filter(isFailure).map((check) => check.id));

/** How many checks ended in each status. */
export function countChecks(report: ValidationReport): Record<CheckStatus, number> {
	const counts: Record<CheckStatus, number> = {
		passed: 0,
		failed: 0,
		skipped: 0,
		not_applicable: 0
	};
	for (const check of report.checks) counts[check.status] += 1;
	return counts;
}

const STATUS_WORDS: [CheckStatus, string][] = [
	['passed', 'passed'],
	['failed', 'failed'],
	['skipped', 'not checked'],
	['not_applicable', 'not applicable']
];

/** "12 passed, 6 not applicable": only the statuses that occur, never n/a counted as passed. */
export function describeCounts(report: ValidationReport): string {
	const counts = countChecks(report);
	return STATUS_WORDS.filter(([status]) => counts[status] > 0)
		.map(([status, words]) => `${counts[status]} ${words}`)
		.join(', ');
}

export interface ValidationReport {
	valid: boolean;
	header?: Record<string, unknown>;
	claims?: Record<string, unknown>;
	checks: Check[];
	/**
	 * The section that says how this kind of token or message is validated: the validation step's
	 * own link (its first check is the size check, whose section is not the step's).
	 */
	spec?: string;
	/** For an encrypted token: the JWE as received, its protected header and the decrypted inner JWS. */
	jwe?: { header?: Record<string, unknown>; token?: string; inner?: string };
}

/** What a check reads: the token, its decoded parts, and the key chosen for it. */
export interface CheckContext {
	token: string;
	decoded: DecodedJwt;
	header: Record<string, unknown>;
	claims: Record<string, unknown>;
	now: number;
	tolerance: number;
	key?: CryptoKey | Uint8Array;
}

export interface Outcome {
	status: 'passed' | 'failed' | 'not_applicable';
	detail: string;
}

export interface CheckStep {
	id: string;
	label: string;
	spec: string;
	/**
	 * `structure`: later checks cannot run without it. `key`: the signature check needs it.
	 * Claim checks still run after a bad signature: the report shows everything that is wrong.
	 */
	gate?: 'structure' | 'key';
	run(ctx: CheckContext): Outcome | Promise<Outcome>;
}

export const pass = (detail: string): Outcome => ({ status: 'passed', detail });
export const fail = (detail: string): Outcome => ({ status: 'failed', detail });
/** Nothing to check: `why` names what was absent (no nonce was sent, no nbf claim). */
export const notApplicable = (why: string): Outcome => ({ status: 'not_applicable', detail: why });

/** Runs checks in order and never throws: an unexpected error fails the check it happened in. */
export async function runChecks(
	token: unknown,
	steps: CheckStep[],
	options: { now: number; tolerance: number; blocked?: string }
): Promise<ValidationReport> {
	const decoded = decodeJwt(token);
	const ctx: CheckContext = {
		token: typeof token === 'string' ? token : '',
		decoded,
		header: decoded.header ?? {},
		claims: decoded.payload ?? {},
		now: options.now,
		tolerance: options.tolerance
	};
	const checks: Check[] = [];
	let blocked: string | undefined = options.blocked;
	let keyMissing = false;
	for (const step of steps) {
		const base = { id: step.id, label: step.label, spec: step.spec };
		if (blocked || (step.id === 'signature' && keyMissing)) {
			const why = blocked ?? 'no key to verify with';
			checks.push({
				...base,
				status: 'skipped',
				passed: false,
				skipped: true,
				detail: `not checked: ${why}`
			});
			continue;
		}
		let outcome: Outcome;
		try {
			outcome = await step.run(ctx);
		} catch (e) {
			outcome = fail(`check could not run: ${e instanceof Error ? e.message : String(e)}`);
		}
		checks.push({ ...base, ...outcome, passed: outcome.status === 'passed' });
		if (outcome.status === 'failed' && step.gate === 'structure')
			blocked = `the ${step.id} check failed`;
		if (outcome.status === 'failed' && step.gate === 'key') keyMissing = true;
	}
	return {
		valid: checks.every((c) => c.status === 'passed' || c.status === 'not_applicable'),
		header: decoded.header,
		claims: decoded.payload,
		checks
	};
}
