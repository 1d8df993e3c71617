/**
 * One way to check any signed JWT, in the spirit of jose's `jwtVerify` and its claim options:
 * what every kind shares is put in order here once (size, format, decode, typ, the header that
 * settles the key, signature, iss, sub, aud, then the other claims), and a kind of token names
 * only what is its own: its `typ`, where its key comes from, who issued it and whom it is for,
 * and its other claim checks in the order its spec lists them.
 */
import type { JSONWebKeySet } from 'jose';
import { DEFAULT_ALGORITHMS } from './algorithms';
import { runChecks, type CheckStep, type ValidationReport } from './checks';
import { critCheck, decodeCheck, formatCheck, signatureCheck, sizeCheck } from './jwsChecks';
import { algCheck, hasHmacKey, headerKeyCheck, keyCheck } from './keyChecks';
import type { JtiReplay } from './replay';

/** What one kind of signed JWT is checked for, beyond what every signed JWT is. */
export interface SignedJwtKind {
	/**
	 * The section that lists how this kind is validated, reported as the validation step's link:
	 * id_token OIDC Core §3.1.3.7, logout token Back-Channel Logout §2.6, access token RFC 9068 §4,
	 * DPoP proof RFC 9449 §4.3, request object RFC 9101 §6.2, client assertion RFC 7523 §3.
	 */
	spec?: string;
	/** Checked before the JWT is read: how it arrived (DPoP: exactly one proof header). */
	received?: CheckStep;
	/** Its explicit type (RFC 8725 §3.11), usually an `explicitTypeCheck`. */
	typ?: CheckStep;
	/** The header checks that settle the verification key: `trustedKeyHeader`, or the kind's own. */
	header: CheckStep[];
	/** Where the signature check points, when the kind's spec says more than RFC 7515 does. */
	signatureSpec?: string;
	/** Who issued it (`iss`), checked first of the claims, as jose's `issuer` option. */
	issuer?: CheckStep;
	/** Whom it is about (`sub`), next, as jose's `subject`. */
	subject?: CheckStep;
	/** Whom it is for (`aud`), next, as jose's `audience`. */
	audience?: CheckStep;
	/** Its other claim checks, in the order its spec lists them (shared ones from claimChecks). */
	claims: CheckStep[];
	/** Where an accepted JWT's `jti` is remembered, so that a replay is refused. */
	replay?: JtiReplay;
	/** Put before every check id, for a JWT reported beside another one (DPoP: `dpop_`). */
	idPrefix?: string;
	/**
	 * Checked last, ids kept as they are: what ties this JWT to another one, named by that one's
	 * claim (a DPoP proof's key against the access token's `cnf.jkt`: `cnf_jkt`).
	 */
	binding?: CheckStep[];
}

/** When a JWT is checked. */
export interface CheckClock {
	/** Seconds since the epoch; the real time by default. */
	now?: number;
	/** Allowed clock skew in seconds (default 0). */
	clockTolerance?: number;
}

/** Keys the verifier already trusts: the only ones a signature may verify with. */
export interface TrustedKeys {
	/** The issuer's published keys (its jwks_uri), or the ones a client registered. */
	jwks: JSONWebKeySet;
	/** Algorithms accepted; by default the asymmetric ones, plus HS256 when an HMAC key exists. */
	algorithms?: readonly string[];
	/** The client secret: the key of an HMAC-signed token (OIDC Core §10.1). */
	clientSecret?: string;
}

/** crit, alg, header_key and kid: the header of a JWT signed with a key the verifier trusts. */
export function trustedKeyHeader(keys: TrustedKeys): CheckStep[] {
	const hmac = hasHmacKey(keys.jwks, keys.clientSecret);
	const algorithms =
		keys.algorithms ?? (hmac ? [...DEFAULT_ALGORITHMS, 'HS256'] : DEFAULT_ALGORITHMS);
	return [
		critCheck,
		algCheck(algorithms, hmac),
		headerKeyCheck,
		keyCheck(keys.jwks, keys.clientSecret)
	];
}

/** Every check of one kind of signed JWT, in the order they run. */
export function signedJwtChecks(kind: SignedJwtKind): CheckStep[] {
	const signature = kind.signatureSpec
		? { ...signatureCheck, spec: kind.signatureSpec }
		: signatureCheck;
	const given = (step?: CheckStep) => (step ? [step] : []);
	const steps = [
		...given(kind.received),
		sizeCheck,
		formatCheck,
		decodeCheck,
		...given(kind.typ),
		...kind.header,
		signature,
		...given(kind.issuer),
		...given(kind.subject),
		...given(kind.audience),
		...kind.claims
	];
	const prefix = kind.idPrefix;
	const own = prefix ? steps.map((step) => ({ ...step, id: `${prefix}${step.id}` })) : steps;
	return [...own, ...(kind.binding ?? [])];
}

/**
 * Checks a signed JWT as its kind asks and, once it is accepted, remembers its `jti`. Never
 * throws. `blocked` says why no check can run (an encrypted token that could not be opened).
 */
export async function verifySignedJwt(
	token: unknown,
	kind: SignedJwtKind,
	clock: CheckClock,
	blocked?: string
): Promise<ValidationReport> {
	const now = clock.now ?? Math.floor(Date.now() / 1000);
	const report = await runChecks(token, signedJwtChecks(kind), {
		now,
		tolerance: clock.clockTolerance ?? 0,
		blocked
	});
	if (report.valid && report.claims) kind.replay?.remember(report.claims, now);
	return kind.spec ? { ...report, spec: kind.spec } : report;
}
