/**
 * Logout notifications as flows: the issuer tells the intranet over the back channel, and the
 * wiki through an iframe, that the person's session ended; and the logout tokens a client must
 * refuse. The catalog appends these to its lists.
 */
import { INTRANET_CLIENT, ISSUER_URL, WIKI_CLIENT } from '../../core/data';
import { PATHS } from '../../core/issuer/context';
import { SPEC } from '../../core/spec';
import { CITE } from '../../teach/cite';
import type { FlowFamily, FlowScript } from './definition';
import { HONOURS } from './kit';
import type { MessageName, StepRef } from '../types';

/** The issuer's POST of the logout token: what the attacks on it aim at. */
const BACKCHANNEL_POST: StepRef<MessageName> = { message: 'backchannel-logout-request', nth: 1 };

const intranet = {
	type: 'webapp',
	responseType: 'code',
	registered: INTRANET_CLIENT
} as const;

/**
 * The intranet signs the person in; the person then signs out at the issuer itself, and opens
 * the intranet again to see whether it still knows them.
 */
async function signOutAtIssuer(w: FlowScript): Promise<void> {
	await w.command({ type: 'LOGIN' });
	await w.visit(new URL(PATHS.endSession, ISSUER_URL).href, {
		label: 'sign out at the issuer',
		why: 'The person signs out at the issuer itself (its account page, or another app), not at the intranet: the browser never visits the intranet on the way.',
		spec: SPEC.backchannelSupport
	});
	await w.visit(new URL('/', INTRANET_CLIENT.redirect_uris[0]).href, {
		label: 'open the intranet again',
		why: 'The person comes back to the intranet with its session cookie: it shows whether the intranet still holds the session.',
		spec: SPEC.backchannelActions
	});
}

export const LOGOUT_FLOWS: FlowFamily = [
	{
		id: 'logout',
		title: 'Logout (RP-initiated)',
		summary:
			'The client sends the browser to the issuer’s end_session_endpoint with the id_token as a hint. The issuer ends its session, clears its cookie and redirects back to a registered post-logout URI with the client’s state. (A real issuer should first ask the person whether to sign out there too, and must ask when no valid id_token_hint came, RP-Initiated Logout §2; this one does not ask.) A later prompt=none request then gets login_required.',
		status: 'recommended',
		specs: [CITE.rpLogout],
		honours: [...HONOURS, 'clientType'],
		client: { type: 'setting', responseType: 'code' },
		// The prompt=none request after the logout finds no session: the logout worked.
		expected: [{ code: 'login_required', by: 'client', as: 'signed-out' }],
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command({ type: 'LOGOUT' });
			await w.command({ type: 'SILENT_RENEW' }, { expectError: true });
		}
	},
	{
		id: 'backchannel-logout',
		title: 'Back-channel logout',
		summary:
			'The intranet, a server-side web app, signs the person in; its id_token carries sid, the id of the issuer’s session. Later the person signs out at the issuer, not at the intranet. The issuer POSTs a signed logout token (typ logout+jwt, an events claim, sid, never a nonce) straight to the intranet’s backchannel_logout_uri, server to server. The intranet validates it as Back-Channel Logout §2.6 lists, ends the session that sid names and answers 200: when the person opens the intranet again, it says they are signed out, though the browser never told it.',
		status: 'recommended',
		specs: [
			CITE.backchannelSupport,
			CITE.logoutToken,
			CITE.logoutTokenValidation,
			CITE.backchannelActions,
			CITE.backchannelResponse
		],
		honours: HONOURS,
		client: intranet,
		run: signOutAtIssuer
	},
	{
		id: 'frontchannel-logout',
		title: 'Front-channel logout',
		summary:
			'The wiki, a single-page app, signs the person in; its id_token carries sid. When the wiki logs out at the issuer, the issuer’s signed-out page loads the wiki’s frontchannel_logout_uri in a hidden iframe with iss and sid. The wiki checks that both name this issuer and its session, forgets the session, and the page continues to the wiki’s post-logout URI. A prompt=none request then gets login_required. It relies on the browser: a blocked third-party iframe means the client never hears of the logout.',
		status: 'recommended',
		specs: [CITE.frontchannelRp, CITE.frontchannelOp, CITE.frontchannelThirdParty, CITE.rpLogout],
		honours: HONOURS,
		client: { type: 'spa', responseType: 'code', registered: WIKI_CLIENT },
		// The prompt=none request after the logout finds no session: the logout worked.
		expected: [{ code: 'login_required', by: 'client', as: 'signed-out' }],
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command({ type: 'LOGOUT' });
			await w.command({ type: 'SILENT_RENEW' }, { expectError: true });
		}
	}
];

export const LOGOUT_ATTACKS: FlowFamily = [
	{
		id: 'attack-logout-replay',
		title: 'Attack: a replayed logout token',
		summary:
			'Someone with a copy of the issuer’s back-channel POST (a proxy or a request log) sends it to the intranet again. The token is genuine and still unexpired, but the intranet remembers the jti of every logout token it accepted and refuses one it has seen.',
		status: 'attack',
		specs: [CITE.logoutTokenValidation, CITE.logoutToken],
		honours: HONOURS,
		client: intranet,
		interventions: [{ kind: 'replay', ...BACKCHANNEL_POST }],
		defence: { check: 'jti_replay', where: 'client' },
		run: signOutAtIssuer
	},
	{
		id: 'attack-logout-nonce',
		title: 'Attack: a logout token carrying a nonce',
		summary:
			'A faulty issuer puts a nonce in its logout token, as the OpenID Foundation’s relying-party conformance test does. Nobody else can sign for the issuer, so this is about the rule itself: a logout token must never have a nonce, so that it can never pass for an id_token in a forged authentication response (an id_token posted as a logout token is stopped by its missing events claim instead). The intranet refuses it with 400 and keeps its session, since an invalid token ends nothing.',
		status: 'attack',
		specs: [CITE.logoutTokenValidation, CITE.logoutToken, CITE.logoutTokenCrossJwt],
		honours: HONOURS,
		client: intranet,
		issuerFaults: { logoutTokenNonce: true },
		defence: { check: 'nonce_absent', where: 'client' },
		run: signOutAtIssuer
	},
	{
		id: 'attack-id-token-as-logout-token',
		title: 'Attack: an id_token posted as a logout token',
		summary:
			'The attacker signs in to the intranet as itself and gets a genuine id_token, signed by the issuer for this client. It posts that id_token to the intranet’s back-channel logout URI instead of the issuer’s logout token. The signature holds, but an id_token has no events claim and carries a nonce, and Back-Channel Logout §2.6 refuses both: the missing events claim refuses it first. Its typ is JWT, which does not refuse it here: the spec only recommends typing logout tokens logout+jwt (§2.4) and warns that requiring it would break most deployments (§4.1).',
		status: 'attack',
		specs: [
			CITE.logoutTokenValidation,
			CITE.logoutToken,
			CITE.logoutTokenCrossJwt,
			CITE.explicitTyping
		],
		honours: HONOURS,
		client: intranet,
		interventions: [{ kind: 'forge', ...BACKCHANNEL_POST, recipe: 'id-token-as-logout-token' }],
		defence: { check: 'events', where: 'client' },
		run: signOutAtIssuer
	}
];
