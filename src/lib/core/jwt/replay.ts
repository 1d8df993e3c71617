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
