import { decodeJwt } from 'jose';
import { describe, expect, test } from 'vitest';
import {
	ATTACKER_CLIENT,
	ISSUER_URL,
	readJson,
	SPA_CLIENT,
	SPEC,
	validateIdToken,
	WEBAPP_CLIENT
} from '../../../src/lib/core/index';
import { ATTACKER_AS } from '../../../src/lib/sim/attacker/sites';
import { checkInputs } from '../../../src/lib/sim/checkInputs';
import {
	ATTACK_FLOWS,
	FLOW_IDS,
	flowById,
	runFlow,
	type Trace,
	type TraceStep
} from '../../../src/lib/sim/index';
import { START } from './helpers';

/** The first step of the protocol with this ref. */
function at(trace: Trace, message: string, nth = 1): TraceStep {
	const step = trace.steps.find((s) => s.ref?.message === message && s.ref.nth === nth);
	if (!step) throw new Error(`no ${message} #${nth} in ${trace.flow}`);
	return step;
}

const path = (s: TraceStep) => new URL(s.request!.url).pathname;
const origin = (s: TraceStep) => new URL(s.request!.url).origin;
const failedChecks = (s: TraceStep) =>
	s.checks!.checks.filter((c) => c.status === 'failed').map((c) => c.id);

describe('the two attacks are in the catalog and the attack list', () => {
	test('both are flows, attacks, and declare the refusal that is their lesson', () => {
		for (const id of ['attack-audience-confusion', 'attack-mix-up'] as const) {
			expect(FLOW_IDS).toContain(id);
			expect(ATTACK_FLOWS.map((f) => f.id)).toContain(id);
			expect(flowById(id).status).toBe('attack');
		}
		expect(flowById('attack-audience-confusion').defence).toEqual({
			check: 'aud',
			where: 'client'
		});
		expect(flowById('attack-mix-up').defence).toEqual({
			check: 'issuer_mismatch',
			where: 'client'
		});
		expect(flowById('attack-audience-confusion').specs.map((s) => s.url)).toEqual(
			// The id_token-posting endpoint is the weak pattern; the BFF is the alternative (RFC 10017 §6.1).
			expect.arrayContaining([
				SPEC.idTokenValidation,
				SPEC.useAudience,
				SPEC.substitution,
				SPEC.bff
			])
		);
		expect(flowById('attack-mix-up').specs.map((s) => s.url)).toEqual(
			expect.arrayContaining([
				SPEC.mixUpAttack,
				SPEC.mixUpCountermeasures,
				SPEC.issInAuthResponse,
				SPEC.issValidation
			])
		);
	});
});

