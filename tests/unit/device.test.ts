import * as oauth from 'oauth4webapi';
import { describe, expect, test } from 'vitest';
import {
	Clock,
	createIssuer,
	decodeJwt,
	deviceAuthorizationRequest,
	deviceTokenRequest,
	getHeader,
	readDeviceAuthorization,
	readDevicePoll,
	TV_CLIENT,
	validateIdToken,
	type ClientCredentials,
	type DeviceAuthorization,
	type HttpResponse,
	type Issuer
} from '../../src/lib/core/index';
import { body, get, post, sessionCookie, setup, WEBAPP } from './helpers';

const TV: ClientCredentials = { clientId: TV_CLIENT.client_id, authMethod: 'none' };
type Ready = Awaited<ReturnType<typeof setup>>;

async function start(ready: Ready, scope = 'openid profile offline_access') {
	const response = await ready.issuer.handle(deviceAuthorizationRequest(ready.metadata, TV, scope));
	const read = readDeviceAuthorization(response);
	if (!read.ok) throw new Error(`device authorization failed: ${read.error}`);
	return { response, device: read.value };
}

const poll = (ready: Ready, device: DeviceAuthorization, credentials = TV) =>
	ready.issuer.handle(deviceTokenRequest(ready.metadata, credentials, device.device_code));

const errorOf = (response: HttpResponse) => String(body(response).error ?? '');

/** The hidden one-time form id of the activation page. */
function formId(page: HttpResponse): string {
	const id = /name="form" value="([^"]+)"/.exec(page.body)?.[1];
	if (!id) throw new Error('no activation form on the page');
	return id;
}

/** The person opens verification_uri_complete on their phone, logs in, and decides. */
async function approve(
	issuer: Issuer,
	device: DeviceAuthorization,
	decision: 'allow' | 'deny' = 'allow',
	username = 'alice',
	password = 'correct horse battery staple'
) {
	const page = await issuer.handle(get(device.verification_uri_complete!));
	return issuer.handle(
		post(device.verification_uri, {
			form: formId(page),
			user_code: device.user_code,
			username,
			password,
			decision
		})
	);
}

