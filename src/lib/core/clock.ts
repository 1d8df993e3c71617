/**
 * Simulated time, in whole seconds since the epoch (the unit of JWT NumericDate).
 * Everything that needs "now" reads it from a Clock, so a flow can jump ten hours ahead
 * and watch an id_token expire without waiting.
 */
export class Clock {
	#now: number;

	constructor(start: number = Math.floor(Date.now() / 1000)) {
		if (!Number.isSafeInteger(start) || start < 0) {
			throw new RangeError(
				`Clock start must be a non-negative whole number of seconds, got ${start}`
			);
		}
		this.#now = start;
	}

	/** Current simulated time in seconds since the epoch. */
	now(): number {
		return this.#now;
	}

	/** Move time forward; time never runs backwards in a simulation. */
	advance(seconds: number): number {
		if (!Number.isFinite(seconds) || seconds < 0) {
			throw new RangeError(
				`Clock can only advance by a non-negative number of seconds, got ${seconds}`
			);
		}
		this.#now += Math.floor(seconds);
		return this.#now;
	}
}
