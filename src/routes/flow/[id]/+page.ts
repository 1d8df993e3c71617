import { error } from '@sveltejs/kit';
import { FLOW_IDS } from '$lib/sim/settings';
import { type FlowId } from '$lib/sim/types';
import type { EntryGenerator, PageLoad } from './$types';

export const entries: EntryGenerator = () => FLOW_IDS.map((id) => ({ id }));

export const load: PageLoad = ({ params }) => {
	if (!FLOW_IDS.includes(params.id as FlowId))
		error(404, `There is no flow called “${params.id}”.`);
	return { flow: params.id as FlowId };
};
