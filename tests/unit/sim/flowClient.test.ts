import { describe, expect, test } from 'vitest';
import { FLOW_IDS, runFlow, type ClientType } from '../../../src/lib/sim/index';
import { flowById } from '../../../src/lib/sim/flows/index';
import { flowExpectations } from '../../../src/lib/sim/flowClient';

/** The decoder's verdict on aud and iss, given what the decoder would expect, for each claim. */
const audienceHas = (aud: unknown, clientId: string) =>
	Array.isArray(aud) ? aud.includes(clientId) : aud === clientId;

describe('the decoder expects what the flow’s own client expects (issue 27, item 5)', () => {
	/** Runs in which the client's own aud or iss verdict was compared. */
	const comparedRuns = new Set<string>();
	/** Runs in which the client named itself to the issuer. */
	const namedRuns = new Set<string>();
	for (const flow of FLOW_IDS) {
		const types: ClientType[] = flowById(flow).honours.includes('clientType')
			? ['spa', 'webapp']
			: ['spa'];
		for (const clientType of types)
			test(`${flow} (${clientType}): each token the client checked gets the same aud and iss verdict`, async () => {
				const trace = await runFlow({ flow, clientType });
				const expected = flowExpectations(flowById(flow), trace.settings);
				expect(trace.outcome.code).not.toBe('error');
				let compared = 0;
				for (const step of trace.steps) {
					if (step.from !== 'client' || !step.checks?.claims) continue;
					const claims = step.checks.claims;
					for (const check of step.checks.checks) {
						if (check.status !== 'passed' && check.status !== 'failed') continue;
						const where = `${step.ref?.message}.${step.ref?.nth} ${check.id}`;
						if (check.id === 'aud')
							expect(audienceHas(claims.aud, expected.audience), where).toBe(
								check.status === 'passed'
							);
						else if (check.id === 'iss')
							expect(claims.iss === expected.issuer, where).toBe(check.status === 'passed');
						else continue;
						compared++;
					}
				}
				if (compared) comparedRuns.add(`${flow}/${clientType}`);
				// The client names itself in its own back-channel requests to the issuer (a form
				// field, or HTTP Basic's user name): the same client_id. The browser's requests are
				// left out: in an attack it also signs in to another client.
				const named = trace.steps.flatMap((step) => {
					if (step.kind !== 'request' || step.from !== 'client' || step.to !== 'issuer') return [];
					const body = new URLSearchParams(step.request?.body ?? '');
					const basic = step.request?.headers.find(
						([name, value]) => name.toLowerCase() === 'authorization' && /^basic /i.test(value)
					);
					const user = basic ? decodeURIComponent(atob(basic[1].slice(6)).split(':')[0]!) : null;
					return [body.get('client_id'), user].filter((id): id is string => id !== null);
				});
				if (named.length) namedRuns.add(`${flow}/${clientType}`);
				for (const id of named) expect(id).toBe(expected.audience);
			});
	}

	test('most runs had a verdict to compare (some are refused before any token)', () => {
		expect(comparedRuns.size).toBeGreaterThan(FLOW_IDS.length * 0.75);
		expect(namedRuns.size).toBeGreaterThan(FLOW_IDS.length * 0.75);
	});

	test('the encrypted client, the TV, the FAPI client and the chosen web app are named', () => {
		const of = (flow: (typeof FLOW_IDS)[number], clientType: ClientType = 'spa') =>
			flowExpectations(flowById(flow), { clientType }).audience;
		expect(of('encrypted-id-token')).toBe('tokenstep-vault');
		expect(of('device')).toBe('tokenstep-tv');
		expect(of('par-jar')).toBe('tokenstep-fapi');
		expect(of('code-pkce')).toBe('tokenstep-spa');
		expect(of('code-webapp')).toBe('tokenstep-webapp');
	});
});
