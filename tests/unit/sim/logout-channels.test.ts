import fc from 'fast-check';
import { createActor, fromPromise, waitFor } from 'xstate';
import { describe, expect, test } from 'vitest';
import { SAMPLE_USERS } from '../../../src/lib/core/data';
import { getHeader, SPEC } from '../../../src/lib/core/index';
import { clientMachine } from '../../../src/lib/sim/machines/clientMachine';
import type { ClientDeps, ClientSession } from '../../../src/lib/sim/machines/clientOperations';
import {
	flowById,
	runFlow,
	type FlowId,
	type FlowSettings,
	type StepName,
	type Trace,
	type TraceStep
} from '../../../src/lib/sim/index';
import { START } from './helpers';

const run = (flow: FlowId, settings: Partial<FlowSettings> = {}) =>
	runFlow({ ...settings, flow }, { startAt: START });

/** The nth step of a kind, by its ref: never by position. */
function at(trace: Trace, message: StepName, nth = 1): TraceStep {
	const step = trace.steps.find((s) => s.ref?.message === message && s.ref.nth === nth);
	if (!step) throw new Error(`no ${message} #${nth}`);
	return step;
}

const failedIds = (step: TraceStep) =>
	step.checks!.checks.filter((c) => c.status === 'failed').map((c) => c.id);
const statusOf = (step: TraceStep, id: string) =>
	step.checks!.checks.find((c) => c.id === id)?.status;

/** The sid of the id_token the client accepted at sign-in. */
const signedInSid = (trace: Trace) => at(trace, 'validate-id-token').checks!.claims?.sid;

/** What the intranet's home page says when the person comes back: its session ended or kept. */
const homePage = (trace: Trace) => {
	const body = trace.steps.findLast((s) => s.ref?.message === 'callback-response')!.response!.body;
	return /data-session="ended"/.test(body) ? 'signed-out' : 'signed-in';
};

const LOGOUT_TOKEN_CHECKS = [
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
];

