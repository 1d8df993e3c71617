import type { JSONWebKeySet } from 'jose';
import { audienceIncludes, issuerCheck, lifetimeChecks, unchangedClaim } from '../jwt/claimChecks';
import { fail, notApplicable, pass, type CheckStep, type ValidationReport } from '../jwt/checks';
import { halfHash } from '../jwt/hashes';
import { openEncryptedIdToken } from '../jwt/jwe';
import { explicitTypeCheck } from '../jwt/jwsChecks';
import { trustedKeyHeader, verifySignedJwt } from '../jwt/signedJwt';
import { SPEC } from '../spec';
import { formatDuration } from '../time';

export { DEFAULT_ALGORITHMS } from '../jwt/algorithms';

export interface IdTokenExpectations {
	/** The issuer identifier the client trusts, compared exactly with `iss`. */
	issuer: string;
	clientId: string;
	/** The issuer's published keys, as fetched from its jwks_uri. */
	jwks: JSONWebKeySet;
	/** Algorithms the client accepts; defaults to the asymmetric ones, plus HS256 when a client secret is given. */
	algorithms?: string[];
	/** The nonce the client sent in the authentication request. */
	nonce?: string;
	/** The max_age the client sent; requires a fresh enough auth_time. */
	maxAge?: number;
	/** The access token returned with the id_token, to check at_hash. */
	accessToken?: string;
	/** The authorization code returned with the id_token (hybrid flow), to check c_hash. */
	code?: string;
	/** The response_type of the request: decides whether at_hash / c_hash are required. */
	responseType?: string;
	/** Audiences besides the client that the client trusts to share a token with. */
	trustedAudiences?: string[];
	/** Seconds since the epoch; defaults to the real time. */
	now?: number;
	/**
	 * Allowed clock skew in seconds for exp, nbf and iat (default 0, as jose's). RFC 7519 §4.1.4
	 * and OIDC Core §2: "some small leeway, usually no more than a few minutes".
	 */
	clockTolerance?: number;
	/**
	 * For an id_token from a refresh (OIDC Core §12.2): the claims of the id_token the original
	 * sign-in brought. Its iss, sub, aud and auth_time must stay, and a nonce, if any, must be the
	 * original's; no authentication request was answered, so no nonce of a request is compared.
	 */
	original?: Record<string, unknown>;
	/** Needed for HS256 id_tokens, which are signed with the client secret. */
	clientSecret?: string;
	/**
	 * The client's private key, when it registered for encrypted id_tokens (OIDC Core §10.2):
	 * the token is decrypted first, and one that is not encrypted is refused.
	 */
	decryptionKey?: CryptoKey;
	/** The registered id_token_encrypted_response_alg / enc; RSA-OAEP-256 / A256GCM by default. */
	encryption?: { alg: string; enc: string };
}

/**
 * Validates an id_token step by step, as OpenID Connect Core §3.1.3.7 (and §3.2.2.11, §3.3.2.12
 * for hashes) lists, hardened as RFC 8725 asks. Never throws; every check is in the report.
 */
export async function validateIdToken(
	token: unknown,
	given: IdTokenExpectations
): Promise<ValidationReport> {
	// Key sets come from pasted JSON too: entries that are not objects are no keys at all.
	const keys: unknown[] = Array.isArray(given.jwks?.keys) ? given.jwks.keys : [];
	const expected: IdTokenExpectations = {
		...given,
		jwks: { keys: keys.filter((k) => typeof k === 'object' && k !== null && !Array.isArray(k)) }
	} as IdTokenExpectations;
	// An encrypted id_token is decrypted first (§3.1.3.7 step 1); the JWS checks run inside it.
	const jwe = await openEncryptedIdToken(token, {
		decryptionKey: expected.decryptionKey,
		...expected.encryption
	});
	const inner: unknown = jwe.checks.length ? jwe.inner : token;
	const report = await validateSignedIdToken(inner, expected, jwe.blocked);
	if (!jwe.checks.length) return report;
	const checks = [...jwe.checks, ...report.checks];
	return {
		...report,
		valid: report.valid && !jwe.checks.some((c) => c.status === 'failed' || c.status === 'skipped'),
		checks,
		jwe: {
			header: jwe.header,
			...(typeof token === 'string' && { token }),
			...(jwe.header && !jwe.blocked && { inner: jwe.inner })
		}
	};
}

