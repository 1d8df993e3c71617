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
