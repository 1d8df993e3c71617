import { importJWK, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { CLIENT_SIGNING_ALGORITHMS } from '../jwt/algorithms';
import { claimEquals } from '../jwt/claimChecks';
import { jtiReplay, untilExpiry, type JtiCache, type JtiReplay } from '../jwt/replay';
import { trustedKeyHeader, type SignedJwtKind } from '../jwt/signedJwt';
import { randomToken } from '../random';

export { CLIENT_SIGNING_ALGORITHMS } from '../jwt/algorithms';

/** Seconds of clock difference allowed between a client that signs a JWT and the server reading it. */
export const CLIENT_CLOCK_TOLERANCE = 30;

/**
 * What every JWT a client signs is checked for: an asymmetric key the client registered, `iss`
 * naming the client, and a `jti` used once, kept as `<name> <client_id> <jti>` for as long as the
 * JWT could still be accepted: until `exp` plus the clock skew the exp check allows (OIDC Core §9,
 * RFC 7523 §3), so no replay slips through that window.
 */
export function signedByClient(
	expected: { clientId: string; jwks: JSONWebKeySet; replay: JtiCache; clockTolerance?: number },
	name: string,
	spec: string
): Pick<SignedJwtKind, 'header' | 'issuer'> & { replay: JtiReplay } {
	return {
		header: trustedKeyHeader({ jwks: expected.jwks, algorithms: CLIENT_SIGNING_ALGORITHMS }),
		issuer: claimEquals('iss', 'Issuer is the client', expected.clientId, spec),
		replay: jtiReplay(expected.replay, `${name} ${expected.clientId}`, (claims) => {
			const exp = untilExpiry(claims);
			return exp === undefined ? undefined : exp + (expected.clockTolerance ?? 0);
		})
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
