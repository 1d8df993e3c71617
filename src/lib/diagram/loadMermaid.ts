/**
 * Loads Mermaid itself, for the renderer and for the preload alike: a module of its own, so the
 * lazy entry points and the renderer both import it and neither imports the other.
 */

/**
 * Mermaid's sequence-diagram code is a chunk of its own, which Mermaid asks for only when it
 * first parses one: fetched beside Mermaid, it is not a wave of downloads of its own. Found by
 * pattern, so a Mermaid release with another file name still matches; a miss only loses the
 * head start, never the drawing.
 */
const sequenceDiagram = import.meta.glob(
	'/node_modules/mermaid/dist/chunks/mermaid.core/sequenceDiagram-*.mjs'
);

export function importMermaid(): Promise<(typeof import('mermaid'))['default']> {
	return Promise.all([
		import('mermaid'),
		...Object.values(sequenceDiagram).map((load) => load().catch(() => undefined))
	]).then(([mermaid]) => mermaid.default);
}
