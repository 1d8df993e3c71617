import { describe, expect, it } from 'vitest';
import {
	KEPT_DRAWINGS,
	drawingId,
	drawingKey,
	drawnBefore,
	forgetDrawings,
	keepDrawing,
	keptDrawing
} from '../../../src/lib/diagram/drawingCache';

/** An in-memory Storage; `limit` makes setItem throw like a full localStorage. */
function memoryStorage(limit = Infinity): Storage {
	const items = new Map<string, string>();
	return {
		get length() {
			return items.size;
		},
		clear: () => items.clear(),
		getItem: (k) => items.get(k) ?? null,
		key: (i) => [...items.keys()][i] ?? null,
		removeItem: (k) => void items.delete(k),
		setItem: (k, v) => {
			const used = [...items].reduce((n, [key, value]) => n + key.length + value.length, 0);
			if (used + k.length + v.length > limit) throw new DOMException('full', 'QuotaExceededError');
			items.set(k, v);
		}
	};
}

const svg = (id: string, label = 'GET /authorize') =>
	`<svg id="${id}"><style>#${id} .actor{fill:red}</style><marker id="${id}-arrowhead"/><text>${label}</text></svg>`;

describe('drawingKey', () => {
	it('changes with the text, the theme and the context, and only with them', async () => {
		const base = { text: 'sequenceDiagram\nA->>B: x', dark: false, context: 'build 1' };
		const key = await drawingKey(base);
		expect(await drawingKey({ ...base })).toBe(key);
		expect(await drawingKey({ ...base, text: `${base.text} ` })).not.toBe(key);
		expect(await drawingKey({ ...base, dark: true })).not.toBe(key);
		expect(await drawingKey({ ...base, context: 'build 2' })).not.toBe(key);
		expect(key).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('kept drawings', () => {
	it('gives a drawing back under the new id, with its labels untouched', () => {
		const storage = memoryStorage();
		const first = drawingId();
		// A label that names an id-like string is text, and stays as drawn.
		const drawn = svg(first, `label ts-diagram-1 ${first}x`);
		keepDrawing(storage, { key: 'k', flow: 'implicit' }, drawn, first);
		const second = drawingId();
		expect(second).not.toBe(first);
		const kept = keptDrawing(storage, 'k', second);
		expect(kept).toBe(drawn.replaceAll(first, second));
		expect(kept).toContain('label ts-diagram-1');
		expect(drawnBefore(storage, 'implicit')).toBe(true);
		expect(drawnBefore(storage, 'hybrid')).toBe(false);
	});

	it('has nothing for an unknown key, missing storage or a stored value that is not SVG', () => {
		const storage = memoryStorage();
		expect(keptDrawing(storage, 'nope', drawingId())).toBeUndefined();
		expect(keptDrawing(undefined, 'nope', drawingId())).toBeUndefined();
		storage.setItem('tokenstep:drawing:bad', '<script>x</script>');
		expect(keptDrawing(storage, 'bad', drawingId())).toBeUndefined();
		expect(drawnBefore(undefined, 'implicit')).toBe(false);
	});

	it(`keeps the newest ${KEPT_DRAWINGS} and drops older ones from storage`, () => {
		const storage = memoryStorage();
		for (let i = 0; i < KEPT_DRAWINGS + 3; i++) {
			const id = drawingId();
			keepDrawing(storage, { key: `k${i}`, flow: `f${i}` }, svg(id), id);
		}
		const id = drawingId();
		expect(keptDrawing(storage, 'k0', id)).toBeUndefined();
		expect(keptDrawing(storage, 'k2', id)).toBeUndefined();
		expect(keptDrawing(storage, 'k3', id)).toBeDefined();
		expect(keptDrawing(storage, `k${KEPT_DRAWINGS + 2}`, id)).toBeDefined();
		// The index and the drawings agree: one index entry and KEPT_DRAWINGS drawings.
		expect(storage.length).toBe(KEPT_DRAWINGS + 1);
	});

	it('keeps nothing, and forgets the rest, when storage is full', () => {
		const storage = memoryStorage(2_000);
		const small = drawingId();
		keepDrawing(storage, { key: 'small', flow: 'implicit' }, svg(small), small);
		expect(storage.length).toBe(2);
		const big = drawingId();
		keepDrawing(storage, { key: 'big', flow: 'hybrid' }, svg(big, 'x'.repeat(5_000)), big);
		expect(keptDrawing(storage, 'big', big)).toBeUndefined();
		expect(keptDrawing(storage, 'small', big)).toBeUndefined();
		expect(drawnBefore(storage, 'implicit')).toBe(false);
	});

	it('reads a corrupt index as empty, and forgetting clears everything it kept', () => {
		const storage = memoryStorage();
		storage.setItem('tokenstep:drawings', '{not json');
		expect(drawnBefore(storage, 'implicit')).toBe(false);
		storage.setItem('tokenstep:drawings', JSON.stringify([{ key: 1 }, 'x', null]));
		expect(drawnBefore(storage, 'implicit')).toBe(false);
		const id = drawingId();
		keepDrawing(storage, { key: 'k', flow: 'implicit' }, svg(id), id);
		forgetDrawings(storage);
		expect(storage.length).toBe(0);
	});
});
