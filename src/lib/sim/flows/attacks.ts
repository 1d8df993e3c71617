/**
 * The attacks on a code-flow sign-in (forged, tampered, replayed and mis-addressed tokens and
 * requests), each refused by a named defence of the client or the issuer.
 */
import { SPEC } from '../../core/spec';
import { ATTACKER_AS, MIX_UP_AS, QUIZ_APP } from '../attacker/sites';
import type { FlowDefinition, FlowFamily } from './definition';
import { AT, attack, ATTACK_SPECS, HONOURS } from './kit';

/** A section of RFC 9700, the OAuth 2.0 Security Best Current Practice. */
const BCP = (section: string) => `https://www.rfc-editor.org/rfc/rfc9700#section-${section}`;

/**
 * Audience confusion: a genuine id_token about the person, minted by the same issuer for the
 * attacker's own app, presented to the web app. Every check but the audience passes.
 */
const AUDIENCE_CONFUSION: FlowDefinition = {
	id: 'attack-audience-confusion',
	title: 'Attack: an id_token minted for another client (audience confusion)',
	summary:
		'A genuine id_token about the person, minted by the same issuer for another app, must not sign anyone in to this one: the web app refuses it because its aud is not the web app’s client_id. The person also uses Quiz of the Day, an app the attacker runs and has registered at the same issuer, as anyone can. Signing in to the quiz, the person goes to the issuer as usual, and the quiz’s server redeems the code and receives a genuine id_token about the person: signed with the issuer’s key, iss the issuer, sub the person, fresh, but with the quiz’s client_id as its audience. The attacker posts that token to the web app’s POST /session, where the web app’s own front end signs people in with an id_token (a pattern some mobile and single-page front ends use, and a weak one: the endpoint sent no nonce, so any id_token minted for this client, leaked or replayed, signs in until its exp; a backend that runs the code flow itself, as a BFF, avoids it, RFC 10017 §6.1), hoping to be signed in there as the person. The signature, iss, exp and iat checks all pass, and there is no nonce to compare, since this endpoint sent no authentication request of its own. Only the audience says whom the token was minted for: the client must find its own client_id in aud and must refuse a token that does not list it (OIDC Core §3.1.3.7, step 3), so the web app answers 401. RFC 8725 calls this a substitution attack (§2.7): whenever one issuer mints JWTs for several parties, aud is what each must check (§3.9). azp does not help: under OIDC Core errata set 2 it only has a meaning with extensions, and this token has none.',
	status: 'attack',
	specs: [
		{ label: 'OIDC Core §3.1.3.7', url: SPEC.idTokenValidation },
		{ label: 'RFC 8725 §2.7', url: SPEC.substitution },
		{ label: 'RFC 8725 §3.9', url: SPEC.useAudience },
		{ label: 'RFC 7519 §4.1.3', url: SPEC.aud },
		{ label: 'RFC 10017 §6.1', url: SPEC.bff }
	],
	// The quiz asks for the scope the person sets: the claims of the token it gets follow it.
	honours: HONOURS,
	client: { type: 'webapp', responseType: 'code' },
	attackerSite: QUIZ_APP,
	participants: { attacker: 'Attacker’s app (quiz)' },
	defence: { check: 'aud', where: 'client' },
	// The web app's 401 to the attacker says the same refusal.
	expected: [{ code: 'invalid_id_token', by: 'client', as: 'defence' }],
	run: (w) =>
		w.visit(QUIZ_APP.origin + '/', {
			label: 'open the quiz, sign in',
			why: 'The person opens Quiz of the Day, the attacker’s app, and signs in to it with the same issuer they use for the web app: an ordinary sign-in at an ordinary registered client.',
			spec: SPEC.codeFlow
		})
};

/**
 * Mix-up: the client works with two issuers; the person starts at the attacker's, which sends
 * the browser on to the honest one. The honest issuer's iss in its response gives it away.
 */
