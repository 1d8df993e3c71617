import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

import type { AsymmetricAlgorithm } from './algorithms';

export {
	SIGNING_ALGORITHMS,
	isSigningAlgorithm,
	type AsymmetricAlgorithm,
	type SigningAlgorithm
} from './algorithms';

export interface SigningKey {
	kid: string;
	alg: AsymmetricAlgorithm;
	privateKey: CryptoKey;
	/** The public half as published in the JWKS: `kty`, key material, `kid`, `alg`, `use`. */
	publicJwk: JWK;
}

/**
 * Generated keys, shared by every issuer in this process: RSA key generation is slow, and a
 * simulation re-runs its flow from the start on every settings change. Each algorithm has a
 * sequence of generations, so key rotation always finds the same "next" key.
 */
const pool = new Map<string, Promise<SigningKey>>();

export function signingKey(alg: AsymmetricAlgorithm, generation = 0): Promise<SigningKey> {
	const id = `${alg}#${generation}`;
	let key = pool.get(id);
	if (!key) {
		key = createKey(alg);
		pool.set(id, key);
	}
	return key;
}

async function createKey(alg: AsymmetricAlgorithm): Promise<SigningKey> {
	const { privateKey, publicKey } = await generateKeyPair(
		alg,
		alg === 'EdDSA' ? { crv: 'Ed25519' } : {}
	);
	const jwk = await exportJWK(publicKey);
	// A thumbprint (RFC 7638) makes a stable, unique kid.
	const kid = await calculateJwkThumbprint(jwk);
	return { kid, alg, privateKey, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

/** The key for an HMAC-signed token: the client secret's UTF-8 bytes (OIDC Core §10.1). */
export function secretKey(secret: string): Uint8Array {
	return new TextEncoder().encode(secret);
}

/** The public keys generated in this process so far (the simulator's, in this tab). */
export async function generatedPublicKeys(): Promise<JWK[]> {
	return (await Promise.all(pool.values())).map((k) => ({ ...k.publicJwk }));
}
