/**
 * Where /live keeps things: the pending login and its result in this tab's session storage only
 * (gone when the tab closes), the form's settings in local storage only when the person ticks
 * "Remember". Storage that is refused or full keeps nothing; what is read back is checked.
 */
import {
	DEFAULT_LIVE_SETTINGS,
	type LiveResult,
	type LiveSettings,
	type PendingLogin
} from './run';

const PENDING = 'tokenstep:live:pending';
const RESULT = 'tokenstep:live:result';
const LAST = 'tokenstep:live:last';
export const REMEMBERED = 'tokenstep:live:settings';

function session(): Storage | undefined {
	try {
		return globalThis.sessionStorage ?? undefined;
	} catch {
		return undefined;
	}
}

function local(): Storage | undefined {
	try {
		return globalThis.localStorage ?? undefined;
	} catch {
		return undefined;
	}
}

function write(storage: Storage | undefined, key: string, value: unknown): void {
	try {
		if (value === undefined) storage?.removeItem(key);
		else storage?.setItem(key, JSON.stringify(value));
	} catch {
		// refused or full: nothing kept
	}
}

function read(storage: Storage | undefined, key: string): unknown {
	try {
		const text = storage?.getItem(key);
		return text ? (JSON.parse(text) as unknown) : undefined;
	} catch {
		return undefined;
	}
}

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** Settings read back from storage: every field checked, defaults for the rest. */
export function settingsFrom(value: unknown): LiveSettings | undefined {
	if (!isObject(value)) return undefined;
	const text = (k: keyof LiveSettings) =>
		typeof value[k] === 'string' ? (value[k] as string) : (DEFAULT_LIVE_SETTINGS[k] as string);
	const flag = (k: keyof LiveSettings) => value[k] === true;
	return {
		issuer: text('issuer'),
		clientId: text('clientId'),
		scope: text('scope'),
		extra: text('extra'),
		userinfo: flag('userinfo'),
		refresh: flag('refresh'),
		popup: flag('popup')
	};
}

export function savePending(pending: PendingLogin | undefined): void {
	write(session(), PENDING, pending);
}

/** The pending login of this tab, once: reading it removes it, so a callback is used only once. */
export function takePending(): PendingLogin | undefined {
	const value = read(session(), PENDING);
	write(session(), PENDING, undefined);
	if (
		!isObject(value) ||
		typeof value.state !== 'string' ||
		typeof value.verifier !== 'string' ||
		!isObject(value.metadata) ||
		!Array.isArray(value.steps) ||
		!Array.isArray(value.origins) ||
		!settingsFrom(value.settings)
	)
		return undefined;
	return value as unknown as PendingLogin;
}

/** The channel a login finished in a popup tells its opener on (same origin only). */
export const CHANNEL = 'tokenstep:live';

export function saveResult(result: LiveResult | undefined): void {
	write(session(), RESULT, result);
}

export function lastResult(): LiveResult | undefined {
	const value = read(session(), RESULT);
	return isObject(value) && isObject(value.trace) && Array.isArray(value.origins)
		? (value as unknown as LiveResult)
		: undefined;
}

/** The form as last sent in this tab, so "try again" starts from it. */
export function saveLast(settings: LiveSettings): void {
	write(session(), LAST, settings);
}

export function loadSettings(): { settings: LiveSettings; remembered: boolean } {
	const remembered = settingsFrom(read(local(), REMEMBERED));
	if (remembered) return { settings: remembered, remembered: true };
	return {
		settings: settingsFrom(read(session(), LAST)) ?? DEFAULT_LIVE_SETTINGS,
		remembered: false
	};
}

/** Keeps the settings in local storage when asked, and forgets them there when not. */
export function remember(settings: LiveSettings, keep: boolean): void {
	write(local(), REMEMBERED, keep ? settings : undefined);
}
