/**
 * npm run bench:ui: how fast the simulator page feels, measured in Debian's Chromium against the
 * built site, printed as JSON.
 * - first_diagram_ms: navigation start to the diagram drawn (User Timing mark set by the page).
 * - step_work_ms: a step key pressed to the highlight and inspector updated, style and layout
 *   included (everything the main thread must do before the frame can be painted).
 * - step_to_frame_ms: the same, up to the end of the next animation frame (includes waiting for
 *   the display's next frame, so it is bounded below by the frame clock, not by our work).
 */
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { CHROMIUM } from '../chromium';

const PORT = 4310;
const STEPS = Number(process.env.STEPS ?? 60);
const LOADS = 5;

const server = spawn(
	process.execPath,
	[
		'node_modules/vite/bin/vite.js',
		'preview',
		'--host',
		'127.0.0.1',
		'--port',
		String(PORT),
		'--strictPort'
	],
	{ stdio: 'ignore' }
);
const base = `http://127.0.0.1:${PORT}`;

async function waitForServer() {
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(base)).ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('preview server did not start');
}

const stats = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
	return {
		median: +at(0.5).toFixed(2),
		p95: +at(0.95).toFixed(2),
		max: +sorted.at(-1)!.toFixed(2),
		n: values.length
	};
};

try {
	await waitForServer();
	const browser = await chromium.launch(CHROMIUM);
	const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

	const firstDiagram: number[] = [];
	for (let i = 0; i < LOADS; i++) {
		await page.goto(`${base}/flow/no-revocation`);
		await page.waitForFunction(
			() => performance.getEntriesByName('tokenstep:diagram-ready').length > 0
		);
		firstDiagram.push(
			await page.evaluate(
				() => performance.getEntriesByName('tokenstep:diagram-ready')[0]!.startTime
			)
		);
	}

	const { work, frame, misses } = await page.evaluate(async (steps) => {
		const count = document.querySelectorAll('text.messageText[data-step]').length;
		const work: number[] = [];
		const frame: number[] = [];
		let misses = 0;
		let at = Number(
			document.querySelector('text.messageText.ts-current')?.getAttribute('data-step') ?? 0
		);
		let direction = 1;
		for (let i = 0; i < steps; i++) {
			if (at + direction < 0 || at + direction >= count) direction = -direction;
			const expected = at + direction;
			const t0 = performance.now();
			document.body.dispatchEvent(
				new KeyboardEvent('keydown', {
					key: direction > 0 ? 'ArrowRight' : 'ArrowLeft',
					bubbles: true
				})
			);
			// Svelte flushes its effects in a microtask; then force style and layout.
			await Promise.resolve();
			await Promise.resolve();
			document.body.getBoundingClientRect();
			work.push(performance.now() - t0);
			if (
				document.querySelector('text.messageText.ts-current')?.getAttribute('data-step') !==
				String(expected)
			)
				misses++;
			await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
			frame.push(performance.now() - t0);
			at = expected;
		}
		return { work, frame, misses };
	}, STEPS);

	await browser.close();
	const result = {
		page: '/flow/no-revocation',
		first_diagram_ms: stats(firstDiagram),
		step_work_ms: stats(work),
		step_to_frame_ms: stats(frame),
		steps_not_applied_synchronously: misses
	};
	console.log(JSON.stringify(result, null, 2));
	// In CI the targets (a step within a frame, 16 ms at p95; a first diagram under 1 s) are
	// asserted with 3× headroom, as shared machines are noisy.
	if (process.env.BENCH_ASSERT) {
		const failures = [
			result.step_work_ms.p95 > 48 && `step p95 ${result.step_work_ms.p95} ms > 48 ms`,
			result.first_diagram_ms.median > 3000 &&
				`first diagram ${result.first_diagram_ms.median} ms > 3000 ms`,
			misses > 0 && `${misses} steps did not apply in the key press's task`
		].filter(Boolean);
		if (failures.length) {
			console.error(`ui budget exceeded:\n- ${failures.join('\n- ')}`);
			process.exitCode = 1;
		}
	}
} finally {
	server.kill();
}
