/**
 * Bringing a message into view: in the diagram's frame on both axes and, where the page follows
 * the step, in the window. Loaded with the renderer, after the page is shown.
 */

/** Room kept around a followed label, in CSS pixels: less when the frame has no room for it. */
const MARGIN = 32;

interface Band {
	top: number;
	bottom: number;
	left: number;
	right: number;
}

/**
 * Where a label can be seen in the frame: inside its padding box, below its pinned lane row, and
 * inside the window.
 */
function band(frame: HTMLElement): Band {
	const box = frame.getBoundingClientRect();
	const top = box.top + frame.clientTop;
	const left = box.left + frame.clientLeft;
	const lanes = frame.querySelector('.lanes')?.getBoundingClientRect().bottom ?? top;
	return {
		top: Math.max(top, lanes, 0),
		bottom: Math.min(top + frame.clientHeight, innerHeight),
		left: Math.max(left, 0),
		right: Math.min(left + frame.clientWidth, document.documentElement.clientWidth)
	};
}

/**
 * How far to scroll on one axis so [start, end] lies inside [low, high], with a margin that
 * shrinks to what the band has room for; something larger than the band shows its start.
 */
export function shift(start: number, end: number, low: number, high: number): number {
	const room = high - low - (end - start);
	if (room < 0) return start - low;
	const margin = Math.min(MARGIN, room / 2);
	if (start < low + margin) return start - (low + margin);
	if (end > high - margin) return end - (high - margin);
	return 0;
}

/** Scrolls only the frame, on both axes, just enough to show the element whole. */
export function scrollFrameTo(
	frame: HTMLElement,
	element: Element,
	behavior: ScrollBehavior = 'instant'
): void {
	const box = element.getBoundingClientRect();
	const view = band(frame);
	const dy = shift(box.top, box.bottom, view.top, view.bottom);
	const dx = shift(box.left, box.right, view.left, view.right);
	if (dx || dy) frame.scrollBy({ top: dy, left: dx, behavior });
}

/** Whether the element is whole inside the frame's visible band. */
function whole(frame: HTMLElement, element: Element): boolean {
	const box = element.getBoundingClientRect();
	const view = band(frame);
	return (
		box.top >= view.top &&
		box.bottom <= view.bottom &&
		box.left >= view.left &&
		box.right <= view.right
	);
}

/**
 * Brings the current message on screen, in the frame and (`page`) in the window, on both axes.
 * Without a note, its label is centred sideways so both ends of the arrow show; with one, the
 * note is shown as far as it fits, then the label surely. The labels' scroll margins keep them
 * clear of the pinned lane row; where a frame is smaller than those margins (a phone with its
 * description open), the label is fitted into what the frame shows.
 */
export function followStep(frame: HTMLElement, [label, note]: Element[], page: boolean): void {
	if (!page) {
		for (const element of [note, label]) if (element) scrollFrameTo(frame, element);
		return;
	}
	note?.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
	label?.scrollIntoView({
		block: 'nearest',
		inline: note ? 'nearest' : 'center',
		behavior: 'instant'
	});
	if (label && !whole(frame, label)) scrollFrameTo(frame, label);
}

/**
 * Brings a message's label into view, centred sideways so both ends of its arrow show, clear of
 * the pinned lane row, in the frame only or (`page`) in the window too.
 */
export function revealMessage(
	frame: HTMLElement,
	label: Element,
	page: boolean,
	behavior: ScrollBehavior
): void {
	if (!page) scrollFrameTo(frame, label, behavior);
	else label.scrollIntoView({ block: 'nearest', inline: 'center', behavior });
}

const stepElements = (container: Element, step: number) => [
	...container.querySelectorAll(`[data-step="${step}"]`)
];

/**
 * Marks the message a picked check's expected value came from (the nonce's authorization
 * request) like the current step: classes and data attributes on the drawn SVG, never a new
 * drawing. Returns the undo.
 */
export function markSource(container: Element, step: number): () => void {
	const marked = stepElements(container, step);
	for (const el of marked) {
		el.classList.add('ts-source');
		el.setAttribute('data-source', 'true');
	}
	return () => {
		for (const el of marked) {
			el.classList.remove('ts-source');
			el.removeAttribute('data-source');
		}
	};
}

/** How long a revealed message stays emphasised (the pulse runs within it). */
const FLASH_MS = 1600;

/**
 * Brings a message into view (in the frame on both axes, and on the page where the page
 * follows) in the next frame and briefly flashes it so the eye finds it. Returns the undo.
 */
export function flashMessage(
	frame: HTMLElement,
	container: Element,
	label: Element,
	step: number,
	page: boolean
): () => void {
	const flashed = stepElements(container, step);
	const frameId = requestAnimationFrame(() => {
		const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
		revealMessage(frame, label, page, reduced ? 'instant' : 'smooth');
		for (const el of flashed) el.setAttribute('data-flash', 'true');
	});
	const timer = setTimeout(() => {
		for (const el of flashed) el.removeAttribute('data-flash');
	}, FLASH_MS);
	return () => {
		cancelAnimationFrame(frameId);
		clearTimeout(timer);
		for (const el of flashed) el.removeAttribute('data-flash');
	};
}
