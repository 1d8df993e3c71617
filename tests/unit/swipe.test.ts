import { describe, expect, it } from 'vitest';
import { SWIPE, swipeStep } from '../../src/lib/state/swipe';

const free = { left: false, right: false };

describe('swipeStep: what a finished one-finger gesture means', () => {
	it('a swipe to the left is the next step, to the right the previous one', () => {
		expect(swipeStep(-80, 5, free)).toBe(true);
		expect(swipeStep(80, -5, free)).toBe(false);
	});

	it('a short move is a tap or a wobble, not a swipe', () => {
		expect(swipeStep(-(SWIPE.distance - 1), 0, free)).toBeUndefined();
		expect(swipeStep(SWIPE.distance, 0, free)).toBe(false);
	});

	it('a mostly vertical move is a scroll, not a swipe', () => {
		expect(swipeStep(-80, 60, free)).toBeUndefined();
		expect(swipeStep(-80, 39, free)).toBe(true);
		expect(swipeStep(-80, -41, free)).toBeUndefined();
	});

	it('a scroller under the finger with room that way takes the swipe; room the other way does not', () => {
		// The finger moving left scrolls content rightwards.
		expect(swipeStep(-80, 0, { left: false, right: true })).toBeUndefined();
		expect(swipeStep(-80, 0, { left: true, right: false })).toBe(true);
		expect(swipeStep(80, 0, { left: true, right: false })).toBeUndefined();
		expect(swipeStep(80, 0, { left: false, right: true })).toBe(false);
	});
});
