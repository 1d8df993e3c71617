/**
 * The browser's localStorage, or none where it is refused (third-party frames, some privacy
 * settings, where merely reading `localStorage` throws) or absent (Node). Callers then simply
 * remember nothing.
 */
export function browserStorage(): Storage | undefined {
	try {
		return globalThis.localStorage ?? undefined;
	} catch {
		return undefined;
	}
}

/** Stores `value` under `key` (null removes it); false when storage is refused or full. */
export function storeItem(key: string, value: string | null): boolean {
	try {
		const storage = browserStorage();
		if (!storage) return false;
		if (value === null) storage.removeItem(key);
		else storage.setItem(key, value);
		return true;
	} catch {
		return false;
	}
}
