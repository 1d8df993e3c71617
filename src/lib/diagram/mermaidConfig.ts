/**
 * How the site asks Mermaid to draw: one configuration for the page, the prerendered drawings
 * (scripts/prerender-diagrams.ts draws them through the page itself) and the benchmark's
 * reference page. No SvelteKit imports: Node reads it too.
 */
import { DIAGRAM_FONT_FAMILY } from './font';

export const SEQUENCE = {
	showSequenceNumbers: true,
	mirrorActors: false,
	messageAlign: 'center',
	messageFontSize: 16,
	// Notes as large as labels: the smallest text sets how far a drawing may shrink.
	noteFontSize: 16,
	actorFontSize: 16,
	// Narrow lanes: the (wrapped) labels set the spacing, not empty actor boxes, so five lanes
	// fit a laptop's frame and a 700 px embed.
	width: 90,
	actorMargin: 10,
	noteMargin: 8,
	boxMargin: 8,
	wrap: false
} as const;

/** The shipped font first (Mermaid measures labels in it), the system's while it loads. */
export const FONT = `"${DIAGRAM_FONT_FAMILY}", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;

export function mermaidConfig(options: { dark: boolean }) {
	return {
		startOnLoad: false,
		securityLevel: 'strict' as const,
		theme: options.dark ? ('dark' as const) : ('neutral' as const),
		fontFamily: FONT,
		sequence: { ...SEQUENCE }
	};
}

/**
 * Everything besides the text and theme that shapes a drawing, for keys and checks: Mermaid's
 * version (the caller's), the font file's digest and the whole configuration in both themes.
 */
export function drawingContext(mermaidVersion: string, fontDigest: string): string {
	const config = [false, true].map((dark) => JSON.stringify(mermaidConfig({ dark })));
	return [`mermaid ${mermaidVersion}`, `font ${fontDigest}`, ...config].join('\n');
}
