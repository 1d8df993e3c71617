/**
 * Mermaid's drawings, kept in this browser. The same diagram text, in the same theme, drawn by
 * the same build, is the same SVG: a later visit shows the kept drawing of its own run's text
 * instead of loading Mermaid and laying the diagram out again. Entries are found by a hash of
 * that exact text, so nothing is shown that this run did not produce. Storage may be full,
 * refused or missing: then nothing is kept and Mermaid draws, as on a first visit.
 */

const PREFIX = 'tokenstep:drawing:';
const INDEX = 'tokenstep:drawings';
/** Drawings kept, newest first: a drawing is tens of KB and storage holds a few MB. */
export const KEPT_DRAWINGS = 12;
/**
 * Mermaid names a drawing's CSS scope and markers after the id it was drawn with; a kept drawing
 * holds this mark instead, which no drawn text can contain (labels show control characters as
 * code points), so renaming it never touches a label.
 */
const ANY_ID = '\u0000';

interface Entry {
	key: string;
	flow: string;
}

/** What is hashed into a drawing's key: anything that changes the SVG Mermaid would draw. */
export interface DrawingInput {
	/** The Mermaid text, as generated from the trace. */
	text: string;
	dark: boolean;
	/** Anything else that shapes the drawing: the build, Mermaid's configuration. */
	context: string;
}

export async function drawingKey(input: DrawingInput): Promise<string> {
	const material = new TextEncoder().encode(
		`${input.context}\n${input.dark ? 'dark' : 'light'}\n${input.text}`
	);
	const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', material));
	return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const nonce = Math.random().toString(36).slice(2, 10);
let drawings = 0;

/** A fresh id for a drawing: unique in the page, and too odd to occur in any drawn label. */
export function drawingId(): string {
	return `ts-diagram-${++drawings}-${nonce}`;
}

function readIndex(storage: Storage): Entry[] {
	try {
		const parsed: unknown = JSON.parse(storage.getItem(INDEX) ?? '[]');
		return Array.isArray(parsed)
			? parsed.filter(
					(e): e is Entry =>
						typeof e === 'object' &&
						e !== null &&
						typeof (e as Entry).key === 'string' &&
						typeof (e as Entry).flow === 'string'
				)
			: [];
	} catch {
		return [];
	}
}

/** How many drawings this browser keeps. */
export function keptDrawingCount(storage: Storage | undefined): number {
	return storage ? readIndex(storage).length : 0;
}

/** Whether this flow was drawn here before: then Mermaid is likely not needed to show it. */
export function drawnBefore(storage: Storage | undefined, flow: string): boolean {
	return !!storage && readIndex(storage).some((e) => e.flow === flow);
}

/**
 * The kept drawing for `key`, its ids renamed to `id`; undefined if none is kept. Ids must be
 * unique to the page and appear in no label: see `drawingId`.
 */
export function keptDrawing(
	storage: Storage | undefined,
	key: string,
	id: string
): string | undefined {
	try {
		const svg = storage?.getItem(PREFIX + key);
		return svg?.startsWith('<svg') ? svg.replaceAll(ANY_ID, id) : undefined;
	} catch {
		return undefined;
	}
}

/** Keeps a drawing, dropping the oldest beyond KEPT_DRAWINGS; gives up quietly when full. */
export function keepDrawing(
	storage: Storage | undefined,
	entry: Entry,
	svg: string,
	id: string
): void {
	if (!storage || svg.includes(ANY_ID)) return;
	const index = readIndex(storage).filter((e) => e.key !== entry.key);
	const kept = [entry, ...index].slice(0, KEPT_DRAWINGS);
	try {
		for (const old of index.slice(KEPT_DRAWINGS - 1)) storage.removeItem(PREFIX + old.key);
		storage.setItem(PREFIX + entry.key, svg.replaceAll(id, ANY_ID));
		storage.setItem(INDEX, JSON.stringify(kept));
	} catch {
		// Full or refused: forget every drawing rather than keep an index that lies.
		forgetDrawings(storage);
	}
}

export function forgetDrawings(storage: Storage | undefined): void {
	if (!storage) return;
	try {
		for (const e of readIndex(storage)) storage.removeItem(PREFIX + e.key);
		storage.removeItem(INDEX);
	} catch {
		// nothing to forget with
	}
}
