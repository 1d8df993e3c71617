import { describe, expect, test } from 'vitest';
import { createAuthorizationRequest, readCallback, SPA_CLIENT } from '../../src/lib/core/index';
import { setup } from './helpers';

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
		).toMatchObject({ ok: false, error: 'issuer_mismatch' });
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
		expect(
			readCallback({ url: `${callback}#id_token=x&state=${pending.state}` }, pending, issuer.url)
		).toMatchObject({ ok: true });
		expect(
			readCallback({ url: callback, body: `code=c&state=${pending.state}` }, pending, issuer.url)
		).toMatchObject({ ok: true });
		expect(
			readCallback(
				{
					url: `${callback}?error=login_required&error_description=no+session&state=${pending.state}`
				},
				pending,
				issuer.url
			)
		).toEqual({
			ok: false,
			error: 'login_required',
			description: 'no session'
		});
	});
});
