import { describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair } from 'jose';
import {
	adoptEncryptionKeys,
	clientEncryptionKey,
	decryptWithSimulatorKeys,
	forgetPooledEncryptionKeys,
	generatedDecryptionKeys,
	useEncryptionKeyStore,
	type EncryptionKey,
	type EncryptionKeyStore
} from '../../src/lib/core/jwt/jwe';
import {
	adoptSigningKeys,
	forgetPooledKeys,
	generatedPublicKeys,
	signingKey,
	useKeyStore,
	type KeyStore,
	type SigningKey
} from '../../src/lib/core/jwt/keys';
import { verifyPasted } from '../../src/lib/core/jwt/verifyPasted';
import { ISSUER_URL, VAULT_CLIENT } from '../../src/lib/core/data';
import { runFlow } from '../../src/lib/sim/index';
import { flowById } from '../../src/lib/sim/flows/index';
import { flowExpectations } from '../../src/lib/sim/flowClient';
import { isEncryptionKey, isSigningKey, signingIdMatches } from '../../src/lib/state/keyStore';

/** In-memory stand-ins for the browser's IndexedDB stores. */
function memoryStores() {
	const signing = new Map<string, SigningKey>();
	const encryption = new Map<string, EncryptionKey>();
	const signingStore: KeyStore = {
		load: async (id) => signing.get(id),
		save: async (id, key) => void signing.set(id, key)
	};
	const encryptionStore: EncryptionKeyStore = {
		load: async (id) => encryption.get(id),
		save: async (id, key) => void encryption.set(id, key)
	};
	return { signing, encryption, signingStore, encryptionStore };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

/** A new tab: nothing in memory, nothing kept unless a store is set again. */
function newTab() {
	useKeyStore(undefined);
	useEncryptionKeyStore(undefined);
	forgetPooledKeys();
	forgetPooledEncryptionKeys();
}

describe('the client’s encryption key is kept like the issuer’s signing keys', () => {
	it('is generated non-extractable, saved, and the same key after the pool is dropped', async () => {
		const { encryption, encryptionStore } = memoryStores();
		newTab();
		useEncryptionKeyStore(encryptionStore);
		try {
			const first = await clientEncryptionKey('client-a');
			expect(first.privateKey.extractable).toBe(false);
			await settle();
			expect(encryption.get('client-a')).toBe(first);
			forgetPooledEncryptionKeys();
			const again = await clientEncryptionKey('client-a');
			expect(again.kid).toBe(first.kid);
			expect(again.privateKey).toBe(first.privateKey);
		} finally {
			newTab();
		}
	});

	it('a store that fails gives a fresh key, never a throw', async () => {
		newTab();
		useEncryptionKeyStore({
			load: () => Promise.reject(new Error('storage refused')),
			save: () => Promise.reject(new Error('storage refused'))
		});
		try {
			const key = await clientEncryptionKey('client-b');
			expect(key.publicJwk.kty).toBe('RSA');
			await settle();
		} finally {
			newTab();
		}
	});
});

describe('adopting kept keys (the decoder after a reload)', () => {
	it('makes no key, and never replaces one this tab already has', async () => {
		newTab();
		try {
			const here = await signingKey('ES256', 0);
			const other = { ...here, kid: 'other' };
			adoptSigningKeys([['ES256#0', other]]);
			expect((await generatedPublicKeys()).map((k) => k.kid)).toEqual([here.kid]);
			forgetPooledKeys();
			adoptSigningKeys([]);
			expect(await generatedPublicKeys()).toEqual([]);

			const mine = await clientEncryptionKey('client-c');
			adoptEncryptionKeys([['client-c', { ...mine, kid: 'other' }]]);
			expect((await generatedDecryptionKeys()).map((k) => k.kid)).toEqual([mine.kid]);
		} finally {
			newTab();
		}
	});

	it('a JWE from an earlier visit decrypts and verifies, expecting its flow’s client', async () => {
		const { signing, encryption, signingStore, encryptionStore } = memoryStores();
		newTab();
		useKeyStore(signingStore);
		useEncryptionKeyStore(encryptionStore);
		const trace = await runFlow({ flow: 'encrypted-id-token' });
		await settle();
		const response = trace.steps.find((s) => s.ref?.message === 'token-response')!;
		const jwe = response.tokens.find((t) => t.name === 'id_token')!.value;
		expect(jwe.split('.')).toHaveLength(5);

		// The reload: a new tab, which runs no flow and generates nothing.
		newTab();
		try {
			expect((await decryptWithSimulatorKeys(jwe)).ok).toBe(false);
			adoptSigningKeys(signing);
			adoptEncryptionKeys(encryption);
			const opened = await decryptWithSimulatorKeys(jwe);
			if (!opened.ok) throw new Error(opened.message);
			const expected = flowExpectations(flowById('encrypted-id-token'), trace.settings);
			expect(expected).toEqual({ issuer: ISSUER_URL, audience: VAULT_CLIENT.client_id });
			const result = await verifyPasted({
				token: opened.plaintext,
				source: 'simulator',
				...expected,
				now: response.at
			});
			if (!('report' in result)) throw new Error(result.problem);
			const status = Object.fromEntries(result.report.checks.map((c) => [c.id, c.status]));
			expect(status).toMatchObject({ signature: 'passed', iss: 'passed', aud: 'passed' });
			expect(result.report.valid).toBe(true);
			// Nothing new was made: the tab holds exactly the kept keys.
			expect((await generatedPublicKeys()).map((k) => k.kid).sort()).toEqual(
				[...signing.values()].map((k) => k.kid).sort()
			);
		} finally {
			newTab();
		}
	});
});

describe('a stored record is used only if it is a key this code saved', () => {
	it('accepts kept keys and refuses extractable, mismatched or misnamed ones', async () => {
		const sig = await signingKey('ES256', 0);
		expect(isSigningKey(sig)).toBe(true);
		expect(signingIdMatches('ES256#0', sig)).toBe(true);
		expect(signingIdMatches('ES256#12', sig)).toBe(true);
		for (const id of ['RS256#0', 'ES256', 'ES256#x', 'ES256#0#1', 'ES256#01'])
			expect(signingIdMatches(id, sig), id).toBe(false);
		expect(isSigningKey({ ...sig, publicJwk: { ...sig.publicJwk, kid: 'x' } })).toBe(false);
		const loose = await generateKeyPair('ES256', { extractable: true });
		expect(isSigningKey({ ...sig, privateKey: loose.privateKey })).toBe(false);
		expect(isSigningKey({ ...sig, privateKey: loose.publicKey })).toBe(false);

		const enc = await clientEncryptionKey('client-d');
		expect(isEncryptionKey(enc)).toBe(true);
		const looseEnc = await generateKeyPair('RSA-OAEP-256', { extractable: true });
		expect(isEncryptionKey({ ...enc, privateKey: looseEnc.privateKey })).toBe(false);
		expect(isEncryptionKey({ ...enc, publicJwk: await exportJWK(looseEnc.publicKey) })).toBe(false);
		// A signing key is not a decryption key, whatever its record says.
		expect(
			isEncryptionKey({ kid: sig.kid, privateKey: sig.privateKey, publicJwk: sig.publicJwk })
		).toBe(false);
		for (const value of [undefined, null, 'key', {}, { kid: 'a' }])
			expect(isSigningKey(value) || isEncryptionKey(value)).toBe(false);
		newTab();
	});
});
