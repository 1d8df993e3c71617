import type { Attachment } from 'svelte/attachments';
import { whenIdle } from '$lib/idle';

/**
 * A long list drawn in two goes: the rows a reader sees with the step, the rest once the browser
 * is idle, a frame or two later and before anyone could scroll to them. A step then builds and
 * lays out about a screenful of rows instead of every row of every token, and a reader who holds
 * the arrow key never pays for rows that were never seen. Rows once drawn stay drawn as long as
 * the list keeps the same rows (its `identity`), so stepping between two views of one token is
 * free.
 *
 * Call it while a component initialises: it owns an effect. Put `placeholder` on the element
 * that stands in for the rows not drawn yet: if it is on screen when the next frame is laid
 * out, the rest are drawn before that frame is painted, so a reader never sees a list fill in.
 * @param identity the rows, as one string: when it changes, drawing starts over from `eager`
 * @param total how many rows there are
 * @param eager how many to draw at once
 */
export function revealLater(
	identity: () => string,
	total: () => number,
	eager: () => number
): { readonly shown: number; readonly placeholder: Attachment<Element> } {
	/** Rows drawn beyond `eager`, for the rows they were drawn for. */
	let more = $state<{ rows: string; count: number }>();
	const shown = $derived(
		Math.min(
			total(),
			Math.max(eager(), more !== undefined && more.rows === identity() ? more.count : 0)
		)
	);
	$effect(() => {
		if (shown >= total()) return;
		const rows = identity();
		return whenIdle(() => (more = { rows, count: Infinity }), IDLE);
	});
	const placeholder: Attachment<Element> = (node) => {
		const rows = identity();
		let seen: IntersectionObserver | undefined;
		// Read where it is in the next frame, before it is painted, not in the step's own task:
		// the layout that read needs is then the one the frame does anyway, not one more. On
		// screen, every row is drawn then, in one go, and the frame shows them all.
		let frame = requestAnimationFrame(() => {
			frame = 0;
			const { top, bottom } = node.getBoundingClientRect();
			if (top < innerHeight && bottom > 0) {
				more = { rows, count: Infinity };
				return;
			}
			// Scrolled to (or uncovered by a resize) before the page was idle: draw the rest then.
			seen = new IntersectionObserver((entries) => {
				if (entries.some((entry) => entry.isIntersecting)) more = { rows, count: Infinity };
			});
			seen.observe(node);
		});
		return () => {
			if (frame) cancelAnimationFrame(frame);
			seen?.disconnect();
		};
	};
	return {
		get shown() {
			return shown;
		},
		placeholder
	};
}

/** Soon after the frame: a short timeout also lands after it where idle cannot be told. */
const IDLE = { within: 300, otherwiseAfter: 30 };