const MIX_UP: FlowDefinition = {
	id: 'attack-mix-up',
	title: 'Attack: mix-up (an attacker’s authorization server)',
	summary:
		'The attacker’s authorization server sends the person on to the honest issuer, so that the client posts the honest issuer’s code to the attacker; the iss in the honest issuer’s response gives it away, and the client refuses it. The SPA lets people sign in with either of two issuers: the honest one, and another it is registered with, which the attacker runs (or has taken over). The person picks the attacker’s (RFC 9700 §4.4.1, step 1). The client looks it up, keeps with its request that this sign-in went to the attacker’s server, and sends the browser there with its state, nonce and PKCE code_challenge (step 2). The attacker’s server at once sends the browser on to the honest issuer’s authorization endpoint with the same parameters, only the client_id changed to the client’s client_id at the honest issuer (step 3). The person signs in at the honest issuer, which sends a code back to the client’s redirect URI, the same for both issuers (step 4). A client that cannot tell where the response came from takes the code for the attacker’s and posts it, with its code_verifier, to the attacker’s token endpoint (step 5), and the attacker redeems it at the honest issuer as this public client (step 6). Here the honest issuer’s response carries iss (RFC 9207 §2): the client compares it with the issuer it kept for this request and, since they differ, refuses the response (issuer_mismatch, RFC 9207 §2.4) before the code goes anywhere. The defence needs the honest issuer to send iss; a distinct redirect URI per issuer is the fallback (RFC 9700 §4.4.2).',
	status: 'attack',
	specs: [
		{ label: 'RFC 9700 §4.4.1', url: SPEC.mixUpAttack },
		{ label: 'RFC 9700 §4.4.2', url: SPEC.mixUpCountermeasures },
		{ label: 'RFC 9207 §2', url: SPEC.issInAuthResponse },
		{ label: 'RFC 9207 §2.4', url: SPEC.issValidation }
	],
	honours: HONOURS,
	client: { type: 'spa', responseType: 'code' },
	attackerSite: MIX_UP_AS,
	participants: { attacker: 'Attacker’s AS' },
	defence: { check: 'issuer_mismatch', where: 'client' },
	run: (w) => w.command({ type: 'LOGIN', at: ATTACKER_AS }, { expectError: true })
};

