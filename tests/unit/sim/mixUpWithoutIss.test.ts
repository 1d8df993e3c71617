/**
 * The mix-up attack against an honest issuer that does not implement RFC 9207: no iss in its
 * authorization responses, none announced in its metadata. Nothing at the client refuses, and
 * the code, with the PKCE code_verifier, goes to the attacker (RFC 9700 §4.4.1 steps 5 and 6).
 * The issuer here is the real one with its answers trimmed, as an issuer without RFC 9207 would
 * send them; no setting of the simulator turns RFC 9207 off.
 */
import { decodeJwt } from 'jose';
import { expect, test, vi } from 'vitest';
import type * as Core from '../../../src/lib/core/index';
import type { HttpResponse } from '../../../src/lib/core/index';
import { ATTACKER_AS } from '../../../src/lib/sim/attacker/sites';
import { runFlow, type Trace, type TraceStep } from '../../../src/lib/sim/index';
import { START } from './helpers';

/** The issuer's answer as an issuer without RFC 9207 sends it. */
function withoutIss(response: HttpResponse): HttpResponse {
	const headers = response.headers.map(([name, value]): [string, string] => {
		if (name.toLowerCase() !== 'location') return [name, value];
		const url = new URL(value);
		url.searchParams.delete('iss');
		return [name, url.href];
	});
	let body = response.body;
	if (body.includes('authorization_response_iss_parameter_supported')) {
		const metadata = JSON.parse(body) as Record<string, unknown>;
		delete metadata.authorization_response_iss_parameter_supported;
		body = JSON.stringify(metadata);
	}
	return { ...response, headers, body };
}

vi.mock('../../../src/lib/core/index', async (importOriginal) => {
	const core = await importOriginal<typeof Core>();
	return {
		...core,
		createIssuer: async (config: Core.IssuerConfig) => {
			const issuer = await core.createIssuer(config);
			return Object.assign(Object.create(issuer) as Core.Issuer, {
				serve: async (request: Core.HttpRequest) => {
					const served = await issuer.serve(request);
					return { ...served, response: withoutIss(served.response) };
				},
				handle: async (request: Core.HttpRequest) => withoutIss(await issuer.handle(request))
			});
		}
	};
});

function at(trace: Trace, message: string): TraceStep {
	const step = trace.steps.find((s) => s.ref?.message === message && s.ref.nth === 1);
	if (!step) throw new Error(`no ${message} in ${trace.flow}`);
	return step;
}

test('without iss from the honest issuer, the client sends the code and its code_verifier to the attacker, who redeems them', async () => {
	const trace = await runFlow({ flow: 'attack-mix-up' }, { startAt: START });
	const callback = new URL(at(trace, 'callback-request').request!.url).searchParams;
	expect(callback.get('iss')).toBeNull();
	const code = callback.get('code')!;
	// No check at the callback refuses: the response looks like the attacker's own.
	expect(trace.steps.some((s) => s.ref?.message === 'reject-response')).toBe(false);

	// Step 5: the client posts the honest issuer's code and its verifier to the attacker's AS.
	const leak = at(trace, 'token-request');
	expect(leak.from).toBe('client');
	expect(leak.to).toBe('attacker');
	expect(new URL(leak.request!.url).origin + '/').toBe(ATTACKER_AS.issuer);
	const leaked = new URLSearchParams(leak.request!.body);
	expect(leaked.get('code')).toBe(code);
	expect(leaked.get('code_verifier')).toBeTruthy();

	// Step 6: the attacker redeems them at the honest issuer and gets the person's tokens.
	const redeem = trace.steps.find(
		(s) => s.kind === 'request' && s.from === 'attacker' && s.to === 'issuer'
	)!;
	expect(redeem.index).toBeGreaterThan(leak.index);
	const sent = new URLSearchParams(redeem.request!.body);
	expect(sent.get('code')).toBe(code);
	expect(sent.get('code_verifier')).toBe(leaked.get('code_verifier'));
	const answer = trace.steps.find((s) => s.index > redeem.index && s.kind === 'response')!;
	expect(answer.from).toBe('issuer');
	expect(answer.response!.status).toBe(200);
	const idToken = String(JSON.parse(answer.response!.body).id_token);
	expect(decodeJwt(idToken).sub).toBe(trace.settings.user);
});
