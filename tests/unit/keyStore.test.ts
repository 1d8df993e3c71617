import { describe, expect, it } from 'vitest';
import { compactVerify, CompactSign, importJWK } from 'jose';
import {
	forgetPooledKeys,
	signingKey,
	useKeyStore,
	type KeyStore,
	type SigningKey
} from '../../src/lib/core/jwt/keys';

/** An in-memory stand-in for the browser's IndexedDB store. */
function memoryStore() {
	const kept = new Map<string, SigningKey>();
	const store: KeyStore = {
		load: async (id) => kept.get(id),
		save: async (id, key) => void kept.set(id, key)
	};
	return { kept, store };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('keeping the simulator keys across visits', () => {
	it('saves a generated key and signs with the same key after the pool is dropped', async () => {
		const { kept, store } = memoryStore();
		useKeyStore(store);
		try {
			forgetPooledKeys();
			const first = await signingKey('ES256', 7);
			await settle();
			expect(kept.get('ES256#7')).toBe(first);
			// A new visit: nothing in memory, the key comes back from the store.
			forgetPooledKeys();
			const again = await signingKey('ES256', 7);
			expect(again.kid).toBe(first.kid);
			expect(again.privateKey).toBe(first.privateKey);
			// The private key stays non-extractable, and still signs for the published key.
			expect(again.privateKey.extractable).toBe(false);
			const jws = await new CompactSign(new TextEncoder().encode('x'))
				.setProtectedHeader({ alg: 'ES256', kid: again.kid })
				.sign(again.privateKey);
			await expect(
				compactVerify(jws, await importJWK(again.publicJwk, 'ES256'))
			).resolves.toBeTruthy();
		} finally {
			useKeyStore(undefined);
			forgetPooledKeys();
		}
	});

	it('generates a fresh key when the store fails or holds a key for another algorithm', async () => {
		const { kept, store } = memoryStore();
		const other = await signingKey('EdDSA', 0);
		kept.set('ES256#3', other);
		useKeyStore(store);
		try {
			forgetPooledKeys();
			const key = await signingKey('ES256', 3);
			expect(key.alg).toBe('ES256');
			expect(key.kid).not.toBe(other.kid);

			useKeyStore({
				load: () => Promise.reject(new Error('storage refused')),
				save: () => Promise.reject(new Error('storage refused'))
			});
			forgetPooledKeys();
			const fresh = await signingKey('ES256', 4);
			expect(fresh.alg).toBe('ES256');
			await settle();
		} finally {
			useKeyStore(undefined);
			forgetPooledKeys();
		}
	});

	it('without a store, forgetting the pool makes a new key', async () => {
		forgetPooledKeys();
		const first = await signingKey('ES256', 9);
		forgetPooledKeys();
		const second = await signingKey('ES256', 9);
		expect(second.kid).not.toBe(first.kid);
		forgetPooledKeys();
	});
});
