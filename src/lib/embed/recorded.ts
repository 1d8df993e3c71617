import { resolve } from '$app/paths';
import type { FlowId, Trace } from '$lib/sim/types';

/** The path of a flow's recorded run, made at build time with default settings. */
export const recordedTracePath = (flow: FlowId) => resolve('/recorded/[id].json', { id: flow });

export async function loadRecordedTrace(flow: FlowId): Promise<Trace> {
	const response = await fetch(recordedTracePath(flow));
	if (!response.ok) throw new Error(`no recorded run for ${flow} (${response.status})`);
	const trace = (await response.json()) as Trace;
	if (trace?.flow !== flow || !Array.isArray(trace.steps)) throw new Error('not a recorded run');
	return trace;
}
