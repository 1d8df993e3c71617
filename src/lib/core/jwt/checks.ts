import { compactVerify, errors as joseErrors, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import { decodeJwt, MAX_TOKEN_LENGTH, type DecodedJwt, type DecodeErrorCode } from './decode';
import { secretKey } from './keys';
import { lookupTable } from '../lookup';
import { SPEC } from '../spec';
import { formatDuration } from '../time';

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

// ---- checks shared by id_token and access-token validation ----

const STRUCTURE_ERRORS: DecodeErrorCode[] = [
	'ERR_JWT_NOT_STRING',
	'ERR_JWT_EMPTY',
	'ERR_JWT_WHITESPACE',
	'ERR_JWT_SEGMENTS',
	'ERR_JWT_ENCRYPTED'
];

export const sizeCheck: CheckStep = {
	id: 'size',
	label: 'Token size within limit',
	spec: SPEC.receivedClaims,
	gate: 'structure',
	run: ({ decoded, token }) =>
		decoded.errors.some((e) => e.code === 'ERR_JWT_TOO_LARGE')
			? fail(decoded.errors[0]?.message ?? 'too large')
			: pass(`${token.length} characters (limit ${MAX_TOKEN_LENGTH})`)
};

export const formatCheck: CheckStep = {
	id: 'format',
	label: 'Compact JWS: three base64url segments',
	spec: SPEC.jws,
	gate: 'structure',
	run: ({ decoded }) => {
		const error = decoded.errors.find((e) => STRUCTURE_ERRORS.includes(e.code));
		return error ? fail(error.message) : pass('header.payload.signature');
	}
};

export const decodeCheck: CheckStep = {
	id: 'decode',
	label: 'Header and payload decode to JSON objects',
	spec: SPEC.jws,
	gate: 'structure',
	run: ({ decoded }) => {
		const error = decoded.errors[0];
		if (error) return fail(error.message);
		return decoded.header && decoded.payload
			? pass('both decoded')
			: fail('header or payload missing');
	}
};

export const critCheck: CheckStep = {
	id: 'crit',
	label: 'No critical header extensions left unprocessed',
	spec: SPEC.crit,
	run: ({ header }) => {
		if (header.crit === undefined) return pass('no crit header');
		// We implement no JWS extensions, so any crit entry names something we must not ignore.
		return fail(
			`crit lists ${JSON.stringify(header.crit)}, extensions this validator does not implement`
		);
	}
};

const HEADER_KEY_PARAMS = ['jwk', 'jku', 'x5u', 'x5c'];

export const headerKeyCheck: CheckStep = {
	id: 'header_key',
	label: 'No key taken from the token itself',
	spec: SPEC.receivedClaims,
	run: ({ header }) => {
		const offered = HEADER_KEY_PARAMS.filter((p) => header[p] !== undefined);
		return offered.length
			? fail(
					`header offers its own key (${offered.join(', ')}); a token cannot vouch for itself, keys come only from the issuer's JWKS`
				)
			: pass('keys come only from the issuer’s published JWKS');
	}
};

/** `alg` must be one we expect; `none` never is, and HMAC only with a shared secret. */
export function algCheck(allowed: readonly string[], hmacKeyAvailable = false): CheckStep {
	return {
		id: 'alg',
		label: 'Algorithm is one the client expects',
		spec: SPEC.algVerification,
		gate: 'structure',
		run: ({ header }) => {
			const alg = header.alg;
			if (typeof alg !== 'string') return fail('header has no alg');
			if (alg.toLowerCase() === 'none')
				return fail(`alg "${alg}" means unsigned; unsigned tokens are never accepted`);
			if (!allowed.includes(alg))
				return fail(`alg "${alg}" is not in the allowed list [${allowed.join(', ')}]`);
			if (alg.startsWith('HS') && !hmacKeyAvailable) {
				return fail(
					`alg "${alg}" needs the client secret; an HMAC key is never made from a public key (key confusion)`
				);
			}
			return pass(`"${alg}" is allowed`);
		}
	};
}

const KTY_FOR = lookupTable({ RS: 'RSA', PS: 'RSA', ES: 'EC', Ed: 'OKP' });

/** Finds the verification key: the client secret for HMAC, else the JWKS key named by `kid`. */
export function keyCheck(jwks: JSONWebKeySet, clientSecret?: string): CheckStep {
	return {
		id: 'kid',
		label: 'Signing key found in the issuer’s JWKS',
		spec: SPEC.kid,
		gate: 'key',
		run: async (ctx) => {
			const alg = String(ctx.header.alg);
			if (alg.startsWith('HS')) {
				if (clientSecret) {
					ctx.key = secretKey(clientSecret);
					return pass('HMAC: the key is the client secret');
				}
				// Only a symmetric (oct) key can be an HMAC key: never a public key (key confusion).
				const secrets = (jwks.keys ?? []).filter(
					(k: JWK) => k.kty === 'oct' && (k.kid === ctx.header.kid || ctx.header.kid === undefined)
				);
				if (secrets.length !== 1)
					return fail('no client secret or single symmetric (oct) key to verify an HMAC signature');
				ctx.key = (await importJWK(secrets[0]!, alg)) as Uint8Array;
				return pass('HMAC: the symmetric key from the key set');
			}
			const kty = KTY_FOR[alg.slice(0, 2)];
			const candidates = (jwks.keys ?? []).filter(
				(k: JWK) =>
					k.kty === kty &&
					(k.use === undefined || k.use === 'sig') &&
					(k.alg === undefined || k.alg === alg)
			);
			const kid = ctx.header.kid;
			let jwk: JWK | undefined;
			if (kid !== undefined) {
				if (typeof kid !== 'string')
					return fail(`kid must be a string, got ${JSON.stringify(kid)}`);
				jwk = candidates.find((k) => k.kid === kid);
				if (!jwk) {
					const shown = kid.length > 80 ? `${kid.slice(0, 80)}…` : kid;
					return fail(
						`no ${alg} key with kid ${JSON.stringify(shown)} in the JWKS (it has ${jwks.keys?.length ?? 0} keys)`
					);
				}
			} else {
				if (candidates.length !== 1) {
					return fail(
						`token has no kid and the JWKS has ${candidates.length} ${alg} keys to choose from`
					);
				}
				jwk = candidates[0];
			}
			ctx.key = (await importJWK(jwk as JWK, alg)) as CryptoKey;
			return pass(kid ? `key ${kid.slice(0, 12)}… (${kty})` : `the JWKS's only ${kty} key`);
		}
	};
}

export const signatureCheck: CheckStep = {
	id: 'signature',
	label: 'Signature verifies',
	spec: SPEC.jws,
	run: async ({ token, header, key }) => {
		if (!key) return fail('no key');
		try {
			await compactVerify(token, key, { algorithms: [String(header.alg)] });
			return pass(`valid ${String(header.alg)} signature over header and payload`);
		} catch (e) {
			if (e instanceof joseErrors.JWSSignatureVerificationFailed) {
				return fail(
					'signature does not match header and payload: the token was altered or signed with another key'
				);
			}
			return fail(`signature could not be verified: ${e instanceof Error ? e.message : String(e)}`);
		}
	}
};

export function issuerCheck(issuer: string, spec: string): CheckStep {
	return {
		id: 'iss',
		label: 'Issuer is the expected one',
		spec,
		run: ({ claims }) =>
			claims.iss === issuer
				? pass(`iss = ${issuer}`)
				: fail(`iss is ${JSON.stringify(claims.iss)}, expected ${JSON.stringify(issuer)}`)
	};
}

export function expiryCheck(spec: string = SPEC.exp): CheckStep {
	return {
		id: 'exp',
		label: 'Not expired',
		spec,
		run: ({ claims, now, tolerance }) => {
			const exp = claims.exp;
			if (typeof exp !== 'number' || !Number.isFinite(exp))
				return fail('exp is missing or not a number');
			return now < exp + tolerance
				? pass(`expires in ${formatDuration(exp - now)}`)
				: fail(`expired ${formatDuration(now - exp)} ago (clock tolerance ${tolerance} s)`);
		}
	};
}

export const notBeforeCheck: CheckStep = {
	id: 'nbf',
	label: 'Already valid (nbf)',
	spec: SPEC.nbf,
	run: ({ claims, now, tolerance }) => {
		const nbf = claims.nbf;
		if (nbf === undefined) return notApplicable('the token has no nbf claim');
		if (typeof nbf !== 'number' || !Number.isFinite(nbf)) return fail('nbf is not a number');
		return nbf <= now + tolerance
			? pass('nbf is in the past')
			: fail(`not valid for another ${formatDuration(nbf - now)} (nbf is in the future)`);
	}
};

export const issuedAtCheck: CheckStep = {
	id: 'iat',
	label: 'Issued in the past',
	spec: SPEC.iat,
	run: ({ claims, now, tolerance }) => {
		const iat = claims.iat;
		if (typeof iat !== 'number' || !Number.isFinite(iat))
			return fail('iat is missing or not a number');
		return iat <= now + tolerance
			? pass(`issued ${formatDuration(now - iat)} ago`)
			: fail(`iat is ${formatDuration(iat - now)} in the future`);
	}
};

/** Whether an HMAC key exists: a shared client secret, or a symmetric (oct) key in the set. */
export function hasHmacKey(jwks: JSONWebKeySet, clientSecret?: string): boolean {
	return !!clientSecret || (jwks.keys ?? []).some((k) => k.kty === 'oct');
}

/** The audiences of a token as a list, or undefined when `aud` is malformed. */
export function audiences(aud: unknown): string[] | undefined {
	if (typeof aud === 'string') return [aud];
	if (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string')) return aud;
	return undefined;
}