describe('backchannel-logout: the issuer POSTs a logout token, the intranet ends its session', () => {
	test('sign-in, sign-out at the issuer, the POST, its validation and 200, all before the browser’s answer', async () => {
		const trace = await run('backchannel-logout');
		expect(trace.outcome).toEqual({ code: 'completed', completed: true });
		const request = at(trace, 'backchannel-logout-request');
		const validation = at(trace, 'validate-logout-token');
		const response = at(trace, 'backchannel-logout-response');
		const browserAnswer = at(trace, 'logout-response');
		expect(at(trace, 'logout-request').index).toBeLessThan(request.index);
		expect([request.index + 1, request.index + 2, request.index + 3]).toEqual([
			validation.index,
			response.index,
			browserAnswer.index
		]);
		expect(request).toMatchObject({ from: 'issuer', to: 'client', channel: 'back' });
		expect(request.request).toMatchObject({
			method: 'POST',
			url: 'https://intranet.example/backchannel-logout'
		});
		expect(getHeader(request.request!, 'content-type')).toBe('application/x-www-form-urlencoded');
		expect(request.spec).toBe(SPEC.backchannelRequest);
		expect(response).toMatchObject({ from: 'client', to: 'issuer', failed: false });
		expect(response.response!.status).toBe(200);
		expect(getHeader(response.response!, 'cache-control')).toBe('no-store');
		// The browser never went to the intranet on the way: the person signed out at the issuer.
		const between = trace.steps.slice(at(trace, 'logout-request').index, browserAnswer.index);
		expect(between.filter((s) => s.from === 'browser' || s.to === 'browser')).toHaveLength(1);
	});

	test('the logout token is decoded in the message: logout+jwt, events, the session’s sid, no nonce', async () => {
		const trace = await run('backchannel-logout');
		const [token] = at(trace, 'backchannel-logout-request').tokens;
		expect(token).toMatchObject({ name: 'logout_token', location: 'form' });
		expect(token!.header).toMatchObject({ typ: 'logout+jwt', alg: 'RS256' });
		expect(token!.payload).toMatchObject({
			iss: 'https://issuer.example/',
			aud: 'tokenstep-intranet',
			sid: signedInSid(trace),
			events: { 'http://schemas.openid.net/event/backchannel-logout': {} }
		});
		expect(typeof signedInSid(trace)).toBe('string');
		expect(token!.payload).not.toHaveProperty('nonce');
	});

	test('every §2.6 check passes, each with its spec section; the intranet then says signed out', async () => {
		const trace = await run('backchannel-logout');
		const validation = at(trace, 'validate-logout-token');
		expect(validation).toMatchObject({ from: 'client', to: 'client', failed: false });
		expect(validation.refusal).toBeUndefined();
		for (const id of LOGOUT_TOKEN_CHECKS) expect(statusOf(validation, id), id).toBe('passed');
		expect(validation.checks!.checks.every((c) => c.spec.startsWith('https://'))).toBe(true);
		expect(validation.checks!.checks.find((c) => c.id === 'events')!.spec).toBe(
			SPEC.logoutTokenValidation
		);
		expect(at(trace, 'person-visit', 2).index).toBeGreaterThan(validation.index);
		expect(homePage(trace)).toBe('signed-out');
	});

	test('with HS256 the intranet’s secret signs and checks the logout token', async () => {
		const trace = await run('backchannel-logout', { algorithm: 'HS256' });
		const [token] = at(trace, 'backchannel-logout-request').tokens;
		expect(token!.header?.alg).toBe('HS256');
		expect(at(trace, 'validate-logout-token').checks!.valid).toBe(true);
		expect(homePage(trace)).toBe('signed-out');
	});

	test('property: whatever the scope, algorithm, user or rules, the logout ends the session', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					scope: fc.constantFrom('openid', 'openid profile email'),
					algorithm: fc.constantFrom('RS256', 'PS256', 'ES256', 'EdDSA', 'HS256'),
					user: fc.constantFrom(...SAMPLE_USERS.map((u) => u.id)),
					idTokenLifetime: fc.integer({ min: 300, max: 36_000 })
				}),
				async (settings) => {
					const trace = await run('backchannel-logout', settings);
					expect(trace.outcome.code).toBe('completed');
					expect(at(trace, 'validate-logout-token').checks!.valid).toBe(true);
					expect(at(trace, 'backchannel-logout-request').tokens[0]!.payload?.sub).toBe(
						settings.user
					);
					expect(homePage(trace)).toBe('signed-out');
				}
			),
			{ numRuns: 12 }
		);
	}, 60_000);
});

describe('frontchannel-logout: the issuer’s page loads the wiki’s logout URI in an iframe', () => {
	test('the iframe load is a front-channel request with iss and sid, checked, then on to the post-logout URI', async () => {
		const trace = await run('frontchannel-logout');
		expect(trace.outcome).toEqual({ code: 'completed', completed: true, expected: 'signed-out' });
		const page = at(trace, 'logout-response');
		expect(page.response!.status).toBe(200);
		expect(page.response!.body).toContain('<iframe');
		const frame = at(trace, 'frontchannel-logout-request');
		expect(frame).toMatchObject({ from: 'browser', to: 'client', channel: 'front' });
		expect(frame.notes?.map((n) => n.kind)).toContain('frame');
		expect(frame.spec).toBe(SPEC.frontchannelRp);
		const url = new URL(frame.request!.url);
		expect(url.origin + url.pathname).toBe('https://wiki.example/frontchannel-logout');
		expect(Object.fromEntries(url.searchParams)).toEqual({
			iss: 'https://issuer.example/',
			sid: signedInSid(trace)
		});
		const check = at(trace, 'check-frontchannel-logout');
		expect(check.index).toBe(frame.index + 1);
		expect(check.checks!.checks.map((c) => [c.id, c.status])).toEqual([
			['iss_sid_pair', 'passed'],
			['iss', 'passed'],
			['sid', 'passed']
		]);
		const answer = at(trace, 'frontchannel-logout-response');
		expect(answer.response!.status).toBe(200);
		// The iframe's page reports that the wiki no longer holds the session.
		expect(answer.response!.body).toMatch(/data-session="ended"/);
		expect(getHeader(answer.response!, 'cache-control')).toContain('no-store');
		// Then the page continues to the wiki's post-logout URI, with the wiki's state.
		const back = trace.steps.find((s) => s.index > answer.index && s.kind === 'request')!;
		expect(back.request!.url).toMatch(/^https:\/\/wiki\.example\/\?state=/);
	});

	test('afterwards prompt=none gets login_required: the session is gone at the issuer and the wiki', async () => {
		const trace = await run('frontchannel-logout');
		const last = trace.steps.at(-1)!;
		expect(last.refusal).toMatchObject({ code: 'login_required', by: 'client' });
		expect(at(trace, 'authorize-request', 2).request!.url).toContain('prompt=none');
	});
});

