/**
 * Choosing the key a JWS is verified with: an algorithm the verifier expects, and a key only from
 * the set it already trusts, never one the token offers (RFC 8725 §3.1, §3.10).
 */
import { importJWK, type JSONWebKeySet, type JWK } from 'jose';
import { fail, pass, type CheckStep } from './checks';
import { secretKey } from './keys';
import { lookupTable } from '../lookup';
import { SPEC } from '../spec';

const HEADER_KEY_PARAMS = ['jwk', 'jku', 'x5u', 'x5c'];

export const headerKeyCheck: CheckStep = {
	id: 'header_key',
	label: 'No key taken from the token itself',
	// RFC 8725 §3.8: the keys must belong to the issuer (§3.10 covers jku and x5u, never jwk).
	spec: SPEC.validateIssuer,
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

/** Whether an HMAC key exists: a shared client secret, or a symmetric (oct) key in the set. */
export function hasHmacKey(jwks: JSONWebKeySet, clientSecret?: string): boolean {
	return !!clientSecret || (jwks.keys ?? []).some((k) => k.kty === 'oct');
}
