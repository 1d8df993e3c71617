/**
 * Single-use identifiers (`jti`) seen so far, each kept only while the JWT that carried it could
 * still be accepted: after that the JWT itself is refused as expired, so the entry can go.
 */
export class JtiCache {
	#seen = new Map<string, number>();

	/** Whether `key` was used and is still remembered at `now`. */
	has(key: string, now: number): boolean {
		this.#prune(now);
		return this.#seen.has(key);
	}

	/** Remembers `key` until `until` (seconds since the epoch). */
	remember(key: string, until: number, now: number): void {
		this.#prune(now);
		this.#seen.set(key, Math.max(until, this.#seen.get(key) ?? 0));
	}

	get size(): number {
		return this.#seen.size;
	}

	#prune(now: number): void {
		for (const [key, until] of this.#seen) if (until < now) this.#seen.delete(key);
	}
}

/** Single use of one kind of JWT's `jti`, in a cache several kinds share. */
export interface JtiReplay {
	/** Whether this jti was already accepted. */
	seen(jti: string, now: number): boolean;
	/** Remembers an accepted JWT's jti for as long as the JWT itself could be accepted. */
	remember(claims: Record<string, unknown>, now: number): void;
}

/**
 * A kind's jtis, kept in `cache` as `<name> <jti>` (so a request object's jti never blocks an
 * assertion's) until `keepUntil` of the claims: no longer needed once the JWT would be refused.
 */
export function jtiReplay(
	cache: JtiCache,
	name: string,
	keepUntil: (claims: Record<string, unknown>) => number | undefined
): JtiReplay {
	return {
		seen: (jti, now) => cache.has(`${name} ${jti}`, now),
		remember: (claims, now) => {
			const until = keepUntil(claims);
			if (typeof claims.jti === 'string' && until !== undefined)
				cache.remember(`${name} ${claims.jti}`, until, now);
		}
	};
}

/** Until the JWT expires: after that its `exp` refuses it anyway. */
export const untilExpiry = (claims: Record<string, unknown>): number | undefined =>
	typeof claims.exp === 'number' ? claims.exp : undefined;
