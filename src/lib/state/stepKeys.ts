import type { Simulation } from './simulation.svelte';

/** Input types that take typed text: there ← → move the caret, so they are never taken. */
const TYPED = new Set([
	'text',
	'search',
	'number',
	'email',
	'url',
	'tel',
	'password',
	'date',
	'datetime-local',
	'month',
	'time',
	'week'
]);

/** Where the person is typing: a text field, a text area, an editable region. */
export function isTypingTarget(target: EventTarget | null): boolean {
	if (!(target instanceof Element)) return false;
	if (target instanceof HTMLTextAreaElement) return !target.readOnly;
	if (target instanceof HTMLInputElement) return TYPED.has(target.type) && !target.readOnly;
	return target.closest('[contenteditable]:not([contenteditable="false"])') !== null;
}

/**
 * ←, →, Space, Home, End step through the flow. ← and → step whatever has the focus (a settings
 * drop-down, a radio button, the step slider), unless the person is typing in a text field; a
 * control keeps its own Space, Home and End. Nothing happens inside an open dialog, or when a
 * control has handled the key itself.
 */
export function stepKeys(sim: Simulation) {
	return (event: KeyboardEvent): void => {
		const target = event.target instanceof Element ? event.target : null;
		if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
		if (event.defaultPrevented || isTypingTarget(target)) return;
		if (target?.closest('dialog')) return;
		const actions: Record<string, () => void> = {
			ArrowRight: sim.next,
			ArrowLeft: sim.back,
			Home: sim.first,
			End: sim.last,
			' ': sim.toggle
		};
		const action = actions[event.key];
		if (!action) return;
		const arrow = event.key === 'ArrowRight' || event.key === 'ArrowLeft';
		// A form control's own keys (Space opens a drop-down, Home picks its first option) stay its own.
		if (!arrow && target?.closest('input, select, textarea')) return;
		// Space on a focused button already clicks it.
		if (event.key === ' ' && target?.closest('button, a, summary')) return;
		// Taken from the control: a drop-down does not also switch to its next option.
		event.preventDefault();
		action();
	};
}
