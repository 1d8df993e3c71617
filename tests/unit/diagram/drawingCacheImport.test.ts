import { expect, it } from 'vitest';
import {
	drawingId,
	drawnBefore,
	keepDrawing,
	keepNoDrawings,
	keptDrawing,
	keptDrawingCount
} from '../../../src/lib/diagram/drawingCache';

// Its own file: `keepNoDrawings` holds for the rest of the module's life, as for a page's.

function memoryStorage(): Storage {
	const items = new Map<string, string>();
	return {
		get length() {
			return items.size;
		},
		clear: () => items.clear(),
		getItem: (k) => items.get(k) ?? null,
		key: (i) => [...items.keys()][i] ?? null,
		removeItem: (k) => void items.delete(k),
		setItem: (k, v) => void items.set(k, v)
	};
}

const svg = (id: string) => `<svg id="${id}"><text>idp.example /interaction/abc</text></svg>`;

it('drops what older versions kept (no version in the index, or no index entry) on first read', () => {
	const storage = memoryStorage();
	storage.setItem('tokenstep:drawings', JSON.stringify([{ key: 'old', flow: 'code-pkce' }]));
	storage.setItem('tokenstep:drawing:old', svg('x'));
	storage.setItem('tokenstep:drawing:orphan', svg('y'));
	storage.setItem('other', 'kept');
	expect(drawnBefore(storage, 'code-pkce')).toBe(false);
	expect(keptDrawing(storage, 'old', drawingId())).toBeUndefined();
	expect(storage.length).toBe(1);
	expect(storage.getItem('other')).toBe('kept');
});

it('keeps the drawings this version kept', () => {
	const storage = memoryStorage();
	const id = drawingId();
	keepDrawing(storage, { key: 'k', flow: 'implicit' }, svg(id), id);
	expect(keptDrawingCount(storage)).toBe(1);
	expect(keptDrawing(storage, 'k', drawingId())).toBeDefined();
});

it('after keepNoDrawings nothing is kept, and older drawings are dropped at once', () => {
	const storage = memoryStorage();
	storage.setItem('tokenstep:drawing:old', svg('x'));
	keepNoDrawings(storage);
	expect(storage.length).toBe(0);
	const id = drawingId();
	keepDrawing(storage, { key: 'import', flow: 'code-pkce' }, svg(id), id);
	expect(storage.length).toBe(0);
	expect(drawnBefore(storage, 'code-pkce')).toBe(false);
});
