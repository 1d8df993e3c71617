/**
 * The flow catalog: every flow and attack scenario, as data, from one file per family, in
 * FLOW_IDS order. Flow families import `definition` and `kit`, never this file.
 */
import { FLOW_IDS, type FlowId } from '../types';
import { ATTACKS_FLOWS } from './attacks';
import { BASICS_FLOWS } from './basics';
import type { FlowDefinition, FlowInfo } from './definition';
import { DEVICE_ATTACKS, DEVICE_FLOWS } from './device';
import { ENCRYPTION_FLOWS, JWE_FORGERY } from './encryption';
import { FAPI_ATTACKS, FAPI_FLOWS } from './fapi';
import { LOGOUT_ATTACKS, LOGOUT_FLOWS } from './logout';
import { RENEWAL_FLOWS } from './renewal';

export type { FlowDefinition, FlowInfo, FlowScript, FlowStatus } from './definition';
export { MESSAGES_URL, REPORTS_URL } from './kit';

const byId = new Map<FlowId, FlowDefinition>(
	[
		...BASICS_FLOWS,
		...RENEWAL_FLOWS,
		...ATTACKS_FLOWS,
		...FAPI_FLOWS,
		...FAPI_ATTACKS,
		...DEVICE_FLOWS,
		...ENCRYPTION_FLOWS,
		...LOGOUT_FLOWS,
		...LOGOUT_ATTACKS
	].map((flow) => [flow.id, flow])
);

/** Every flow, in FLOW_IDS order (the home page's and the settings' order). */
export const FLOWS: FlowDefinition[] = FLOW_IDS.map((id) => flowById(id));

/** The attack scenarios a named defence refuses: each is run and checked for it. */
export const ATTACKS: FlowDefinition[] = [
	...ATTACKS_FLOWS,
	...FAPI_ATTACKS,
	...DEVICE_ATTACKS,
	JWE_FORGERY,
	...LOGOUT_ATTACKS
];

export function flowInfo(id: FlowId): FlowInfo {
	const { title, summary, status, caveat, specs, defence, honours } = flowById(id);
	return {
		id,
		title,
		summary,
		status,
		specs,
		honours,
		...(caveat && { caveat }),
		...(defence && { defence })
	};
}

export function flowById(id: FlowId): FlowDefinition {
	const flow = byId.get(id);
	if (!flow) throw new Error(`unknown flow ${id}`);
	return flow;
}
