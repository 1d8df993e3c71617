import { expect, test } from 'vitest';
import {
	canShowAll,
	COPY_MAX,
	firstPart,
	MAX_SHOWN,
	nextPart,
	SHOW_ALL_MAX,
	SHOW_MORE,
	textBlob,
	type ShownPart
} from '../../src/lib/core/visible';

test('stepping through a 25 MB value never shows more than the cap and one step at once, and reaches its end', () => {
	const length = 25_000_000;
	let part: ShownPart = firstPart('x'.repeat(length));
	expect(part).toEqual({ from: 0, to: MAX_SHOWN });
	let steps = 0;
	let offeredAll = 0;
	while (part.to < length) {
		if (canShowAll(part, length)) offeredAll++;
		const next = nextPart(part, length);
		expect(next.to).toBe(Math.min(length, part.to + SHOW_MORE));
		expect(next.from).toBeGreaterThanOrEqual(part.from);
		expect(next.to - next.from).toBeLessThanOrEqual(MAX_SHOWN + SHOW_MORE);
		part = next;
		steps++;
	}
	expect(part.to).toBe(length);
	expect(steps).toBe(Math.ceil((length - MAX_SHOWN) / SHOW_MORE));
	// "Show all" only in the last steps, where at most SHOW_ALL_MAX is left.
	expect(offeredAll).toBe(Math.ceil(SHOW_ALL_MAX / SHOW_MORE));
	expect(canShowAll(part, length)).toBe(false);
});

test('"Show all" is offered exactly when something and at most SHOW_ALL_MAX characters are left', () => {
	expect(canShowAll(firstPart('x'.repeat(100)), 100)).toBe(false);
	const fits = MAX_SHOWN + SHOW_ALL_MAX;
	expect(canShowAll(firstPart('x'.repeat(fits)), fits)).toBe(true);
	expect(canShowAll(firstPart('x'.repeat(fits + 1)), fits + 1)).toBe(false);
	expect(canShowAll(nextPart(firstPart('x'.repeat(fits + 1)), fits + 1), fits + 1)).toBe(true);
});

test('a short value is shown whole from the start', () => {
	expect(firstPart('abc')).toEqual({ from: 0, to: 3 });
	expect(nextPart({ from: 0, to: 3 }, 3)).toEqual({ from: 0, to: 3 });
});

test('a long value becomes a file a MB at a time, byte for byte, with no surrogate pair split', async () => {
	// An emoji (a surrogate pair) straddling each 1 MB boundary, and text of every width.
	const unit = 'aé€😀';
	const text = `${'x'.repeat((1 << 20) - 1)}😀${unit.repeat(300_000)}😀`;
	const blob = await textBlob(text);
	expect(blob.type).toBe('text/plain');
	expect(await blob.text()).toBe(text);
	expect(blob.size).toBe(new TextEncoder().encode(text).length);
});

test('copying is offered only up to COPY_MAX characters', () => {
	expect(COPY_MAX).toBeLessThan(25_000_000);
	expect(COPY_MAX).toBeGreaterThan(MAX_SHOWN + SHOW_ALL_MAX);
});