describe('audience confusion: a genuine id_token minted for the attacker’s app', () => {
	test('the quiz gets a genuine token about the person from the issuer, and the web app refuses it by aud alone', async () => {
		const trace = await runFlow({ flow: 'attack-audience-confusion' }, { startAt: START });
		expect(trace.outcome).toMatchObject({ code: 'completed', expected: 'defence' });

		// The person signs in to the quiz at the real issuer, as the quiz's client.
		const asked = new URL(at(trace, 'authorize-request').request!.url).searchParams;
		expect(at(trace, 'authorize-request').to).toBe('issuer');
		expect(asked.get('client_id')).toBe(ATTACKER_CLIENT.client_id);
		expect(at(trace, 'person-login').from).toBe('browser');

		// The quiz's server redeems the code itself and receives a genuine, issuer-signed token.
		const redemption = trace.steps.find(
			(s) => s.kind === 'request' && s.from === 'attacker' && s.to === 'issuer'
		)!;
		expect(path(redemption)).toBe('/oauth/token');
		const answer = trace.steps.find((s) => s.index > redemption.index && s.kind === 'response')!;
		expect(answer.from).toBe('issuer');
		expect(answer.response!.status).toBe(200);
		const minted = String(readJson(answer.response!).id_token);
		const claims = decodeJwt(minted);
		expect(claims).toMatchObject({
			iss: ISSUER_URL,
			sub: trace.settings.user,
			aud: ATTACKER_CLIENT.client_id
		});
		expect(claims.azp).toBeUndefined();

		// The attacker posts exactly that token, unchanged, to the web app's /session.
		const posted = trace.steps.find(
			(s) => s.kind === 'request' && s.from === 'attacker' && s.to === 'client'
		)!;
		expect(path(posted)).toBe('/session');
		expect(origin(posted)).toBe(new URL(WEBAPP_CLIENT.redirect_uris[0]!).origin);
		expect(new URLSearchParams(posted.request!.body).get('id_token')).toBe(minted);
		expect(posted.change).toBeUndefined();

		// The client validates it (the step the lessons link to) and refuses it by aud, and only aud.
		const validation = at(trace, 'validate-id-token');
		expect(validation.index).toBeGreaterThan(posted.index);
		expect(validation.from).toBe('client');
		expect(validation.refusal).toMatchObject({ code: 'aud', by: 'client' });
		expect(validation.expected).toBe('defence');
		expect(failedChecks(validation)).toEqual(['aud']);
		const status = (id: string) => validation.checks!.checks.find((c) => c.id === id)?.status;
		for (const id of ['signature', 'iss', 'sub', 'exp', 'iat']) expect(status(id)).toBe('passed');
		expect(status('nonce')).toBe('not_applicable');
		expect(status('azp')).toBe('not_applicable');
		expect(validation.checks!.claims?.sub).toBe(trace.settings.user);

		// The web app answers 401 and opens no session.
		const refused = trace.steps.find((s) => s.kind === 'response' && s.from === 'client')!;
		expect(refused.to).toBe('attacker');
		expect(refused.response!.status).toBe(401);
		expect(refused.refusal).toMatchObject({ code: 'invalid_id_token', by: 'client' });
		expect(refused.expected).toBe('defence');
		expect(refused.response!.headers.some(([n]) => n.toLowerCase() === 'set-cookie')).toBe(false);
		expect(trace.outcome.unexpected).toBeUndefined();

		// The token is genuine: for the quiz it is valid, for the web app only its audience is wrong.
		const keys = readJson(at(trace, 'jwks-response').response!) as never;
		const expectations = { issuer: ISSUER_URL, jwks: keys, now: validation.at };
		const forQuiz = await validateIdToken(minted, {
			...expectations,
			clientId: ATTACKER_CLIENT.client_id
		});
		expect(forQuiz.valid).toBe(true);
		const forWebApp = await validateIdToken(minted, {
			...expectations,
			clientId: WEBAPP_CLIENT.client_id
		});
		expect(forWebApp.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual(['aud']);
	});

	test('the aud check’s expected client_id is never traced to the quiz’s own sign-in', async () => {
		const trace = await runFlow({ flow: 'attack-audience-confusion' }, { startAt: START });
		const validation = at(trace, 'validate-id-token');
		// The web app sent no request with its client_id here: nothing to point at, and above
		// all not the quiz's authorization request, whose client_id is the token's aud.
		expect(checkInputs(trace, validation.index, 'aud').from).toBeUndefined();
		// In the web app's own sign-in, the source is its authorization request.
		const own = await runFlow({ flow: 'code-webapp' }, { startAt: START });
		const ownValidation = at(own, 'validate-id-token');
		expect(checkInputs(own, ownValidation.index, 'aud').from).toMatchObject({
			message: 'authorize-request',
			nth: 1,
			field: 'client_id',
			matched: true
		});
	});

	test('under every asymmetric algorithm the refusal is aud', async () => {
		for (const algorithm of ['PS256', 'ES256', 'EdDSA'] as const) {
			const trace = await runFlow(
				{ flow: 'attack-audience-confusion', algorithm },
				{ startAt: START }
			);
			expect(at(trace, 'validate-id-token').refusal?.code).toBe('aud');
		}
	});
});

describe('mix-up: the attacker’s authorization server sends the person to the honest issuer', () => {
	test('the client keeps the attacker’s issuer with its request, and refuses the honest issuer’s response by iss', async () => {
		const trace = await runFlow({ flow: 'attack-mix-up' }, { startAt: START });
		expect(trace.outcome).toMatchObject({ code: 'completed', expected: 'defence' });
		expect(trace.participants?.attacker).toBeDefined();

		// Step 1-2: the person picked the attacker's AS; the client looks it up and sends the
		// browser there, as the client registered at the attacker's AS.
		const kept = trace.steps[0]!;
		expect(kept).toMatchObject({ kind: 'action', from: 'client', spec: SPEC.mixUpCountermeasures });
		expect(kept.ref).toBeUndefined();
		const discovery = at(trace, 'discovery-request');
		expect(discovery.index).toBe(kept.index + 1);
		expect(discovery.from).toBe('client');
		expect(discovery.to).toBe('attacker');
		expect(readJson(at(trace, 'discovery-response').response!).issuer).toBe(ATTACKER_AS.issuer);
		const toAttacker = at(trace, 'authorize-request', 1);
		expect(toAttacker.from).toBe('browser');
		expect(toAttacker.to).toBe('attacker');
		const sent = new URL(toAttacker.request!.url).searchParams;
		expect(sent.get('client_id')).toBe(ATTACKER_AS.clientId);

		// Step 3: a 303 on to the honest issuer, the same parameters, the client_id swapped.
		const onward = at(trace, 'authorize-request', 2);
		expect(at(trace, 'authorize-response', 1).response!.status).toBe(303);
		expect(onward.to).toBe('issuer');
		const forwarded = new URL(onward.request!.url).searchParams;
		expect(forwarded.get('client_id')).toBe(SPA_CLIENT.client_id);
		for (const name of ['state', 'nonce', 'code_challenge', 'redirect_uri', 'scope'])
			expect(forwarded.get(name)).toBe(sent.get(name));

		// Step 4: the honest issuer sends a code back to the client, with its iss (RFC 9207).
		const callback = at(trace, 'callback-request');
		expect(callback.to).toBe('client');
		const response = new URL(callback.request!.url).searchParams;
		expect(response.get('code')).toBeTruthy();
		expect(response.get('iss')).toBe(ISSUER_URL);
		expect(response.get('state')).toBe(sent.get('state'));

		// The client compares iss with the issuer it kept for this request: the defence step.
		const rejected = at(trace, 'reject-response');
		expect(rejected.index).toBeGreaterThan(callback.index);
		expect(rejected.refusal).toEqual({
			code: 'issuer_mismatch',
			by: 'client',
			spec: SPEC.issValidation
		});
		expect(rejected.expected).toBe('defence');
		expect(trace.steps.filter((s) => s.refusal)).toEqual([rejected]);

		// Step 5 never happens: the code and the verifier go nowhere.
		const code = response.get('code')!;
		const later = trace.steps.slice(callback.index + 1);
		expect(later.filter((s) => s.kind === 'request')).toEqual([]);
		expect(trace.steps.some((s) => s.ref?.message === 'token-request')).toBe(false);
		expect(
			trace.steps.filter(
				(s) =>
					s.request?.body?.includes(code) ||
					(s.index > callback.index && s.request?.url.includes(code))
			)
		).toEqual([]);
	});
});
