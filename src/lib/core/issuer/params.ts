/**
 * Reading a request's parameters in bounded time: anyone can send a request with thousands of
 * them, and finding repeated ones by comparing each name with all the others takes seconds.
 */

/** Most parameters an endpoint reads; a real request has a few dozen at most. */
export const MAX_PARAMETERS = 100;

/** The refusal's description when a request has more than MAX_PARAMETERS parameters. */
export function tooManyParameters(params: URLSearchParams): string | undefined {
	const keys = params.keys();
	let count = 0;
	while (count <= MAX_PARAMETERS && !keys.next().done) count++;
	return count > MAX_PARAMETERS
		? `too many parameters: at most ${MAX_PARAMETERS} are read`
		: undefined;
}

/**
 * The names sent more than once, in the order first seen, in one pass. Parameters MUST NOT be
 * included more than once (RFC 6749 §3.1, §3.2).
 */
export function repeatedNames(params: URLSearchParams): string[] {
	const seen = new Set<string>();
	const repeated = new Set<string>();
	for (const name of params.keys()) {
		if (seen.has(name)) repeated.add(name);
		else seen.add(name);
	}
	return [...repeated];
}
