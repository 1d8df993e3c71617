/**
 * The token endpoint's PKCE check (RFC 7636 §4.6): the code_verifier sent with the code must hash
 * to the code_challenge the authorization request carried. Reported check by check, so the step
 * shows what the issuer compared.
 */
import type { Check, ValidationReport } from '../jwt/checks';
import { s256 } from '../jwt/hashes';
import { SPEC } from '../spec';

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

function check(
	id: string,
	label: string,
	spec: string,
	status: Check['status'],
	detail: string
): Check {
	return {
		id,
		label,
		spec,
		status,
		passed: status === 'passed',
		...(status === 'skipped' && { skipped: true }),
		detail
	};
}

/**
 * The PKCE checks of a code redemption, or undefined when neither side used PKCE. The first
 * failure's detail is the refusal's description.
 */
export async function codeVerifierReport(
	codeChallenge: string | undefined,
	verifier: string | null
): Promise<ValidationReport | undefined> {
	if (codeChallenge === undefined && verifier === null) return undefined;
	const checks: Check[] = [];
	const finish = (): ValidationReport => ({
		valid: checks.every((c) => c.status !== 'failed'),
		checks,
		spec: SPEC.pkce
	});
	if (codeChallenge === undefined) {
		// A verifier without a challenge is a PKCE downgrade attempt (RFC 9700 §2.1.1).
		checks.push(
			check(
				'code_verifier',
				'code_verifier only where the request had a code_challenge',
				SPEC.pkceDowngrade,
				'failed',
				'code_verifier sent, but the authorization request had no code_challenge'
			)
		);
		return finish();
	}
	const wellFormed =
		verifier === null
			? 'code_verifier is missing; this code was requested with PKCE'
			: !VERIFIER.test(verifier)
				? 'code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~'
				: undefined;
	checks.push(
		check(
			'code_verifier',
			'code_verifier sent, 43 to 128 unreserved characters',
			SPEC.pkce,
			wellFormed ? 'failed' : 'passed',
			wellFormed ?? `${verifier!.length} characters`
		)
	);
	if (wellFormed) {
		checks.push(
			check(
				'code_challenge',
				'SHA-256 of code_verifier is the code_challenge (S256)',
				SPEC.pkce,
				'skipped',
				'no usable code_verifier to hash'
			)
		);
		return finish();
	}
	const matches = (await s256(verifier!)) === codeChallenge;
	checks.push(
		check(
			'code_challenge',
			'SHA-256 of code_verifier is the code_challenge (S256)',
			SPEC.pkce,
			matches ? 'passed' : 'failed',
			matches
				? 'BASE64URL(SHA256(code_verifier)) = code_challenge'
				: 'PKCE verification failed: SHA-256 of code_verifier does not match code_challenge'
		)
	);
	return finish();
}
