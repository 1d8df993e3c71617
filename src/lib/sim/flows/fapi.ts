/**
 * Issue 17, flows 3 and 4: PAR + JAR + private_key_jwt (FAPI 2.0's request and client
 * authentication, with JAR from FAPI 2.0 Message Signing) and DPoP (a public SPA), each with
 * the attacks its mechanism stops. Appended to the catalog by catalog.ts.
 */
import { MESSAGES_API } from '../../core/data';
import { SPEC } from '../../core/spec';
import type { FlowDefinition, FlowFamily } from './definition';
import { attack, callApi, HONOURS_WITH_ACCESS as HONOURS } from './kit';

const PAR_SPECS = [
	{ label: 'RFC 9126 §2 (PAR)', url: SPEC.parProtocol },
	{ label: 'RFC 9126 §4 (request_uri)', url: SPEC.parAuthorize },
	{ label: 'RFC 9126 §3 (request object at PAR)', url: SPEC.parRequestParameter },
	{ label: 'RFC 9101 §4 (request object claims)', url: SPEC.requestObject },
	{ label: 'RFC 9101 §6.2 (signed request object)', url: SPEC.requestObjectSigned },
	{ label: 'RFC 7523 §3 (private_key_jwt)', url: SPEC.jwtClientAuth },
	{ label: 'FAPI 2.0 Security Profile §5.3.2.1', url: SPEC.fapiServer },
	{ label: 'FAPI 2.0 Security Profile §5.3.2.2', url: SPEC.fapiAuthorization },
	{ label: 'FAPI 2.0 Message Signing (signed authorization requests)', url: SPEC.fapiSignedRequest }
];
const DPOP_SPECS = [
	{ label: 'RFC 9449 §4 (DPoP proofs)', url: SPEC.dpopOverview },
	{ label: 'RFC 9449 §4.3 (checking a proof)', url: SPEC.dpopCheck }
];

const PAR_CLIENT: FlowDefinition['client'] = { type: 'webapp', responseType: 'code', par: true };
const DPOP_CLIENT: FlowDefinition['client'] = {
	type: 'spa',
	responseType: 'code',
	dpop: true,
	extraScopes: ['read:messages', 'offline_access'],
	audience: MESSAGES_API.identifier
};

/**
 * With server nonces on (RFC 9449 §8, §9), each server's first answer to the client's proof
 * without its nonce is use_dpop_nonce (its check: dpop_nonce): the handshake the setting shows,
 * which the client completes by retrying. In the attack that needs nonces, the defence (matched
 * first) claims the API's refusals, the app's own first one included: its proof had no nonce.
 */
const NONCE_HANDSHAKE: FlowDefinition['expected'] = [
	{ code: 'dpop_nonce', by: 'issuer', at: 'validate-dpop-proof', as: 'lesson' },
	{ code: 'use_dpop_nonce', by: 'issuer', at: 'token-response', as: 'lesson' },
	{ code: 'dpop_nonce', by: 'api', at: 'validate-access-token', as: 'lesson' },
	{ code: 'use_dpop_nonce', by: 'api', at: 'api-response', as: 'lesson' }
];

/** An attack on the FAPI flows: the same client, with an attacker acting on a named message. */
const fapiAttack = (def: Parameters<typeof attack>[0]) => attack({ honours: HONOURS, ...def });

