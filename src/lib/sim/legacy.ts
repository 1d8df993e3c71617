/**
 * Old links aimed interventions and clock jumps at trace positions. This converts them to
 * messages by running the flow as the link's author saw it and reading which step sat there.
 */
import type { LegacyAims } from './aimUrl';
import { runFlow } from './director';
import { normaliseSettings } from './settings';
import { isMessageName, refAtOrBefore } from './targeting';
import type { FlowSettings } from './types';

export interface Upgraded {
	settings: FlowSettings;
	/** How many old entries were converted, and how many named no message and were dropped. */
	converted: number;
	dropped: number;
}

export async function upgradeLegacy(
	settings: FlowSettings,
	legacy: LegacyAims,
	options: { startAt?: number } = {}
): Promise<Upgraded> {
	// In the order they happened: an earlier entry's steps shifted the positions of later ones.
	const entries = [
		...legacy.clockJumps.map((jump) => ({ at: jump.afterStep, jump })),
		...legacy.interventions.map((intervention) => ({ at: intervention.step, intervention }))
	].sort((a, b) => a.at - b.at);
	let current = settings;
	let converted = 0;
	let dropped = 0;
	for (const entry of entries) {
		const trace = await runFlow(current, options);
		const step = trace.steps[entry.at];
		const ref = 'jump' in entry ? refAtOrBefore(trace.steps, entry.at) : step?.ref;
		// An intervention must land on a message; a position past the end names nothing.
		if (!ref || ('intervention' in entry && !isMessageName(ref.message))) {
			dropped++;
			continue;
		}
		const patch =
			'jump' in entry
				? { clockJumps: [...current.clockJumps, { ...ref, seconds: entry.jump.seconds }] }
				: {
						interventions: [
							...current.interventions,
							{ ...withoutStep(entry.intervention), ...ref! }
						]
					};
		const next = normaliseSettings({ ...current, ...patch });
		if (next.problems.length) {
			dropped++;
			continue;
		}
		current = next.settings;
		converted++;
	}
	return { settings: current, converted, dropped };
}

function withoutStep(entry: Record<string, unknown>): Record<string, unknown> {
	const { step: _step, ...rest } = entry;
	void _step;
	return rest;
}
