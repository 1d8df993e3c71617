import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { importHar } from '../../../src/lib/har/index';
import { IMPORT_BUDGET_MS, IMPORT_GRACE_MS } from '../../../src/lib/har/read';
import { cancelImport, ImportCancelled, importInBackground } from '../../../src/lib/har/run';
import { slowHar } from '../../fixtures/har/slow';

/** A stand-in for the import worker: records what it was sent, answers only when told. */
class FakeWorker {
	static made: FakeWorker[] = [];
	sent: { id: number; text: string | Blob; options: Record<string, unknown> }[] = [];
	terminated = false;
	#listeners: Record<string, ((event: unknown) => void)[]> = {};
	constructor() {
		FakeWorker.made.push(this);
	}
	addEventListener(type: string, listener: (event: unknown) => void) {
		(this.#listeners[type] ??= []).push(listener);
	}
	postMessage(data: FakeWorker['sent'][number]) {
		this.sent.push(data);
	}
	terminate() {
		this.terminated = true;
	}
	answer(data: unknown) {
		for (const listener of this.#listeners.message ?? []) listener({ data });
	}
}

describe('the import worker’s time budget', () => {
	beforeEach(() => {
		FakeWorker.made = [];
		vi.useFakeTimers();
		vi.stubGlobal('Worker', FakeWorker);
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	/** Whether the promise has settled, and with what, after the timers ran. */
	async function settled<T>(promise: Promise<T>): Promise<T | 'pending'> {
		return Promise.race([promise, Promise.resolve('pending' as const)]);
	}

	test('the worker is given the budget, and a worker silent past budget and grace is ended with HAR_OVER_BUDGET', async () => {
		const running = importInBackground('{"log":{"entries":[]}}', {});
		await vi.advanceTimersByTimeAsync(0);
		const [worker] = FakeWorker.made;
		expect(worker!.sent[0]!.options.budgetMs).toBe(IMPORT_BUDGET_MS);

		// Still inside its budget and grace: left to work.
		await vi.advanceTimersByTimeAsync(IMPORT_BUDGET_MS + IMPORT_GRACE_MS - 10);
		expect(await settled(running)).toBe('pending');
		expect(worker!.terminated).toBe(false);

		await vi.advanceTimersByTimeAsync(20);
		const result = await settled(running);
		expect(result).not.toBe('pending');
		if (result === 'pending') return;
		expect(result.codes).toEqual(['HAR_OVER_BUDGET']);
		expect(result.trace.steps).toEqual([]);
		expect(worker!.terminated).toBe(true);
	});

	test('a chosen file goes to the worker unread: the page never turns its MB into a string', async () => {
		const file = new Blob(['{"log":{"entries":[]}}']);
		const read = vi.spyOn(file, 'text');
		const running = importInBackground(file, {});
		await vi.advanceTimersByTimeAsync(0);
		expect(FakeWorker.made[0]!.sent[0]!.text).toBe(file);
		expect(read).not.toHaveBeenCalled();
		cancelImport();
		await expect(running).rejects.toBeInstanceOf(ImportCancelled);
	});

	test('a budget given in the options is the one used, by the worker and by the guard', async () => {
		const running = importInBackground('{}', { budgetMs: 100 });
		await vi.advanceTimersByTimeAsync(0);
		expect(FakeWorker.made[0]!.sent[0]!.options.budgetMs).toBe(100);
		await vi.advanceTimersByTimeAsync(100 + IMPORT_GRACE_MS + 1);
		const result = await settled(running);
		expect(result !== 'pending' && result.codes).toEqual(['HAR_OVER_BUDGET']);
	});

	test('an answer in time is passed on, and the guard never fires after it; the next import has its own worker', async () => {
		const first = importInBackground('{}', {});
		await vi.advanceTimersByTimeAsync(0);
		const worker = FakeWorker.made[0]!;
		const answer = { codes: [], problems: [], trace: { steps: [] } };
		worker.answer({ id: worker.sent[0]!.id, result: answer });
		expect(await first).toBe(answer);
		expect(worker.terminated).toBe(true);

		const second = importInBackground('{}', {});
		await vi.advanceTimersByTimeAsync(IMPORT_BUDGET_MS);
		const next = FakeWorker.made[1]!;
		expect(next).not.toBe(worker);
		next.answer({ id: next.sent[0]!.id, result: answer });
		expect(await second).toBe(answer);
		await vi.advanceTimersByTimeAsync(IMPORT_BUDGET_MS + IMPORT_GRACE_MS);
		expect(next.terminated).toBe(true);
	});
});

describe('the importer’s own clock', () => {
	test('past its budget the importer stops with HAR_OVER_BUDGET and draws nothing; within it, it imports', async () => {
		const text = slowHar(3_000);
		const over = await importHar(text, { budgetMs: 0 });
		expect(over.codes).toEqual(['HAR_OVER_BUDGET']);
		expect(over.trace.steps).toEqual([]);
		const within = await importHar(text, { budgetMs: 60_000 });
		expect(within.codes).not.toContain('HAR_OVER_BUDGET');
		expect(within.trace.steps.length).toBeGreaterThan(3_000);
	});
});
