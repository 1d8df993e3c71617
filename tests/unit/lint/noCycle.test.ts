import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, test } from 'vitest';

const RULE = 'import-x/no-cycle';
const root = fileURLToPath(new URL('../../..', import.meta.url));
const fixture = (name: string) => `tests/unit/lint/fixtures/${name}`;

/** Rule ids ESLint reports for a fixture file or folder, under the project's own config. */
async function ruleIds(eslint: ESLint, path: string): Promise<(string | null)[]> {
	const results = await eslint.lintFiles([fixture(path)]);
	expect(results.length).toBeGreaterThan(0);
	return results.flatMap((r) => r.messages.map((m) => m.ruleId));
}

describe('lint refuses import cycles (eslint.config.js)', () => {
	let eslint: ESLint;
	beforeAll(() => {
		// The project lint ignores the fixtures, so that the real tree stays clean; lint them here.
		eslint = new ESLint({ cwd: root, ignore: false });
	});

	test('a ⇄ b, imported without extension: both imports are reported', async () => {
		const results = await eslint.lintFiles([fixture('cycle')]);
		const reported = results.filter((r) => r.messages.some((m) => m.ruleId === RULE));
		expect(reported.map((r) => r.filePath.slice(root.length)).sort()).toEqual([
			fixture('cycle/a.ts'),
			fixture('cycle/b.ts')
		]);
	});

	test('a cycle through a rune module imported as ./counter.svelte is reported', async () => {
		// Only the plain .ts side is linted: a .svelte.ts file would start the type checker.
		expect(await ruleIds(eslint, 'rune-cycle/format.ts')).toContain(RULE);
	});

	test('a → b with no way back: nothing is reported', async () => {
		expect(await ruleIds(eslint, 'acyclic')).toEqual([]);
	});
});