export const FAPI_FLOWS: FlowFamily = [
	{
		id: 'par-jar',
		title: 'Pushed, signed request (PAR + JAR + private_key_jwt)',
		summary:
			'PAR, as the FAPI 2.0 Security Profile requires of a confidential client, and private_key_jwt (one of the two client authentication methods the profile allows, mutual TLS the other), plus a signed request object (JAR), which the profile does not require: FAPI 2.0 Message Signing adds it. The client first pushes its whole authorization request to the issuer over the back channel, as a request object signed with its own key, and authenticates with a client_assertion signed by the same key instead of a secret. It gets back a one-time request_uri, and the browser carries only client_id and that reference, so no request parameter can be read or changed on the way; the answer (code, state, iss) still comes back through the browser. PKCE with S256 and iss in the authorization response, which the profile also requires, are here too. Its access token is a plain bearer token, though: the profile also requires sender-constrained tokens (DPoP or mutual TLS), so this flow alone is not a FAPI 2.0 deployment. The code is then redeemed with a fresh assertion.',
		status: 'recommended',
		specs: PAR_SPECS,
		honours: HONOURS,
		client: PAR_CLIENT,
		run: (w) => w.command({ type: 'LOGIN' })
	},
	{
		id: 'dpop',
		title: 'Sender-constrained tokens (DPoP)',
		summary:
			'The SPA keeps a key pair of its own and signs a DPoP proof for each request: method, URL, time and a one-time jti. At the token endpoint the issuer binds the access token to that key (cnf.jkt, token_type DPoP), and the refresh token too, as RFC 9449 §5 requires for a public client like this SPA. The API checks every proof against the request and the token (htm, htu, iat, jti, ath, and the key thumbprint), so a copied token is useless without the private key. The refresh needs a proof too. A setting makes the issuer and the API each require a nonce of their own in every proof, as they may (RFC 9449 §8, §9): the first request to each is refused with use_dpop_nonce and a DPoP-Nonce header, and the client signs a new proof with that nonce, so no proof can be made long before it is used. Being a public client that rotates its refresh tokens, this SPA is not a FAPI 2.0 client: that profile allows only confidential clients (FAPI 2.0 Security Profile §5.3.2.1).',
		status: 'recommended',
		specs: [
			...DPOP_SPECS,
			{ label: 'RFC 9449 §5 (token request)', url: SPEC.dpopTokenRequest },
			{ label: 'RFC 9449 §7.1 (resource access)', url: SPEC.dpopResource },
			{ label: 'RFC 9449 §8 (issuer nonce, a setting)', url: SPEC.dpopServerNonce },
			{ label: 'RFC 9449 §9 (API nonce, a setting)', url: SPEC.dpopResourceNonce },
			{ label: 'FAPI 2.0 Security Profile §5.3.2.1', url: SPEC.fapiServer }
		],
		honours: [...HONOURS, 'dpopNonce'],
		expected: NONCE_HANDSHAKE,
		client: DPOP_CLIENT,
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command(callApi());
			await w.command({ type: 'REFRESH' });
		}
	},
	/**
	 * An attack with no effect rather than a refusal: parameters beside a request_uri are ignored,
	 * which the issuer's check of the pushed request shows. Listed with the flows, not the refused attacks.
	 */
	fapiAttack({
		id: 'attack-par-front-channel-params',
		title: 'Attack: parameters added next to request_uri',
		summary:
			'The attacker rewrites the link the victim follows: redirect_uri to its own site and a wider scope, next to the genuine request_uri. The issuer uses only the pushed, signed request and ignores every other front-channel parameter, so the code still goes to the registered callback with the scope the client asked for. The issuer’s check of the pushed request lists what it ignored.',
		specs: [
			{ label: 'RFC 9126 §4', url: SPEC.parAuthorize },
			{ label: 'RFC 9101 §6.3', url: SPEC.requestObjectParams },
			{ label: 'RFC 9101 §5', url: 'https://www.rfc-editor.org/rfc/rfc9101#section-5' }
		],
		client: PAR_CLIENT,
		interventions: [
			{ kind: 'forge', message: 'authorize-request', nth: 1, recipe: 'par-front-channel' }
		],
		defence: { check: 'front_channel_params', where: 'issuer', ignored: true },
		run: (w) => w.command({ type: 'LOGIN' })
	})
];

