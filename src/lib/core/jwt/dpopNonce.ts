/**
 * A server's DPoP nonces (RFC 9449 §8 at an authorization server, §9 at a resource server): an
 * unpredictable value the server hands out in a `DPoP-Nonce` header and then requires in every
 * proof's `nonce` claim, so a proof cannot be made long before it is used. Each server keeps
 * its own; a nonce is accepted only by the server that issued it (§9).
 */
import { randomToken } from '../random';

/** How long one nonce is handed out before the next replaces it (the server's choice, §8.2). */
export const DPOP_NONCE_LIFETIME = 300;

export class DpopNonces {
	#current?: { value: string; issuedAt: number };
	#previous?: string;

	/** The nonce to hand out now; a new one once the current has served its lifetime. */
	current(now: number): string {
		if (!this.#current || now - this.#current.issuedAt >= DPOP_NONCE_LIFETIME) {
			// The one just replaced stays accepted until the end of the next lifetime: "servers keep
			// a window of recent nonces" (§8), so a client that fetched it a moment ago is not
			// refused; one older than that is gone.
			const recent = this.#current && now - this.#current.issuedAt < 2 * DPOP_NONCE_LIFETIME;
			this.#previous = recent ? this.#current!.value : undefined;
			// Unpredictable, in the nonce syntax 1*NQCHAR (§8.1): base64url characters only.
			this.#current = { value: randomToken(24), issuedAt: now };
		}
		return this.#current.value;
	}

	/** Whether `nonce` is one this server handed out recently. */
	accepts(nonce: unknown, now: number): boolean {
		const current = this.current(now);
		return typeof nonce === 'string' && (nonce === current || nonce === this.#previous);
	}

	/**
	 * The nonce a proof is checked against: its own when it is a recent one of ours, else the
	 * current one (which it then fails to match).
	 */
	expectedFor(nonce: unknown, now: number): string {
		return this.accepts(nonce, now) ? (nonce as string) : this.current(now);
	}
}
