import type { Entry } from 'har-format';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { decodeJwt } from 'jose';
import { flowTrace, importHar } from '../../../src/lib/har/index';
import { failedChecks, factsOf } from './facts';
import { edited, fixture, fixtureText } from './fixtures';

const statusOf = (checks: { id: string; status: string }[] | undefined, id: string) =>
	checks?.find((c) => c.id === id)?.status;

const shift = (entry: Entry, ms: number) =>
	(entry.startedDateTime = new Date(Date.parse(entry.startedDateTime) + ms).toISOString());

const tokenEntry = (entries: Entry[]) =>
	entries.find((e) => e.request.method === 'POST' && e.request.url.endsWith('/token'))!;

describe('time: each token is judged when its response arrived', () => {
	test('a token issued after its request started, while the response was on its way, is not “in the future”', async () => {
		const har = fixture('code-pkce');
		const token = tokenEntry(har.log.entries);
		const iat = decodeJwt(JSON.parse(token.response.content.text!).id_token).iat!;
		// The request starts 2 s before the token was issued, and takes 3 s to answer.
		for (const entry of har.log.entries) shift(entry, -2000);
		token.time = 3000;
		expect(Math.floor(Date.parse(token.startedDateTime) / 1000)).toBeLessThan(iat);

		const result = await importHar(JSON.stringify(har));
		const validation = result.trace.steps.find((s) => s.label === 'validate id_token')!;
		expect(statusOf(validation.checks?.checks, 'iat')).toBe('passed');
		expect(failedChecks(result)).toEqual([]);
		// The step says when it was judged: at the arrival, not the start.
		expect(validation.at).toBeGreaterThanOrEqual(iat);
	});

	test('a clock tolerance, when given, is the one the checks use and the trace carries', async () => {
		const result = await importHar(fixtureText('code-pkce'), { clockSkew: 30 });
		expect(result.trace.settings.clockSkew).toBe(30);
	});
});

describe('order: a validation is drawn where the client could first make it', () => {
	test('after the JWKS response that held its key, when the keys arrive after the tokens', async () => {
		const text = edited('code-pkce', (har) => {
			const jwks = har.log.entries.find((e) => e.request.url.endsWith('/jwks'))!;
			const token = tokenEntry(har.log.entries);
			jwks.startedDateTime = new Date(Date.parse(token.startedDateTime) + 80).toISOString();
		});
		const result = await importHar(text);
		const steps = result.trace.steps;
		const validation = steps.findIndex((s) => s.label === 'validate id_token');
		// The JWKS request, then its response, then the validation that needed it.
		const keys = steps.findIndex((s) => s.label === 'GET /jwks') + 1;
		const token = steps.findIndex((s) => s.label === 'POST /token (authorization_code)');
		expect(keys).toBeGreaterThan(token);
		expect(validation).toBe(keys + 1);
		expect(statusOf(steps[validation]!.checks?.checks, 'signature')).toBe('passed');
		steps.forEach((s, i) => expect(s.index).toBe(i));
	});

	test('with a pasted JWKS and none recorded, the step says the key came from elsewhere', async () => {
		const har = fixture('code-pkce');
		const jwksEntry = har.log.entries.find((e) => e.request.url.endsWith('/jwks'))!;
		const jwks = JSON.parse(jwksEntry.response.content.text!);
		har.log.entries = har.log.entries.filter((e) => e !== jwksEntry);
		const result = await importHar(JSON.stringify(har), { jwks });
		const validation = result.trace.steps.find((s) => s.label === 'validate id_token')!;
		expect(statusOf(validation.checks?.checks, 'signature')).toBe('passed');
		expect(validation.note).toMatch(/pasted/);
	});
});

describe('a provider spread over several hosts', () => {
	const split = () =>
		edited('code-pkce', (har) => {
			const text = JSON.stringify(har)
				.replaceAll('http://localhost:4401/token', 'http://localhost:4411/oauth2/v4/token')
				.replaceAll('http://localhost:4401/jwks', 'http://localhost:4412/oauth2/v3/certs')
				.replaceAll('http://localhost:4401/me', 'http://localhost:4413/v1/userinfo');
			Object.assign(har, JSON.parse(text));
		});

	test('token, JWKS and UserInfo on their own hosts are still the provider’s, and the signature is checked', async () => {
		const result = await importHar(split());
		const label = (l: string) => result.trace.steps.find((s) => s.label === l);
		expect(label('POST /oauth2/v4/token (authorization_code)')?.to).toBe('issuer');
		expect(label('GET /oauth2/v3/certs')?.to).toBe('issuer');
		expect(label('GET /v1/userinfo')?.to).toBe('issuer');
		const validation = label('validate id_token')!;
		expect(statusOf(validation.checks?.checks, 'signature')).toBe('passed');
		expect(statusOf(validation.checks?.checks, 'iss')).toBe('passed');
		expect(failedChecks(result)).toEqual([]);
		expect(result.issuer).toBe('http://localhost:4401');
		expect(result.trace.participants?.issuer).toMatch(/localhost:4401.*\+3 hosts/);
	});

	test('without discovery too: the hosts are found by what their requests carry', async () => {
		const text = edited('code-pkce', (har) => {
			Object.assign(har, JSON.parse(split()));
			har.log.entries = har.log.entries.filter((e) => !e.request.url.includes('/.well-known/'));
		});
		const result = await importHar(text);
		const validation = result.trace.steps.find((s) => s.label === 'validate id_token')!;
		expect(statusOf(validation.checks?.checks, 'signature')).toBe('passed');
		expect(failedChecks(result)).toEqual([]);
		expect(result.issuer).toBe('http://localhost:4401');
	});
});

