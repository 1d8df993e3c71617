/**
 * The attacks on a code-flow sign-in (forged, tampered, replayed and mis-addressed tokens and
 * requests), each refused by a named defence of the client or the issuer.
 */
import { SPEC } from '../../core/spec';
import type { FlowFamily } from './definition';
import { AT, attack, ATTACK_SPECS } from './kit';

/** A section of RFC 9700, the OAuth 2.0 Security Best Current Practice. */
const BCP = (section: string) => `https://www.rfc-editor.org/rfc/rfc9700#section-${section}`;

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