describe('RFC 8628 §3.1-3.2: the device authorization endpoint', () => {
	test('answers device_code, user_code, both verification URIs, expires_in and interval, uncached', async () => {
		const ready = await setup();
		const { response, device } = await start(ready);
		expect(response.status).toBe(200);
		expect(getHeader(response, 'cache-control')).toBe('no-store');
		expect(device.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
		expect(device.device_code.length).toBeGreaterThanOrEqual(43);
		expect(device.verification_uri).toBe('https://issuer.example/activate');
		expect(new URL(device.verification_uri_complete!).searchParams.get('user_code')).toBe(
			device.user_code
		);
		expect(device).toMatchObject({ expires_in: 900, interval: 5 });
	});

	test('discovery advertises the endpoint and the grant type (RFC 8628 §4)', async () => {
		const { issuer } = await setup();
		const doc = body(await issuer.handle(get(`${issuer.url}.well-known/openid-configuration`)));
		expect(doc.device_authorization_endpoint).toBe('https://issuer.example/oauth/device/code');
		expect(doc.grant_types_supported).toContain('urn:ietf:params:oauth:grant-type:device_code');
	});

	test('refuses a client not registered for the grant, an unknown client and a GET', async () => {
		const ready = await setup();
		const webapp = await ready.issuer.handle(
			deviceAuthorizationRequest(ready.metadata, WEBAPP, 'openid')
		);
		expect([webapp.status, errorOf(webapp)]).toEqual([400, 'unauthorized_client']);
		const unknown = await ready.issuer.handle(
			deviceAuthorizationRequest(
				ready.metadata,
				{ clientId: 'nobody', authMethod: 'none' },
				'openid'
			)
		);
		expect([unknown.status, errorOf(unknown)]).toEqual([401, 'invalid_client']);
		const viaGet = await ready.issuer.handle(get(ready.metadata.issuer + 'oauth/device/code'));
		expect(viaGet.status).toBe(405);
		const hs256 = await setup({ idTokenAlgorithm: 'HS256' });
		const publicHs256 = await hs256.issuer.handle(
			deviceAuthorizationRequest(hs256.metadata, TV, 'openid')
		);
		// HS256 id_tokens are keyed with the client secret, which a TV does not have (OIDC Core §10.1).
		expect(errorOf(publicHs256)).toBe('unauthorized_client');
		const badScope = await ready.issuer.handle(
			deviceAuthorizationRequest(ready.metadata, TV, 'openid "x"')
		);
		expect(errorOf(badScope)).toBe('invalid_scope');
	});
});

describe('RFC 8628 §3.4-3.5: polling the token endpoint on the simulated clock', () => {
	test('authorization_pending, then slow_down for polling faster than interval, which grows by 5 s', async () => {
		const ready = await setup();
		const { device } = await start(ready);
		expect(errorOf(await poll(ready, device))).toBe('authorization_pending');
		// Immediately again: too fast.
		const fast = await poll(ready, device);
		expect([fast.status, errorOf(fast)]).toEqual([400, 'slow_down']);
		expect(readDevicePoll(fast, 5)).toEqual({ kind: 'wait', interval: 10 });
		// Five seconds is no longer enough: the interval is now 10 s.
		ready.clock.advance(5);
		expect(errorOf(await poll(ready, device))).toBe('slow_down');
		ready.clock.advance(15);
		expect(errorOf(await poll(ready, device))).toBe('authorization_pending');
	});

	test('after approval on another device: tokens with an id_token, no nonce, auth_time of that login', async () => {
		const ready = await setup();
		const { device } = await start(ready);
		expect(errorOf(await poll(ready, device))).toBe('authorization_pending');
		ready.clock.advance(30);
		const done = await approve(ready.issuer, device);
		expect(done.status).toBe(200);
		expect(done.body).toContain(TV_CLIENT.client_name);
		ready.clock.advance(5);
		const tokens = await poll(ready, device);
		expect(tokens.status).toBe(200);
		expect(readDevicePoll(tokens, 5)).toEqual({ kind: 'tokens' });
		const { id_token, refresh_token, access_token } = body(tokens);
		expect(typeof refresh_token).toBe('string');
		const report = await validateIdToken(id_token, {
			issuer: ready.issuer.url,
			clientId: TV.clientId,
			jwks: ready.issuer.jwks(),
			accessToken: String(access_token),
			now: ready.clock.now()
		});
		expect(report.valid).toBe(true);
		expect(report.claims).toMatchObject({ sub: 'auth0|alice', auth_time: ready.clock.now() - 5 });
		expect(report.claims?.nonce).toBeUndefined();
		// The device code is spent.
		expect(errorOf(await poll(ready, device))).toBe('invalid_grant');
	});

	test('access_denied when the person says no', async () => {
		const ready = await setup();
		const { device } = await start(ready);
		expect((await approve(ready.issuer, device, 'deny')).status).toBe(200);
		expect(errorOf(await poll(ready, device))).toBe('access_denied');
	});

	test('expired_token once expires_in has passed, approved or not', async () => {
		const ready = await setup();
		const { device } = await start(ready);
		ready.clock.advance(900);
		expect(errorOf(await poll(ready, device))).toBe('expired_token');
		const page = await approve(ready.issuer, device);
		expect(page.body).toContain('role="alert"');
	});

	test('another client cannot redeem the device code; a missing one is invalid_request', async () => {
		const ready = await setup();
		const { device } = await start(ready);
		await approve(ready.issuer, device);
		// A client not registered for the grant is refused as such first (RFC 6749 §5.2).
		expect(errorOf(await poll(ready, device, WEBAPP))).toBe('unauthorized_client');
		const missing = await ready.issuer.handle(
			post(ready.metadata.token_endpoint, {
				grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
				client_id: TV.clientId
			})
		);
		expect(errorOf(missing)).toBe('invalid_request');
		expect(errorOf(await poll(ready, { ...device, device_code: 'nope' }))).toBe('invalid_grant');
	});
});

describe('RFC 8628 §3.3 and §6.1: the verification page', () => {
	test('a code typed in lower case without the dash is accepted, then confirmed naming the client (§5.4)', async () => {
		const ready = await setup();
		const { device } = await start(ready);
		const blank = await ready.issuer.handle(get(device.verification_uri));
		expect(blank.body).not.toContain(TV_CLIENT.client_name);
		const typed = device.user_code.replace('-', '').toLowerCase();
		const confirm = await ready.issuer.handle(
			post(device.verification_uri, { form: formId(blank), user_code: typed })
		);
		expect(confirm.body).toContain(TV_CLIENT.client_name);
		expect(confirm.body).toContain('name="password"');
		const done = await ready.issuer.handle(
			post(device.verification_uri, {
				form: formId(confirm),
				user_code: typed,
				username: 'bob',
				password: 'hunter2',
				decision: 'allow'
			})
		);
		expect(done.status).toBe(200);
		expect(getHeader(done, 'set-cookie')).toContain('tokenstep_session=');
		ready.clock.advance(5);
		expect(decodeJwt(String(body(await poll(ready, device)).id_token)).payload?.sub).toBe(
			'auth0|bob'
		);
	});

	test('a wrong code or password shows the form again; a replayed form is refused', async () => {
		const ready = await setup();
		const { device } = await start(ready);
		const page = await ready.issuer.handle(get(device.verification_uri));
		const id = formId(page);
		const wrong = await ready.issuer.handle(
			post(device.verification_uri, { form: id, user_code: 'BCDF-GHJK' })
		);
		expect([wrong.status, wrong.body.includes('role="alert"')]).toEqual([200, true]);
		const replay = await ready.issuer.handle(
			post(device.verification_uri, { form: id, user_code: device.user_code })
		);
		expect(replay.status).toBe(400);
		const badPassword = await approve(ready.issuer, device, 'allow', 'alice', 'nope');
		expect(badPassword.body).toContain('role="alert"');
		expect(errorOf(await poll(ready, device))).toBe('authorization_pending');
	});

	test('a person already signed in at the issuer approves without logging in again', async () => {
		const ready = await setup();
		const { device } = await start(ready);
		const first = await approve(ready.issuer, device);
		const cookie = sessionCookie(first);
		const second = (await start(ready)).device;
		const page = await ready.issuer.handle(
			get(second.verification_uri_complete!, [['Cookie', cookie]])
		);
		expect(page.body).not.toContain('name="password"');
		const done = await ready.issuer.handle(
			post(
				second.verification_uri,
				{ form: formId(page), user_code: second.user_code, decision: 'allow' },
				[['Cookie', cookie]]
			)
		);
		expect(done.status).toBe(200);
		ready.clock.advance(5);
		expect((await poll(ready, second)).status).toBe(200);
	});
});

describe('interop: oauth4webapi drives the device flow against issuer.fetch', () => {
	test('device authorization, pending, slow_down, approval, then a validated id_token', async () => {
		// oauth4webapi checks iat against the real clock; the simulated clock starts at real time.
		const clock = new Clock();
		const issuer = await createIssuer({ clock });
		const fetchFn = (url: string, options: oauth.CustomFetchOptions<string, unknown>) =>
			issuer.fetch(new Request(url, options as RequestInit));
		const issuerUrl = new URL(issuer.url);
		const as = await oauth.processDiscoveryResponse(
			issuerUrl,
			await oauth.discoveryRequest(issuerUrl, { [oauth.customFetch]: fetchFn })
		);
		const tvClient: oauth.Client = { client_id: TV.clientId, [oauth.clockTolerance]: 120 };
		const started = await oauth.processDeviceAuthorizationResponse(
			as,
			tvClient,
			await oauth.deviceAuthorizationRequest(
				as,
				tvClient,
				oauth.None(),
				{ scope: 'openid email' },
				{ [oauth.customFetch]: fetchFn }
			)
		);
		expect(started.interval).toBe(5);
		const pollOnce = async () =>
			oauth
				.processDeviceCodeResponse(
					as,
					tvClient,
					await oauth.deviceCodeGrantRequest(as, tvClient, oauth.None(), started.device_code, {
						[oauth.customFetch]: fetchFn
					})
				)
				.catch((e: unknown) => e);
		const pending = await pollOnce();
		expect(pending).toBeInstanceOf(oauth.ResponseBodyError);
		expect((pending as oauth.ResponseBodyError).error).toBe('authorization_pending');
		expect(((await pollOnce()) as oauth.ResponseBodyError).error).toBe('slow_down');

		await approve(issuer, {
			...started,
			verification_uri_complete: started.verification_uri_complete,
			interval: started.interval ?? 5
		});
		clock.advance(10);
		const result = await pollOnce();
		expect(result).not.toBeInstanceOf(Error);
		const claims = oauth.getValidatedIdTokenClaims(result as oauth.TokenEndpointResponse);
		expect(claims).toMatchObject({
			sub: 'auth0|alice',
			email: 'alice@example.com',
			aud: TV.clientId
		});
	});
});
