/**
 * Control, bidirectional and invisible formatting characters: they can reorder or hide what a
 * value shows (`"\u202Enimda\u202C"` displays as `admin`). Line feed and tab are kept.
 */
/* eslint-disable no-control-regex -- matching control characters is the point here */
const INVISIBLE =
	/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;
/* eslint-enable no-control-regex */

/** Shows every invisible or direction-changing character as its code point, like `[U+202E]`. */
export function visibleText(text: string): string {
	return text.replace(
		INVISIBLE,
		(c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`
	);
}

/** Most characters a displayed value shows before it is cut (a whole claim stays in the token). */
export const MAX_SHOWN = 2000;

/**
 * A claim or header value as text for display: JSON for anything but strings, invisible
 * characters made visible, and cut at `max` characters with a note of how much was left out.
 */
export function displayValue(value: unknown, max = MAX_SHOWN): string {
	let text: string;
	try {
		text = typeof value === 'string' ? value : (JSON.stringify(value, null, 1) ?? String(value));
	} catch {
		text = '[a value that cannot be shown]';
	}
	const cut =
		text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
	return visibleText(cut);
}

/** Characters each "Show more" brings in: one step of bounded work, however long the value. */
export const SHOW_MORE = 50_000;

/** "Show all" is offered only when at most this many characters are left to show. */
export const SHOW_ALL_MAX = 200_000;

/**
 * The part of a long value on show: characters `from` to `to`. Stepping through a value of
 * many MB draws at most MAX_SHOWN + SHOW_MORE characters at a time, never all that came before.
 */
export interface ShownPart {
	from: number;
	to: number;
}

/** The first MAX_SHOWN characters, as the decoder shows a value. */
export function firstPart(text: string): ShownPart {
	return { from: 0, to: Math.min(text.length, MAX_SHOWN) };
}

/** The next SHOW_MORE characters; what scrolls past MAX_SHOWN + SHOW_MORE is let go at the start. */
export function nextPart(part: ShownPart, length: number): ShownPart {
	const to = Math.min(length, part.to + SHOW_MORE);
	return { from: Math.max(part.from, to - (MAX_SHOWN + SHOW_MORE)), to };
}

/** Whether "Show all" may be offered: something is left, and no more than SHOW_ALL_MAX. */
export function canShowAll(part: ShownPart, length: number): boolean {
	return part.to < length && length - part.to <= SHOW_ALL_MAX;
}
