import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose';
import { describe, expect, test } from 'vitest';
import {
	BACKCHANNEL_LOGOUT_EVENT,
	checkFrontchannelLogout,
	decodeJwt,
	endSessionUrl,
	getHeader,
	INTRANET_CLIENT,
	readFrontchannelLogoutPage,
	receiveBackchannelLogout,
	SPEC,
	validateLogoutToken,
	WIKI_CLIENT,
	type ClientCredentials,
	type LogoutTokenExpectations,
	type ValidationReport
} from '../../src/lib/core/index';
import { body, codeFlow, get, sessionCookie, setup } from './helpers';

const INTRANET: ClientCredentials = {
	clientId: INTRANET_CLIENT.client_id,
	clientSecret: INTRANET_CLIENT.client_secret,
	authMethod: 'client_secret_basic'
};
const WIKI: ClientCredentials = { clientId: WIKI_CLIENT.client_id, authMethod: 'none' };

const failed = (report: ValidationReport) =>
	report.checks.filter((c) => c.status === 'failed').map((c) => c.id);

/** Alice signs in to the intranet and the wiki in one issuer session, then logs out at the intranet. */
async function signInThenLogOut() {
	const ready = await setup();
	const intranet = await codeFlow(ready.issuer, ready.metadata, {
		credentials: INTRANET,
		redirectUri: INTRANET_CLIENT.redirect_uris[0]!,
		scope: 'openid'
	});
	const cookie = sessionCookie(intranet.authorizeResponse);
	const wiki = await codeFlow(ready.issuer, ready.metadata, {
		credentials: WIKI,
		redirectUri: WIKI_CLIENT.redirect_uris[0]!,
		scope: 'openid',
		loginHint: undefined,
		cookie
	});
	ready.clock.advance(60);
	const logout = await ready.issuer.handle(
		get(
			endSessionUrl(
				ready.metadata,
				intranet.tokens.id_token,
				INTRANET_CLIENT.post_logout_redirect_uris[0]!,
				'bye'
			),
			[['Cookie', cookie]]
		)
	);
	const requests = ready.issuer.takeLogoutRequests();
	const expectations: LogoutTokenExpectations = {
		issuer: ready.issuer.url,
		clientId: INTRANET.clientId,
		jwks: ready.issuer.jwks(),
		now: ready.clock.now()
	};
	return { ...ready, intranet, wiki, cookie, logout, requests, expectations };
}

const tokenOf = (request: { body?: string }) =>
	new URLSearchParams(request.body ?? '').get('logout_token') ?? '';

/** A key of our own, to sign logout tokens the issuer would never send. */
async function ownSigner() {
	const { privateKey, publicKey } = await generateKeyPair('RS256');
	const jwks: JSONWebKeySet = {
		keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }]
	};
	const sign = (claims: Record<string, unknown>, typ = 'logout+jwt') =>
		new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1', typ }).sign(privateKey);
	return { jwks, sign };
}

describe('Back-Channel Logout §2.1: sid and discovery', () => {
	test('discovery says back- and front-channel logout with sessions are supported', async () => {
		const { issuer } = await setup();
		const doc = body(await issuer.handle(get(`${issuer.url}.well-known/openid-configuration`)));
		expect(doc).toMatchObject({
			backchannel_logout_supported: true,
			backchannel_logout_session_supported: true,
			frontchannel_logout_supported: true,
			frontchannel_logout_session_supported: true
		});
	});

	test('id_tokens of clients registered for logout carry sid, the same across clients, never the cookie', async () => {
		const { intranet, wiki, cookie } = await signInThenLogOut();
		const sid = decodeJwt(intranet.tokens.id_token).payload?.sid;
		expect(typeof sid).toBe('string');
		expect(decodeJwt(wiki.tokens.id_token).payload?.sid).toBe(sid);
		expect(cookie).not.toContain(String(sid));
	});
});

