/**
 * The #fragment "Open in decoder" hands over: the token, the simulator page it came from, and
 * the simulated time of the step that showed it. A flow's clock runs ahead of the wall clock
 * (waits, clock jumps), so the decoder judges `exp`, `iat` and `nbf` at that time, as the
 * flow's client did, rather than calling a token from later in the flow "in the future".
 */
export function decoderFragment(token: string, from: string, at?: number): string {
	const params = new URLSearchParams({ token, from });
	if (at !== undefined && Number.isSafeInteger(at)) params.set('at', String(at));
	return `#${params}`;
}

/** The handed-over time, if it is a sane number of seconds since the epoch; else undefined. */
export function handedOverTime(value: string | null): number | undefined {
	if (value === null || !/^\d{1,12}$/.test(value)) return undefined;
	const at = Number(value);
	return at > 0 ? at : undefined;
}