export const ATTACKS_FLOWS: FlowFamily = [
	attack({
		id: 'attack-tamper',
		title: 'Attack: payload tampered after signing',
		summary:
			'An attacker in the middle changes the id_token’s sub to its own user id and passes the token on with the original signature. The signature covers header and payload, so the client’s signature check fails: any change, however small, is evident.',
		specs: [ATTACK_SPECS.validation, { label: 'RFC 7515 §5.2', url: SPEC.jws }],
		interventions: [{ kind: 'tamper', ...AT.tokenResponse, claim: 'sub', value: 'auth0|mallory' }],
		defence: { check: 'signature', where: 'client' }
	}),
	attack({
		id: 'attack-strip-signature',
		title: 'Attack: signature stripped',
		summary:
			'The attacker edits the payload and simply drops the signature, hoping the client only decodes. A token without a valid signature is refused.',
		specs: [ATTACK_SPECS.validation, ATTACK_SPECS.jws],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'strip-signature' }],
		defence: { check: 'signature', where: 'client' }
	}),
	attack({
		id: 'attack-alg-none',
		title: 'Attack: alg none',
		summary:
			'The attacker sets the header’s alg to "none", meaning unsigned, and removes the signature. Libraries that trusted the header’s alg once accepted such tokens. The client only accepts the algorithms it expects, and never none, in any spelling.',
		specs: [
			{ label: 'RFC 8725 §2.1', url: SPEC.keyConfusion },
			{ label: 'RFC 8725 §3.1', url: SPEC.algVerification },
			ATTACK_SPECS.validation
		],
		interventions: [{ kind: 'alg-none', ...AT.tokenResponse }],
		defence: { check: 'alg', where: 'client' }
	}),
	attack({
		id: 'attack-key-confusion',
		title: 'Attack: RS256 → HS256 key confusion',
		summary:
			'The attacker fetches the issuer’s public key from its JWKS and signs a forged token with HS256, using that public key as the HMAC secret. A validator that picks the algorithm from the token would verify it with the same public key and accept it. This client never makes an HMAC key from a public key.',
		specs: [{ label: 'RFC 8725 §2.1', url: SPEC.keyConfusion }, ATTACK_SPECS.validation],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'key-confusion' }],
		defence: { check: 'alg', where: 'client' }
	}),
	attack({
		id: 'attack-embedded-key',
		title: 'Attack: a token that brings its own key (jwk)',
		summary:
			'The attacker signs a forged token with its own key and embeds that key in the header’s jwk parameter. A validator that uses the embedded key verifies anything. Keys must come only from the issuer’s JWKS.',
		// RFC 8725 never names the jwk header: its §3.8 says keys must belong to the issuer, and
		// OIDC Core §2 says id_tokens should not use jwk at all.
		specs: [
			{ label: 'RFC 8725 §3.8', url: SPEC.validateIssuer },
			{ label: 'OIDC Core §2', url: SPEC.idToken },
			{ label: 'RFC 7515 §4.1.3', url: SPEC.jwk }
		],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'embedded-jwk' }],
		defence: { check: 'header_key', where: 'client' }
	}),
	attack({
		id: 'attack-jku',
		title: 'Attack: jku pointing to the attacker’s keys',
		summary:
			'The forged token’s jku header points to a JWKS on the attacker’s server. Fetching keys from where a token says is trusting the token to vouch for itself.',
		specs: [
			{ label: 'RFC 8725 §3.10', url: SPEC.receivedClaims },
			{ label: 'RFC 7515 §4.1.2', url: 'https://www.rfc-editor.org/rfc/rfc7515#section-4.1.2' }
		],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'jku' }],
		defence: { check: 'header_key', where: 'client' }
	}),
	attack({
		id: 'attack-kid',
		title: 'Attack: kid path traversal',
		summary:
			'The forged token’s kid is "../../../../dev/null", aimed at validators that read key files by kid. Here kid is only ever compared with the kids of the published keys, and the client will not refetch the JWKS again within a minute.',
		specs: [
			{ label: 'RFC 7515 §4.1.4', url: SPEC.kid },
			{ label: 'RFC 8725 §3.10', url: SPEC.receivedClaims }
		],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'kid-traversal' }],
		defence: { check: 'kid', where: 'client' }
	}),
	attack({
		id: 'attack-expired',
		title: 'Attack: an expired token',
		summary:
			'The token response is held back and delivered after the id_token’s lifetime (a delayed or replayed response). The client compares exp with its own clock and refuses it.',
		specs: [{ label: 'RFC 7519 §4.1.4', url: SPEC.exp }, ATTACK_SPECS.validation],
		clockJumps: [{ ...AT.tokenResponse, seconds: 36_001 }],
		defence: { check: 'exp', where: 'client' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' }, { expectError: true });
		}
	}),
	attack({
		id: 'attack-access-token-as-id-token',
		title: 'Attack: an access token passed off as an id_token',
		summary:
			'Both tokens are signed by the issuer with the same key, so the signature holds. The attacker puts the access token where the id_token belongs. Explicit typing (typ at+jwt) and the audience tell them apart.',
		specs: [
			{ label: 'RFC 8725 §3.11', url: SPEC.explicitTyping },
			{ label: 'RFC 9068 §2.1', url: 'https://www.rfc-editor.org/rfc/rfc9068#section-2.1' }
		],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'access-token-as-id-token' }],
		defence: { check: 'typ', where: 'client' }
	}),
	AUDIENCE_CONFUSION,
	attack({
		id: 'attack-csrf',
		title: 'Attack: CSRF on the callback',
		summary:
			'The attacker starts a login of its own, stops before the callback, and makes the victim’s browser load the client’s callback with the attacker’s code. Without a check, the victim would be signed in to the attacker’s account. The client only accepts a response carrying the state it stored for this browser, and this one carries none. PKCE and the nonce would stop it too (RFC 9700 §4.7.1); the state check comes first.',
		specs: [
			{ label: 'RFC 9700 §4.7, §4.7.1', url: BCP('4.7.1') },
			{ label: 'RFC 6749 §10.12', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-10.12' }
		],
		interventions: [{ kind: 'forge', ...AT.callback, recipe: 'csrf' }],
		defence: { check: 'state_missing', where: 'client' }
	}),
	attack({
		id: 'attack-csrf-leaked-state',
		title: 'Attack: login CSRF with a leaked state',
		summary:
			'CSRF again, but the attacker has read the victim’s authorization response, so it knows the victim’s state (RFC 9700 §4.7.1). It makes the victim’s browser load the callback with the attacker’s own code and the victim’s state, to sign the victim in to the attacker’s account. The state check passes. PKCE stops it: the client redeems the code with this browser’s code_verifier, which does not match the code_challenge the attacker’s code was issued for, so the issuer refuses (invalid_grant). Without PKCE the nonce would: in the code flow no id_token in the authorization response gives the nonce away, and the id_token for the attacker’s code carries the nonce of the attacker’s request, not the one this browser sent (nonce check, OIDC Core §3.1.3.7).',
		specs: [
			{ label: 'RFC 9700 §4.7.1', url: BCP('4.7.1') },
			{ label: 'RFC 7636 §4.6', url: SPEC.pkce },
			{ label: 'OIDC Core §3.1.3.7', url: SPEC.idTokenValidation }
		],
		interventions: [{ kind: 'forge', ...AT.callback, recipe: 'csrf-leaked-state' }],
		defence: { check: 'invalid_grant', where: 'issuer' }
	}),
	attack({
		id: 'attack-code-injection',
		title: 'Attack: authorization code injection',
		summary:
			'The victim’s callback URL, and the code in it, leak to the attacker (a Referer header, RFC 9700 §4.2; the browser history, §4.3.1; a log). The attacker opens the same app in its own browser, starts a sign-in of its own, and puts the victim’s code in place of its own in that sign-in’s callback, hoping to be signed in as the victim (RFC 9700 §4.5). PKCE stops it (§4.5.3.1): the app in the attacker’s browser redeems the code with its own session’s code_verifier, which does not match the code_challenge the victim’s code is bound to, so the issuer refuses (invalid_grant). The victim’s own sign-in goes on unharmed. A confidential client may rely on the nonce instead (§4.5.3.2), if it checks it in the id_token from the token endpoint before using any token: the id_token for the victim’s code carries the victim’s nonce, not the one the attacker’s session sent, so the nonce check fails. The nonce cannot protect a public client like this one: an attacker with its code could call the token endpoint itself.',
		specs: [
			{ label: 'RFC 9700 §4.5', url: BCP('4.5') },
			{
				label: 'RFC 9700 §4.2 (Referer)',
				url: 'https://www.rfc-editor.org/rfc/rfc9700#section-4.2'
			},
			{
				label: 'RFC 9700 §4.3.1 (history)',
				url: BCP('4.3.1')
			},
			{ label: 'RFC 9700 §4.5.3.1 (PKCE)', url: BCP('4.5.3.1') },
			{ label: 'RFC 9700 §4.5.3.2 (nonce)', url: BCP('4.5.3.2') },
			{ label: 'RFC 7636 §4.6', url: SPEC.pkce }
		],
		interventions: [{ kind: 'forge', ...AT.callback, recipe: 'inject-code' }],
		defence: { check: 'invalid_grant', where: 'issuer' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
		}
	}),
	MIX_UP,
	attack({
		id: 'attack-code-reuse',
		title: 'Attack: authorization code reuse',
		summary:
			'An attacker with a copy of the token request (a log, a proxy) sends it again. Codes are single use: the issuer refuses the replay and revokes the tokens the code already issued, so even the client’s access token stops working at /userinfo.',
		specs: [{ label: 'RFC 6749 §4.1.2', url: SPEC.authorizationResponse }],
		interventions: [{ kind: 'replay', ...AT.tokenRequest }],
		defence: { check: 'invalid_grant', where: 'issuer' },
		// Revoking what the code issued is the defence's effect: the access token stops working.
		expected: [{ code: 'invalid_token', by: 'issuer', at: 'userinfo-response', as: 'defence' }],
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command({ type: 'USERINFO' });
		}
	}),
	attack({
		id: 'attack-redirect-uri',
		title: 'Attack: redirect_uri manipulation',
		summary:
			'The attacker sends the victim a real login link whose redirect_uri points to the attacker’s site, to collect the code. The issuer compares redirect_uri exactly with the registered ones and shows an error page instead of redirecting anywhere.',
		specs: [
			{ label: 'RFC 9700 §4.1', url: SPEC.redirectUri },
			{ label: 'RFC 9700 §2.1', url: SPEC.bcpRedirectFlows },
			{ label: 'RFC 6749 §3.1.2.4', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2.4' }
		],
		interventions: [{ kind: 'forge', ...AT.authorize, recipe: 'redirect-uri' }],
		defence: { check: 'invalid_request', where: 'issuer' }
	}),
	attack({
		id: 'attack-refresh-replay',
		title: 'Attack: refresh token replay after rotation',
		summary:
			'The attacker copied a refresh token request. After the client has used (and so rotated) that refresh token, the attacker replays it. The issuer sees an already-rotated token and revokes the whole family, so the client’s newer refresh token fails too: the theft is contained.',
		specs: [
			{ label: 'RFC 9700 §4.14.2', url: SPEC.refreshRotation },
			{ label: 'OIDC Core §12', url: SPEC.refresh }
		],
		scopes: ['offline_access'],
		// The second token request: the refresh, after the code was redeemed.
		interventions: [{ kind: 'replay', message: 'token-request', nth: 2 }],
		defence: { check: 'invalid_grant', where: 'issuer' },
		run: async (w) => {
			await w.command({ type: 'LOGIN' });
			await w.command({ type: 'REFRESH' });
			await w.command({ type: 'REFRESH' }, { expectError: true });
		}
	})
];
