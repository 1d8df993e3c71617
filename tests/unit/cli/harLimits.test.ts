import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { main, type Io } from '../../../src/cli/export';
import * as har from '../../../src/lib/har/index';
import { IMPORT_BUDGET_MS, MAX_HAR_BYTES } from '../../../src/lib/har/read';
import { slowHar } from '../../fixtures/har/slow';

vi.mock('../../../src/lib/har/index', async (original) => {
	const real = await original<typeof import('../../../src/lib/har/index')>();
	return { ...real, importHar: vi.fn(real.importHar) };
});

function capture() {
	const io = { stdout: '', stderr: '' };
	const sink: Io = {
		out: (t) => (io.stdout += t),
		err: (t) => (io.stderr += t),
		write: () => {}
	};
	return { io, sink };
}

const dir = mkdtempSync(join(tmpdir(), 'har-limits-'));
const slow = join(dir, 'slow.har');
const huge = join(dir, 'huge.har');
const login = new URL('../../fixtures/har/code-pkce.har', import.meta.url).pathname;

beforeAll(() => {
	writeFileSync(slow, slowHar(20_000));
	// Sparse: the size is what is refused, before a byte is read.
	writeFileSync(huge, '{');
	truncateSync(huge, MAX_HAR_BYTES + 1);
});
afterAll(() => vi.restoreAllMocks());

describe('npm run export -- --har: the page’s limits', () => {
	test('an import past its budget stops: exit 1, HAR_OVER_BUDGET on stderr, nothing printed', async () => {
		const { io, sink } = capture();
		const started = performance.now();
		expect(await main(['--har', slow, '--budget-ms', '1'], sink)).toBe(1);
		expect(performance.now() - started).toBeLessThan(10_000);
		expect(io.stderr).toMatch(/^export: HAR_OVER_BUDGET: /m);
		expect(io.stdout).toBe('');
	});

	test('the budget is the page’s unless given, and a login well within it imports', async () => {
		const importHar = vi.mocked(har.importHar);
		importHar.mockClear();
		const { io, sink } = capture();
		expect(await main(['--har', login], sink)).toBe(0);
		expect(importHar.mock.calls[0]![1]!.budgetMs).toBe(IMPORT_BUDGET_MS);
		expect(io.stderr).toBe('');
		expect(await main(['--har', login, '--budget-ms', '60000'], capture().sink)).toBe(0);
		expect(importHar.mock.calls[1]![1]!.budgetMs).toBe(60_000);
	});

	test('a file over the size cap is refused unread: exit 1, HAR_TOO_LARGE on stderr', async () => {
		const { io, sink } = capture();
		expect(await main(['--har', huge], sink)).toBe(1);
		expect(io.stderr).toMatch(/^export: HAR_TOO_LARGE: /m);
		expect(io.stdout).toBe('');
	});

	test.each([['0'], ['-5'], ['1.5'], ['soon']])(
		'--budget-ms %s is refused with exit 2',
		async (value) => {
			const { io, sink } = capture();
			expect(await main(['--har', login, '--budget-ms', value], sink)).toBe(2);
			expect(io.stderr).toContain('--budget-ms');
		}
	);

	test('--budget-ms belongs to --har', async () => {
		expect(await main(['code-pkce', '--budget-ms', '100'], capture().sink)).toBe(2);
	});
});
