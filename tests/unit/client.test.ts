import { describe, expect, test } from 'vitest';
import {
	createAuthorizationRequest,
	readCallback,
	redirectLocation,
	SPA_CLIENT,
	SPEC,
	type ProviderMetadata
} from '../../src/lib/core/index';
import { authorize, setup } from './helpers';

const RFC9207_VALIDATION = 'https://www.rfc-editor.org/rfc/rfc9207#section-2.4';

describe('the client reads the authorization response before trusting it', () => {
	const callback = 'https://spa.example/callback';

	test('refuses a response with no state, another state, or another issuer (CSRF and mix-up)', async () => {
		const { metadata, issuer } = await setup();
		const pending = await createAuthorizationRequest(metadata, {
			clientId: SPA_CLIENT.client_id,
			redirectUri: callback,
			scope: 'openid'
		});
		const read = (query: string) =>
			readCallback({ url: `${callback}?${query}` }, pending, issuer.url);
		expect(read('code=abc')).toMatchObject({ ok: false, error: 'state_missing' });
		expect(read('code=abc&state=forged')).toMatchObject({ ok: false, error: 'state_mismatch' });
		expect(
			read(`code=abc&state=${pending.state}&iss=${encodeURIComponent('https://evil.example/')}`)
		).toMatchObject({
			ok: false,
			error: 'issuer_mismatch',
			refusedBy: 'client',
			spec: RFC9207_VALIDATION
		});
		expect(read(`code=abc&state=${pending.state}&iss=${encodeURIComponent(issuer.url)}`)).toEqual({
			ok: true,
			params: { code: 'abc', state: pending.state, iss: issuer.url }
		});
	});

	test('reads the fragment and form_post bodies the same way, and surfaces OAuth errors', async () => {
		const { metadata, issuer } = await setup();
		const pending = await createAuthorizationRequest(metadata, {
			clientId: SPA_CLIENT.client_id,
			redirectUri: callback,
			scope: 'openid'
		});
		const iss = encodeURIComponent(issuer.url);
		expect(
			readCallback(
				{ url: `${callback}#id_token=x&state=${pending.state}&iss=${iss}` },
				pending,
				issuer.url
			)
		).toMatchObject({ ok: true });
		expect(
			readCallback(
				{ url: callback, body: `code=c&state=${pending.state}&iss=${iss}` },
				pending,
				issuer.url
			)
		).toMatchObject({ ok: true });
		expect(
			readCallback(
				{
					url: `${callback}?error=login_required&error_description=no+session&state=${pending.state}&iss=${iss}`
				},
				pending,
				issuer.url
			)
		).toEqual({
			ok: false,
			error: 'login_required',
			description: 'no session',
			refusedBy: 'issuer',
			spec: SPEC.authError
		});
	});
});

describe('RFC 9207: an issuer that announces iss must send it, and the client holds it to that', () => {
	const callback = 'https://spa.example/callback';
	const pendingFor = (metadata: ProviderMetadata) =>
		createAuthorizationRequest(metadata, {
			clientId: SPA_CLIENT.client_id,
			redirectUri: callback,
			scope: 'openid'
		});

	test('the client keeps, with its request, that the issuer announced the iss parameter', async () => {
		const { metadata } = await setup();
		expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
		expect((await pendingFor(metadata)).issRequired).toBe(true);
		const silent = { ...metadata, authorization_response_iss_parameter_supported: undefined };
		expect((await pendingFor(silent)).issRequired).toBe(false);
	});

	test('refuses an answer without iss, in every response mode and for an error too (§2.4)', async () => {
		const { metadata, issuer } = await setup();
		const pending = await pendingFor(metadata);
		const missing = {
			ok: false,
			error: 'iss_missing',
			refusedBy: 'client',
			spec: RFC9207_VALIDATION
		};
		const state = `state=${pending.state}`;
		expect(readCallback({ url: `${callback}?code=c&${state}` }, pending, issuer.url)).toMatchObject(
			missing
		);
		expect(
			readCallback({ url: `${callback}#id_token=x&${state}` }, pending, issuer.url)
		).toMatchObject(missing);
		expect(
			readCallback({ url: callback, body: `code=c&${state}` }, pending, issuer.url)
		).toMatchObject(missing);
		// An error without iss may not come from this issuer at all: it is not taken as its answer.
		expect(
			readCallback({ url: `${callback}?error=access_denied&${state}` }, pending, issuer.url)
		).toMatchObject(missing);
		// state is still checked first: a forged answer is refused as such.
		expect(readCallback({ url: `${callback}?code=c` }, pending, issuer.url)).toMatchObject({
			error: 'state_missing'
		});
	});

	test('refuses a wrong iss on an error response as on a success (§2.4)', async () => {
		const { metadata, issuer } = await setup();
		const pending = await pendingFor(metadata);
		const evil = encodeURIComponent('https://evil.example/');
		expect(
			readCallback(
				{ url: `${callback}?error=login_required&state=${pending.state}&iss=${evil}` },
				pending,
				issuer.url
			)
		).toMatchObject({ ok: false, error: 'issuer_mismatch', spec: RFC9207_VALIDATION });
		// The comparison is simple string comparison: no trailing slash added or removed.
		const trimmed = encodeURIComponent(issuer.url.replace(/\/$/, ''));
		expect(
			readCallback(
				{ url: `${callback}?code=c&state=${pending.state}&iss=${trimmed}` },
				pending,
				issuer.url
			)
		).toMatchObject({ ok: false, error: 'issuer_mismatch' });
	});

	test('takes an answer without iss from an issuer that never announced it', async () => {
		const { metadata, issuer } = await setup();
		const pending = await pendingFor({
			...metadata,
			authorization_response_iss_parameter_supported: false
		});
		expect(
			readCallback({ url: `${callback}?code=c&state=${pending.state}` }, pending, issuer.url)
		).toMatchObject({ ok: true });
	});

	test.each([
		['query', undefined],
		['query', 'query'],
		['fragment', 'fragment']
	] as const)(
		'the issuer’s own %s answer carries its iss and is accepted (response_mode %s)',
		async (_, responseMode) => {
			const { metadata, issuer } = await setup();
			const { pending, response } = await authorize(issuer, metadata, { responseMode });
			const result = readCallback({ url: redirectLocation(response)! }, pending, issuer.url);
			expect(result).toMatchObject({ ok: true, params: { iss: issuer.url } });
		}
	);

	test('the issuer’s form_post page and its error answers carry iss too', async () => {
		const { metadata, issuer } = await setup();
		const posted = await authorize(issuer, metadata, { responseMode: 'form_post' });
		const fields = [...posted.response.body.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map(
			([, name, value]) => `${name}=${encodeURIComponent(value!.replace(/&amp;/g, '&'))}`
		);
		expect(
			readCallback({ url: callback, body: fields.join('&') }, posted.pending, issuer.url)
		).toMatchObject({ ok: true, params: { iss: issuer.url } });
		// prompt=none without a session: login_required, with iss (RFC 9207 §2: "including error responses").
		const silent = await authorize(issuer, metadata, { prompt: 'none', loginHint: undefined });
		expect(
			readCallback({ url: redirectLocation(silent.response)! }, silent.pending, issuer.url)
		).toMatchObject({ ok: false, error: 'login_required', refusedBy: 'issuer' });
	});
});
