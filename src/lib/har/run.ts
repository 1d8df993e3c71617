import type { HarImport, HarImportOptions } from './index';

let worker: Worker | undefined;
let next = 0;

/**
 * Imports in a Web Worker (a file of many MB parses there, not on the page's thread); falls
 * back to the page itself where workers are unavailable. Browser only.
 */
export async function importInBackground(
	text: string,
	options: HarImportOptions
): Promise<HarImport> {
	try {
		worker ??= new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
		const id = ++next;
		const current = worker;
		return await new Promise<HarImport>((resolve, reject) => {
			const onmessage = (event: MessageEvent<{ id: number; result: HarImport }>) => {
				if (event.data.id !== id) return;
				current.removeEventListener('message', onmessage);
				resolve(event.data.result);
			};
			current.addEventListener('message', onmessage);
			current.addEventListener('error', reject, { once: true });
			current.postMessage({ id, text, options });
		});
	} catch {
		worker = undefined;
		const { importHar } = await import('./index');
		return importHar(text, options);
	}
}
