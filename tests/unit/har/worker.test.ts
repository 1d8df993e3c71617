import { afterEach, beforeEach, expect, test, vi } from 'vitest';

const importHar = vi.fn();
vi.mock('../../../src/lib/har/index', () => ({ importHar }));

/** The worker's script, loaded with `self` standing in for the worker's global scope. */
async function loadWorker() {
	const posted: { id: number; result?: { codes: string[] }; progress?: unknown }[] = [];
	const scope = {
		postMessage: (data: (typeof posted)[number]) => posted.push(data),
		onmessage: undefined as unknown as (event: { data: unknown }) => Promise<void>
	};
	vi.stubGlobal('self', scope);
	vi.resetModules();
	await import('../../../src/lib/har/worker');
	return { posted, send: (data: unknown) => scope.onmessage({ data }) };
}

beforeEach(() => importHar.mockReset());
afterEach(() => vi.unstubAllGlobals());

const done = { codes: [], problems: [], trace: { steps: [1] } };

test('a chosen file is read in the worker, and the importer gets the budget left after reading', async () => {
	importHar.mockResolvedValue(done);
	const { posted, send } = await loadWorker();
	await send({ id: 7, text: new Blob(['{"log":{}}']), options: { budgetMs: 60_000 } });
	expect(importHar.mock.calls[0]![0]).toBe('{"log":{}}');
	const budget = importHar.mock.calls[0]![1].budgetMs as number;
	expect(budget).toBeLessThanOrEqual(60_000);
	expect(budget).toBeGreaterThan(50_000);
	expect(posted).toEqual([{ id: 7, result: done }]);
});

test('a result that came in past the budget is refused as HAR_OVER_BUDGET, not handed over', async () => {
	importHar.mockImplementation(async () => {
		await new Promise((resolve) => setTimeout(resolve, 60));
		return done;
	});
	const { posted, send } = await loadWorker();
	await send({ id: 1, text: '{}', options: { budgetMs: 20 } });
	expect(posted).toHaveLength(1);
	expect(posted[0]!.id).toBe(1);
	expect(posted[0]!.result!.codes).toEqual(['HAR_OVER_BUDGET']);
});
