import { expect, test } from 'vitest';
import { shift } from '../../../src/lib/diagram/follow';

test('a followed label gets a 32 px margin where the frame has room, a smaller one where it has not, and is never left partly out', () => {
	// A tall band: the label below it comes up to 32 px above its bottom edge; one inside stays.
	expect(shift(900, 930, 100, 800)).toBe(930 - (800 - 32));
	expect(shift(400, 430, 100, 800)).toBe(0);
	expect(shift(90, 120, 100, 800)).toBe(90 - (100 + 32));
	// A band 39 px tall (a phone with its description open) and a two-line label 28 px tall:
	// the margin shrinks to 5.5 px and the label lands whole inside.
	const low = 584;
	const high = 623;
	const moved = shift(613, 641, low, high);
	expect(613 - moved).toBeGreaterThanOrEqual(low);
	expect(641 - moved).toBeLessThanOrEqual(high);
	// Larger than the band: its start is shown.
	expect(shift(500, 600, 584, 623)).toBe(500 - 584);
});
