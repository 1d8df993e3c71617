/**
 * The teaching sentences of the home page and the decoder, as data with their sections, so the
 * pages state no rule of their own (they render these) and the teaching test walks them too.
 */
import { CITE } from './cite';
import type { RuleEntry, SimulatorEntry } from './types';

export const HOME = {
	intro: {
		kind: 'simulator',
		text: 'An OpenID provider, a client and an API run the real protocol in this page, with real keys, real signatures and real HTTP messages. Pick a flow, step through every message, read every token, and change the settings to see what changes. New to the words (issuer, id_token, scope, PKCE)? [Learn the ideas first](page:/learn), a short read.'
	},
	start: {
		kind: 'rule',
		text: 'The flow to use today: a sign-in from first redirect to a validated id_token.',
		specs: [CITE.pkce, CITE.browserImplicit, CITE.idTokenValidation]
	},
	flows: { kind: 'simulator', text: 'How an id_token is obtained, used, renewed and ended.' },
	attacks: {
		kind: 'simulator',
		text: 'An attacker forges, injects or replays, with real crypto; watch which check stops it.'
	}
} as const satisfies Record<string, RuleEntry | SimulatorEntry>;

export const DECODER = {
	private: {
		kind: 'rule',
		text: '**Nothing you paste leaves this page.** Decoding and verification run in your browser, and the token stays in this page: it is not written into the address, because an address with a token in it ends up in the browser’s history.',
		specs: [CITE.tokenInHistory]
	},
	fromLink: {
		kind: 'simulator',
		text: 'The token came in the link’s #fragment; it has been read and taken out of the address.'
	},
	share: {
		kind: 'rule',
		text: 'A link to this token carries the whole token in its #fragment: header, claims and signature, readable by anyone who has the link, and the simulator page you came from, if any; never the key, the expected values or the verdict. Browsers do not send a fragment to a server, but the link may stay in the history of every browser that opens it.',
		specs: [CITE.fragment, CITE.tokenInHistory]
	}
} as const satisfies Record<string, RuleEntry | SimulatorEntry>;
