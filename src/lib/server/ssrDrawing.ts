/**
 * At build time only (server hooks, while pages are prerendered): a flow's prerendered drawing as
 * SVG markup for its page's HTML, so the diagram is on screen at the first paint, before any
 * script runs. The page replaces it with the same drawing from static/diagrams once its scripts
 * run (Diagram.svelte), and the run then confirms it by its text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrerenderedDrawing } from '$lib/diagram/prerendered';
import { prerenderedPath } from '$lib/diagram/prerendered';

const STATIC = join(process.cwd(), 'static');
/** The id Mermaid's scoped CSS and markers use in the page's copy (later drawings get fresh ones). */
const SSR_ID = 'ts-diagram-prerendered';
/** Elements a step marks (render.ts): drawn as future steps, as the page shows them before its first step. */
const STEP_CLASSES = /class="(messageText|messageLine[01]|sequenceNumber|note|noteText)"/g;

function read(flow: string, dark: boolean): PrerenderedDrawing | undefined {
	const file = join(STATIC, prerenderedPath(flow, dark));
	if (!existsSync(file)) return undefined;
	return JSON.parse(readFileSync(file, 'utf8')) as PrerenderedDrawing;
}

/**
 * Both themes in one SVG: the two drawings differ only in Mermaid's style sheet, so each comes
 * with the colour scheme it was drawn for (the page follows the system's until its scripts run).
 */
export function ssrDrawing(flow: string): string | undefined {
	const light = read(flow, false);
	const dark = read(flow, true);
	if (!light || !dark) return undefined;
	const style = /<style>([\s\S]*?)<\/style>/;
	const lightStyle = style.exec(light.svg)?.[1];
	const darkStyle = style.exec(dark.svg)?.[1];
	if (lightStyle === undefined || darkStyle === undefined) return undefined;
	return light.svg
		.replace(
			style,
			() =>
				`<style media="(prefers-color-scheme: light)">${lightStyle}</style>` +
				`<style media="(prefers-color-scheme: dark)">${darkStyle}</style>`
		)
		.replaceAll('\u0000', SSR_ID)
		.replace(/^<svg([^>]*?) style="[^"]*"/, '<svg$1')
		.replace(/^<svg([^>]*?) viewBox="[^"]*"/, `<svg$1 viewBox="${light.viewBox}"`)
		.replace(/^<svg([^>]*?) role="[^"]*"/, '<svg$1 role="img"')
		.replace(STEP_CLASSES, 'class="$1 ts-future"');
}

/** The drawing's width in SVG units, which sizes its frame (Diagram's --natural). */
export function ssrDrawingWidth(flow: string): number | undefined {
	const width = Number(read(flow, false)?.viewBox.split(' ')[2]);
	return Number.isFinite(width) && width > 0 ? width : undefined;
}
