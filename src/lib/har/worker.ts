/// <reference lib="webworker" />
/**
 * Imports a HAR off the page's main thread, so a large file never freezes the tab. One worker
 * serves one file: the page ends it to cancel, and starts a fresh one for the next file.
 */
import { importHar, type HarImportOptions } from './index';
import { IMPORT_BUDGET_MS } from './read';
import { overBudget } from './budget';

self.onmessage = async (
	event: MessageEvent<{ id: number; text: string | Blob; options: HarImportOptions }>
) => {
	const started = Date.now();
	const { id, text, options } = event.data;
	const onProgress = (done: number, total: number) =>
		self.postMessage({ id, progress: { done, total } });
	// A chosen file is read here, not on the page's thread (30 MB of UTF-8 is a long task there).
	const source = typeof text === 'string' ? text : await text.text();
	// The page sends the budget (one that did not still gets the same limit); reading counts.
	const budget = options.budgetMs ?? IMPORT_BUDGET_MS;
	const budgetMs = Math.max(0, budget - (Date.now() - started));
	const result = await importHar(source, { ...options, budgetMs, onProgress });
	// The importer looks at its clock only between stages: a result that came in late is refused
	// like one that noticed in time, rather than handed to a page that was promised an answer by now
	// (a late result is a large one, and copying it to the page is itself seconds of work there).
	self.postMessage({ id, result: Date.now() - started > budget ? overBudget(budget) : result });
};
