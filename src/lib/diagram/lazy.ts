/**
 * The diagram code (Mermaid text, renderer, and Mermaid itself) loads after the page is shown:
 * it is most of a page's weight, and nothing needs it before the first trace exists.
 */
import { browserStorage } from '../storage';
import { drawnBefore } from './drawingCache';
import { importMermaid } from './loadMermaid';

export const diagramModule = () => import('./render');

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