describe('Back-Channel Logout §2.4-2.5: the issuer’s logout token and POST', () => {
	test('one form POST to the intranet’s backchannel_logout_uri, none for the front-channel wiki', async () => {
		const { requests } = await signInThenLogOut();
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request).toMatchObject({
			method: 'POST',
			url: INTRANET_CLIENT.backchannel_logout_uri
		});
		expect(getHeader(request!, 'content-type')).toBe('application/x-www-form-urlencoded');
		expect([...new URLSearchParams(request!.body).keys()]).toEqual(['logout_token']);
	});

	test('the logout token is typed logout+jwt, has events, sid, sub, jti, exp, and no nonce', async () => {
		const { requests, intranet, clock, issuer } = await signInThenLogOut();
		const decoded = decodeJwt(tokenOf(requests[0]!));
		expect(decoded.header).toMatchObject({ typ: 'logout+jwt', alg: 'RS256' });
		const claims = decoded.payload!;
		expect(claims).toMatchObject({
			iss: issuer.url,
			aud: INTRANET.clientId,
			iat: clock.now(),
			exp: clock.now() + 120,
			sub: 'auth0|alice',
			sid: decodeJwt(intranet.tokens.id_token).payload?.sid,
			events: { [BACKCHANNEL_LOGOUT_EVENT]: {} }
		});
		expect(typeof claims.jti).toBe('string');
		expect(claims.nonce).toBeUndefined();
	});

	test('the outbox empties once taken; a logout without a session sends nothing', async () => {
		const { issuer, metadata } = await signInThenLogOut();
		expect(issuer.takeLogoutRequests()).toEqual([]);
		await issuer.handle(get(metadata.end_session_endpoint!));
		expect(issuer.takeLogoutRequests()).toEqual([]);
	});
});

describe('Back-Channel Logout §2.6: validateLogoutToken', () => {
	test('accepts the issuer’s token; every check has a spec section', async () => {
		const { requests, expectations, intranet } = await signInThenLogOut();
		const sid = String(decodeJwt(intranet.tokens.id_token).payload?.sid);
		const report = await validateLogoutToken(tokenOf(requests[0]!), {
			...expectations,
			seenJtis: new Set(),
			sessions: [{ sid, sub: 'auth0|alice' }]
		});
		expect(failed(report)).toEqual([]);
		expect(report.valid).toBe(true);
		for (const id of [
			'typ',
			'signature',
			'iss',
			'aud',
			'iat',
			'exp',
			'events',
			'sid_or_sub',
			'nonce_absent',
			'jti',
			'jti_replay',
			'session'
		])
			expect(report.checks.find((c) => c.id === id)?.status, id).toBe('passed');
		expect(report.checks.find((c) => c.id === 'events')?.spec).toBe(SPEC.logoutTokenValidation);
		// Locating the session (and 'already logged out is success') is §2.7, not §2.6.
		expect(report.checks.find((c) => c.id === 'session')?.spec).toBe(SPEC.backchannelActions);
		expect(report.checks.every((c) => c.spec.startsWith('https://'))).toBe(true);
	});

	test('an expired logout token fails exp; one for another client fails aud', async () => {
		const { requests, expectations, clock } = await signInThenLogOut();
		const token = tokenOf(requests[0]!);
		expect(
			failed(await validateLogoutToken(token, { ...expectations, now: clock.now() + 120 }))
		).toEqual(['exp']);
		expect(
			failed(await validateLogoutToken(token, { ...expectations, clientId: 'tokenstep-wiki' }))
		).toEqual(['aud']);
	});

	test('Back-Channel §2.7: a valid token for a session the client does not hold has succeeded (session n/a)', async () => {
		const { requests, expectations } = await signInThenLogOut();
		const report = await validateLogoutToken(tokenOf(requests[0]!), {
			...expectations,
			sessions: [{ sid: 'other' }]
		});
		expect(failed(report)).toEqual([]);
		expect(report.valid).toBe(true);
		expect(report.checks.find((c) => c.id === 'session')?.status).toBe('not_applicable');
		// §2.8: a logout that succeeded is answered 200 OK.
		const answer = await receiveBackchannelLogout(requests[0]!, {
			...expectations,
			sessions: [{ sid: 'other' }],
			seenJtis: new Set()
		});
		expect(answer.response.status).toBe(200);
	});

	test('names no session: neither sid nor sub fails sid_or_sub; a wrong event fails events', async () => {
		const { jwks, sign } = await ownSigner();
		const base = { iss: 'https://issuer.example/', aud: 'c', iat: 100, exp: 200, jti: 'j' };
		const expectations = { issuer: base.iss, clientId: 'c', jwks, now: 150 };
		const anonymous = await sign({ ...base, events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } });
		expect(failed(await validateLogoutToken(anonymous, expectations))).toEqual(['sid_or_sub']);
		const otherEvent = await sign({ ...base, sid: 's', events: { 'https://example/other': {} } });
		expect(failed(await validateLogoutToken(otherEvent, expectations))).toEqual(['events']);
		const noJti = await sign({
			...base,
			jti: undefined,
			sid: 's',
			events: { [BACKCHANNEL_LOGOUT_EVENT]: {} }
		});
		expect(failed(await validateLogoutToken(noJti, expectations))).toEqual(['jti']);
	});

	test('never throws on garbage', async () => {
		const { expectations } = await signInThenLogOut();
		for (const value of [undefined, 42, '', 'a.b.c', 'x'.repeat(20_000), 'a.b.c.d.e']) {
			const report = await validateLogoutToken(value, expectations);
			expect(report.valid).toBe(false);
		}
	});
});

