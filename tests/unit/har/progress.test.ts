import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { importHar, PROGRESS_EVERY } from '../../../src/lib/har/index';

const FIXTURE = new URL('../../fixtures/har/code-pkce.har', import.meta.url);

/** code-pkce.har followed by `extra` unrelated image requests. */
function padded(extra: number): string {
	const har = JSON.parse(readFileSync(FIXTURE, 'utf8'));
	const image = har.log.entries[1];
	for (let i = 0; i < extra; i++)
		har.log.entries.push({
			...image,
			request: { ...image.request, url: `${image.request.url}?${i}` }
		});
	return JSON.stringify(har);
}

test('the importer reports its progress by entry, in order, against the file’s entry count', async () => {
	const text = padded(1_200);
	const total = JSON.parse(text).log.entries.length;
	const reports: [number, number][] = [];
	const imported = await importHar(text, {
		onProgress: (done, total) => reports.push([done, total])
	});
	expect(imported.trace.steps.length).toBeGreaterThan(0);
	expect(reports.map(([, t]) => t)).toEqual(reports.map(() => total));
	expect(reports.map(([d]) => d)).toEqual(
		Array.from({ length: Math.ceil(total / PROGRESS_EVERY) }, (_, i) => i * PROGRESS_EVERY)
	);
});

test('progress is only reported, never needed: the import is the same without it', async () => {
	const text = padded(10);
	const a = await importHar(text);
	const b = await importHar(text, { onProgress: () => {} });
	expect(b.trace.steps.map((s) => s.label)).toEqual(a.trace.steps.map((s) => s.label));
});
