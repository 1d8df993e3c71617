/**
 * Mermaid's drawings, kept in this browser. The same diagram text, in the same theme, drawn by
 * the same build, is the same SVG: a later visit shows the kept drawing of its own run's text
 * instead of loading Mermaid and laying the diagram out again. Entries are found by a hash of
 * that exact text, so nothing is shown that this run did not produce. Storage may be full,
 * refused or missing: then nothing is kept and Mermaid draws, as on a first visit.
 *
 * A page that draws what the reader brought (an imported HAR: hosts, paths, values) calls
 * `keepNoDrawings`: nothing drawn in that page's life is kept. Drawings kept by older versions,
 * which kept imports too, are dropped the first time a page reads the store.
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
export const ANY_ID = '\u0000';

interface Entry {
	key: string;
	flow: string;
}
/** Index entries this version writes; an entry without it was kept by an older version. */
const VERSION = 2;
type StoredEntry = Entry & { v: typeof VERSION };

let keeping = true;
/**
 * Nothing drawn from now until the page is left is kept (an import's hosts and values), and what
 * older versions kept is dropped now.
 */
export function keepNoDrawings(storage: Storage | undefined): void {
	keeping = false;
	if (storage) sweepOld(storage);
}

const isCurrent = (e: unknown): e is StoredEntry =>
	typeof e === 'object' &&
	e !== null &&
	(e as StoredEntry).v === VERSION &&
	typeof (e as StoredEntry).key === 'string' &&
	typeof (e as StoredEntry).flow === 'string';

/** The index as stored, unchecked: empty when missing, corrupt or unreadable. */
function storedEntries(storage: Storage): unknown[] {
	try {
		const parsed: unknown = JSON.parse(storage.getItem(INDEX) ?? '[]');
		return Array.isArray(parsed) ? parsed : [];
	} catch {
		return [];
	}
}

const swept = new WeakSet<Storage>();
/**
 * Once a page: drops drawings older versions kept (their index entries have no version, and they
 * may be of an import) and any drawing no index entry names.
 */
function sweepOld(storage: Storage): void {
	if (swept.has(storage)) return;
	swept.add(storage);
	try {
		const entries = storedEntries(storage);
		const current = entries.filter(isCurrent);
		if (current.length !== entries.length) {
			if (current.length) storage.setItem(INDEX, JSON.stringify(current));
			else storage.removeItem(INDEX);
		}
		const named = new Set(current.map((e) => PREFIX + e.key));
		const stale: string[] = [];
		for (let i = 0; i < storage.length; i++) {
			const name = storage.key(i);
			if (name?.startsWith(PREFIX) && !named.has(name)) stale.push(name);
		}
		for (const name of stale) storage.removeItem(name);
	} catch {
		// refused: nothing can be read from it either
	}
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
	sweepOld(storage);
	return storedEntries(storage).filter(isCurrent);
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
		if (storage) sweepOld(storage);
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
	if (!storage || !keeping || svg.includes(ANY_ID)) return;
	const index = readIndex(storage).filter((e) => e.key !== entry.key);
	const kept: StoredEntry[] = [entry, ...index]
		.slice(0, KEPT_DRAWINGS)
		.map(({ key, flow }) => ({ key, flow, v: VERSION }));
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
