import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importCycles } from './importGraph';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('no import cycles in src, type imports included', () => {
	test('src has none', () => {
		expect(importCycles(join(root, 'src'), join(root, 'src/lib'))).toEqual([]);
	});

	test('a cycle made only of `import type` is found', () => {
		const fixtures = join(root, 'tests/unit/lint/fixtures/type-cycle');
		expect(importCycles(fixtures)).toEqual([['a.ts', 'b.ts']]);
	});

	test('a → b with no way back is not a cycle', () => {
		expect(importCycles(join(root, 'tests/unit/lint/fixtures/acyclic'))).toEqual([]);
	});
});
