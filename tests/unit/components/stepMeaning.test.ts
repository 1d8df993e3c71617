import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importHar } from '../../../src/lib/har/index';
import { explainStep, stepMeaning } from '../../../src/lib/components/stepMeaning';
import { FLOWS, runFlow } from '../../../src/lib/sim/index';
import { ACTOR_LABELS, actorName, type Trace, type TraceStep } from '../../../src/lib/sim/types';
import { CITE } from '../../../src/lib/teach/cite';
import { NEEDS_THE_USER } from '../../../src/lib/core/interactionErrors';

describe('stepMeaning', () => {
	it.each(['device', 'attack-device-phishing'] as const)(
		'in %s, names each party as the diagram draws it',
		async (flow) => {
			const trace = await runFlow({ flow });
			expect(trace.participants?.client).toBeDefined();
			let named = 0;
			for (const step of trace.steps)
				for (const actor of [step.from, step.to]) {
					// Where the sentence names a party, it uses the flow's name for it.
					if (!stepMeaning(step).includes(ACTOR_LABELS[actor])) continue;
					const own = actorName(actor, trace.participants);
					expect(stepMeaning(step, trace.participants)).toContain(own);
					if (own !== ACTOR_LABELS[actor]) named++;
				}
			expect(named).toBeGreaterThan(0);
		}
	);

	it('without names of its own, a flow keeps the default labels', async () => {
		const trace = await runFlow({ flow: 'code-pkce' });
		expect(trace.participants).toBeUndefined();
		for (const step of trace.steps)
			expect(stepMeaning(step, trace.participants)).toBe(stepMeaning(step));
	});
});

describe('explainStep', () => {
	const authorizeRequests = (trace: Trace) =>
		trace.steps.filter((s) => s.request && /\/authorize\?/.test(s.request.url));
	const silent = (step: TraceStep) =>
		new URL(step.request!.url).searchParams.get('prompt')?.split(' ').includes('none') ?? false;

	it('an authorization request with prompt=none says nobody signs in, citing OIDC Core §3.1.2.1; one without it does not', async () => {
		const quiet: TraceStep[] = [];
		const signIn: TraceStep[] = [];
		for (const flow of FLOWS)
			for (const step of authorizeRequests(await runFlow({ flow: flow.id })))
				(silent(step) ? quiet : signIn).push(step);
		// The silent renewal and the logout flows' checks ask with prompt=none; sign-ins do not.
		expect(quiet.length).toBeGreaterThanOrEqual(3);
		expect(signIn.length).toBeGreaterThan(10);
		const said = new Set(signIn.map((s) => explainStep(s).text));
		for (const step of quiet) {
			expect(explainStep(step).cites).toEqual([CITE.authRequest, CITE.authError]);
			expect(said.has(explainStep(step).text)).toBe(false);
		}
		for (const step of signIn) expect(explainStep(step).cites).toEqual([]);
	});

	it('an authorization error that needs the person (login_required) is the issuer’s answer, citing OIDC Core §3.1.2.6, unless it shows a logout worked', async () => {
		const answered: TraceStep[] = [];
		for (const flow of FLOWS)
			for (const step of (await runFlow({ flow: flow.id })).steps)
				if (step.kind === 'action' && step.refusal && NEEDS_THE_USER.has(step.refusal.code))
					answered.push(step);
		// The silent renewal's lesson, and the logouts' proof that the session is gone.
		expect(answered.some((s) => s.expected === 'lesson')).toBe(true);
		expect(answered.some((s) => s.expected === 'signed-out')).toBe(true);
		for (const step of answered)
			expect(explainStep(step).cites).toEqual(
				step.expected === 'signed-out' ? [] : [CITE.authError]
			);
	});

	it('a redirect URI that is a page (/silent-callback.html) reads like any callback', async () => {
		const trace = await runFlow({ flow: 'silent-renew' });
		const page = trace.steps.find(
			(s) => s.request && new URL(s.request.url).pathname === '/silent-callback.html'
		)!;
		expect(page).toBeDefined();
		const url = new URL(page.request!.url);
		url.pathname = '/callback';
		const plain = { ...page, request: { ...page.request!, url: url.href } };
		expect(explainStep(page).text).toBe(explainStep(plain).text);
	});

	it.each(['auth0', 'entra', 'firefox-keycloak', 'google', 'keycloak', 'okta'])(
		'in a recording at %s, each silent renewal the recording’s reader found, and nothing else, reads as prompt=none',
		async (provider) => {
			const dir = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/har/providers');
			const expected = JSON.parse(readFileSync(join(dir, `${provider}.expected.json`), 'utf8')) as {
				flows: { kind: string }[];
			};
			const { trace } = await importHar(readFileSync(join(dir, `${provider}.har`), 'utf8'));
			const silent = trace.steps.filter((s) => {
				const { cites } = explainStep(s);
				return cites.length === 2 && cites[0] === CITE.authRequest && cites[1] === CITE.authError;
			});
			expect(silent).toHaveLength(expected.flows.filter((f) => f.kind === 'renewal').length);
			// Known by its parameters: the same request at Google's or Keycloak's endpoint reads alike.
			for (const step of silent)
				for (const path of ['/o/oauth2/v2/auth', '/realms/x/protocol/openid-connect/auth']) {
					const url = new URL(step.request!.url);
					url.pathname = path;
					const moved = { ...step, request: { ...step.request!, url: url.href } };
					expect(explainStep(moved)).toEqual(explainStep(step));
				}
		}
	);
});