describe('attacks on back-channel logout, each refused by the check its scenario names', () => {
	test('attack-logout-replay: the copy is refused by jti_replay alone, with 400', async () => {
		const trace = await run('attack-logout-replay');
		expect(flowById('attack-logout-replay').defence).toEqual({
			check: 'jti_replay',
			where: 'client'
		});
		const original = at(trace, 'backchannel-logout-request');
		const replay = trace.steps.find((s) => s.change?.how === 'replay')!;
		expect(replay).toMatchObject({ from: 'attacker', to: 'client', kind: 'request' });
		expect(replay.request!.body).toBe(original.request!.body);
		const refused = trace.steps[replay.index + 1]!;
		expect(failedIds(refused)).toEqual(['jti_replay']);
		expect(refused.refusal).toMatchObject({ code: 'jti_replay', by: 'client' });
		const answer = trace.steps[replay.index + 2]!;
		expect(answer.response!.status).toBe(400);
		expect(answer.refusal).toMatchObject({
			code: 'invalid_request',
			spec: SPEC.backchannelResponse
		});
		// The genuine token had already ended the session.
		expect(at(trace, 'validate-logout-token').checks!.valid).toBe(true);
		expect(homePage(trace)).toBe('signed-out');
	});

	test('attack-logout-nonce: a faulty issuer’s token with a nonce fails nonce_absent only; the session is kept', async () => {
		const trace = await run('attack-logout-nonce');
		const [token] = at(trace, 'backchannel-logout-request').tokens;
		expect(token!.header?.typ).toBe('logout+jwt');
		expect(typeof token!.payload?.nonce).toBe('string');
		const validation = at(trace, 'validate-logout-token');
		expect(failedIds(validation)).toEqual(['nonce_absent']);
		expect(statusOf(validation, 'signature')).toBe('passed');
		expect(validation.refusal).toMatchObject({ code: 'nonce_absent', by: 'client' });
		expect(at(trace, 'backchannel-logout-response').response!.status).toBe(400);
		expect(homePage(trace)).toBe('signed-in');
	});

	test('attack-id-token-as-logout-token: the attacker’s genuine id_token (typ JWT, not decisive: §2.4, §4.1) is refused at events, then nonce (§2.6)', async () => {
		const trace = await run('attack-id-token-as-logout-token');
		const forged = at(trace, 'backchannel-logout-request');
		expect(forged).toMatchObject({
			from: 'attacker',
			to: 'client',
			change: { by: 'attacker', how: 'id-token-as-logout-token' }
		});
		const [token] = forged.tokens;
		expect(token!.header?.typ).toBe('JWT');
		expect(token!.payload).toMatchObject({ aud: 'tokenstep-intranet', sub: 'auth0|mallory' });
		const validation = at(trace, 'validate-logout-token');
		expect(failedIds(validation).slice(0, 2)).toEqual(['events', 'nonce_absent']);
		expect(statusOf(validation, 'typ')).toBe('not_applicable');
		expect(statusOf(validation, 'signature')).toBe('passed');
		expect(validation.refusal).toMatchObject({ code: 'events', by: 'client' });
		expect(at(trace, 'backchannel-logout-response').response!.status).toBe(400);
		// The issuer's real logout token never arrived: the intranet still holds the session.
		expect(homePage(trace)).toBe('signed-in');
	});
});

