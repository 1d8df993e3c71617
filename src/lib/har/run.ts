import type { HarImport, HarImportOptions } from './index';
import { IMPORT_BUDGET_MS, IMPORT_GRACE_MS } from './read';
import { overBudget } from './budget';

/** How far an import is: entries looked at, of all the file's entries. */
export interface ImportProgress {
	done: number;
	total: number;
}

/** Why an import ended without a result: cancelled, or replaced by a newer one. */
export class ImportCancelled extends Error {
	readonly code = 'IMPORT_CANCELLED';
	constructor() {
		super('the import was cancelled');
	}
}

/** The worker running the current import and how to end it. */
let current: { worker: Worker; stop: () => void } | undefined;
let next = 0;

/** Ends the running import, if any: its worker is terminated and its promise rejects. */
export function cancelImport(): void {
	current?.stop();
	current = undefined;
}

/**
 * Imports in a Web Worker (a file of many MB is read and parsed there, not on the page's thread:
 * a chosen file is handed over unread), a fresh one per import so one slow file never holds up
 * the next; a running import is ended first.
 * Rejects with `ImportCancelled` when cancelled. The import has `options.budgetMs`
 * (IMPORT_BUDGET_MS unless given) and says HAR_OVER_BUDGET past it; a worker still silent
 * IMPORT_GRACE_MS after that (stuck in one long JSON.parse or masking pass, where it cannot look
 * at its clock) is ended here with the same answer. Falls back to the page itself where workers
 * are unavailable. Browser only.
 */
export async function importInBackground(
	text: string | Blob,
	options: HarImportOptions,
	onProgress?: (progress: ImportProgress) => void
): Promise<HarImport> {
	cancelImport();
	const budgetMs = options.budgetMs ?? IMPORT_BUDGET_MS;
	let worker: Worker;
	try {
		worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
	} catch {
		const { importHar } = await import('./index');
		return importHar(typeof text === 'string' ? text : await text.text(), {
			...options,
			budgetMs,
			onProgress: (done, total) => onProgress?.({ done, total })
		});
	}
	const id = ++next;
	return new Promise<HarImport>((resolve, reject) => {
		// Counted from the hand-over: the worker's own clock starts later, so it always wins a tie.
		const deadline = setTimeout(() => {
			end();
			resolve(overBudget(budgetMs));
		}, budgetMs + IMPORT_GRACE_MS);
		const end = () => {
			clearTimeout(deadline);
			worker.terminate();
			if (current?.worker === worker) current = undefined;
		};
		current = {
			worker,
			stop: () => {
				end();
				reject(new ImportCancelled());
			}
		};
		worker.addEventListener(
			'message',
			(event: MessageEvent<{ id: number; result?: HarImport; progress?: ImportProgress }>) => {
				if (event.data.id !== id) return;
				if (event.data.progress) onProgress?.(event.data.progress);
				if (event.data.result) {
					end();
					resolve(event.data.result);
				}
			}
		);
		// A worker that cannot start (no module workers): import in the page, as before.
		worker.addEventListener('error', () => {
			end();
			import('./index')
				.then(async ({ importHar }) =>
					importHar(typeof text === 'string' ? text : await text.text(), {
						...options,
						budgetMs,
						onProgress: (done, total) => onProgress?.({ done, total })
					})
				)
				.then(resolve, reject);
		});
		// Options cross to the worker by structured clone: no functions.
		const { onProgress: _ignored, ...plain } = options;
		void _ignored;
		worker.postMessage({ id, text, options: { ...plain, budgetMs } });
	});
}
