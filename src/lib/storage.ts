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
