import { importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { fail, notApplicable, pass, type CheckStep } from '../jwt/checks';
import { randomToken } from '../random';

/** Asymmetric algorithms a client may sign request objects, assertions and DPoP proofs with. */
export const CLIENT_SIGNING_ALGORITHMS = ['ES256', 'PS256', 'RS256', 'EdDSA'] as const;

/** Seconds of clock difference allowed between a client that signs a JWT and the server reading it. */
export const CLIENT_CLOCK_TOLERANCE = 30;

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

/** `aud` names this server by one of the values it accepts. */
export function audienceOneOf(accepted: string[], spec: string): CheckStep {
	return {
		id: 'aud',
		label: 'Audience is this authorization server',
		spec,
		run: ({ claims }) => {
			const list = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
			if (!Array.isArray(list) || list.length === 0 || !list.every((a) => typeof a === 'string'))
				return fail(
					`aud is ${JSON.stringify(claims.aud ?? null)}, not a string or list of strings`
				);
			const match = list.find((a: string) => accepted.includes(a));
			return match
				? pass(`aud names ${match}`)
				: fail(`aud ${JSON.stringify(claims.aud)} names none of ${accepted.join(', ')}`);
		}
	};
}

/** `iat` is optional here (RFC 7523 §3), but when present it must not be in the future. */
export const optionalIssuedAtCheck = (spec: string): CheckStep => ({
	id: 'iat',
	label: 'Issued in the past',
	spec,
	run: ({ claims, now, tolerance }) => {
		const iat = claims.iat;
		if (iat === undefined) return notApplicable('no iat claim');
		if (typeof iat !== 'number' || !Number.isFinite(iat)) return fail('iat is not a number');
		return iat <= now + tolerance ? pass('iat is in the past') : fail('iat is in the future');
	}
});

/** `jti` present, and not seen before: a replayed JWT is refused. */
export function unusedJtiCheck(spec: string, seen: (jti: string) => boolean): CheckStep {
	return {
		id: 'jti',
		label: 'Unique identifier (jti) not used before',
		spec,
		run: ({ claims }) => {
			const jti = claims.jti;
			if (typeof jti !== 'string' || jti === '') return fail('jti is missing or not a string');
			return seen(jti)
				? fail('this jti was already used: the JWT is a replay')
				: pass('first use of this jti');
		}
	};
}

/** Signs claims with a client's private JWK, adding iat, exp and a fresh jti. */
export async function signAsClient(
	claims: JWTPayload,
	options: { privateJwk: JWK; now: number; lifetime: number; typ?: string }
): Promise<string> {
	const alg = options.privateJwk.alg ?? 'ES256';
	const key = await importJWK(options.privateJwk, alg);
	return new SignJWT({
		jti: randomToken(16),
		...claims,
		iat: options.now,
		exp: options.now + options.lifetime
	})
		.setProtectedHeader({
			alg,
			...(options.privateJwk.kid !== undefined && { kid: options.privateJwk.kid }),
			...(options.typ !== undefined && { typ: options.typ })
		})
		.sign(key);
}
