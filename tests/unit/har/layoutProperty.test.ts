import fc from 'fast-check';
import type { Har } from 'har-format';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { importHar } from '../../../src/lib/har/index';
import { factsOf } from './facts';
import { noiseEntry, relayout } from './relayout';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/har');
const files = [
	...['code-pkce', 'refresh', 'implicit', 'form-post', 'state-mismatch'].map((n) => `${n}.har`),
	...readdirSync(join(DIR, 'providers'))
		.filter((f) => f.endsWith('.har'))
		.map((f) => `providers/${f}`)
];

const STATIC = /^(image|font|script|stylesheet|ping|media)$/;

/**
 * What an import finds and checks depends on the protocol, not on the layout: renaming hosts and
 * paths consistently, adding unrelated traffic anywhere and moving the page's own static files
 * never changes the issuer, the flows, or any check's outcome.
 */
describe.each(files)('%s: the same facts under any layout', (file) => {
	const text = readFileSync(join(DIR, file), 'utf8');
	const har = JSON.parse(text) as Har;
	const hosts = [...new Set(har.log.entries.map((e) => new URL(e.request.url).hostname))];
	const times = har.log.entries.map((e) => Date.parse(e.startedDateTime));
	const [start, end] = [Math.min(...times), Math.max(...times)];

	test('renamed hosts and paths, unrelated traffic shuffled in', async () => {
		const before = await importHar(text);
		expect(before.flows.length).toBeGreaterThan(0);
		const issuer = before.issuer!;
		const plan = fc.record({
			suffix: fc.constantFrom('-x', '_v2', '.alt', '-9'),
			renames: fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{2,10}$/), {
				minLength: hosts.length,
				maxLength: hosts.length
			}),
			noise: fc.array(
				fc.record({ kind: fc.nat(5), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
				{ maxLength: 12 }
			),
			moves: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 })
		});
		await fc.assert(
			fc.asyncProperty(plan, async ({ suffix, renames, noise, moves }) => {
				const changed = relayout(har, issuer, {
					suffix,
					hosts: new Map(hosts.map((h, i) => [h, `${renames[i]}-${i}.example`]))
				});
				const statics = changed.log.entries.filter((e) =>
					STATIC.test(String((e as { _resourceType?: string })._resourceType))
				);
				moves.forEach((m, i) => {
					const entry = statics[i % Math.max(statics.length, 1)];
					if (entry) entry.startedDateTime = new Date(start + m * (end - start)).toISOString();
				});
				for (const { kind, at } of noise)
					changed.log.entries.push(
						noiseEntry(kind, start + at * (end - start), 'cdn.noise.example')
					);
				const after = await importHar(JSON.stringify(changed));
				expect(factsOf(after)).toEqual(factsOf(before));
			}),
			{ numRuns: 6 }
		);
	}, 120_000);
});
