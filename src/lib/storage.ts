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

/** Stores `value` under `key` (null removes it); where storage is refused or full, nothing is kept. */
export function storeItem(key: string, value: string | null): void {
	try {
		const storage = browserStorage();
		if (value === null) storage?.removeItem(key);
		else storage?.setItem(key, value);
	} catch {
		// full: nothing to keep it in
	}
}
