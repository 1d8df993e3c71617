import type { JSONWebKeySet } from 'jose';
import { DEFAULT_ALGORITHMS } from '../jwt/algorithms';
import { audienceIncludes, issuerCheck, lifetimeChecks } from '../jwt/claimChecks';
import { fail, notApplicable, pass, type CheckStep, type ValidationReport } from '../jwt/checks';
import { explicitTypeCheck } from '../jwt/jwsChecks';
import { trustedKeyHeader, verifySignedJwt } from '../jwt/signedJwt';
import { parseScope } from '../scope';
import { SPEC } from '../spec';

export interface AccessTokenExpectations {
	issuer: string;
	/** This resource server's identifier; the token's `aud` must name it. */
	audience: string;
	jwks: JSONWebKeySet;
	algorithms?: string[];
	/** Scopes the request needs. */
	requiredScopes?: string[];
	now?: number;
	clockTolerance?: number;
	/**
	 * The Authorization scheme the token came with. When given, a DPoP-bound token (`cnf.jkt`) is
	 * accepted only with `DPoP`, and an unbound one only with `Bearer` (RFC 9449 §7).
	 */
	presentation?: 'Bearer' | 'DPoP';
}

/** The DPoP key thumbprint an access token is bound to, if any (RFC 9449 §6.1). */
export function boundThumbprint(claims: Record<string, unknown> | undefined): string | undefined {
	const cnf = claims?.cnf;
	const jkt =
		typeof cnf === 'object' && cnf !== null ? (cnf as Record<string, unknown>).jkt : undefined;
	return typeof jkt === 'string' ? jkt : undefined;
}

function bindingCheck(presentation: 'Bearer' | 'DPoP'): CheckStep {
	return {
		id: 'token_binding',
		label: 'Sent the way the token is bound (Bearer or DPoP)',
		spec: presentation === 'Bearer' ? SPEC.dpopBearer : SPEC.dpopResource,
		run: ({ claims }) => {
			const jkt = boundThumbprint(claims);
			if (presentation === 'Bearer')
				return jkt === undefined
					? pass('an unbound token, sent as Bearer')
					: fail(
							'the token is bound to a DPoP key (cnf.jkt) but was sent as a Bearer token, without proof of that key'
						);
			return jkt === undefined
				? fail('sent with the DPoP scheme, but the token is not bound to a key (no cnf.jkt)')
				: pass('a DPoP-bound token, sent with the DPoP scheme');
		}
	};
}

/**
 * Validates a JWT access token as a resource server must (RFC 9068 §4): explicitly typed
 * `at+jwt`, so an id_token offered as a bearer token is refused.
 */
export function validateAccessToken(
	token: unknown,
	expected: AccessTokenExpectations
): Promise<ValidationReport> {
	const spec = SPEC.jwtAccessToken;
	// Signed by the issuer's own key: a shared secret would let any client mint access tokens.
	const algorithms = (expected.algorithms ?? DEFAULT_ALGORITHMS).filter((a) => !a.startsWith('HS'));
	return verifySignedJwt(
		token,
		{
			spec,
			typ: typCheck,
			header: trustedKeyHeader({ jwks: expected.jwks, algorithms }),
			issuer: issuerCheck(expected.issuer, spec),
			audience: audienceIncludes({
				includes: expected.audience,
				naming: `this API (${expected.audience})`,
				label: 'Audience is this API',
				spec
			}),
			claims: [
				...lifetimeChecks(spec),
				...(expected.presentation ? [bindingCheck(expected.presentation)] : []),
				scopeCheck(expected.requiredScopes ?? [])
			]
		},
		expected
	);
}

const LOOKS_LIKE_ID_TOKEN =
	'typ is not "at+jwt": this looks like an id_token, which says who the user is to the client and is no API credential';

const typCheck = explicitTypeCheck({
	type: 'at+jwt',
	label: 'Token type is an access token (at+jwt)',
	spec: SPEC.jwtAccessToken,
	ifAbsent: fail(LOOKS_LIKE_ID_TOKEN),
	refuse: (typ, bare) =>
		bare === 'jwt' ? LOOKS_LIKE_ID_TOKEN : `typ is ${JSON.stringify(typ)}, not "at+jwt"`,
	matched: 'typ "at+jwt"'
});

function scopeCheck(required: string[]): CheckStep {
	return {
		id: 'scope',
		label: 'Scope grants this request',
		spec: SPEC.jwtAccessToken,
		run: ({ claims }) => {
			if (!required.length) return notApplicable('this request needs no scope');
			const granted = parseScope(typeof claims.scope === 'string' ? claims.scope : '');
			const missing = required.filter((s) => !granted.includes(s));
			return missing.length
				? fail(`scope ${JSON.stringify(claims.scope ?? '')} lacks ${missing.join(' ')}`)
				: pass(`grants ${required.join(' ')}`);
		}
	};
}
