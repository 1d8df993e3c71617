import { error } from '@sveltejs/kit';
import { FLOW_IDS } from '$lib/sim/settings';
import type { FlowId } from '$lib/sim/types';

/** Every flow is a prerendered page, under /flow and under /embed alike. */
export const flowEntries = () => FLOW_IDS.map((id) => ({ id }));

/** The [id] of a flow page; anything else is a 404 naming what was asked for. */
export function loadFlow({ params }: { params: { id: string } }): { flow: FlowId } {
	if (!FLOW_IDS.includes(params.id as FlowId))
		error(404, `There is no flow called “${params.id}”.`);
	return { flow: params.id as FlowId };
}
