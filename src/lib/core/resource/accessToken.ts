import type { JSONWebKeySet } from 'jose';
import {
	algCheck,
	audiences,
	critCheck,
	decodeCheck,
	expiryCheck,
	fail,
	formatCheck,
	headerKeyCheck,
	issuedAtCheck,
	issuerCheck,
	keyCheck,
	notBeforeCheck,
	notApplicable,
	pass,
	runChecks,
	signatureCheck,
	sizeCheck,
	type CheckStep,
	type ValidationReport
} from '../jwt/checks';
import { parseScope } from '../scope';
import { SPEC } from '../spec';
import { DEFAULT_ALGORITHMS } from '../client/idToken';

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
	const algorithms = (expected.algorithms ?? DEFAULT_ALGORITHMS).filter((a) => !a.startsWith('HS'));
	return runChecks(
		token,
		[
			sizeCheck,
			formatCheck,
			decodeCheck,
			{
				id: 'typ',
				label: 'Token type is an access token (at+jwt)',
				spec: SPEC.jwtAccessToken,
				run: ({ header }) => {
					const bare = String(header.typ ?? '')
						.toLowerCase()
						.replace(/^application\//, '');
					if (bare === 'at+jwt') return pass('typ "at+jwt"');
					return fail(
						header.typ === undefined || bare === 'jwt'
							? 'typ is not "at+jwt": this looks like an id_token, which says who the user is to the client and is no API credential'
							: `typ is ${JSON.stringify(header.typ)}, not "at+jwt"`
					);
				}
			},
			critCheck,
			algCheck(algorithms),
			headerKeyCheck,
			keyCheck(expected.jwks),
			signatureCheck,
			issuerCheck(expected.issuer, SPEC.jwtAccessToken),
			{
				id: 'aud',
				label: 'Audience is this API',
				spec: SPEC.jwtAccessToken,
				run: ({ claims }) => {
					const list = audiences(claims.aud);
					return list?.includes(expected.audience)
						? pass(`aud includes ${expected.audience}`)
						: fail(
								`aud is ${JSON.stringify(claims.aud)}; it does not name this API (${expected.audience})`
							);
				}
			},
			expiryCheck(SPEC.jwtAccessToken),
			notBeforeCheck,
			issuedAtCheck,
			...(expected.presentation ? [bindingCheck(expected.presentation)] : []),
			{
				id: 'scope',
				label: 'Scope grants this request',
				spec: SPEC.jwtAccessToken,
				run: ({ claims }) => {
					const required = expected.requiredScopes ?? [];
					if (!required.length) return notApplicable('this request needs no scope');
					const granted = parseScope(typeof claims.scope === 'string' ? claims.scope : '');
					const missing = required.filter((s) => !granted.includes(s));
					return missing.length
						? fail(`scope ${JSON.stringify(claims.scope ?? '')} lacks ${missing.join(' ')}`)
						: pass(`grants ${required.join(' ')}`);
				}
			}
		],
		{ now: expected.now ?? Math.floor(Date.now() / 1000), tolerance: expected.clockTolerance ?? 0 }
	);
}