/** Attacks whose defence refuses a message, with the check id or error code that does. */
export const FAPI_ATTACKS: FlowFamily = [
	fapiAttack({
		id: 'attack-par-reuse',
		title: 'Attack: a pushed request_uri used twice',
		summary:
			'An attacker who saw the front-channel link (a log, browser history, a shared screen) opens it again right after the victim: a replayed request_uri, the threat RFC 9126 §7.3 names. A client must use each request_uri only once; an issuer should treat it as one-time use, though it may allow the same request again when the person reloads the page (RFC 9126 §4). This issuer chose the strict reading: it forgets a request_uri at first use, so the copy is refused with invalid_request_uri and the attacker never reaches a login or a code.',
		specs: [
			{ label: 'RFC 9126 §7.3', url: SPEC.parRequestUriReplay },
			{ label: 'RFC 9126 §4', url: SPEC.parAuthorize },
			{ label: 'RFC 9126 §2.2', url: SPEC.parResponse }
		],
		client: PAR_CLIENT,
		interventions: [{ kind: 'replay', message: 'authorize-request', nth: 1 }],
		defence: { check: 'invalid_request_uri', where: 'issuer' },
		run: (w) => w.command({ type: 'LOGIN' })
	}),
	fapiAttack({
		id: 'attack-dpop-stolen-token',
		title: 'Attack: a stolen DPoP-bound access token',
		summary:
			'The attacker copies the access token from the client’s second call and sends it with a DPoP proof of its own, correct in every claim but signed with the attacker’s key. The token is bound to the client’s key (cnf.jkt), so the API refuses: without the private key a stolen token is worthless.',
		specs: [
			{ label: 'RFC 9449 §7.1', url: SPEC.dpopResource },
			{ label: 'RFC 9449 §6 (cnf.jkt)', url: 'https://www.rfc-editor.org/rfc/rfc9449#section-6' }
		],
		client: DPOP_CLIENT,
		interventions: [{ kind: 'forge', message: 'api-request', nth: 2, recipe: 'dpop-stolen-token' }],
		defence: { check: 'cnf_jkt', where: 'api' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command(callApi());
			await w.command(callApi());
		}
	}),
	fapiAttack({
		id: 'attack-dpop-replay',
		title: 'Attack: a replayed DPoP proof',
		summary:
			'The attacker captured a whole API request, token and proof, and sends it again unchanged: same method, same URL, same key. The API remembers every proof’s jti while it could still be fresh, and refuses the second use.',
		specs: [
			{ label: 'RFC 9449 §11.1', url: SPEC.dpopReplay },
			{ label: 'RFC 9449 §4.3', url: SPEC.dpopCheck }
		],
		client: DPOP_CLIENT,
		interventions: [{ kind: 'replay', message: 'api-request', nth: 1 }],
		defence: { check: 'dpop_jti', where: 'api' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command(callApi());
		}
	}),
	fapiAttack({
		id: 'attack-dpop-wrong-url',
		title: 'Attack: a DPoP proof used at another URL',
		summary:
			'The attacker intercepts the client’s call to /messages and sends its token and proof to /messages/archive on the same API instead. The proof names the one method and URL it was made for (htm, htu), so the API refuses it at the htu check.',
		specs: [{ label: 'RFC 9449 §4.3', url: SPEC.dpopCheck }],
		client: DPOP_CLIENT,
		interventions: [{ kind: 'forge', message: 'api-request', nth: 2, recipe: 'dpop-wrong-url' }],
		defence: { check: 'dpop_htu', where: 'api' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command(callApi());
			await w.command(callApi());
		}
	}),
	{
		...fapiAttack({
			id: 'attack-dpop-nonce-premade',
			title: 'Attack: a DPoP proof made ahead of time',
			summary:
				'Here the issuer and the API require a nonce of their own in every DPoP proof. The attacker copies the app’s first call to the API: the access token and a proof the app signed before the API had handed it any nonce. That is what a proof made ahead of time looks like: script running in the app, or its own user, can have the app’s key sign proofs for later use, with whatever iat they will need, and carry them off to use elsewhere (RFC 9449 §11.2). Such a proof cannot hold a nonce the server has not yet chosen. The API answers the copy as it answered the app: 401 use_dpop_nonce, with the nonce to use (§9). The app, which holds the key, signs a new proof with that nonce and gets its answer; the copied proof stays useless. Without server nonces nothing in the proof stops this: its maker chose an iat that will be fresh when it is used, and a jti not yet seen. Only the access token it names (ath) limits it, so servers without nonces SHOULD NOT issue long-lived DPoP-bound access tokens (§11.2).',
			specs: [
				{ label: 'RFC 9449 §11.2 (pre-generated proofs)', url: SPEC.dpopPreGeneration },
				{ label: 'RFC 9449 §9 (resource server nonce)', url: SPEC.dpopResourceNonce },
				{ label: 'RFC 9449 §8 (authorization server nonce)', url: SPEC.dpopServerNonce }
			],
			client: DPOP_CLIENT,
			interventions: [{ kind: 'replay', message: 'api-request', nth: 1 }],
			defence: { check: 'dpop_nonce', where: 'api' },
			expected: NONCE_HANDSHAKE,
			run: async (w) => {
				await w.command({ type: 'LOGIN' });
				await w.command(callApi());
			}
		}),
		dpopNonce: true
	}
];
