import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { s256 } from '../../../src/lib/core/jwt/hashes';
import { importHar } from '../../../src/lib/har/index';
import {
	codeCheck,
	errorCheck,
	idTokenChecks,
	issParamCheck,
	pkceCheck,
	stateCheck,
	type LoginRequest
} from '../../../src/lib/har/flowChecks';
import { edited, fixture, fixtureText, type Fixture } from './fixtures';

const login = (extra: Partial<LoginRequest> = {}): LoginRequest => ({
	clientId: 'spa',
	responseType: 'code',
	...extra
});

/** The report of the step with this label, as { check id: status }. */
async function statuses(text: string, label: string) {
	const { trace } = await importHar(text);
	const step = trace.steps.find((s) => s.label === label);
	return Object.fromEntries((step?.checks?.checks ?? []).map((c) => [c.id, c.status]));
}

describe('state', () => {
	test('passes when returned unchanged, fails when changed or missing', () => {
		expect(stateCheck(login({ state: 'abc' }), 'abc').status).toBe('passed');
		expect(stateCheck(login({ state: 'abc' }), 'xyz').status).toBe('failed');
		expect(stateCheck(login({ state: 'abc' }), null).status).toBe('failed');
	});
	test('cannot be judged when the request that started the login is not in the recording', () => {
		expect(stateCheck(undefined, 'abc').status).toBe('not_applicable');
	});
	test('without state, a nonce binds an OpenID Connect answer (RFC 9700 §2.1)', () => {
		expect(stateCheck(login({ nonce: 'n' }), null).status).toBe('not_applicable');
	});
	test('is not applicable without a state when PKCE binds the answer, and fails with neither', () => {
		expect(stateCheck(login({ codeChallenge: 'c' }), null).status).toBe('not_applicable');
		expect(stateCheck(login(), null).status).toBe('failed');
		expect(stateCheck(login(), 'unasked').status).toBe('failed');
	});
	test('a login CSRF (another login’s callback opened in this browser) fails on state and stops the login', async () => {
		const { trace } = await importHar(fixtureText('state-mismatch'));
		const answer = trace.steps.find((s) => s.label === 'check the answer')!;
		expect(answer.failed).toBe(true);
		expect(answer.checks!.checks.find((c) => c.id === 'state')?.status).toBe('failed');
		expect(trace.outcome.completed).toBe(false);
		// A refused answer is not redeemed: no "not observed" exchange is invented.
		expect(trace.steps.some((s) => s.observed === false)).toBe(false);
	});
});

describe('an error answer', () => {
	test('fails, except “the user must interact” answering a silent renewal (OIDC Core §3.1.2.6)', () => {
		expect(errorCheck('access_denied', null).status).toBe('failed');
		expect(errorCheck('login_required', null).status).toBe('failed');
		expect(errorCheck('login_required', null, true).status).toBe('not_applicable');
		expect(errorCheck('invalid_request', null, true).status).toBe('failed');
	});
});

describe('iss in the authorization response (RFC 9207)', () => {
	const issuer = 'https://op.example';
	test('passes when equal, fails when different', () => {
		expect(issParamCheck(issuer, issuer, true).status).toBe('passed');
		expect(issParamCheck('https://evil.example', issuer, true).status).toBe('failed');
	});
	test('missing: fails when announced, not applicable when not announced or an id_token names the issuer', () => {
		expect(issParamCheck(null, issuer, true).status).toBe('failed');
		expect(issParamCheck(null, issuer, false).status).toBe('not_applicable');
		expect(issParamCheck(null, issuer, true, true).status).toBe('not_applicable');
	});
	test('a real provider’s iss passes in the code flow', async () => {
		expect((await statuses(fixtureText('code-pkce'), 'check the answer')).iss_param).toBe('passed');
	});
});

describe('PKCE', () => {
	const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
	test('S256: the verifier must hash to the challenge', async () => {
		const challenge = await s256(verifier);
		const asked = login({ codeChallenge: challenge, codeChallengeMethod: 'S256' });
		expect((await pkceCheck(asked, verifier, false)).status).toBe('passed');
		expect((await pkceCheck(asked, `${verifier}x`, false)).status).toBe('failed');
		expect((await pkceCheck(asked, null, false)).status).toBe('failed');
	});
	test('plain is refused, and no challenge is refused for a public client only', async () => {
		const plain = login({ codeChallenge: verifier, codeChallengeMethod: 'plain' });
		expect((await pkceCheck(plain, verifier, false)).status).toBe('failed');
		expect((await pkceCheck(login(), null, false)).status).toBe('failed');
		expect((await pkceCheck(login(), null, true)).status).toBe('not_applicable');
	});
	test('a changed challenge in the recorded request fails the check', async () => {
		const text = edited('code-pkce', (har) => {
			const auth = har.log.entries.find((e) => e.request.url.includes('code_challenge='))!;
			auth.request.url = auth.request.url.replace(/code_challenge=[^&]+/, 'code_challenge=AAAA');
		});
		expect((await statuses(text, 'validate id_token')).pkce).toBe('failed');
	});
});

describe('the code redeemed', () => {
	test('must be the code the callback received', () => {
		expect(codeCheck('abc', 'abc').status).toBe('passed');
		expect(codeCheck('abc', 'xyz').status).toBe('failed');
		expect(codeCheck(undefined, 'xyz').status).toBe('not_applicable');
	});
});