describe('attacks on back-channel logout, each refused by the right check', () => {
	test('a replayed logout token: the second POST fails jti_replay and nothing else', async () => {
		const { requests, expectations } = await signInThenLogOut();
		const seenJtis = new Set<string>();
		const first = await receiveBackchannelLogout(requests[0]!, { ...expectations, seenJtis });
		expect(first.response.status).toBe(200);
		expect(getHeader(first.response, 'cache-control')).toBe('no-store');
		expect(first.sub).toBe('auth0|alice');
		const replay = await receiveBackchannelLogout(requests[0]!, { ...expectations, seenJtis });
		expect(replay.response.status).toBe(400);
		expect(body(replay.response).error).toBe('invalid_request');
		expect(failed(replay.report!)).toEqual(['jti_replay']);
	});

	test('typ: logout+jwt is only RECOMMENDED (§2.4, §4.1), so JWT or none is not decisive; another kind’s typ fails', async () => {
		const { jwks, sign } = await ownSigner();
		const claims = {
			iss: 'https://issuer.example/',
			aud: 'c',
			iat: 100,
			exp: 200,
			jti: 'j',
			sid: 's',
			events: { [BACKCHANNEL_LOGOUT_EVENT]: {} }
		};
		const expected = { issuer: 'https://issuer.example/', clientId: 'c', jwks, now: 150 };
		const typOf = (report: ValidationReport) => report.checks.find((c) => c.id === 'typ')?.status;
		const typed = (typ: string) => sign(claims, typ).then((t) => validateLogoutToken(t, expected));
		for (const typ of ['JWT', 'jwt', 'application/JWT']) {
			const report = await typed(typ);
			expect(report.valid, typ).toBe(true);
			expect(typOf(report), typ).toBe('not_applicable');
		}
		expect(typOf(await typed('logout+jwt'))).toBe('passed');
		for (const typ of ['at+jwt', 'dpop+jwt'])
			expect(failed(await typed(typ)), typ).toEqual(['typ']);
	});

	test('a logout token carrying a nonce fails nonce_absent', async () => {
		const { jwks, sign } = await ownSigner();
		const token = await sign({
			iss: 'https://issuer.example/',
			aud: 'c',
			iat: 100,
			exp: 200,
			jti: 'j',
			sid: 's',
			nonce: 'n',
			events: { [BACKCHANNEL_LOGOUT_EVENT]: {} }
		});
		const report = await validateLogoutToken(token, {
			issuer: 'https://issuer.example/',
			clientId: 'c',
			jwks,
			now: 150
		});
		expect(failed(report)).toEqual(['nonce_absent']);
	});

	test('an id_token sent as a logout token fails events and nonce_absent (§2.6); its typ JWT decides nothing (§2.4, §4.1)', async () => {
		const { intranet, expectations } = await signInThenLogOut();
		const report = await validateLogoutToken(intranet.tokens.id_token, expectations);
		expect(report.valid).toBe(false);
		expect(failed(report)).toEqual(['events', 'nonce_absent', 'jti']);
		expect(report.checks.find((c) => c.id === 'typ')?.status).toBe('not_applicable');
		// Its signature is genuine: only the logout-token rules refuse it.
		expect(report.checks.find((c) => c.id === 'signature')?.status).toBe('passed');
	});

	test('an unsigned logout token (alg none) fails alg', async () => {
		const { expectations, requests } = await signInThenLogOut();
		const [, payload] = tokenOf(requests[0]!).split('.');
		const none = `${btoa(JSON.stringify({ alg: 'none', typ: 'logout+jwt' })).replace(/=+$/, '')}.${payload}.`;
		expect(failed(await validateLogoutToken(none, expectations))).toContain('alg');
	});

	test('the endpoint refuses a GET, a missing token and two tokens', async () => {
		const { requests, expectations } = await signInThenLogOut();
		const seenJtis = new Set<string>();
		const request = requests[0]!;
		for (const bad of [
			{ ...request, method: 'GET' },
			{ ...request, body: '' },
			{ ...request, body: `${request.body}&${request.body}` }
		]) {
			const result = await receiveBackchannelLogout(bad, { ...expectations, seenJtis });
			expect(result.response.status).toBe(400);
		}
		expect(seenJtis.size).toBe(0);
	});
});

