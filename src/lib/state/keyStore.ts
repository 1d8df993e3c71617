/**
 * The simulator's keys, kept in this browser's IndexedDB so a later visit signs with them instead
 * of waiting for new RSA keys, and so the decoder can verify and decrypt tokens from an earlier
 * visit: the issuer's signing keys, and the clients' encryption keys (the private half a client
 * decrypts an encrypted id_token with). The private keys are stored as CryptoKeys generated
 * non-extractable: this page can sign and decrypt with them, nothing can read them out. The
 * attacker's keys are never kept (see sim/attacker).
 */
import {
	adoptEncryptionKeys,
	forgetPooledEncryptionKeys,
	generatedDecryptionKeys,
	useEncryptionKeyStore,
	type EncryptionKey,
	type EncryptionKeyStore
} from '$lib/core/jwt/jwe';
import {
	adoptSigningKeys,
	forgetPooledKeys,
	generatedPublicKeys,
	isSigningAlgorithm,
	useKeyStore,
	type KeyStore,
	type SigningKey
} from '$lib/core/jwt/keys';

const DB = 'tokenstep-keys';
/** Version 2 added the clients' encryption keys beside the issuer's signing keys. */
const VERSION = 2;
const SIGNING = 'signing-keys';
const ENCRYPTION = 'encryption-keys';
type StoreName = typeof SIGNING | typeof ENCRYPTION;

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(DB, VERSION);
		request.onupgradeneeded = () => {
			const db = request.result;
			for (const name of [SIGNING, ENCRYPTION])
				if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
		};
		request.onsuccess = () => {
			// Another tab asking for a newer version gets it at once: this one closes.
			request.result.onversionchange = () => request.result.close();
			resolve(request.result);
		};
		// Blocked by an older tab's open connection: it closes after each use, so this waits.
		request.onerror = () => reject(request.error);
	});
}

function run<T>(
	name: StoreName,
	mode: IDBTransactionMode,
	work: (store: IDBObjectStore) => IDBRequest<T>
) {
	return open().then((db) =>
		new Promise<T>((resolve, reject) => {
			const request = work(db.transaction(name, mode).objectStore(name));
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		}).finally(() => db.close())
	);
}

/** A private CryptoKey this code would have saved: non-extractable. */
function isKeptPrivateKey(value: unknown): value is CryptoKey {
	return (
		typeof CryptoKey !== 'undefined' &&
		value instanceof CryptoKey &&
		value.type === 'private' &&
		!value.extractable
	);
}

/** A stored record is trusted only if it still looks like a key this code saved. */
export function isSigningKey(value: unknown): value is SigningKey {
	if (typeof value !== 'object' || value === null) return false;
	const key = value as Partial<SigningKey>;
	return (
		typeof key.kid === 'string' &&
		typeof key.alg === 'string' &&
		isKeptPrivateKey(key.privateKey) &&
		key.publicJwk?.kid === key.kid
	);
}

/** A kept client encryption key: an RSA-OAEP private key and its public JWK, named by kid. */
export function isEncryptionKey(value: unknown): value is EncryptionKey {
	if (typeof value !== 'object' || value === null) return false;
	const key = value as Partial<EncryptionKey>;
	return (
		typeof key.kid === 'string' &&
		isKeptPrivateKey(key.privateKey) &&
		key.privateKey.algorithm.name === 'RSA-OAEP' &&
		key.publicJwk?.kty === 'RSA' &&
		key.publicJwk.kid === key.kid
	);
}

/** A signing key's id is its algorithm and generation (`RS256#0`); the key must match it. */
export function signingIdMatches(id: string, key: SigningKey): boolean {
	const [alg, generation, ...rest] = id.split('#');
	return (
		rest.length === 0 &&
		alg === key.alg &&
		isSigningAlgorithm(alg) &&
		/^(0|[1-9][0-9]{0,5})$/.test(generation ?? '')
	);
}