describe('the id_token, validated as recorded', () => {
	test.each(['code-pkce', 'code-pkce-sanitized', 'refresh', 'es256'] as Fixture[])(
		'%s: every check passes or does not apply, the signature against the JWKS in the file',
		async (name) => {
			const checks = await statuses(fixtureText(name), 'validate id_token');
			expect(checks.signature).toBe('passed');
			expect(checks.nonce).toBe('passed');
			expect(checks.pkce).toBe('passed');
			expect(Object.values(checks).every((s) => s === 'passed' || s === 'not_applicable')).toBe(
				true
			);
		}
	);

	test('ES256: the token is signed with the EC key', async () => {
		const { trace } = await importHar(fixtureText('es256'));
		const step = trace.steps.find((s) => s.label === 'validate id_token')!;
		expect(step.checks!.header?.alg).toBe('ES256');
		expect(trace.settings.algorithm).toBe('ES256');
	});

	test('implicit: nonce and at_hash are checked on the id_token from the fragment', async () => {
		const checks = await statuses(
			fixtureText('implicit'),
			'check the answer and validate id_token'
		);
		expect(checks).toMatchObject({
			state: 'passed',
			nonce: 'passed',
			at_hash: 'passed',
			signature: 'passed'
		});
	});

	test('hybrid form_post: c_hash is checked; with no JWKS in the file the signature does not apply, with a pasted one it passes', async () => {
		const label = 'check the answer and validate id_token';
		const text = fixtureText('form-post');
		const alone = await statuses(text, label);
		expect(alone).toMatchObject({ c_hash: 'passed', nonce: 'passed', signature: 'not_applicable' });
		// The fixtures share the provider's keys: paste the JWKS recorded in another one.
		const jwks = JSON.parse(
			fixture('code-pkce').log.entries.find((e) => e.request.url.endsWith('/jwks'))!.response
				.content.text!
		) as object;
		const { trace } = await importHar(text, { jwks });
		const step = trace.steps.find((s) => s.label === label)!;
		expect(step.checks!.checks.find((c) => c.id === 'signature')?.status).toBe('passed');
	});

	test('hybrid form_post: the web app’s code exchange is drawn as not observed, its checks not applicable', async () => {
		const { trace } = await importHar(fixtureText('form-post'));
		const hidden = trace.steps.filter((s) => s.observed === false);
		expect(hidden).toHaveLength(1);
		expect(hidden[0]!.channel).toBe('back');
		expect(hidden[0]!.checks!.checks.map((c) => c.status)).toEqual([
			'not_applicable',
			'not_applicable',
			'not_applicable'
		]);
		expect(trace.flow).toBe('hybrid');
	});

	test('checked at the time it was recorded; the same token later is expired', async () => {
		const text = fixtureText('code-pkce');
		const later =
			Math.floor(Date.parse(fixture('code-pkce').log.entries[0]!.startedDateTime) / 1000) + 86_400;
		const { trace } = await importHar(text, { now: later });
		const checks = trace.steps.find((s) => s.label === 'validate id_token')!.checks!.checks;
		expect(checks.find((c) => c.id === 'exp')?.status).toBe('failed');
	});

	test('a tampered signature and a nonce other than the one sent fail', async () => {
		const text = edited('code-pkce', (har) => {
			const token = har.log.entries.find((e) => e.request.url.endsWith('/token'))!.response.content;
			const body = JSON.parse(token.text!) as { id_token: string };
			const parts = body.id_token.split('.');
			parts[2] = `${parts[2]!.slice(0, -4)}${parts[2]!.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
			token.text = JSON.stringify({ ...body, id_token: parts.join('.') });
			const auth = har.log.entries.find((e) => e.request.url.includes('nonce='))!;
			auth.request.url = auth.request.url.replace(/nonce=[^&]+/, 'nonce=other');
		});
		const checks = await statuses(text, 'validate id_token');
		expect(checks.signature).toBe('failed');
		expect(checks.nonce).toBe('failed');
	});

	test('without keys, kid and signature do not apply (and say why), other checks still run', async () => {
		const { privateKey } = await generateKeyPair('RS256');
		const now = 1_800_000_000;
		const token = await new SignJWT({ nonce: 'n' })
			.setProtectedHeader({ alg: 'RS256', kid: 'k' })
			.setIssuer('https://op.example')
			.setAudience('spa')
			.setSubject('jane')
			.setIssuedAt(now)
			.setExpirationTime(now + 60)
			.sign(privateKey);
		const base = {
			issuer: 'https://op.example',
			clientId: 'spa',
			nonce: 'n',
			responseType: 'code',
			now
		};
		const without = await idTokenChecks(token, base);
		const byId = Object.fromEntries(without.checks.map((c) => [c.id, c]));
		expect(byId.signature?.status).toBe('not_applicable');
		expect(byId.kid?.status).toBe('not_applicable');
		expect(byId.signature?.detail.length).toBeGreaterThan(0);
		expect(byId.aud?.status).toBe('passed');
		expect(without.valid).toBe(true);
		const { publicKey } = await generateKeyPair('RS256');
		const wrong = await idTokenChecks(token, {
			...base,
			jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k' }] }
		});
		expect(wrong.checks.find((c) => c.id === 'signature')?.status).toBe('failed');
	});
});
