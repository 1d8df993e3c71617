/**
 * Issue 31 items 1, 2 and 9: what the security test found shown unmasked, each planted in a
 * recorded login, and the masking's cost growing with the file, not with its square.
 */
import type { Entry } from 'har-format';
import { describe, expect, test } from 'vitest';
import { importHar } from '../../../src/lib/har/index';
import { secretName } from '../../../src/lib/har/mask';
import { fixture } from './fixtures';

describe('one classifier of secret-bearing names, whatever the case style', () => {
	test.each([
		'password',
		'Password',
		'passcode',
		'refreshToken',
		'refresh-token',
		'REFRESH_TOKEN',
		'stateHandle',
		'x-api-key',
		'X-Api-Key',
		'key',
		'apiKey',
		'client_secret',
		'clientSecret',
		'id_token_hint',
		'code',
		'device_code',
		'Authorization',
		'Cookie',
		'Set-Cookie',
		'credentials',
		'otp',
		'pin',
		'csrfToken',
		'sessionid'
	])('%s is a secret', (name) => expect(secretName(name)).toBe(true));

	test.each([
		'token_endpoint',
		'authorization_endpoint',
		'end_session_endpoint',
		'token_type',
		'tokenType',
		'code_challenge',
		'code_challenge_method',
		'response_type',
		'client_id',
		'state',
		'nonce',
		'scope',
		'bearer_methods_supported',
		'token_endpoint_auth_methods_supported',
		'client_assertion_type',
		'expires_in',
		'status_code',
		'email'
	])('%s is not', (name) => expect(secretName(name)).toBe(false));
});

function added(url: string, edit: (e: Entry) => void): Entry {
	const e = structuredClone(fixture('code-pkce').log.entries.at(-1)!);
	e.request.url = url;
	e.request.method = 'POST';
	e.request.headers = [];
	e.response.headers = [];
	e.response.content = { size: 0, mimeType: 'text/plain', text: '' };
	delete e.request.postData;
	edit(e);
	return e;
}

const json = (value: unknown) => ({ mimeType: 'application/json', text: JSON.stringify(value) });
const API = 'http://localhost:4401/api/login';

/** Each finding: where the secret was planted, and the secret. */
const FINDINGS: [string, Entry, string][] = [
	[
		'a JSON login (Auth0 Lock)',
		added(API, (e) => (e.request.postData = json({ username: 'jane', password: 'zqxPw-1' }))),
		'zqxPw-1'
	],
	[
		'a nested passcode (Okta)',
		added(API, (e) => (e.request.postData = json({ credentials: { passcode: 'zqxPasscode9' } }))),
		'zqxPasscode9'
	],
	[
		'a stateHandle (Okta)',
		added(API, (e) => (e.request.postData = json({ stateHandle: 'zqxStateHandle42' }))),
		'zqxStateHandle42'
	],
	[
		'refreshToken in a response (Firebase)',
		added(
			API,
			(e) => (e.response.content = { size: 1, ...json({ refreshToken: 'zqxRefresh77' }) })
		),
		'zqxRefresh77'
	],
	[
		'a nested refresh_token',
		added(
			API,
			(e) => (e.response.content = { size: 1, ...json({ data: { refresh_token: 'zqxNested5' } }) })
		),
		'zqxNested5'
	],
	[
		'an x-api-key header',
		added(API, (e) => e.request.headers.push({ name: 'x-api-key', value: 'zqxApiKey31' })),
		'zqxApiKey31'
	],
	['a ?key= API key', added(`${API}?key=zqxGoogleKey8`, () => {}), 'zqxGoogleKey8'],
	[
		'a secret under 6 characters',
		added(API, (e) => (e.request.postData = json({ pin: 'zq12' }))),
		'zq12'
	],
	[
		'a second cookie in a newline-joined Set-Cookie',
		added(API, (e) =>
			e.response.headers.push({
				name: 'Set-Cookie',
				value: 'a=1; Path=/\nsess=zqxCookie2; HttpOnly'
			})
		),
		'zqxCookie2'
	],
	[
		'a token in its JSON-escaped form',
		added(API, (e) => {
			e.response.content = {
				size: 1,
				mimeType: 'application/json',
				text: '{"access_token":"zqxEsc9\\/a\\/b"}'
			};
		}),
		// JSON-stringified again in the trace, its escapes are escaped: the start of it is checked.
		'zqxEsc9'
	],
	[
		'a numeric code in JSON',
		added(API, (e) => (e.response.content = { size: 1, ...json({ code: 735_912 }) })),
		'735912'
	],
	[
		'a magic-link token in a path',
		added('http://localhost:4401/magic/zqxMagic8Kq2w9Lm4Np7Rs', (e) => (e.request.method = 'GET')),
		'zqxMagic8Kq2w9Lm4Np7Rs'
	],
	[
		'a multipart password',
		added(API, (e) => {
			e.request.headers.push({ name: 'Content-Type', value: 'multipart/form-data; boundary=B' });
			e.request.postData = {
				mimeType: 'multipart/form-data; boundary=B',
				text: '--B\r\nContent-Disposition: form-data; name="password"\r\n\r\nzqxMulti3\r\n--B--\r\n'
			};
		}),
		'zqxMulti3'
	]
];

test.each(FINDINGS)('%s is masked, and shown when revealed', async (_, entry, secret) => {
	const har = fixture('code-pkce');
	har.log.entries.push(entry);
	const options = { expandPages: true, showUnrelated: true };
	const revealed = JSON.stringify(
		(await importHar(JSON.stringify(har), { ...options, reveal: true })).trace
	);
	expect(revealed).toContain(secret);
	const masked = JSON.stringify((await importHar(JSON.stringify(har), options)).trace);
	expect(masked).not.toContain(secret);
});

test('masking 10,000 codes takes time in proportion to the file (item 2)', async () => {
	const har = fixture('code-pkce');
	const template = added('http://localhost:4402/callback', (e) => (e.request.method = 'GET'));
	for (let i = 0; i < 10_000; i++) {
		const e = structuredClone(template);
		e.request.url = `http://localhost:4402/callback?code=zqx${i.toString(36).padStart(40, 'k')}&state=s${i}`;
		har.log.entries.push(e);
	}
	const started = performance.now();
	const { trace } = await importHar(JSON.stringify(har), { showUnrelated: true });
	// Comparing each of 10,000 secrets with every string took about 45 s; one pass takes a few.
	expect(performance.now() - started).toBeLessThan(20_000);
	expect(trace.steps.length).toBeGreaterThan(10_000);
	expect(JSON.stringify(trace)).not.toContain('zqxkkkk');
}, 60_000);
