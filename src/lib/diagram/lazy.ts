/**
 * The diagram code (Mermaid text, renderer, and Mermaid itself) loads after the page is shown:
 * it is most of a page's weight, and nothing needs it before the first trace exists.
 */
import { browserStorage } from '../storage';
import { importMermaid } from './loadMermaid';

export const diagramModule = () => import('./render');

/**
 * Starts fetching the renderer and Mermaid while the first flow runs. Mermaid is asked for here
 * too, beside the renderer rather than after it arrives: one wave of downloads instead of two.
 * A flow this browser has drawn before most likely shows a kept drawing: Mermaid then waits
 * until a drawing needs it, and so does a page that shows a prerendered drawing (`prerendered`):
 * its downloads would only delay the drawing's. Either way Mermaid comes once the page is idle,
 * for the next settings change.
 */
export async function preloadDiagram(flow?: string, { prerendered = false } = {}): Promise<void> {
	const renderer = diagramModule();
	// The store of kept drawings comes with the renderer, not in the page's first scripts.
	const kept = flow ? (await import('./drawingCache')).drawnBefore(browserStorage(), flow) : false;
	if (prerendered || kept) {
		(await renderer).preloadMermaidWhenIdle();
		return;
	}
	const [diagram] = await Promise.all([renderer, importMermaid()]);
	await diagram.preloadMermaid();
}
