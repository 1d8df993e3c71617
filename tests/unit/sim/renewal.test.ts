import { createActor, fromPromise, waitFor } from 'xstate';
import { describe, expect, test } from 'vitest';
import { SPEC } from '../../../src/lib/core/index';
import {
	DEFAULT_SETTINGS,
	flowById,
	normaliseSettings,
	readView,
	runFlow,
	writeView,
	type FlowSettings,
	type Trace,
	type TraceStep
} from '../../../src/lib/sim/index';
import { clientMachine } from '../../../src/lib/sim/machines/clientMachine';
import {
	acceptTokens,
	CLIENT_SESSION_LIFETIME,
	type ClientDeps,
	type ClientSession
} from '../../../src/lib/sim/machines/clientOperations';
import { START } from './helpers';

const run = (settings: Partial<FlowSettings>) => runFlow(settings, { startAt: START });

const named = (trace: Trace, message: string) =>
	trace.steps.filter((s) => s.ref?.message === message);
const statuses = (step: TraceStep | undefined) =>
	Object.fromEntries(step?.checks?.checks.map((c) => [c.id, c.status]) ?? []);
const failedIds = (step: TraceStep | undefined) =>
	step?.checks?.checks.filter((c) => c.status === 'failed').map((c) => c.id) ?? [];

/** Every id_token the client validates is one it has just received, never one it stored. */
function validatesOnlyOnArrival(trace: Trace): boolean {
	let delivered = 0;
	for (const step of trace.steps) {
		if (step.to === 'client' && step.tokens.some((t) => t.name === 'id_token')) delivered += 1;
		if (step.ref?.message === 'validate-id-token') {
			if (delivered === 0) return false;
			delivered -= 1;
		}
	}
	return true;
}

describe('the client runs its own session; an id_token’s exp is not its length (OIDC Core §2)', () => {
	test('refresh: the client checks its own session, which is active long after the id_token’s exp', async () => {
		const trace = await run({ flow: 'refresh', idTokenLifetime: 60 });
		expect(trace.outcome.code).toBe('completed');
		const [check, ...more] = named(trace, 'check-session');
		expect(more).toEqual([]);
		expect(statuses(check)).toEqual({ session_active: 'passed' });
		expect(check!.checks!.checks[0]!.spec).toBe(SPEC.idToken);
		// The id_token (60 s) is long past its exp, and nothing on the client refuses it for that.
		expect(trace.steps.filter((s) => s.to === 'client' && s.refusal?.code === 'exp')).toEqual([]);
		expect(validatesOnlyOnArrival(trace)).toBe(true);
	});

	test('refresh: the API refuses the expired access token; after the refresh it accepts the new one', async () => {
		const trace = await run({ flow: 'refresh' });
		const api = named(trace, 'validate-access-token');
		expect(api.map((s) => s.checks?.valid)).toEqual([false, true]);
		expect(api[0]!.refusal?.code).toBe('exp');
		const first = trace.steps.indexOf(api[0]!);
		expect(trace.steps.findIndex((s) => s.ref?.message === 'check-session')).toBeLessThan(first);
	});

	test('the session ends by the lifetime the client chose, while the id_token is still before its exp', async () => {
		// 9 h: past the client's 8 h session, well before the id_token's default 10 h exp.
		const trace = await run({ flow: 'refresh', accessTokenLifetime: 9 * 3600 });
		const [check] = named(trace, 'check-session');
		expect(CLIENT_SESSION_LIFETIME).toBe(8 * 3600);
		expect(statuses(check)).toEqual({ session_active: 'failed' });
		expect(check!.refusal).toEqual({ code: 'session_active', by: 'client', spec: SPEC.idToken });
	});

	test('legacy-renew: the one refusal of the expired id_token is /delegation’s, not the client’s session', async () => {
		const trace = await run({ flow: 'legacy-renew' });
		expect(trace.outcome.code).toBe('completed');
		expect(trace.steps.filter((s) => s.to === 'client' && s.refusal?.code === 'exp')).toEqual([]);
		expect(named(trace, 'delegation-response').map((s) => s.refusal?.code)).toEqual([
			undefined,
			'invalid_grant',
			undefined
		]);
		expect(named(trace, 'check-session').map(statuses)).toEqual([{ session_active: 'passed' }]);
		expect(validatesOnlyOnArrival(trace)).toBe(true);
	});
});