describe('Front-Channel Logout 1.0: the signed-out page loads the wiki’s logout URI', () => {
	test('an iframe with iss and sid, then on to post_logout_redirect_uri with state', async () => {
		const { logout, wiki, issuer } = await signInThenLogOut();
		expect(logout.status).toBe(200);
		expect(getHeader(logout, 'set-cookie')).toContain('Max-Age=0');
		const page = readFrontchannelLogoutPage(logout);
		expect(page.iframes).toHaveLength(1);
		const url = new URL(page.iframes[0]!);
		expect(url.origin + url.pathname).toBe(WIKI_CLIENT.frontchannel_logout_uri);
		const sid = String(decodeJwt(wiki.tokens.id_token).payload?.sid);
		expect(Object.fromEntries(url.searchParams)).toEqual({ iss: issuer.url, sid });
		expect(page.continueTo).toBe('https://intranet.example/?state=bye');

		const report = checkFrontchannelLogout(page.iframes[0]!, {
			issuer: issuer.url,
			sid,
			sessionRequired: true
		});
		expect(report.valid).toBe(true);
		expect(report.checks.map((c) => c.spec)).toEqual([
			SPEC.frontchannelRp,
			SPEC.frontchannelRp,
			SPEC.frontchannelRp
		]);
	});

	test('Front-Channel §2: another session’s sid is one already signed out here, so the logout has succeeded', async () => {
		const { logout, issuer } = await signInThenLogOut();
		const [frame] = readFrontchannelLogoutPage(logout).iframes;
		const other = checkFrontchannelLogout(frame!, { issuer: issuer.url, sid: 'other' });
		expect(failed(other)).toEqual([]);
		expect(other.valid).toBe(true);
		expect(other.checks.find((c) => c.id === 'sid')?.status).toBe('not_applicable');
	});

	test('the wiki refuses a lone iss, another issuer, and a missing sid it requires', async () => {
		const { logout, issuer } = await signInThenLogOut();
		const [frame] = readFrontchannelLogoutPage(logout).iframes;
		const ids = (report: ValidationReport) => failed(report);
		// Front-Channel Logout §2: already logged out at the RP means the logout succeeded.
		const noSession = checkFrontchannelLogout(frame!, { issuer: issuer.url });
		expect(noSession.valid).toBe(true);
		expect(noSession.checks.find((c) => c.id === 'sid')?.status).toBe('not_applicable');
		expect(noSession.spec).toBe(SPEC.frontchannelRp);
		expect(
			ids(
				checkFrontchannelLogout(`${WIKI_CLIENT.frontchannel_logout_uri}?iss=x`, {
					issuer: issuer.url,
					sid: 's'
				})
			)
		).toEqual(['iss_sid_pair', 'iss']);
		expect(
			ids(
				checkFrontchannelLogout(WIKI_CLIENT.frontchannel_logout_uri!, {
					issuer: issuer.url,
					sessionRequired: true
				})
			)
		).toEqual(['iss_sid_pair']);
		expect(checkFrontchannelLogout('not a url', { issuer: issuer.url }).valid).toBe(true);
	});
});
