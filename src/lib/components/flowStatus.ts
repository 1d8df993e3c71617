import type { FlowStatus } from '$lib/sim/flows/index';

/** How each kind of flow is labelled in the gallery and on its page. */
export const STATUS_LABEL: Record<FlowStatus, string> = {
	recommended: 'Recommended',
	legacy: 'Legacy',
	deprecated: 'Deprecated parts',
	'not-recommended': 'Not recommended',
	pitfall: 'Pitfall',
	attack: 'Attack'
};
