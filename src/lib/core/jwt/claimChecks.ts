/**
 * Checks of the registered claims every kind of JWT reads the same way: who issued it, whom it is
 * for, when it is valid, and whether its `jti` was used before (RFC 7519 §4.1).
 */
import { fail, notApplicable, pass, type CheckStep } from './checks';
import type { JtiReplay } from './replay';
import { SPEC } from '../spec';
import { formatDuration } from '../time';

/** The audiences of a token as a list, or undefined when `aud` is malformed. */
export function audiences(aud: unknown): string[] | undefined {
	if (typeof aud === 'string') return [aud];
	if (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string')) return aud;
	return undefined;
}

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

/** A claim that must equal one value: `iss`, `sub` or `client_id` naming the client. */
export function claimEquals(id: string, label: string, value: string, spec: string): CheckStep {
	return {
		id,
		label,
		spec,
		run: ({ claims }) =>
			claims[id] === value
				? pass(`${id} = ${value}`)
				: fail(`${id} is ${JSON.stringify(claims[id] ?? null)}, expected ${JSON.stringify(value)}`)
	};
}

/**
 * A claim that must keep the value it had in an earlier token of the same grant: a refreshed
 * id_token names the `iss`, `sub` and `aud` of the id_token of the original sign-in (OIDC Core
 * §12.2). Audiences compare as sets, so "c" and ["c"] are the same audience.
 */
export function unchangedClaim(
	claim: string,
	label: string,
	original: Record<string, unknown>,
	spec: string
): CheckStep {
	const was = original[claim];
	const comparable = (value: unknown) =>
		JSON.stringify(claim === 'aud' ? (audiences(value)?.slice().sort() ?? value) : value) ?? 'null';
	return {
		id: `refresh_${claim}`,
		label,
		spec,
		run: ({ claims }) => {
			if (was === undefined) return fail(`the original id_token has no ${claim} to compare with`);
			return comparable(claims[claim]) === comparable(was)
				? pass(`${claim} is the original’s, ${JSON.stringify(was)}`)
				: fail(
						`${claim} is ${JSON.stringify(claims[claim] ?? null)}; the original id_token’s is ${JSON.stringify(was)}`
					);
		}
	};
}

/** A token for one recipient: its `aud` must include that recipient's identifier. */
export interface AudienceRule {
	/** The identifier `aud` must include: this client's id, this API's URL. */
	includes: string;
	/** The recipient as a refusal names it: `this API (https://api.example/)`. */
	naming: string;
	label: string;
	spec: string;
	/** Why an `aud` that is no string or list of strings is refused; by default as one not naming us. */
	malformed?: (aud: unknown) => string;
	/** Why an `aud` that names us is still refused, if it is (an id_token's untrusted audiences). */
	alsoRefuse?: (list: string[]) => string | undefined;
}

export function audienceIncludes(rule: AudienceRule): CheckStep {
	return {
		id: 'aud',
		label: rule.label,
		spec: rule.spec,
		run: ({ claims }) => {
			const list = audiences(claims.aud);
			const notNamed = `aud is ${JSON.stringify(claims.aud)}; it does not name ${rule.naming}`;
			if (!list) return fail(rule.malformed?.(claims.aud) ?? notNamed);
			if (!list.includes(rule.includes)) return fail(notNamed);
			const refusal = rule.alsoRefuse?.(list);
			return refusal ? fail(refusal) : pass(`aud includes ${rule.includes}`);
		}
	};
}

/** `aud` names this server by one of the values it accepts. */
export function audienceOneOf(accepted: string[], spec: string): CheckStep {
	return {
		id: 'aud',
		label: 'Audience is this authorization server',
		spec,
		run: ({ claims }) => {
			const list = audiences(claims.aud);
			if (!list)
				return fail(
					`aud is ${JSON.stringify(claims.aud ?? null)}, not a string or list of strings`
				);
			const match = list.find((a) => accepted.includes(a));
			return match
				? pass(`aud names ${match}`)
				: fail(`aud ${JSON.stringify(claims.aud)} names none of ${accepted.join(', ')}`);
		}
	};
}

/**
 * The clock skew a time check allows, as its detail names it. RFC 7519 §4.1.4 and OIDC Core §2
 * (exp): "Implementers MAY provide for some small leeway, usually no more than a few minutes".
 */
const leeway = (tolerance: number) => `leeway ${tolerance} s`;

/** A NumericDate claim's value; undefined when it is absent or not a finite number. */
function numericDate(
	claims: Record<string, unknown>,
	name: 'exp' | 'nbf' | 'iat'
): number | undefined {
	const value = claims[name];
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function expiryCheck(spec: string = SPEC.exp): CheckStep {
	return {
		id: 'exp',
		label: 'Not expired',
		spec,
		run: ({ claims, now, tolerance }) => {
			const exp = numericDate(claims, 'exp');
			if (exp === undefined) return fail('exp is missing or not a number');
			// On or after exp the token is expired; the leeway only absorbs clock skew.
			if (now < exp) return pass(`expires in ${formatDuration(exp - now)} (${leeway(tolerance)})`);
			return now < exp + tolerance
				? pass(`expired ${formatDuration(now - exp)} ago, accepted within the ${leeway(tolerance)}`)
				: fail(`expired ${formatDuration(now - exp)} ago (${leeway(tolerance)})`);
		}
	};
}

export const notBeforeCheck: CheckStep = {
	id: 'nbf',
	label: 'Already valid (nbf)',
	spec: SPEC.nbf,
	run: ({ claims, now, tolerance }) => {
		if (claims.nbf === undefined) return notApplicable('the token has no nbf claim');
		const nbf = numericDate(claims, 'nbf');
		if (nbf === undefined) return fail('nbf is not a number');
		if (nbf <= now) return pass(`nbf is in the past (${leeway(tolerance)})`);
		return nbf <= now + tolerance
			? pass(`nbf is ${formatDuration(nbf - now)} ahead, accepted within the ${leeway(tolerance)}`)
			: fail(
					`not valid for another ${formatDuration(nbf - now)} (nbf is in the future; ${leeway(tolerance)})`
				);
	}
};

export const issuedAtCheck: CheckStep = {
	id: 'iat',
	label: 'Issued in the past',
	spec: SPEC.iat,
	run: ({ claims, now, tolerance }) => {
		const iat = numericDate(claims, 'iat');
		if (iat === undefined) return fail('iat is missing or not a number');
		if (iat <= now) return pass(`issued ${formatDuration(now - iat)} ago (${leeway(tolerance)})`);
		return iat <= now + tolerance
			? pass(`iat is ${formatDuration(iat - now)} ahead, accepted within the ${leeway(tolerance)}`)
			: fail(`iat is ${formatDuration(iat - now)} in the future (${leeway(tolerance)})`);
	}
};

/** `iat` is optional here (RFC 7523 §3), but when present it must not be in the future. */
export const optionalIssuedAtCheck = (spec: string): CheckStep => ({
	id: 'iat',
	label: 'Issued in the past',
	spec,
	run: ({ claims, now, tolerance }) => {
		if (claims.iat === undefined) return notApplicable('no iat claim');
		const iat = numericDate(claims, 'iat');
		if (iat === undefined) return fail('iat is not a number');
		return iat <= now + tolerance ? pass('iat is in the past') : fail('iat is in the future');
	}
});

/**
 * exp, nbf and iat, in that order. `iat` is required as an id_token or access token needs it,
 * or `optional` as a JWT a client signs may leave it out (RFC 7523 §3, RFC 9101 §4).
 */
export function lifetimeChecks(
	spec: string,
	iat: 'required' | 'optional' = 'required'
): CheckStep[] {
	return [
		expiryCheck(spec),
		notBeforeCheck,
		iat === 'required' ? issuedAtCheck : optionalIssuedAtCheck(spec)
	];
}

/** How a jti check speaks of the JWT: a DPoP proof says "proof". */
export interface JtiWording {
	label: string;
	replayed: string;
	firstUse: string;
}

const JWT_JTI: JtiWording = {
	label: 'Unique identifier (jti) not used before',
	replayed: 'this jti was already used: the JWT is a replay',
	firstUse: 'first use of this jti'
};

/** `jti` present, and not seen before: a replayed JWT is refused. */
export function unusedJtiCheck(
	spec: string,
	replay: JtiReplay,
	wording: JtiWording = JWT_JTI
): CheckStep {
	return {
		id: 'jti',
		label: wording.label,
		spec,
		run: ({ claims, now }) => {
			const jti = claims.jti;
			if (typeof jti !== 'string' || jti === '') return fail('jti is missing or not a string');
			return replay.seen(jti, now) ? fail(wording.replayed) : pass(wording.firstUse);
		}
	};
}
