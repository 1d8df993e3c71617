import { describe, expect, test } from 'vitest';
import {
	CLAIM_INFO,
	claimInfo,
	HEADER_INFO,
	headerInfo,
	TOKEN_KINDS,
	tokenKind,
	type TokenKind
} from '../../src/lib/core/jwt/claimInfo';
import { SPEC } from '../../src/lib/core/spec';
import { shownTokens } from '../../src/lib/components/shownTokens';
import { runFlow, type FlowId } from '../../src/lib/sim/index';
import { START } from './sim/helpers';

const RFC9449 = 'https://www.rfc-editor.org/rfc/rfc9449';

describe('a claim or header parameter is explained as the kind of token means it', () => {
	test('a DPoP proof’s jwk is the key that verifies it (RFC 9449 §4.2), not a key to refuse as in an id_token', () => {
		expect(headerInfo('jwk', 'dpop_proof')?.spec).toBe(SPEC.dpopProof);
		expect(headerInfo('jwk', 'id_token')?.spec).toBe(SPEC.idToken);
		// Any other JWT: keys must belong to the issuer (RFC 8725 §3.8).
		expect(headerInfo('jwk')?.spec).toBe('https://www.rfc-editor.org/rfc/rfc8725#section-3.8');
	});

	test('a DPoP proof’s iat is the client’s, read against the replay window (§11.1); its typ is dpop+jwt (§4.2)', () => {
		expect(claimInfo('iat', 'dpop_proof').spec).toBe(SPEC.dpopReplay);
		expect(claimInfo('iat', 'id_token').spec).toBe(SPEC.idTokenValidation);
		expect(claimInfo('jti', 'dpop_proof').spec).toBe(SPEC.dpopReplay);
		expect(claimInfo('nonce', 'dpop_proof').spec).toBe(`${RFC9449}#section-8`);
		expect(headerInfo('typ', 'dpop_proof')?.spec).toBe(SPEC.dpopProof);
		for (const claim of ['htm', 'htu', 'ath'])
			expect(claimInfo(claim, 'dpop_proof').spec).toBe(SPEC.dpopProof);
	});

	test('each kind names its own typ: at+jwt (RFC 9068 §2.1), logout+jwt, oauth-authz-req+jwt, none defined for an assertion', () => {
		expect(headerInfo('typ', 'access_token')?.spec).toBe(
			'https://www.rfc-editor.org/rfc/rfc9068#section-2.1'
		);
		expect(headerInfo('typ', 'logout_token')?.spec).toBe(SPEC.logoutToken);
		expect(headerInfo('typ', 'request_object')?.spec).toBe(SPEC.requestObjectTyp);
		expect(headerInfo('typ', 'client_assertion')?.spec).toBe(SPEC.jwtClientAuth);
		expect(headerInfo('typ', 'id_token')?.spec).toBe(SPEC.explicitTyping);
	});

	test('a logout token’s nonce is prohibited, its sid and events are Back-Channel Logout’s', () => {
		expect(claimInfo('nonce', 'logout_token').spec).toBe(SPEC.logoutToken);
		expect(claimInfo('nonce', 'id_token').spec).toBe(SPEC.idToken);
		expect(claimInfo('sid', 'logout_token').spec).toBe(SPEC.logoutToken);
		expect(claimInfo('events', 'logout_token').spec).toBe(SPEC.logoutToken);
		expect(claimInfo('jti', 'logout_token').spec).toBe(SPEC.logoutTokenValidation);
	});

	test('an access token’s cnf, client_id, scope and aud follow RFC 9449 §6.1 and RFC 9068', () => {
		expect(claimInfo('cnf', 'access_token').spec).toBe(`${RFC9449}#section-6.1`);
		expect(claimInfo('client_id', 'access_token').spec).toBe(
			'https://www.rfc-editor.org/rfc/rfc9068#section-2.2'
		);
		expect(claimInfo('scope', 'access_token').spec).toBe(
			'https://www.rfc-editor.org/rfc/rfc9068#section-2.2.3'
		);
		expect(claimInfo('aud', 'access_token').spec).toBe(SPEC.jwtAccessToken);
	});

	test('a client assertion’s iss, sub and jti are the client’s (OIDC Core §9); a request object’s parameters are RFC 9101’s', () => {
		for (const claim of ['iss', 'sub', 'jti'])
			expect(claimInfo(claim, 'client_assertion').spec).toBe(SPEC.clientAuthentication);
		expect(claimInfo('client_id', 'request_object').spec).toBe(
			'https://www.rfc-editor.org/rfc/rfc9126#section-3'
		);
		// An unknown member of a request object is an authorization request parameter.
		expect(claimInfo('ui_locales', 'request_object')).toMatchObject({
			label: 'Request parameter',
			spec: SPEC.requestObject
		});
	});

	test('an id_token’s exp is OIDC Core §2’s (leeway, not the session), its iss and aud the §3.1.3.7 steps', () => {
		expect(claimInfo('exp', 'id_token')).toMatchObject({ spec: SPEC.idToken, time: true });
		expect(claimInfo('iss', 'id_token').spec).toBe(SPEC.idTokenValidation);
		expect(claimInfo('aud', 'id_token').spec).toBe(SPEC.idTokenValidation);
		expect(claimInfo('azp', 'id_token').spec).toBe(SPEC.idToken);
	});

	test('any JWT gets the generic meaning, and every entry of every kind links an https section', () => {
		expect(claimInfo('exp')).toEqual(CLAIM_INFO.exp);
		expect(headerInfo('alg')).toEqual(HEADER_INFO.alg);
		for (const kind of TOKEN_KINDS) {
			for (const name of [...Object.keys(CLAIM_INFO), 'jwk', 'nonce', 'response_type', 'x']) {
				const info = claimInfo(name, kind);
				expect(info.spec).toMatch(/^https:\/\/[^#\s]+(#\S+)?$/);
				expect(info.explain.length).toBeGreaterThan(10);
			}
			for (const name of Object.keys(HEADER_INFO))
				expect(headerInfo(name, kind)?.spec).toMatch(/^https:\/\//);
		}
		expect(headerInfo('no-such-parameter', 'dpop_proof')).toBeUndefined();
	});

	test('no explanation cites RFC 8725 §2.7 (Substitution Attacks) for key headers', () => {
		for (const kind of TOKEN_KINDS)
			for (const name of ['jwk', 'jku', 'x5u', 'x5c'])
				expect(headerInfo(name, kind)?.spec).not.toMatch(/rfc8725#section-2\.7$/);
	});
});

describe('the kind of a token', () => {
	test('its explicit typ decides first, whatever field carried it', () => {
		expect(tokenKind({ name: 'id_token', header: { typ: 'at+jwt' } })).toBe('access_token');
		expect(tokenKind({ name: 'token', header: { typ: 'application/dpop+jwt' } })).toBe(
			'dpop_proof'
		);
		expect(tokenKind({ header: { typ: 'logout+jwt' } })).toBe('logout_token');
		expect(tokenKind({ header: { typ: 'oauth-authz-req+jwt' } })).toBe('request_object');
	});

	test('then the field that carried it, then its claims; plain JWT when nothing tells', () => {
		expect(tokenKind({ name: 'dpop', header: {} })).toBe('dpop_proof');
		expect(tokenKind({ name: 'client_assertion', header: {} })).toBe('client_assertion');
		expect(tokenKind({ name: 'id_token_hint', header: { typ: 'JWT' } })).toBe('id_token');
		const pasted = (payload: Record<string, unknown>) =>
			tokenKind({ name: 'token', header: { typ: 'JWT' }, payload });
		expect(pasted({ iss: 'c', sub: 'c', aud: 'https://as/', jti: 'j' })).toBe('client_assertion');
		expect(pasted({ iss: 'https://as/', sub: 'u', nonce: 'n' })).toBe('id_token');
		expect(pasted({ events: {} })).toBe('logout_token');
		expect(pasted({ htm: 'GET', htu: 'https://api/' })).toBe('dpop_proof');
		expect(pasted({ iss: 'https://as/', sub: 'u', client_id: 'c' })).toBe('access_token');
		expect(pasted({ iss: 'joe', exp: 1 })).toBe('jwt');
		expect(tokenKind({ name: '__proto__', header: { typ: 'constructor' } })).toBe('jwt');
	});

	test.each<[FlowId, string, TokenKind]>([
		['dpop', 'dpop', 'dpop_proof'],
		['dpop', 'access_token', 'access_token'],
		['par-jar', 'request', 'request_object'],
		['par-jar', 'client_assertion', 'client_assertion'],
		['backchannel-logout', 'logout_token', 'logout_token'],
		['code-pkce', 'id_token', 'id_token']
	])('in the %s flow, every %s the inspector shows is a %s', async (flow, name, kind) => {
		const trace = await runFlow({ flow }, { startAt: START });
		const shown = trace.steps.flatMap((step) => shownTokens(step).map(({ token }) => token));
		const named = shown.filter((t) => t.name === name && t.header);
		expect(named.length).toBeGreaterThan(0);
		for (const token of named) expect(tokenKind(token)).toBe(kind);
	});

	test('the token a validator decoded keeps its kind: id_token, access token, logout token, DPoP proof', async () => {
		const kinds = new Map<string, Set<TokenKind>>();
		for (const flow of ['dpop', 'backchannel-logout'] as const) {
			const trace = await runFlow({ flow }, { startAt: START });
			for (const step of trace.steps)
				for (const { token } of shownTokens(step))
					if (token.name === 'checked token' && step.ref)
						kinds.set(
							step.ref.message,
							(kinds.get(step.ref.message) ?? new Set()).add(tokenKind(token))
						);
		}
		expect(Object.fromEntries([...kinds].map(([m, k]) => [m, [...k]]))).toEqual({
			'validate-id-token': ['id_token'],
			'validate-access-token': ['access_token'],
			'validate-logout-token': ['logout_token'],
			// The issuer's own check of the proof at the token endpoint (RFC 9449 §4.3, §5).
			'validate-dpop-proof': ['dpop_proof']
		});
	});
});