describe('the logout flows leave the other flows alone', () => {
	test('a flow whose client has no logout URIs sends no logout notification', async () => {
		const trace = await run('logout', { clientType: 'webapp' });
		expect(
			trace.steps.filter((s) => s.ref?.message.startsWith('backchannel-logout') === true)
		).toEqual([]);
		expect(trace.steps.some((s) => s.request?.url.includes('frontchannel-logout'))).toBe(false);
	});
});

describe('the client machine ends its session when the issuer says so', () => {
	function signedInClient() {
		const gives = (result: Partial<ClientSession>) => async (): Promise<Partial<ClientSession>> =>
			result;
		const machine = clientMachine.provide({
			actors: {
				startAuthorization: fromPromise(gives({})),
				receiveCallback: fromPromise(gives({ received: { code: 'c', source: 'authorization' } })),
				redeemCode: fromPromise(gives({ received: { idToken: 'a.b.c', source: 'token' } })),
				acceptTokens: fromPromise(
					gives({ idToken: 'a.b.c', accessToken: 'at', jwks: { keys: [] } })
				),
				startLogout: fromPromise(gives({ logoutState: 'st' }))
			}
		});
		return createActor(machine, { input: { deps: {} as ClientDeps } }).start();
	}
	async function signIn(actor: ReturnType<typeof signedInClient>) {
		actor.send({ type: 'LOGIN' });
		await waitFor(actor, (s) => s.matches('awaitingCallback'));
		actor.send({ type: 'CALLBACK', url: 'https://intranet.example/callback?code=c' });
		await waitFor(actor, (s) => s.matches('signedIn'));
	}

	test('signed in: SESSION_ENDED signs it out and drops the user’s tokens, keeping the issuer’s keys', async () => {
		const actor = signedInClient();
		await signIn(actor);
		actor.send({ type: 'SESSION_ENDED', by: 'backchannel' });
		const after = actor.getSnapshot();
		expect(after.value).toBe('signedOut');
		expect(after.context.session.idToken).toBeUndefined();
		expect(after.context.session.accessToken).toBeUndefined();
		expect(after.context.session.jwks).toEqual({ keys: [] });
	});

	test('mid-logout: the tokens go, but the logout’s state stays so its response is still checked', async () => {
		const actor = signedInClient();
		await signIn(actor);
		actor.send({ type: 'LOGOUT' });
		await waitFor(actor, (s) => s.matches('awaitingLogout'));
		actor.send({ type: 'SESSION_ENDED', by: 'frontchannel' });
		expect(actor.getSnapshot().value).toBe('awaitingLogout');
		expect(actor.getSnapshot().context.session.idToken).toBeUndefined();
		actor.send({ type: 'CALLBACK', url: 'https://wiki.example/?state=st' });
		expect(actor.getSnapshot().value).toBe('signedOut');
	});
});

describe('core: a faulty issuer (conformance-test style) puts a nonce in its logout tokens', () => {
	test('the fault is off by default and only adds nonce; the relying party refuses at nonce_absent', async () => {
		const fine = await run('backchannel-logout');
		const faulty = await run('attack-logout-nonce');
		const claims = (trace: Trace) =>
			Object.keys(at(trace, 'backchannel-logout-request').tokens[0]!.payload!).sort();
		expect(claims(faulty)).toEqual([...claims(fine), 'nonce'].sort());
		expect(failedIds(at(fine, 'validate-logout-token'))).toEqual([]);
		expect(failedIds(at(faulty, 'validate-logout-token'))).toEqual(['nonce_absent']);
		expect(flowById('backchannel-logout').issuerFaults).toBeUndefined();
	});
});
