/**
 * Sideways swipes step the flow on a touch screen: the finger moving left shows the next step,
 * moving right the previous one, as a page turns. Touch events, not pointer events: the browser
 * cancels a pointer as soon as it pans, so pointer events would need `touch-action: pan-y` on
 * the diagram and a wide diagram could no longer be panned sideways. Touch events keep coming
 * while the browser scrolls, and a swipe that something under the finger could scroll that way
 * is left to the scroll.
 */

/** How far (px) the finger must move sideways, and how much more sideways than up or down. */
export const SWIPE = { distance: 50, ratio: 2 } as const;

/** Whether something under the finger could scroll sideways, each way, when the touch began. */
export type ScrollRoom = { left: boolean; right: boolean };

/**
 * What a finished one-finger gesture means: true for the next step, false for the previous one,
 * undefined for no step (too short, not sideways enough, or a scroll that had room that way).
 */
export function swipeStep(dx: number, dy: number, room: ScrollRoom): boolean | undefined {
	if (Math.abs(dx) < SWIPE.distance || Math.abs(dx) < SWIPE.ratio * Math.abs(dy)) return;
	// Moving left scrolls the content rightwards: a scroller with room there takes it.
	if (dx < 0) return room.right ? undefined : true;
	return room.left ? undefined : false;
}

/** Where the elements from `target` up to `root` could scroll sideways. */
export function scrollRoom(target: Element | null, root: Element): ScrollRoom {
	const room = { left: false, right: false };
	for (let el = target; el; el = el.parentElement) {
		const overflow = el.scrollWidth - el.clientWidth;
		if (overflow > 1 && /auto|scroll/.test(getComputedStyle(el).overflowX)) {
			room.left ||= el.scrollLeft > 0;
			room.right ||= el.scrollLeft < overflow - 1;
		}
		if (el === root) break;
	}
	return room;
}

/** Form fields keep their own drags (the step slider). */
const OWN_DRAG = 'input, select, textarea, [contenteditable]:not([contenteditable="false"])';

/**
 * Steps on sideways swipes over `root` (passive listeners: scrolling is never held up). Returns
 * a function that stops listening.
 */
export function swipes(root: HTMLElement, step: (next: boolean) => void): () => void {
	let start: { x: number; y: number; room: ScrollRoom } | undefined;
	const begin = (event: TouchEvent) => {
		const touch = event.touches[0];
		const target = event.target instanceof Element ? event.target : null;
		// A second finger (a pinch) or a form field's own drag is no swipe.
		start =
			event.touches.length === 1 && touch && !target?.closest(OWN_DRAG)
				? { x: touch.clientX, y: touch.clientY, room: scrollRoom(target, root) }
				: undefined;
	};
	const end = (event: TouchEvent) => {
		const touch = event.changedTouches[0];
		const from = start;
		start = undefined;
		if (!from || !touch || event.touches.length) return;
		const next = swipeStep(touch.clientX - from.x, touch.clientY - from.y, from.room);
		if (next !== undefined) step(next);
	};
	const cancel = () => (start = undefined);
	const options = { passive: true };
	root.addEventListener('touchstart', begin, options);
	root.addEventListener('touchend', end, options);
	root.addEventListener('touchcancel', cancel, options);
	return () => {
		root.removeEventListener('touchstart', begin);
		root.removeEventListener('touchend', end);
		root.removeEventListener('touchcancel', cancel);
	};
}
