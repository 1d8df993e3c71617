/**
 * The diagram code (Mermaid text, renderer, and Mermaid itself) loads after the page is shown:
 * it is most of a page's weight, and nothing needs it before the first trace exists.
 */
import { browserStorage } from '../storage';
import { drawnBefore } from './drawingCache';

export const diagramModule = () => import('./render');

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

/**
 * Starts fetching the renderer and Mermaid while the first flow runs. Mermaid is asked for here
 * too, beside the renderer rather than after it arrives: one wave of downloads instead of two.
 * A flow this browser has drawn before most likely shows a kept drawing: Mermaid then waits
 * until a drawing needs it.
 */
export async function preloadDiagram(flow?: string): Promise<void> {
	if (flow && drawnBefore(browserStorage(), flow)) {
		await diagramModule();
		return;
	}
	const [diagram] = await Promise.all([diagramModule(), importMermaid()]);
	await diagram.preloadMermaid();
}
