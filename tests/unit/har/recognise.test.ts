import { describe, expect, test } from 'vitest';
import { importHar, type Role } from '../../../src/lib/har/index';
import { readHar } from '../../../src/lib/har/read';
import { edited, fixtureText, type Fixture } from './fixtures';

/** The role each exchange of a fixture got, by method and path. */
async function roles(name: Fixture | string) {
	const text = name.startsWith('{') ? name : fixtureText(name as Fixture);
	const { exchanges } = readHar(text);
	const result = await importHar(text);
	return {
		result,
		of: (role: Role) =>
			exchanges
				.filter((_, i) => result.roles[i] === role)
				.map((x) => `${x.request.method} ${new URL(x.request.url).pathname}`)
	};
}

describe('recognising a real login', () => {
	test('discovery, JWKS, the authorization request, the token request and userinfo, from the discovery metadata', async () => {
		const { of } = await roles('code-pkce');
		expect(of('discovery')).toEqual(['GET /.well-known/openid-configuration']);
		expect(of('jwks')).toEqual(['GET /jwks']);
		expect(of('authorize')).toEqual(['GET /auth']);
		expect(of('token')).toEqual(['POST /token']);
		expect(of('userinfo')).toEqual(['GET /me']);
	});

	test('the provider’s login and consent pages are grouped into one step, and can be expanded', async () => {
		const { of, result } = await roles('code-pkce');
		expect(of('provider-page')).toHaveLength(5);
		expect(result.providerPages).toBe(5);
		const grouped = result.trace.steps.filter((s) => s.kind === 'action' && s.from === 'browser');
		expect(grouped).toHaveLength(1);
		const expanded = await importHar(fixtureText('code-pkce'), { expandPages: true });
		expect(expanded.trace.steps.length).toBe(result.trace.steps.length - 1 + 2 * 5);
	});

	test('the provider’s answer is the redirect back to the redirect_uri', async () => {
		const { of } = await roles('code-pkce');
		expect(of('authorization-response')).toHaveLength(1);
		expect(of('authorization-response')[0]).toMatch(/^GET \/auth\/.+/);
	});

	test.each([
		['code-pkce', 'GET /callback', 'query'],
		['implicit', 'GET /callback', 'fragment'],
		['form-post', 'POST /form-callback', 'form_post']
	] as const)('%s: the callback %s is found in response mode %s', async (name, callback, mode) => {
		const { of, result } = await roles(name);
		expect(of('callback')).toEqual([callback]);
		const step = result.trace.steps.find((s) => s.request && s.label === callback);
		expect(step?.note).toContain(mode);
		// The answer's parameters reached the checks, whatever the mode.
		const checks = result.trace.steps.find((s) => s.checks)?.checks?.checks ?? [];
		expect(checks.find((c) => c.id === 'state')?.status).toBe('passed');
	});

	test('refresh grants and logout (with its confirmation) are recognised', async () => {
		expect((await roles('refresh')).of('token')).toEqual(['POST /token', 'POST /token']);
		expect((await roles('code-pkce')).of('logout')).toEqual([
			'GET /session/end',
			'POST /session/end/confirm'
		]);
		const refresh = (await importHar(fixtureText('refresh'))).trace;
		expect(refresh.flow).toBe('refresh');
		expect(refresh.steps.map((s) => s.label)).toContain('POST /token (refresh_token)');
	});

	test('APIs are recognised by their Bearer token, or as JSON a client script fetches when a sanitized export dropped it', async () => {
		expect((await roles('code-pkce')).of('api')).toEqual(['GET /orders']);
		expect((await roles('code-pkce-sanitized')).of('api')).toEqual(['GET /orders']);
	});

	test('fonts, images, scripts, analytics pings and failed requests are unrelated: hidden and counted, shown on request', async () => {
		const { of, result } = await roles('code-pkce');
		const unrelated = of('unrelated');
		expect(unrelated).toEqual(
			expect.arrayContaining(['GET /logo.svg', 'GET /app.js', 'POST /collect', 'GET /css'])
		);
		expect(result.hidden).toBe(unrelated.length);
		const shown = await importHar(fixtureText('code-pkce'), { showUnrelated: true });
		expect(shown.hidden).toBe(0);
		expect(shown.trace.steps.length).toBeGreaterThan(result.trace.steps.length);
	});

	test('participants are named by origin and role; SPA calls come from the client, navigations from the browser', async () => {
		const { result } = await roles('code-pkce');
		expect(result.trace.participants).toEqual({
			client: 'Client localhost:4402',
			issuer: 'Issuer localhost:4401',
			api: 'API localhost:4403'
		});
		const by = (label: string) => result.trace.steps.find((s) => s.label === label)!;
		expect([
			by('POST /token (authorization_code)').from,
			by('POST /token (authorization_code)').to
		]).toEqual(['client', 'issuer']);
		expect([by('GET /auth').from, by('GET /auth').to]).toEqual(['browser', 'issuer']);
		expect(result.issuer).toBe('http://localhost:4401');
	});

	test('without discovery, the issuer is the authorization endpoint’s origin and endpoints are found by shape', async () => {
		const text = edited('code-pkce', (har) => {
			har.log.entries = har.log.entries.filter((e) => !e.request.url.includes('/.well-known/'));
		});
		const { of, result } = await roles(text);
		expect(of('discovery')).toEqual([]);
		expect(of('authorize')).toEqual(['GET /auth']);
		expect(of('token')).toEqual(['POST /token']);
		expect(of('jwks')).toEqual(['GET /jwks']);
		expect(result.issuer).toBe('http://localhost:4401');
		const validation = result.trace.steps.find((s) => s.label === 'validate id_token')!.checks!;
		expect(validation.checks.find((c) => c.id === 'iss')?.status).toBe('passed');
	});

	test('a HAR with no login in it says so with a code', async () => {
		const text = edited('code-pkce', (har) => {
			har.log.entries = har.log.entries.filter((e) => e.request.url.includes('/logo.svg'));
		});
		const result = await importHar(text);
		expect(result.codes).toContain('HAR_NO_LOGIN');
	});

	test('the authorization request is explained parameter by parameter', async () => {
		const { result } = await roles('code-pkce');
		const note = result.trace.steps.find((s) => s.label === 'GET /auth')!.note!;
		for (const p of [
			'response_type',
			'client_id',
			'redirect_uri',
			'scope',
			'state',
			'nonce',
			'code_challenge',
			'code_challenge_method'
		])
			expect(note).toContain(`${p}:`);
	});
});