function validateSignedIdToken(
	token: unknown,
	expected: IdTokenExpectations,
	blocked?: string
): Promise<ValidationReport> {
	const spec = SPEC.idTokenValidation;
	const responseType = new Set((expected.responseType ?? 'code').split(' '));
	// From the authorization endpoint, an id_token needs a nonce, and at_hash / c_hash for the
	// access token / code returned beside it (OIDC Core §3.2.2.10, §3.3.2.11).
	const frontChannel = responseType.has('id_token');
	return verifySignedJwt(
		token,
		{
			// The step's own section: a refreshed id_token (§12.2), one from the authorization
			// endpoint (§3.2.2.11; the hybrid flow's §3.3.2.12 refers to it), else §3.1.3.7.
			spec: expected.original
				? SPEC.refreshResponse
				: frontChannel
					? SPEC.implicitIdTokenValidation
					: SPEC.idTokenValidation,
			typ: typCheck,
			header: trustedKeyHeader(expected),
			issuer: issuerCheck(expected.issuer, spec),
			subject: subjectCheck,
			audience: audienceIncludes({
				includes: expected.clientId,
				naming: `this client (${expected.clientId})`,
				label: 'Audience is this client',
				spec,
				malformed: (aud) =>
					`aud must be a string or a non-empty array of strings, got ${JSON.stringify(aud)}`,
				alsoRefuse: (list) => untrustedAudiences(list, expected)
			}),
			claims: [
				authorizedPartyCheck,
				// exp links OIDC Core §2, which allows a small leeway and says exp is not the session's length.
				...lifetimeChecks(SPEC.idToken),
				...(expected.original
					? refreshedIdTokenChecks(expected.original)
					: [nonceCheck(expected.nonce, frontChannel)]),
				maxAgeCheck(expected.maxAge),
				hashCheck('at_hash', 'access token', expected.accessToken, SPEC.atHash, {
					required: responseType.has('token') && frontChannel
				}),
				hashCheck('c_hash', 'authorization code', expected.code, SPEC.cHash, {
					required: responseType.has('code') && frontChannel
				})
			]
		},
		expected,
		blocked
	);
}

const typCheck = explicitTypeCheck({
	type: 'jwt',
	label: 'Token type is an id_token (not an access or logout token)',
	spec: SPEC.explicitTyping,
	ifAbsent: pass('no typ header (id_tokens usually carry "JWT" or none)'),
	refuse: (typ, bare) =>
		`typ is ${JSON.stringify(typ)}: this is not an id_token${bare === 'at+jwt' ? ' but an access token' : ''}`
});

const subjectCheck: CheckStep = {
	id: 'sub',
	label: 'Subject identifier present',
	spec: SPEC.idToken,
	run: ({ claims: { sub } }) => {
		if (typeof sub !== 'string' || sub === '') return fail('sub is missing or not a string');
		return sub.length <= 255
			? pass(`sub = ${sub}`)
			: fail(`sub is ${sub.length} characters; the limit is 255`);
	}
};

/** Every audience must be one the client trusts: itself, or a party it shares tokens with. */
function untrustedAudiences(list: string[], expected: IdTokenExpectations): string | undefined {
	const trusted = new Set([expected.clientId, ...(expected.trustedAudiences ?? [])]);
	const untrusted = list.filter((a) => !trusted.has(a));
	if (untrusted.length)
		return `aud also names ${untrusted.map((a) => JSON.stringify(a)).join(', ')}, which this client does not trust`;
}

/**
 * azp only occurs with extensions beyond OIDC Core, and a client that uses none is "encouraged to
 * not use azp and to ignore it when it does occur" (Core §2, errata set 2). The 2014 rule that
 * several audiences call for an azp was removed from §3.1.3.7 then: neither case fails here.
 */
const authorizedPartyCheck: CheckStep = {
	id: 'azp',
	label: 'Authorized party (azp): ignored without extensions',
	spec: SPEC.idTokenValidation,
	run: ({ claims }) =>
		notApplicable(
			claims.azp === undefined
				? 'no azp claim, and none is needed, with one audience or several'
				: `azp ${JSON.stringify(claims.azp)} is ignored: it only has a meaning under extensions this client does not use`
		)
};

function nonceCheck(sent: string | undefined, required: boolean): CheckStep {
	return {
		id: 'nonce',
		label: 'Nonce matches the one sent',
		spec: SPEC.idTokenValidation,
		run: ({ claims }) => {
			if (sent === undefined) {
				return required
					? fail(
							'this response type returns the id_token from the authorization endpoint, so a nonce is required'
						)
					: notApplicable('this client sent no nonce, so there is nothing to compare');
			}
			if (claims.nonce === undefined) return fail('a nonce was sent but the token has none');
			return claims.nonce === sent
				? pass('nonce matches the request')
				: fail(`nonce ${JSON.stringify(claims.nonce)} is not the one this client sent`);
		}
	};
}

