import type { FlowId } from '$lib/sim/types';
import type { StepProblem, View } from '$lib/sim/url';
import type { Simulation } from './simulation.svelte';

export interface Startup {
	/** The view the URL asked for, before any step was clamped. */
	view: View;
	/** Bad URL values, each a sentence for a notice ("Ignored name=value: …"). */
	problems: string[];
	/** Why `step=` was not followed, with its code (its sentence is in `problems` too). */
	stepProblem?: StepProblem;
	/** Set when an old link's step-counted attacks or jumps were converted: a sentence saying so. */
	upgraded?: string;
	/** True when the URL's step was past the run's end, so the last step is shown. */
	clamped: boolean;
}

/**
 * What the simulator and the embed both do first: read the settings and step from the URL,
 * convert an old link's step-counted aims, and run the flow. A step named by its ref
 * (`step=token-response.2`) is found once the run exists; one the run lacks shows the first step.
 */
export async function startFromUrl(
	sim: Simulation,
	flow: FlowId,
	params: URLSearchParams
): Promise<Startup> {
	// The URL reader (limits, message aiming) loads beside the engine, not with the page.
	const { readView, placeStep } = await import('$lib/sim/url');
	const read = readView(flow, params);
	const { view, problems, legacy, at } = read;
	let { stepProblem } = read;
	sim.restore(view);
	const upgraded = legacy ? await sim.upgradeLegacy(legacy) : undefined;
	const { clamped } = await sim.load();
	const steps = sim.trace?.steps;
	if (at && steps) {
		const placed = placeStep(at, steps);
		sim.goto(placed.index);
		if (placed.problem) {
			stepProblem = placed.problem;
			problems.push(placed.problem.message);
		}
	}
	return {
		view,
		problems,
		clamped,
		...(stepProblem ? { stepProblem } : {}),
		...(upgraded ? { upgraded } : {})
	};
}
