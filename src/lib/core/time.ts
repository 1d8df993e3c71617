/** "9 h 59 min", "3 min 20 s", "12 s": a short human duration for token lifetimes. */
export function formatDuration(totalSeconds: number): string {
	const s = Math.abs(Math.round(totalSeconds));
	const days = Math.floor(s / 86_400);
	const hours = Math.floor((s % 86_400) / 3_600);
	const minutes = Math.floor((s % 3_600) / 60);
	const seconds = s % 60;
	const parts: string[] = [];
	if (days) parts.push(`${days} d`);
	if (hours) parts.push(`${hours} h`);
	if (minutes && !days) parts.push(`${minutes} min`);
	if ((seconds && !days && !hours) || parts.length === 0) parts.push(`${seconds} s`);
	return parts.join(' ');
}

/** "expires in 9 h 59 min" / "expired 2 min ago", relative to the simulated now. */
export function relativeTo(now: number, at: number, future: string, past: string): string {
	return at >= now
		? `${future} in ${formatDuration(at - now)}`
		: `${past} ${formatDuration(now - at)} ago`;
}

export function isoDate(seconds: number): string {
	const date = new Date(seconds * 1000);
	return Number.isNaN(date.getTime())
		? 'not a valid date'
		: date.toISOString().replace('.000Z', 'Z');
}

/**
 * How long a token was issued to live, `exp` − `iat` in seconds: what the issuer's lifetime
 * setting produced. Undefined unless both are numbers and `exp` is not before `iat` (a hostile
 * token may say anything; validation, not this, judges it).
 */
export function lifetimeOf(payload: Readonly<Record<string, unknown>>): number | undefined {
	const { exp, iat } = payload;
	if (typeof exp !== 'number' || typeof iat !== 'number') return undefined;
	const lifetime = exp - iat;
	return Number.isFinite(lifetime) && lifetime >= 0 ? lifetime : undefined;
}
