/**
 * Calls `run` when the browser is next idle, and at the latest after `within` ms; where browsers
 * cannot tell idle (Safari has no requestIdleCallback), after `otherwiseAfter` ms. Returns a
 * function that cancels it.
 */
export function whenIdle(
	run: () => void,
	{ within, otherwiseAfter }: { within: number; otherwiseAfter: number }
): () => void {
	if (typeof requestIdleCallback === 'function') {
		const id = requestIdleCallback(run, { timeout: within });
		return () => cancelIdleCallback(id);
	}
	const id = setTimeout(run, otherwiseAfter);
	return () => clearTimeout(id);
}
