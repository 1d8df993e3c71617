/// <reference lib="webworker" />
/**
 * Imports a HAR off the page's main thread, so a large file never freezes the tab. One worker
 * serves one file: the page ends it to cancel, and starts a fresh one for the next file.
 */
import { importHar, type HarImportOptions } from './index';
import { IMPORT_BUDGET_MS } from './read';

self.onmessage = async (
	event: MessageEvent<{ id: number; text: string; options: HarImportOptions }>
) => {
	const { id, text, options } = event.data;
	const onProgress = (done: number, total: number) =>
		self.postMessage({ id, progress: { done, total } });
	// The page sends the budget; one that did not still gets the same limit.
	const budgetMs = options.budgetMs ?? IMPORT_BUDGET_MS;
	self.postMessage({ id, result: await importHar(text, { ...options, budgetMs, onProgress }) });
};
