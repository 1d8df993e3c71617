/**
 * What "Open in decoder" hands over. The token never goes into the address (where the history,
 * synced browsers and screen recordings would keep it): on click it is put in this tab's
 * sessionStorage under a random one-time id, and the link's #fragment carries only that id, the
 * simulator page it came from, and the simulated time of the step that showed it. A flow's clock
 * runs ahead of the wall clock (waits, clock jumps), so the decoder judges `exp`, `iat` and `nbf`
 * at that time, as the flow's client did, rather than calling a token from later in the flow "in
 * the future". The decoder reads the entry and deletes it at once.
 */

import { MASK } from '$lib/har/mask';

/** A value the importer masked: there is nothing to hand over until secrets are revealed. */
export function isMasked(token: string): boolean {
	return token.includes(MASK);
}

/** Where a handed-over token waits for the decoder, under its one-time id. */
export const HANDOVER_PREFIX = 'tokenstep:handover:';
const HANDOVER_ID = /^[0-9a-f]{32}$/;

/** The fragment of the link before a click: the page and the time, never the token. */
export function decoderFragment(from: string, at?: number, handover?: string): string {
	const params = new URLSearchParams();
	if (handover !== undefined) params.set('handover', handover);
	params.set('from', from);
	if (at !== undefined && Number.isSafeInteger(at)) params.set('at', String(at));
	return `#${params}`;
}

/**
 * Puts the token where only this tab's decoder will find it, once, and returns the fragment that
 * names it; `undefined` if this browser keeps no session storage (the decoder then asks for a paste).
 */
export function handOver(
	storage: Pick<Storage, 'setItem'>,
	token: string,
	from: string,
	at?: number
): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
	try {
		storage.setItem(HANDOVER_PREFIX + id, token);
	} catch {
		return decoderFragment(from, at);
	}
	return decoderFragment(from, at, id);
}

/**
 * The token left under `id`, deleted as it is read: `undefined` when the id is malformed or the
 * entry is gone (opened in another tab or browser, or read already).
 */
export function takeHandover(
	storage: Pick<Storage, 'getItem' | 'removeItem'>,
	id: string
): string | undefined {
	if (!HANDOVER_ID.test(id)) return undefined;
	try {
		const token = storage.getItem(HANDOVER_PREFIX + id);
		storage.removeItem(HANDOVER_PREFIX + id);
		return token ?? undefined;
	} catch {
		return undefined;
	}
}

/**
 * The click handler of an "Open in decoder" link: hands the token over and points the link at
 * it just before the browser (or the router) follows it.
 */
export function openInDecoder(token: string, from: string, at?: number) {
	return (event: MouseEvent) => {
		const link = event.currentTarget as HTMLAnchorElement;
		let storage: Storage | undefined;
		try {
			storage = sessionStorage;
		} catch {
			storage = undefined;
		}
		const fragment = storage ? handOver(storage, token, from, at) : decoderFragment(from, at);
		link.href = link.href.split('#')[0] + fragment;
	};
}

/** The handed-over time, if it is a sane number of seconds since the epoch; else undefined. */
export function handedOverTime(value: string | null): number | undefined {
	if (value === null || !/^\d{1,12}$/.test(value)) return undefined;
	const at = Number(value);
	return at > 0 ? at : undefined;
}
