import type { FlowId } from '$lib/sim/types';
import type { View } from '$lib/sim/url';
import type { Simulation } from './simulation.svelte';

export interface Startup {
	/** The view the URL asked for, before any step was clamped. */
	view: View;
	/** Bad URL values, each a sentence for a notice ("Ignored name=value: …"). */
	problems: string[];
	/** Set when an old link's step-counted attacks or jumps were converted: a sentence saying so. */
	upgraded?: string;
	/** True when the URL's step was past the run's end, so the last step is shown. */
	clamped: boolean;
}

/**
 * What the simulator and the embed both do first: read the settings and step from the URL,
 * convert an old link's step-counted aims, and run the flow.
 */
export async function startFromUrl(
	sim: Simulation,
	flow: FlowId,
	params: URLSearchParams
): Promise<Startup> {
	// The URL reader (limits, message aiming) loads beside the engine, not with the page.
	const { readView } = await import('$lib/sim/url');
	const { view, problems, legacy } = readView(flow, params);
	sim.restore(view);
	const upgraded = legacy ? await sim.upgradeLegacy(legacy) : undefined;
	const { clamped } = await sim.load();
	return { view, problems, clamped, ...(upgraded ? { upgraded } : {}) };
}
