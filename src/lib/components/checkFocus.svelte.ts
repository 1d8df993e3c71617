import type { CheckRead, CheckSource } from '$lib/sim/checkInputs';

/**
 * The check a reader picked in the inspector, shared with the diagram and the token tables: the
 * diagram marks the message its expected value came from, the tables the members it reads.
 * One per page (a page shows one simulation); the inspector clears it when its step changes.
 */
class CheckFocus {
	/** The picked check's id, on the step at `step`. */
	check = $state<string>();
	step = $state<number>();
	/** The trace index of the message the expected value came from, and its field there. */
	source = $state<number>();
	field = $state<string>();
	/** What the check reads, as `token|part|name` (token: the checked token when empty). */
	reads = $state.raw<ReadonlySet<string>>(new Set());
	/** Bumped to ask the diagram to bring the source message into view. */
	reveal = $state(0);

	pick(step: number, check: string, from: CheckSource | undefined, reads: readonly CheckRead[]) {
		this.step = step;
		this.check = check;
		this.source = from?.index;
		this.field = from?.field;
		this.reads = new Set(reads.map(readKey));
	}

	clear() {
		if (this.check === undefined) return;
		this.check = this.step = this.source = this.field = undefined;
		this.reads = new Set();
	}
}

/** A read's key, as the token tables match it (`|payload|nonce`, `dpop|header|jwk`). */
export const readKey = (read: Pick<CheckRead, 'part' | 'name' | 'token'>): string =>
	`${read.token ?? ''}|${read.part}|${read.name}`;

export const checkFocus = new CheckFocus();