/**
 * A refreshed id_token belongs to the original sign-in (OIDC Core §12.2): the same iss, sub and
 * aud, an iat of its own, the original auth_time (refreshing is not authenticating again), and
 * no nonce, or the original's. It answers no authentication request, so no request's nonce.
 */
function refreshedIdTokenChecks(original: Record<string, unknown>): CheckStep[] {
	const spec = SPEC.refreshResponse;
	return [
		unchangedClaim('iss', 'Same issuer as the original id_token', original, spec),
		unchangedClaim('sub', 'Same subject as the original id_token', original, spec),
		unchangedClaim('aud', 'Same audience as the original id_token', original, spec),
		{
			id: 'refresh_iat',
			label: 'Issued now, not before the original id_token',
			spec,
			run: ({ claims: { iat } }) => {
				const was = original.iat;
				if (typeof iat !== 'number' || typeof was !== 'number')
					return fail('iat of this or of the original id_token is missing or not a number');
				return iat >= was
					? pass(`issued ${formatDuration(iat - was)} after the original id_token`)
					: fail(`iat is ${formatDuration(was - iat)} before the original id_token’s`);
			}
		},
		{
			id: 'refresh_auth_time',
			label: 'auth_time is the original sign-in’s',
			spec,
			run: ({ claims: { auth_time } }) => {
				if (auth_time === undefined)
					return notApplicable('the refreshed id_token has no auth_time');
				// §12.2 asks only that it be the original sign-in's time, which this client never saw.
				if (original.auth_time === undefined)
					return notApplicable(
						'auth_time appears, but the original id_token had none: it should be the original sign-in’s time, which this client cannot compare'
					);
				return auth_time === original.auth_time
					? pass(
							`auth_time ${String(auth_time)} is the original sign-in’s: refreshing is not signing in again`
						)
					: fail(
							`auth_time ${JSON.stringify(auth_time)} is not the original sign-in’s (${JSON.stringify(original.auth_time)})`
						);
			}
		},
		{
			id: 'refresh_nonce',
			label: 'No nonce, or the original’s',
			spec,
			run: ({ claims: { nonce } }) => {
				if (nonce === undefined)
					return pass('no nonce, as §12.2 asks of a refreshed id_token (SHOULD NOT have one)');
				return original.nonce !== undefined && nonce === original.nonce
					? pass('a nonce, which §12.2 advises against, but the original id_token’s')
					: fail(
							`nonce ${JSON.stringify(nonce)} is not the original id_token’s (${JSON.stringify(original.nonce ?? null)})`
						);
			}
		}
	];
}

function maxAgeCheck(maxAge: number | undefined): CheckStep {
	return {
		id: 'auth_time',
		label: 'Authentication recent enough (max_age)',
		spec: SPEC.idTokenValidation,
		run: ({ claims, now, tolerance }) => {
			const authTime = claims.auth_time;
			if (authTime !== undefined && (typeof authTime !== 'number' || !Number.isFinite(authTime))) {
				return fail('auth_time is not a number');
			}
			if (maxAge === undefined)
				return notApplicable('no max_age was requested, so any authentication time is fine');
			if (authTime === undefined)
				return fail('max_age was requested but the token has no auth_time');
			const age = now - (authTime as number);
			return age <= maxAge + tolerance
				? pass(`user authenticated ${formatDuration(age)} ago (max_age ${maxAge} s)`)
				: fail(`user authenticated ${formatDuration(age)} ago, more than max_age ${maxAge} s`);
		}
	};
}

/** at_hash / c_hash binds the id_token to the access token or code that came with it. */
function hashCheck(
	claim: 'at_hash' | 'c_hash',
	what: string,
	value: string | undefined,
	spec: string,
	{ required }: { required: boolean }
): CheckStep {
	return {
		id: claim,
		label: `${claim} matches the ${what}`,
		spec,
		run: async ({ claims, header }) => {
			const inToken = claims[claim];
			if (value === undefined) {
				return required
					? fail(`no ${what} to check ${claim} against`)
					: notApplicable(`no ${what} came with this token`);
			}
			if (inToken === undefined) {
				return required
					? fail(`${claim} is required for this response type but missing`)
					: notApplicable(`${claim} is optional for this response and absent`);
			}
			const expectedHash = await halfHash(value, String(header.alg));
			if (!expectedHash) return fail(`cannot compute ${claim} for alg ${String(header.alg)}`);
			return inToken === expectedHash
				? pass(`${claim} matches the ${what} received`)
				: fail(
						`${claim} ${JSON.stringify(inToken)} does not match the ${what} (expected ${expectedHash})`
					);
		}
	};
}