describe('a refreshed id_token is checked against the original sign-in (OIDC Core §12.2)', () => {
	const REFRESH_CHECKS = {
		refresh_iss: 'passed',
		refresh_sub: 'passed',
		refresh_aud: 'passed',
		refresh_iat: 'passed',
		refresh_auth_time: 'passed',
		refresh_nonce: 'passed'
	};

	test('refresh: same iss, sub, aud and auth_time, a new iat, no nonce; no request nonce compared', async () => {
		const trace = await run({ flow: 'refresh' });
		const [signIn, refreshed] = named(trace, 'validate-id-token');
		expect(statuses(signIn)).toMatchObject({ nonce: 'passed' });
		expect(statuses(signIn)).not.toHaveProperty('refresh_sub');
		expect(statuses(refreshed)).toMatchObject(REFRESH_CHECKS);
		expect(statuses(refreshed)).not.toHaveProperty('nonce');
		expect(refreshed!.checks!.checks.find((c) => c.id === 'refresh_sub')!.spec).toBe(
			SPEC.refreshResponse
		);
	});

	test('the guide’s /delegation renewals are held to the same rule', async () => {
		const trace = await run({ flow: 'legacy-renew' });
		const renewed = named(trace, 'validate-id-token').slice(1);
		expect(renewed).toHaveLength(2);
		for (const step of renewed) expect(statuses(step)).toMatchObject(REFRESH_CHECKS);
	});

	test('a refreshed id_token about another user is refused by refresh_sub', async () => {
		const trace = await run({
			flow: 'refresh',
			interventions: [
				{ kind: 'tamper', message: 'token-response', nth: 2, claim: 'sub', value: 'auth0|bob' }
			]
		});
		const refreshed = named(trace, 'validate-id-token')[1];
		expect(failedIds(refreshed)).toContain('refresh_sub');
		expect(trace.outcome.error).toBe('invalid_id_token');
	});

	test('a refresh response without an id_token is accepted: the session and the original id_token stay', async () => {
		const appSession = { startedAt: START, expiresAt: START + 8 * 3600, idTokenClaims: {} };
		const gives = (output: Partial<ClientSession>) => async (): Promise<Partial<ClientSession>> =>
			output;
		const machine = clientMachine.provide({
			actors: {
				startAuthorization: fromPromise(gives({})),
				receiveCallback: fromPromise(
					gives({ received: { code: 'the-code', source: 'authorization' } })
				),
				redeemCode: fromPromise(
					gives({ received: { idToken: 'original.id.token', source: 'token' } })
				),
				// Sign-in: its id_token is taken as valid here; the refresh below runs the real code.
				acceptTokens: fromPromise(async ({ input }): Promise<Partial<ClientSession>> =>
					input.session.received?.source === 'token'
						? {
								idToken: 'original.id.token',
								accessToken: 'at-1',
								refreshToken: 'rt-1',
								appSession,
								received: undefined
							}
						: acceptTokens({ now: () => START + 3601 } as ClientDeps, input.session)
				),
				refresh: fromPromise(
					gives({
						received: { accessToken: 'at-2', refreshToken: 'rt-2', source: 'renewal' }
					})
				)
			}
		});
		const actor = createActor(machine, { input: { deps: {} as ClientDeps } }).start();
		actor.send({ type: 'LOGIN' });
		await waitFor(actor, (s) => s.matches('awaitingCallback'));
		actor.send({ type: 'CALLBACK', url: 'https://spa.example/callback?code=the-code' });
		await waitFor(actor, (s) => s.matches('signedIn'));
		actor.send({ type: 'REFRESH' });
		const done = await waitFor(actor, (s) => s.hasTag('settled'));
		expect(done.value).toBe('signedIn');
		expect(done.context.session).toMatchObject({
			idToken: 'original.id.token',
			accessToken: 'at-2',
			// Rotation: the new refresh token replaces the old one, which the issuer no longer takes.
			refreshToken: 'rt-2',
			appSession
		});
		expect(done.context.session.received).toBeUndefined();
	});
});