const signingStore: KeyStore = {
	async load(id) {
		const value = await run(SIGNING, 'readonly', (store) => store.get(id));
		return isSigningKey(value) ? value : undefined;
	},
	async save(id, key) {
		// Only non-extractable keys are kept: nothing stored here can be exported.
		if (key.privateKey.extractable) return;
		await run(SIGNING, 'readwrite', (store) => store.put(key, id));
	}
};

const encryptionStore: EncryptionKeyStore = {
	async load(clientId) {
		const value = await run(ENCRYPTION, 'readonly', (store) => store.get(clientId));
		return isEncryptionKey(value) ? value : undefined;
	},
	async save(clientId, key) {
		if (key.privateKey.extractable) return;
		await run(ENCRYPTION, 'readwrite', (store) => store.put(key, clientId));
	}
};

/** Browser only: from now on the simulator keeps its keys across visits. */
export function keepKeys(): void {
	if (typeof indexedDB === 'undefined') return;
	useKeyStore(signingStore);
	useEncryptionKeyStore(encryptionStore);
}

/** Deletes the kept keys; the next run in any tab generates new ones. */
export async function forgetKeys(): Promise<void> {
	forgetPooledKeys();
	forgetPooledEncryptionKeys();
	await new Promise<void>((resolve, reject) => {
		const request = indexedDB.deleteDatabase(DB);
		request.onsuccess = () => resolve();
		request.onerror = () => reject(request.error);
		// Another tab holds the database open: it is deleted once that tab lets go.
		request.onblocked = () => resolve();
	});
}

/** Every record of one store, with its id. */
function entries(db: IDBDatabase, name: StoreName): Promise<[string, unknown][]> {
	return new Promise((resolve, reject) => {
		const found: [string, unknown][] = [];
		const request = db.transaction(name, 'readonly').objectStore(name).openCursor();
		request.onsuccess = () => {
			const cursor = request.result;
			if (!cursor) return resolve(found);
			found.push([String(cursor.key), cursor.value]);
			cursor.continue();
		};
		request.onerror = () => reject(request.error);
	});
}

/** What this browser keeps, or `undefined` when its storage is refused or missing. */
async function readKept(): Promise<
	{ signing: [string, SigningKey][]; encryption: [string, EncryptionKey][] } | undefined
> {
	if (typeof indexedDB === 'undefined') return undefined;
	try {
		const db = await open();
		try {
			const [signing, encryption] = await Promise.all([
				entries(db, SIGNING),
				entries(db, ENCRYPTION)
			]);
			return {
				signing: signing.filter(
					(e): e is [string, SigningKey] => isSigningKey(e[1]) && signingIdMatches(e[0], e[1])
				),
				encryption: encryption.filter((e): e is [string, EncryptionKey] => isEncryptionKey(e[1]))
			};
		} finally {
			db.close();
		}
	} catch {
		return undefined;
	}
}

/** How many keys this browser keeps, by kind; `undefined` when storage is refused. */
export async function keptKeyCounts(): Promise<
	{ signing: number; decryption: number } | undefined
> {
	const kept = await readKept();
	return kept && { signing: kept.signing.length, decryption: kept.encryption.length };
}

/**
 * What the decoder can verify and decrypt with: `kept` (this browser keeps simulator keys),
 * `none` (no flow has made any yet), `unavailable` (the browser refuses storage: only keys made
 * in this tab, if any, are there). The counts are of the keys usable now, kept or made here.
 */
export type KeysOnHand = {
	code: 'kept' | 'none' | 'unavailable';
	signing: number;
	decryption: number;
};

/**
 * Puts the kept keys where the decoder's "simulator keys" are looked up (this tab's pools),
 * generating none and exporting none: the CryptoKeys come out of IndexedDB as they went in.
 */
export async function loadKeptKeys(): Promise<KeysOnHand> {
	const kept = await readKept();
	if (kept) {
		adoptSigningKeys(kept.signing);
		adoptEncryptionKeys(kept.encryption);
	}
	const signing = (await generatedPublicKeys()).length;
	const decryption = (await generatedDecryptionKeys()).length;
	const code = !kept ? 'unavailable' : signing + decryption > 0 ? 'kept' : 'none';
	return { code, signing, decryption };
}
