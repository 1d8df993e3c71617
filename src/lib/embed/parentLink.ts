/**
 * The embed's side of the <tokenstep-flow> conversation. The embed talks to its parent window
 * only, only after the parent greets it, and only to the exact origin that greeted it; it sends
 * nothing but its height and its step. Browser only.
 */

/** What the parent sends first: `{ type: HELLO }`, to this site's origin. */
export const HELLO = 'tokenstep:hello';
/** What the embed answers, and sends on every change: `{ type: STATE, height, step, count }`. */
export const STATE = 'tokenstep:state';

export interface EmbedState {
	height: number;
	/** 1-based, as in URLs. */
	step: number;
	count: number;
}

export interface ParentLink {
	update(state: EmbedState): void;
	stop(): void;
}

export function linkToParent(): ParentLink {
	let parentOrigin: string | undefined;
	let last: EmbedState | undefined;
	const framed = window.parent !== window;

	const send = () => {
		if (!framed || !parentOrigin || !last) return;
		window.parent.postMessage({ type: STATE, ...last }, parentOrigin);
	};
	const onMessage = (event: MessageEvent) => {
		// Only our own parent, and only an origin a message can be addressed to (not "null").
		if (!framed || event.source !== window.parent) return;
		if (event.data?.type !== HELLO || !/^https?:\/\//.test(event.origin)) return;
		parentOrigin = event.origin;
		send();
	};
	window.addEventListener('message', onMessage);
	return {
		update(state) {
			if (
				last &&
				last.height === state.height &&
				last.step === state.step &&
				last.count === state.count
			)
				return;
			last = state;
			send();
		},
		stop: () => window.removeEventListener('message', onMessage)
	};
}
