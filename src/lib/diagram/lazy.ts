/**
 * The diagram code (Mermaid text, renderer, and Mermaid itself) loads after the page is shown:
 * it is most of a page's weight, and nothing needs it before the first trace exists.
 */
export const diagramModule = () => import('./render');

/** Starts fetching the renderer and Mermaid while the first flow runs. */
export async function preloadDiagram(): Promise<void> {
	await (await diagramModule()).preloadMermaid();
}
