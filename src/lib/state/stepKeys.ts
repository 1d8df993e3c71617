import type { Simulation } from './simulation.svelte';

/** ←, →, Space, Home, End step through the flow, unless a form field has the keyboard. */
export function stepKeys(sim: Simulation) {
	return (event: KeyboardEvent): void => {
		const target = event.target as Element | null;
		if (event.altKey || event.ctrlKey || event.metaKey) return;
		if (target?.closest?.('input, select, textarea, [contenteditable], dialog')) return;
		const actions: Record<string, () => void> = {
			ArrowRight: sim.next,
			ArrowLeft: sim.back,
			Home: sim.first,
			End: sim.last,
			' ': sim.toggle
		};
		const action = actions[event.key];
		if (!action) return;
		// Space on a focused button already clicks it.
		if (event.key === ' ' && target?.closest?.('button, a, summary')) return;
		event.preventDefault();
		action();
	};
}
