/**
 * The simulator's signing keys, kept in this browser's IndexedDB so a later visit signs with
 * them instead of waiting for new RSA keys. The private keys are stored as CryptoKeys generated
 * non-extractable: this page can sign with them, nothing can read them out. Only the issuer's
 * keys are kept; the attacker's are never kept (see sim/attacker).
 */
import { forgetPooledKeys, useKeyStore, type KeyStore, type SigningKey } from '$lib/core/jwt/keys';

const DB = 'tokenstep-keys';
const STORE = 'signing-keys';

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(DB, 1);
		request.onupgradeneeded = () => request.result.createObjectStore(STORE);
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>) {
	return open().then((db) =>
		new Promise<T>((resolve, reject) => {
			const request = work(db.transaction(STORE, mode).objectStore(STORE));
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		}).finally(() => db.close())
	);
}

/** A stored record is trusted only if it still looks like a key this code saved. */
function isSigningKey(value: unknown): value is SigningKey {
	if (typeof value !== 'object' || value === null) return false;
	const key = value as Partial<SigningKey>;
	return (
		typeof key.kid === 'string' &&
		typeof key.alg === 'string' &&
		key.privateKey instanceof CryptoKey &&
		key.privateKey.type === 'private' &&
		!key.privateKey.extractable &&
		key.publicJwk?.kid === key.kid
	);
}

const indexedDbStore: KeyStore = {
	async load(id) {
		const value = await run('readonly', (store) => store.get(id));
		return isSigningKey(value) ? value : undefined;
	},
	async save(id, key) {
		// Only non-extractable keys are kept: nothing stored here can be exported.
		if (key.privateKey.extractable) return;
		await run('readwrite', (store) => store.put(key, id));
	}
};

/** Browser only: from now on the simulator keeps its keys across visits. */
export function keepKeys(): void {
	if (typeof indexedDB !== 'undefined') useKeyStore(indexedDbStore);
}

/** Deletes the kept keys; the next run in any tab generates new ones. */
export async function forgetKeys(): Promise<void> {
	forgetPooledKeys();
	await new Promise<void>((resolve, reject) => {
		const request = indexedDB.deleteDatabase(DB);
		request.onsuccess = () => resolve();
		request.onerror = () => reject(request.error);
		// Another tab holds the database open: it is deleted once that tab lets go.
		request.onblocked = () => resolve();
	});
}

/** How many keys this browser keeps (0 when none, or when storage is refused). */
export async function keptKeyCount(): Promise<number> {
	try {
		return await run('readonly', (store) => store.count());
	} catch {
		return 0;
	}
}
