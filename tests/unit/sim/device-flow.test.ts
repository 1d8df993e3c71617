import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SAMPLE_USERS } from '../../../src/lib/core/data';
import { traceToMermaid } from '../../../src/lib/diagram/mermaidText';
import { mermaidSource } from '../../../src/lib/diagram/exportText';
import {
	flowById,
	runFlow,
	type FlowId,
	type Trace,
	type TraceStep
} from '../../../src/lib/sim/index';
import { sequence, START } from './helpers';

const run = (flow: FlowId, settings = {}) => runFlow({ ...settings, flow }, { startAt: START });

const at = (trace: Trace, message: string, nth = 1): TraceStep => {
	const step = trace.steps.find((s) => s.ref?.message === message && s.ref.nth === nth);
	if (!step) throw new Error(`no ${message} #${nth}`);
	return step;
};

const body = (step: TraceStep) => JSON.parse(step.response!.body) as Record<string, unknown>;
const form = (step: TraceStep) => new URLSearchParams(step.request!.body ?? '');

describe('device: the TV signs in through the person’s phone (RFC 8628)', () => {
	test('the whole sequence: codes, pending, slow_down, the phone, tokens, a valid id_token', async () => {
		const trace = await run('device');
		expect(trace.outcome).toEqual({ code: 'completed', completed: true });
		expect(sequence(trace)).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "client→issuer POST /oauth/device/code",
			  "issuer→client 200",
			  "client→client show-user-code",
			  "⏱ 5 s",
			  "client→issuer POST /oauth/token",
			  "issuer→client 400 ✗ authorization_pending",
			  "⏱ 2 s",
			  "client→issuer POST /oauth/token",
			  "issuer→client 400 ✗ slow_down",
			  "⏱ 10 s",
			  "client→issuer POST /oauth/token",
			  "issuer→client 400 ✗ authorization_pending",
			  "browser→issuer GET /activate",
			  "issuer→browser 200",
			  "browser→browser enter-user-code",
			  "browser→issuer POST /activate",
			  "issuer→browser 200",
			  "browser→browser person-login",
			  "browser→issuer POST /activate",
			  "issuer→browser 200",
			  "⏱ 10 s",
			  "client→issuer POST /oauth/token",
			  "issuer→client 200",
			  "client→client validate-id-token: ✓",
			]
		`);
	});

	test('the device authorization response carries both codes, the URIs, expiry and interval', async () => {
		const trace = await run('device');
		const request = at(trace, 'device-authorization-request');
		expect(form(request).get('client_id')).toBe('tokenstep-tv');
		expect(form(request).get('scope')?.split(' ')).toEqual(
			expect.arrayContaining(['openid', 'offline_access'])
		);
		const answer = body(at(trace, 'device-authorization-response'));
		expect(answer).toMatchObject({
			verification_uri: 'https://issuer.example/activate',
			expires_in: 900,
			interval: 5
		});
		expect(at(trace, 'device-authorization-response').tokens.map((t) => t.name)).toEqual([
			'device_code',
			'user_code'
		]);
		// The code the TV shows is the one the person types on the phone.
		const typed = form(at(trace, 'activate-request', 2)).get('user_code');
		expect(typed).toBe(answer.user_code);
		expect(at(trace, 'show-user-code').spec).toContain('rfc8628#section-3.3');
	});

	test('every poll carries the device_code grant; the answers follow §3.5 on the simulated clock', async () => {
		const trace = await run('device');
		const polls = [1, 2, 3, 4].map((nth) => at(trace, 'token-request', nth));
		const deviceCode = body(at(trace, 'device-authorization-response')).device_code;
		for (const poll of polls) {
			expect(form(poll).get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
			expect(form(poll).get('device_code')).toBe(deviceCode);
		}
		const errors = [1, 2, 3].map((nth) => at(trace, 'token-response', nth).refusal);
		expect(errors.map((r) => [r?.code, r?.by])).toEqual([
			['authorization_pending', 'issuer'],
			['slow_down', 'issuer'],
			['authorization_pending', 'issuer']
		]);
		expect(errors.every((r) => r?.spec.endsWith('rfc8628#section-3.5'))).toBe(true);
		// Seconds between polls: the interval, too soon, then the interval raised by 5 s.
		const issued = at(trace, 'device-authorization-response').at;
		const times = polls.map((p) => p.at);
		expect([times[0]! - issued, times[1]! - times[0]!, times[2]! - times[1]!]).toEqual([5, 2, 10]);
		expect(times[3]! - times[2]!).toBe(10);
	});

	test('the phone: the code typed, then the page naming the TV, login and allow', async () => {
		const trace = await run('device');
		expect(at(trace, 'activate-request', 1).request!.method).toBe('GET');
		expect(at(trace, 'activate-request', 1).channel).toBe('front');
		expect(form(at(trace, 'activate-request', 2)).has('username')).toBe(false);
		// The second page is the confirmation: it names the client, and asks to log in.
		expect(at(trace, 'activate-response', 2).response!.body).toContain('Tokenstep TV');
		const decision = form(at(trace, 'activate-request', 3));
		expect(decision.get('decision')).toBe('allow');
		expect(decision.get('username')).toBe(SAMPLE_USERS[0]!.username);
		// The phone signed in at the issuer; nothing of that reaches the TV.
		expect(at(trace, 'activate-response', 3).response!.headers.map(([n]) => n)).toContain(
			'Set-Cookie'
		);
		expect(
			trace.steps
				.filter((s) => s.from === 'client' || s.to === 'client')
				.some((s) => (s.request?.body ?? '').includes('password'))
		).toBe(false);
	});

	test('the tokens: an id_token without nonce, validated with every check, and a refresh token', async () => {
		const trace = await run('device');
		const tokens = at(trace, 'token-response', 4);
		expect(tokens.tokens.map((t) => t.name)).toEqual(['id_token', 'access_token', 'refresh_token']);
		const idToken = tokens.tokens.find((t) => t.name === 'id_token')!;
		expect(idToken.payload).toMatchObject({ aud: 'tokenstep-tv', sub: SAMPLE_USERS[0]!.id });
		expect(idToken.payload).not.toHaveProperty('nonce');
		const validation = at(trace, 'validate-id-token');
		expect(validation.checks!.valid).toBe(true);
		const ids = validation.checks!.checks.map((c) => c.id);
		expect(ids).toEqual(expect.arrayContaining(['signature', 'iss', 'aud', 'exp', 'at_hash']));
		expect(validation.checks!.checks.find((c) => c.id === 'at_hash')!.status).toBe('passed');
	});

	test('the lanes are named for the TV and the phone, and the diagram shows those names', async () => {
		const trace = await run('device');
		expect(trace.participants).toEqual({ client: 'TV (client)', browser: 'Phone (browser)' });
		expect(traceToMermaid(trace).text).toMatch(/participant \w+ as TV \(client\)/);
	});

	test('an HS256 setting is refused for the public TV at the device authorization endpoint', async () => {
		const trace = await run('device', { algorithm: 'HS256' });
		expect(trace.outcome).toMatchObject({ code: 'stopped', error: 'unauthorized_client' });
		expect(at(trace, 'device-authorization-response').refusal?.code).toBe('unauthorized_client');
	});

	test('it exports: the Mermaid source draws the TV and the phone and every message', async () => {
		const trace = await run('device');
		const source = mermaidSource(trace);
		expect(source).toContain('POST /oauth/device/code');
		expect(source).toContain('Phone (browser)');
		expect(source.match(/POST \/oauth\/token/g)).toHaveLength(4);
	});
});

describe('attack-device-code-expired: a code typed after its 15 minutes', () => {
	test('the page no longer knows the code, and the TV’s poll is refused with expired_token', async () => {
		const trace = await run('attack-device-code-expired');
		expect(trace.outcome).toEqual({ code: 'completed', completed: true, expected: 'defence' });
		expect(sequence(trace)).toMatchInlineSnapshot(`
			[
			  "client→issuer GET /.well-known/openid-configuration",
			  "issuer→client 200",
			  "client→issuer GET /.well-known/jwks.json",
			  "issuer→client 200",
			  "client→issuer POST /oauth/device/code",
			  "issuer→client 200",
			  "client→client show-user-code",
			  "⏱ 901 s",
			  "browser→issuer GET /activate",
			  "issuer→browser 200",
			  "browser→browser enter-user-code",
			  "browser→issuer POST /activate",
			  "issuer→browser 200",
			  "⏱ 5 s",
			  "client→issuer POST /oauth/token",
			  "issuer→client 400 ✗ expired_token",
			]
		`);
		// The code was refused on the phone: no confirmation page, so no login and no decision.
		expect(at(trace, 'activate-response', 2).response!.body).not.toContain('name="decision"');
		expect(trace.steps.some((s) => s.ref?.message === 'person-login')).toBe(false);
		const refusal = trace.steps.find((s) => s.refusal)!;
		expect(refusal.ref).toEqual({ message: 'token-response', nth: 1 });
		expect({ check: refusal.refusal!.code, where: refusal.refusal!.by }).toEqual(
			flowById('attack-device-code-expired').defence
		);
		expect(trace.steps.some((s) => s.tokens.some((t) => t.name === 'id_token'))).toBe(false);
	});

	test('whatever the person’s settings, the defence fires and the device flow still completes', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					scope: fc.constantFrom('openid', 'openid profile', 'openid email phone'),
					algorithm: fc.constantFrom('RS256', 'PS256', 'ES256', 'EdDSA'),
					user: fc.constantFrom(...SAMPLE_USERS.map((u) => u.id)),
					jump: fc.integer({ min: 0, max: 600 })
				}),
				async ({ jump, ...settings }) => {
					// A clock jump after the TV shows its code, shorter than what is left of the 15 minutes.
					const clockJumps = [{ message: 'show-user-code' as const, nth: 1, seconds: jump }];
					const ok = await run('device', { ...settings, clockJumps });
					expect(ok.outcome.code).toBe('completed');
					expect(at(ok, 'validate-id-token').checks!.claims?.sub).toBe(settings.user);
					const late = await run('attack-device-code-expired', settings);
					expect(late.steps.find((s) => s.refusal)?.refusal?.code).toBe('expired_token');
				}
			),
			{ numRuns: 12 }
		);
	}, 60_000);
});

describe('attack-device-phishing: the attacker’s code typed by a victim (RFC 8628 §5.4)', () => {
	test('the victim reads which application asks and denies; the attacker’s poll gets access_denied', async () => {
		const trace = await run('attack-device-phishing');
		expect(trace.outcome).toEqual({ code: 'completed', completed: true, expected: 'defence' });
		expect(trace.participants?.client).toBeTruthy();
		// The attacker's device is a normal client: nothing on the wire tells it apart.
		expect(form(at(trace, 'device-authorization-request')).get('client_id')).toBe('tokenstep-tv');
		// The confirmation page named the application before the victim decided.
		expect(at(trace, 'activate-response', 2).response!.body).toContain('Tokenstep TV');
		expect(form(at(trace, 'activate-request', 3)).get('decision')).toBe('deny');
		const refusals = trace.steps.filter((s) => s.refusal);
		expect(refusals.map((s) => [s.ref, s.refusal!.code, s.refusal!.by])).toEqual([
			[{ message: 'token-response', nth: 1 }, 'access_denied', 'issuer']
		]);
		expect({ check: 'access_denied', where: 'issuer' }).toEqual(
			flowById('attack-device-phishing').defence
		);
		expect(trace.steps.some((s) => s.tokens.some((t) => t.name === 'id_token'))).toBe(false);
	});

	test('honest about the limit: had the victim allowed, the attacker’s device gets the victim’s id_token', async () => {
		// The same moves with the other answer, through the device flow's own steps.
		const trace = await run('device');
		const typedBy = at(trace, 'enter-user-code');
		expect(typedBy.from).toBe('browser');
		// Whoever typed the code, the tokens go to whoever holds the device_code.
		const tokens = at(trace, 'token-response', 4);
		expect(tokens.to).toBe('client');
		expect(tokens.tokens.find((t) => t.name === 'id_token')!.payload!.sub).toBe(
			SAMPLE_USERS[0]!.id
		);
	});
});
