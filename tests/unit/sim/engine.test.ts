import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
	FLOWS,
	FLOW_IDS,
	normaliseSettings,
	runFlow,
	startFlow,
	type TraceStep
} from '../../../src/lib/sim/index';
import { lastIdToken, line, sequence, START } from './helpers';

describe('the trace', () => {
	test('every step carries its index, simulated time, a spec link, and the tokens in the message', async () => {
		const trace = await runFlow({ flow: 'code-pkce' }, { startAt: START });
		trace.steps.forEach((step, i) => {
			expect(step.index).toBe(i);
			expect(step.at).toBe(START);
			expect(step.spec).toMatch(/^https:\/\//);
		});
		const tokenResponse = trace.steps.find(
			(s) => s.kind === 'response' && s.tokens.some((t) => t.name === 'id_token')
		)!;
		const idToken = tokenResponse.tokens.find((t) => t.name === 'id_token')!;
		expect(idToken.location).toBe('json');
		expect(idToken.header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
		expect(idToken.payload).toMatchObject({
			sub: 'auth0|alice',
			aud: 'tokenstep-spa',
			iss: 'https://issuer.example/'
		});
		const callback = trace.steps.find(
			(s) => s.kind === 'request' && s.request?.url.includes('/callback')
		)!;
		expect(callback.channel).toBe('front');
		expect(callback.tokens.map((t) => [t.name, t.location])).toEqual([['code', 'query']]);
	});

	test('the id_token’s claims follow the user and scope settings', async () => {
		const trace = await runFlow(
			{ flow: 'code-pkce', user: 'auth0|bob', scope: 'openid email' },
			{ startAt: START }
		);
		expect(lastIdToken(trace)).toMatchObject({
			sub: 'auth0|bob',
			email: 'bob@example.org',
			email_verified: false
		});
		expect(lastIdToken(trace)?.name).toBeUndefined();
	});

	test('changing scope changes the claims in the trace', async () => {
		const narrow = lastIdToken(await runFlow({ scope: 'openid' }, { startAt: START }))!;
		const wide = lastIdToken(await runFlow({ scope: 'openid email phone' }, { startAt: START }))!;
		const added = Object.keys(wide).filter((k) => !(k in narrow));
		expect(added.sort()).toEqual([
			'email',
			'email_verified',
			'phone_number',
			'phone_number_verified'
		]);
	});

	test('changing the lifetime changes exp - iat', async () => {
		for (const lifetime of [60, 3600, 36_000]) {
			const claims = lastIdToken(await runFlow({ idTokenLifetime: lifetime }, { startAt: START }))!;
			expect((claims.exp as number) - (claims.iat as number)).toBe(lifetime);
		}
	});

	test('rules shape the token the flow issues', async () => {
		const claims = lastIdToken(
			await runFlow(
				{
					rules: [
						{ kind: 'setLifetime', seconds: 3600 },
						{
							kind: 'addClaim',
							namespace: 'https://tokenstep.example/',
							name: 'role',
							value: 'admin'
						}
					]
				},
				{ startAt: START }
			)
		)!;
		expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
		expect(claims['https://tokenstep.example/role']).toBe('admin');
	});

	test('each signing algorithm is honoured; HS256 is refused for the public SPA and works for the web app', async () => {
		for (const algorithm of ['RS256', 'PS256', 'ES256', 'EdDSA'] as const) {
			const trace = await runFlow({ algorithm }, { startAt: START });
			expect(trace.outcome.completed).toBe(true);
			expect(
				trace.steps.findLast((s) => s.tokens.some((t) => t.name === 'id_token'))?.tokens[0]?.header
					?.alg
			).toBe(algorithm);
		}
		const spa = await runFlow({ algorithm: 'HS256' }, { startAt: START });
		expect(spa.outcome).toMatchObject({ code: 'stopped', error: 'unauthorized_client' });
		const webapp = await runFlow({ flow: 'code-webapp', algorithm: 'HS256' }, { startAt: START });
		expect(webapp.outcome.completed).toBe(true);
		expect(lastIdToken(webapp)).toBeDefined();
	});

	test('a clock jump past exp makes validation fail with the exp check', async () => {
		// The jump lands after the token response, before the client validates.
		const trace = await runFlow(
			{
				idTokenLifetime: 300,
				clockJumps: [{ message: 'token-response', nth: 1, seconds: 301 }]
			},
			{ startAt: START }
		);
		expect(sequence(trace).slice(12)).toEqual([
			'issuer→client 200',
			'⏱ 301 s',
			'client→client validate-id-token: ✗ exp'
		]);
		expect(trace.outcome).toMatchObject({
			code: 'stopped',
			completed: false,
			error: 'invalid_id_token',
			refusal: { code: 'exp', by: 'client' }
		});
	});

	test('a token tampered in transit fails the signature check, alg none fails the alg check', async () => {
		const tampered = await runFlow(
			{
				interventions: [
					{
						kind: 'tamper',
						message: 'token-response',
						nth: 1,
						claim: 'sub',
						value: 'auth0|mallory'
					}
				]
			},
			{ startAt: START }
		);
		// The issuer's genuine answer is caught by the attacker, who changes it (its own step),
		// then answers in the issuer's place.
		expect(sequence(tampered).slice(11)).toEqual([
			'client→issuer POST /oauth/token',
			'issuer→attacker 200',
			'attacker→attacker person:tamper',
			'attacker→client 200',
			'client→client validate-id-token: ✗ signature'
		]);
		const caught = tampered.steps[12]!;
		expect(caught).toMatchObject({ intercepted: true, kind: 'response' });
		expect(caught.ref).toBeUndefined();
		expect(caught.change).toBeUndefined();
		expect(caught.tokens.find((t) => t.name === 'id_token')?.payload?.sub).toBe(
			tampered.settings.user
		);
		expect(tampered.steps[14]).toMatchObject({
			ref: { message: 'token-response', nth: 1 },
			change: { by: 'person', how: 'tamper' },
			notes: [{ kind: 'changed' }]
		});
		expect(tampered.steps[14]!.tokens.find((t) => t.name === 'id_token')?.payload?.sub).toBe(
			'auth0|mallory'
		);
		const none = await runFlow(
			{ interventions: [{ kind: 'alg-none', message: 'token-response', nth: 1 }] },
			{ startAt: START }
		);
		expect(line(none.steps[15]!)).toBe('client→client validate-id-token: ✗ alg');
	});

	test('replaying the code redemption right after it is refused: codes are single use', async () => {
		const trace = await runFlow(
			{ interventions: [{ kind: 'replay', message: 'token-request', nth: 1 }] },
			{ startAt: START }
		);
		const [request, response] = [trace.steps[13]!, trace.steps[14]!];
		expect(request.from).toBe('attacker');
		expect(request.change).toEqual({ by: 'person', how: 'replay' });
		expect(request.notes?.map((n) => n.kind)).toEqual(['replayed']);
		// A replay is not the protocol's own message: it has no ref, and moves no one's aim.
		expect(request.ref).toBeUndefined();
		expect(request.request?.body).toBe(trace.steps[11]!.request?.body);
		expect(response.response?.status).toBe(400);
		expect(response.refusal).toMatchObject({ code: 'invalid_grant', by: 'issuer' });
	});

	test('the legacy endpoints are marked deprecated in the trace', async () => {
		const trace = await runFlow({ flow: 'profile' }, { startAt: START });
		const tokeninfo = trace.steps.find((s) => s.request?.url.endsWith('/tokeninfo'))!;
		expect(tokeninfo.notes?.map((n) => n.kind)).toContain('deprecated');
		expect(tokeninfo.ref).toEqual({ message: 'tokeninfo-request', nth: 1 });
		const response = trace.steps[tokeninfo.index + 1]!;
		expect(response.response?.headers.find(([n]) => n === 'Deprecation')).toBeTruthy();
	});
});

describe('running step by step', () => {
	test('next() yields the same steps as a whole run, one at a time, then undefined', async () => {
		const run = startFlow({ flow: 'call-api' }, { stepping: true, startAt: START });
		const stepped: TraceStep[] = [];
		for (let step = await run.next(); step; step = await run.next()) {
			// The flow is held: nothing beyond the step just returned has happened yet.
			expect(run.steps.length).toBe(step.index + 1);
			stepped.push(step);
		}
		const whole = await runFlow({ flow: 'call-api' }, { startAt: START });
		expect(stepped.map((s, i) => line(s, stepped[i - 1]))).toEqual(sequence(whole));
		expect((await run.done).outcome.completed).toBe(true);
		expect(await run.next()).toBeUndefined();
	});
});

describe('settings', () => {
	test('invalid values fall back to defaults, each with a message naming the problem', () => {
		const { settings, problems } = normaliseSettings({
			flow: 'nope' as never,
			scope: 'openid "quoted"',
			idTokenLifetime: -1,
			algorithm: 'none' as never,
			user: 'mallory',
			clockJumps: [{ message: 'token-response', nth: 1, seconds: -5 }],
			interventions: [{ kind: 'explode' }] as never
		});
		expect(settings).toMatchObject({
			flow: 'code-pkce',
			scope: 'openid profile email',
			idTokenLifetime: 36_000,
			algorithm: 'RS256',
			user: 'auth0|alice'
		});
		expect(problems.map((p) => p.field)).toEqual([
			'flow',
			'scope',
			'idTokenLifetime',
			'algorithm',
			'user',
			'clockJumps',
			'interventions'
		]);
		expect(problems[2]?.message).toBe('lifetime must be at least 1 second, got -1');
	});

	test('a run never throws on bad settings: it runs the defaults', async () => {
		const trace = await runFlow(
			{ idTokenLifetime: Number.NaN, flow: 'code-pkce' },
			{ startAt: START }
		);
		expect(trace.outcome.completed).toBe(true);
		expect(trace.settings.idTokenLifetime).toBe(36_000);
	});

	test('every flow in the catalog has a title, an explanation, specs and the settings it honours', () => {
		expect(FLOWS.map((f) => f.id)).toEqual(FLOW_IDS);
		for (const flow of FLOWS) {
			expect(flow.title.length).toBeGreaterThan(5);
			expect(flow.summary.length).toBeGreaterThan(100);
			expect(flow.specs.length).toBeGreaterThan(0);
			expect(flow.honours).toContain('scope');
			if (flow.status === 'attack') expect(flow.defence).toBeTruthy();
			else if (flow.status !== 'recommended') expect(flow.caveat).toBeTruthy();
		}
	});
});

describe('layering', () => {
	test('core and sim import no Svelte, $app, $lib or Mermaid', () => {
		const files = (dir: string): string[] =>
			readdirSync(dir).flatMap((name) => {
				const path = join(dir, name);
				return statSync(path).isDirectory() ? files(path) : [path];
			});
		const offenders = [...files('src/lib/core'), ...files('src/lib/sim')].filter((file) =>
			/from ['"](svelte|\$app|\$lib|mermaid)/.test(readFileSync(file, 'utf8'))
		);
		expect(offenders).toEqual([]);
	});
});
