/**
 * The diagram's font: one shipped woff2 (a DejaVu Sans subset, see scripts/diagram-font.ts), so
 * Mermaid measures labels alike in every browser and a prerendered drawing matches a live one.
 */

/** The family's name in CSS (src/app.css declares it) and in Mermaid's configuration. */
export const DIAGRAM_FONT_FAMILY = 'Tokenstep Diagram';

/**
 * Code point ranges in the font, inclusive: Basic Latin, Latin-1, general punctuation, arrows,
 * the signs the labels use (✓ ✗ ⚠ − ≤ ≥ ≠). A character outside them falls back to the system's font.
 */
export const DIAGRAM_FONT_RANGES: readonly (readonly [number, number])[] = [
	[0x20, 0x7e],
	[0xa0, 0xff],
	[0x2010, 0x2027],
	[0x2030, 0x203a],
	[0x2190, 0x2199],
	[0x2212, 0x2212],
	[0x2260, 0x2260],
	[0x2264, 0x2265],
	[0x26a0, 0x26a0],
	[0x2713, 0x2713],
	[0x2717, 0x2717]
];

const hex = (n: number) => n.toString(16).toUpperCase();

/**
 * The font's @font-face rule, for the head of a page that draws diagrams (Diagram.svelte), ahead
 * of static/diagram-guard.js, which starts loading it while the page is parsed. `block`: a label
 * is never drawn in another font than the one it was measured in.
 */
export function diagramFontFace(url: string): string {
	const range = DIAGRAM_FONT_RANGES.map(([from, to]) =>
		from === to ? `U+${hex(from)}` : `U+${hex(from)}-${hex(to)}`
	).join(', ');
	return `@font-face { font-family: '${DIAGRAM_FONT_FAMILY}'; src: url(${JSON.stringify(url)}) format('woff2'); font-display: block; unicode-range: ${range}; }`;
}

/** Whether the font draws this character (a newline is layout, not a glyph). */
export function inDiagramFont(char: string): boolean {
	const code = char.codePointAt(0)!;
	return char === '\n' || DIAGRAM_FONT_RANGES.some(([from, to]) => code >= from && code <= to);
}

/**
 * Resolves once the font is ready to measure with (at most `within` ms: a font that fails to load
 * leaves Mermaid the fallback, never a blank diagram).
 */
export function diagramFontReady(within = 3000): Promise<unknown> {
	if (typeof document === 'undefined' || !document.fonts) return Promise.resolve();
	return Promise.race([
		document.fonts.load(`16px "${DIAGRAM_FONT_FAMILY}"`, 'A→✓').catch(() => undefined),
		new Promise((done) => setTimeout(done, within))
	]);
}