describe('clock skew is a visible setting the client’s exp, nbf and iat checks use', () => {
	test('defaults to 0, takes 0 to 300 seconds, refuses anything else', () => {
		expect(DEFAULT_SETTINGS.clockSkew).toBe(0);
		for (const ok of [0, 60, 300])
			expect(normaliseSettings({ clockSkew: ok })).toMatchObject({
				settings: { clockSkew: ok },
				problems: []
			});
		for (const bad of [-1, 301, 1.5, '60', null])
			expect(normaliseSettings({ clockSkew: bad }).problems.map((p) => p.field)).toEqual([
				'clockSkew'
			]);
	});

	test('round-trips through the URL as skew, and a default writes nothing', () => {
		const view = { settings: { ...DEFAULT_SETTINGS, clockSkew: 120 }, step: 0 };
		const params = writeView(view);
		expect(params.get('skew')).toBe('120');
		expect(readView('code-pkce', params)).toEqual({ view, problems: [] });
		expect(writeView({ settings: DEFAULT_SETTINGS, step: 0 }).has('skew')).toBe(false);
		expect(readView('code-pkce', new URLSearchParams('skew=900')).problems).toHaveLength(1);
	});

	test('a token response held back 30 s past exp is refused with no leeway and accepted with 60 s', async () => {
		const late = {
			flow: 'code-pkce' as const,
			clockJumps: [
				{
					message: 'token-response' as const,
					nth: 1,
					seconds: DEFAULT_SETTINGS.idTokenLifetime + 30
				}
			]
		};
		const strict = named(await run(late), 'validate-id-token')[0];
		expect(failedIds(strict)).toEqual(['exp']);
		const lenient = named(await run({ ...late, clockSkew: 60 }), 'validate-id-token')[0];
		expect(statuses(lenient)).toMatchObject({ exp: 'passed' });
		expect(lenient!.checks!.valid).toBe(true);
	});
});

describe('what the renewal flows teach', () => {
	test('silent renew is not badged recommended, and its caveat points to refresh tokens and a BFF', () => {
		const flow = flowById('silent-renew');
		expect(flow.status).toBe('not-recommended');
		expect(flow.caveat).toBeTruthy();
		expect(flow.specs.map((s) => s.url)).toEqual(
			expect.arrayContaining([SPEC.browserRefreshTokens, SPEC.bff])
		);
	});

	test('no-revocation: the API accepts a copy of the access token after logout until its exp; the id_token is not checked again', async () => {
		const trace = await run({ flow: 'no-revocation' });
		const logout = trace.steps.findIndex((s) => s.ref?.message === 'logout-request');
		expect(logout).toBeGreaterThan(0);
		const after = trace.steps.slice(logout);
		expect(after.filter((s) => s.ref?.message === 'validate-id-token')).toEqual([]);
		const api = after.filter((s) => s.ref?.message === 'validate-access-token');
		expect(api.map((s) => [s.checks?.valid, s.refusal?.code])).toEqual([
			[true, undefined],
			[false, 'exp']
		]);
		expect(flowById('no-revocation').specs.map((s) => s.url)).toEqual(
			expect.arrayContaining([SPEC.revocationNote, SPEC.introspection])
		);
	});
});