describe('several flows in one recording', () => {
	test('a login and an RP-initiated logout are two flows, the logout checked', async () => {
		const result = await importHar(fixtureText('code-pkce'));
		expect(result.flows.map((f) => f.kind)).toEqual(['login', 'logout']);
		const logout = flowTrace(result.trace, result.flows[1]!);
		const checks = logout.steps.find((s) => s.checks)?.checks?.checks;
		expect(statusOf(checks, 'logout_id_token_hint')).toBe('passed');
		expect(statusOf(checks, 'logout_redirect')).toBe('passed');
		expect(statusOf(checks, 'logout_state')).toBe('not_applicable');
		logout.steps.forEach((s, i) => expect(s.index).toBe(i));
		expect(logout.steps[0]?.label).toMatch(/^GET \/session\/end/);
	});

	test('a refresh is a flow of its own; its id_token is compared with the sign-in’s (OIDC Core §12.2)', async () => {
		const result = await importHar(fixtureText('refresh'));
		expect(result.flows.map((f) => [f.kind, f.idTokens])).toEqual([
			['login', 1],
			['refresh', 1]
		]);
		const refresh = flowTrace(result.trace, result.flows[1]!);
		const checks = refresh.steps.find((s) => s.checks)?.checks?.checks;
		expect(statusOf(checks, 'refresh_iat')).toBe('passed');
		expect(failedChecks(result)).toEqual([]);
	});
});

describe('a Firefox export', () => {
	test('imports the same as the Chromium recording it was written from', async () => {
		const read = (name: string) =>
			readFileSync(
				join(dirname(fileURLToPath(import.meta.url)), `../../fixtures/har/providers/${name}.har`),
				'utf8'
			);
		const firefox = read('firefox-keycloak');
		expect(JSON.parse(firefox).log.creator.name).toBe('Firefox');
		const [fromFirefox, fromChromium] = await Promise.all([
			importHar(firefox),
			importHar(read('keycloak'))
		]);
		expect(factsOf(fromFirefox)).toEqual(factsOf(fromChromium));
		expect(fromFirefox.trace.steps.map((s) => [s.from, s.to, s.label])).toEqual(
			fromChromium.trace.steps.map((s) => [s.from, s.to, s.label])
		);
	});
});

describe('where one flow ends and the next begins', () => {
	test.each(['okta', 'keycloak'])(
		'%s: the page load and discovery before a sign-in belong to it, and each flow has its checks',
		async (name) => {
			const text = readFileSync(
				join(dirname(fileURLToPath(import.meta.url)), `../../fixtures/har/providers/${name}.har`),
				'utf8'
			);
			const result = await importHar(text);
			for (const flow of result.flows) {
				const steps = flowTrace(result.trace, flow).steps;
				expect(
					steps.some((s) => s.checks),
					`${flow.kind} ${flow.nth}`
				).toBe(true);
				if (flow.kind === 'login')
					expect([steps[0]?.from, steps[0]?.to]).toEqual(['browser', 'client']);
			}
		}
	);
});

describe('no false alarms where the recording cannot tell', () => {
	const keycloak = () =>
		JSON.parse(
			readFileSync(
				join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/har/providers/keycloak.har'),
				'utf8'
			)
		) as { log: { entries: Entry[] } };

	test('an issuer with a path and no discovery in the recording: its id_tokens name it', async () => {
		const har = keycloak();
		har.log.entries = har.log.entries.filter((e) => !e.request.url.includes('/.well-known/'));
		const result = await importHar(JSON.stringify(har));
		expect(result.issuer).toBe('http://sso.keycloak.test:4410/realms/acme');
		expect(failedChecks(result)).toEqual([]);
	});

	test('a logout that passes through an upstream identity provider is not the return', async () => {
		const har = keycloak();
		// The provider first sends the browser to an upstream IdP's logout, which sends it back.
		const confirm = har.log.entries.find((e) => e.request.url.endsWith('/logout/confirm'))!;
		const location = confirm.response.headers.find((h) => h.name.toLowerCase() === 'location')!;
		location.value = `http://upstream-idp.test:4410/logout?return=${encodeURIComponent(location.value)}`;
		const result = await importHar(JSON.stringify(har));
		const logout = result.flows.find((f) => f.kind === 'logout')!;
		const checks = flowTrace(result.trace, logout).steps.find((s) => s.checks)?.checks?.checks;
		expect(statusOf(checks, 'logout_redirect')).not.toBe('failed');
		expect(statusOf(checks, 'logout_state')).not.toBe('failed');
	});

	test('an encrypted id_token_hint is one only the provider can read', async () => {
		const har = keycloak();
		const logout = har.log.entries.find((e) => e.request.url.includes('id_token_hint='))!;
		logout.request.url = logout.request.url.replace(
			/id_token_hint=[^&]+/,
			'id_token_hint=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn'
		);
		const result = await importHar(JSON.stringify(har));
		const flow = result.flows.find((f) => f.kind === 'logout')!;
		const checks = flowTrace(result.trace, flow).steps.find((s) => s.checks)?.checks?.checks;
		expect(statusOf(checks, 'logout_id_token_hint')).toBe('not_applicable');
	});
});
