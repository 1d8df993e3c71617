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

/**
 * Longest value offered on the clipboard: the browser copies on the page's thread (25 MB was a
 * 450 ms task), so longer ones are offered as a file only.
 */
export const COPY_MAX = 1_000_000;

/** Characters turned into bytes per task when a long value becomes a file. */
const BLOB_CHUNK = 1 << 20;

/**
 * A long value as a UTF-8 Blob, made a MB at a time with a pause between (one `new Blob` of
 * 25 MB is most of a second with nothing else running on the page). Surrogate pairs are never
 * split between two parts.
 */
export async function textBlob(text: string, type = 'text/plain'): Promise<Blob> {
	const parts: Blob[] = [];
	for (let i = 0; i < text.length;) {
		let end = Math.min(text.length, i + BLOB_CHUNK);
		const last = text.charCodeAt(end - 1);
		if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
		parts.push(new Blob([text.slice(i, end)]));
		i = end;
		if (i < text.length) await new Promise((resolve) => setTimeout(resolve, 0));
	}
	return new Blob(parts, { type });
}
