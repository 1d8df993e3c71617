/// <reference lib="webworker" />
/** Imports a HAR off the page's main thread, so a large file never freezes the tab. */
import { importHar, type HarImportOptions } from './index';

self.onmessage = async (
	event: MessageEvent<{ id: number; text: string; options: HarImportOptions }>
) => {
	const { id, text, options } = event.data;
	self.postMessage({ id, result: await importHar(text, options) });
};
