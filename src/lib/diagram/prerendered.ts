/**
 * Drawings prerendered at build time, one per flow and theme at the flow's default settings
 * (static/diagrams, written by `npm run diagrams` through the page itself, in Chromium, with the
 * shipped font). A first visit shows one before its run ends; the run's own Mermaid text then
 * confirms it, or it is drawn again (render.ts `renderTrace`). tests/unit/diagram/prerendered
 * fails when a file no longer matches its flow's text, Mermaid or the font.
 */
import type { DiagramLayout } from './mermaidText';

/** A prerendered drawing's file: Mermaid's SVG (ids as `ANY_ID`), and the layout it draws. */
export interface PrerenderedDrawing {
	v: 1;
	flow: string;
	dark: boolean;
	/** drawingContext(): Mermaid's version, the font's digest, the configuration. */
	context: string;
	layout: DiagramLayout;
	svg: string;
	/** The sides the page fits the drawing to (fitDrawing.ts), for a copy in the page's HTML. */
	viewBox: string;
}

export const prerenderedPath = (flow: string, dark: boolean) =>
	`/diagrams/${flow}.${dark ? 'dark' : 'light'}.json` as const;

/**
 * Whether a page's address asks for the flow's default settings: only then can its drawing be
 * the prerendered one. A step (or none) is not a setting.
 */
export function asksDefaults(search: URLSearchParams): boolean {
	return [...search.keys()].every((name) => name === 'step');
}

function isDrawing(value: unknown, flow: string, dark: boolean): value is PrerenderedDrawing {
	const d = value as PrerenderedDrawing;
	return (
		typeof d === 'object' &&
		d !== null &&
		d.v === 1 &&
		d.flow === flow &&
		d.dark === dark &&
		typeof d.svg === 'string' &&
		d.svg.startsWith('<svg') &&
		typeof d.layout?.text === 'string' &&
		Array.isArray(d.layout.steps)
	);
}

/**
 * The prerendered drawing, or undefined (none built, offline, a file of another shape): the page
 * then draws once its run ends, as it always could.
 */
export async function fetchPrerendered(
	url: string,
	flow: string,
	dark: boolean
): Promise<PrerenderedDrawing | undefined> {
	try {
		const response = await fetch(url);
		if (!response.ok) return undefined;
		const body: unknown = await response.json();
		return isDrawing(body, flow, dark) ? body : undefined;
	} catch {
		return undefined;
	}
}
