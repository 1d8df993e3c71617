import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS, readView, runFlow, writeView } from '../../../src/lib/sim/index';
import { placeStep, readStep } from '../../../src/lib/sim/url';
import type { FlowId, StepRef, Trace } from '../../../src/lib/sim/types';
import { START } from './helpers';
import { inWorkUnits } from '../workUnits';

const read = (flow: FlowId, query: string) => readView(flow, new URLSearchParams(query));
const runs = new Map<FlowId, Promise<Trace>>();
const run = (flow: FlowId) => {
	if (!runs.has(flow)) runs.set(flow, runFlow({ flow }, { startAt: START }));
	return runs.get(flow)!;
};

/** What the page does with a link: read it, run the flow, place the step; the ref it lands on. */
async function landsOn(flow: FlowId, query: string) {
	const { view, at, stepProblem } = read(flow, query);
	const trace = await run(flow);
	const placed = at ? placeStep(at, trace.steps) : { index: view.step };
	const step = trace.steps[placed.index]!;
	return {
		index: placed.index,
		ref: step.ref && `${step.ref.message}.${step.ref.nth}`,
		code: ('problem' in placed ? placed.problem?.code : undefined) ?? stepProblem?.code
	};
}

describe('step= by what the step is', () => {
	test('a name is the first step with that ref; name.N the Nth', () => {
		expect(readStep('validate-id-token')).toEqual({
			aim: { ref: { message: 'validate-id-token', nth: 1 } }
		});
		expect(readStep('token-response.2')).toEqual({
			aim: { ref: { message: 'token-response', nth: 2 } }
		});
		const { view, at, problems } = read('refresh', 'step=token-response.2');
		expect(at).toEqual({ message: 'token-response', nth: 2 });
		expect(view.step).toBe(0);
		expect(problems).toEqual([]);
	});

	test('a number is still a position (old links, and what the page writes)', () => {
		expect(readStep('7')).toEqual({ aim: { index: 6 } });
		const { view, at } = read('code-pkce', 'step=7');
		expect(view.step).toBe(6);
		expect(at).toBeUndefined();
		expect(writeView({ settings: DEFAULT_SETTINGS, step: 6 }).get('step')).toBe('7');
	});

	test('after the run, the name opens the step whose ref it is', async () => {
		expect(await landsOn('code-pkce', 'step=validate-id-token')).toMatchObject({
			ref: 'validate-id-token.1',
			code: undefined
		});
		expect(await landsOn('refresh', 'step=token-response.2')).toMatchObject({
			ref: 'token-response.2',
			code: undefined
		});
		// The same step by position and by name.
		const byName = await landsOn('refresh', 'step=token-response.2');
		expect(await landsOn('refresh', `step=${byName.index + 1}`)).toEqual(byName);
	});

	test('a step this run does not reach shows the first step, coded step_not_in_run', async () => {
		for (const text of ['token-response.9999', 'device-authorization-request', 'token-response.99'])
			expect(await landsOn('code-pkce', `step=${text}`), text).toEqual({
				index: 0,
				ref: (await landsOn('code-pkce', '')).ref,
				code: 'step_not_in_run'
			});
		const trace = await run('code-pkce');
		const placed = placeStep({ message: 'token-response', nth: 9999 }, trace.steps);
		expect(placed.problem?.message).toMatch(/^Ignored step=token-response\.9999: /);
	});

	const hostile: [string, string][] = [
		['token-response.0', 'step_malformed'],
		['token-response.-1', 'step_malformed'],
		['token-response.', 'step_malformed'],
		['token-response.99999', 'step_malformed'],
		['token-response.1e3', 'step_malformed'],
		['token-response.2.1', 'step_malformed'],
		['0', 'step_malformed'],
		['-3', 'step_malformed'],
		['1.5', 'step_malformed'],
		['', 'step_malformed'],
		['x'.repeat(10_000), 'step_malformed'],
		['token-response.' + '9'.repeat(10_000), 'step_malformed'],
		['__proto__', 'step_malformed'],
		['__proto__.2', 'step_malformed'],
		['constructor', 'step_unknown'],
		['hasownproperty', 'step_unknown'],
		['tostring.2', 'step_unknown'],
		['validate-id-tokens', 'step_unknown'],
		['Validate-ID-Token', 'step_malformed'],
		['<script>', 'step_malformed']
	];
	test.each(hostile)(
		'step=%s is refused (%s), the first step shown, a short notice',
		(text, code) => {
			const { view, at, stepProblem, problems } = read(
				'code-pkce',
				`step=${encodeURIComponent(text)}`
			);
			expect(at).toBeUndefined();
			expect(view.step).toBe(0);
			expect(view.settings).toEqual({ ...DEFAULT_SETTINGS });
			expect(stepProblem?.code).toBe(code);
			expect(problems).toEqual([stepProblem!.message]);
			expect(problems[0]!.startsWith('Ignored step=')).toBe(true);
			expect(problems[0]!.length).toBeLessThan(300);
		}
	);

	test('a huge nth or name costs no time to refuse', async () => {
		const { units } = await inWorkUnits(async () => {
			for (let i = 0; i < 200; i++) readStep(`${'a-'.repeat(5_000)}.${'1'.repeat(5_000)}`);
		});
		// About 500 ms on a quiet machine, where a work unit takes about 5 ms.
		expect(units).toBeLessThan(100);
	});

	test('every step of a run can be named, and the name reads back to it', async () => {
		for (const flow of ['code-pkce', 'refresh'] as FlowId[]) {
			const trace = await run(flow);
			for (const step of trace.steps.filter((s) => s.ref)) {
				const ref = step.ref as StepRef;
				const { at } = read(flow, `step=${ref.message}.${ref.nth}`);
				expect(placeStep(at!, trace.steps).index).toBe(step.index);
			}
		}
	});
});
