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
 * Somewhere to keep generated keys across visits (the browser's IndexedDB, see
 * `state/keyStore`). Keys go in and come out as CryptoKeys: a non-extractable private key stays
 * non-extractable. A store that fails is ignored: a fresh key is generated instead.
 */
export interface KeyStore {
	load(id: string): Promise<SigningKey | undefined>;
	save(id: string, key: SigningKey): Promise<void>;
}

let store: KeyStore | undefined;

/** Keeps the simulator's keys in `keyStore` from now on; `undefined` stops keeping them. */
export function useKeyStore(keyStore: KeyStore | undefined): void {
	store = keyStore;
}

/** Drops the keys generated or loaded in this process: the next run makes (or loads) new ones. */
export function forgetPooledKeys(): void {
	pool.clear();
}

/**
 * Generated keys, shared by every issuer in this process: RSA key generation is slow, and a
 * simulation re-runs its flow from the start on every settings change. Each algorithm has a
 * sequence of generations, so key rotation always finds the same "next" key.
 */
const pool = new Map<string, Promise<SigningKey>>();

/**
 * Adds keys kept by an earlier visit (by id, `RS256#0`) to this process's pool without generating
 * any: the decoder, which runs no flow, verifies with them. An id already pooled keeps its key.
 */
export function adoptSigningKeys(kept: Iterable<[id: string, key: SigningKey]>): void {
	for (const [id, key] of kept) if (!pool.has(id)) pool.set(id, Promise.resolve(key));
}

export function signingKey(alg: AsymmetricAlgorithm, generation = 0): Promise<SigningKey> {
	const id = `${alg}#${generation}`;
	let key = pool.get(id);
	if (!key) {
		key = storedOrNewKey(id, alg);
		pool.set(id, key);
	}
	return key;
}

async function storedOrNewKey(id: string, alg: AsymmetricAlgorithm): Promise<SigningKey> {
	const kept = store;
	const stored = await kept?.load(id).catch(() => undefined);
	if (stored && stored.alg === alg) return stored;
	const key = await createKey(alg);
	// Saving is not waited for: the run needs the key now, not the store.
	void kept?.save(id, key).catch(() => {});
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

/** The public keys generated or kept so far (the simulator's, in this tab or this browser). */
export async function generatedPublicKeys(): Promise<JWK[]> {
	return (await Promise.all(pool.values())).map((k) => ({ ...k.publicJwk }));
}
