import { describe, expect, test } from 'vitest';
import { createAuthorizationRequest, SPA_CLIENT } from '../../../src/lib/core/index';
import {
	ClientError,
	receiveCallback,
	type ClientDeps
} from '../../../src/lib/sim/machines/clientOperations';
import { runFlow, type Trace } from '../../../src/lib/sim/index';
import { setup } from '../helpers';
import { START } from './helpers';

const RFC9207_VALIDATION = 'https://www.rfc-editor.org/rfc/rfc9207#section-2.4';
const CALLBACK = SPA_CLIENT.redirect_uris[0]!;

/** The simulated client reading one callback: its trace steps, and the refusal if any. */
async function clientReads(query: (state: string, iss: string) => string) {
	const { metadata, issuer } = await setup();
	const pending = await createAuthorizationRequest(metadata, {
		clientId: SPA_CLIENT.client_id,
		redirectUri: CALLBACK,
		scope: 'openid'
	});
	const steps: Record<string, unknown>[] = [];
	const deps = {
		trace: { push: async (step: Record<string, unknown>) => void steps.push(step) }
	} as unknown as ClientDeps;
	const url = `${CALLBACK}?${query(pending.state, encodeURIComponent(issuer.url))}`;
	const refusal = await receiveCallback(deps, { metadata, pending }, { url }).then(
		() => undefined,
		(e: unknown) => e
	);
	return { steps, refusal };
}

describe('the simulated client holds the issuer to RFC 9207 when it reads the callback', () => {
	test('a callback stripped of iss is refused as iss_missing, with RFC 9207 §2.4 as the reason', async () => {
		const { steps, refusal } = await clientReads((state) => `code=c&state=${state}`);
		expect(refusal).toBeInstanceOf(ClientError);
		expect((refusal as ClientError).error).toBe('iss_missing');
		expect(steps).toHaveLength(1);
		expect(steps[0]).toMatchObject({
			name: 'reject-response',
			failed: true,
			spec: RFC9207_VALIDATION,
			refusal: { code: 'iss_missing', by: 'client', spec: RFC9207_VALIDATION }
		});
	});

	test('a callback with another issuer’s iss is refused as issuer_mismatch, with RFC 9207 §2.4', async () => {
		const evil = encodeURIComponent('https://evil.example/');
		const { steps, refusal } = await clientReads((state) => `code=c&state=${state}&iss=${evil}`);
		expect((refusal as ClientError).error).toBe('issuer_mismatch');
		expect(steps[0]).toMatchObject({
			refusal: { code: 'issuer_mismatch', by: 'client', spec: RFC9207_VALIDATION }
		});
	});

	test('an error without iss is refused for it, not taken as the issuer’s error', async () => {
		const { refusal } = await clientReads((state) => `error=login_required&state=${state}`);
		expect((refusal as ClientError).error).toBe('iss_missing');
	});

	test('the issuer’s answer with its iss goes through: the code is received', async () => {
		const { steps, refusal } = await clientReads(
			(state, iss) => `code=c&state=${state}&iss=${iss}`
		);
		expect(refusal).toBeUndefined();
		expect(steps).toEqual([]);
	});
});

describe('every flow whose issuer sends iss runs as before', () => {
	/** The refusal codes of a run: none of them may be about iss. */
	const refusals = (trace: Trace) =>
		trace.steps.flatMap((s) => (s.refusal ? [s.refusal.code] : []));

	test.each(['code-pkce', 'implicit', 'hybrid', 'silent-renew', 'par-jar', 'dpop', 'attack-csrf'])(
		'%s: no iss refusal, and the same outcome',
		async (flow) => {
			const trace = await runFlow({ flow: flow as Trace['settings']['flow'] }, { startAt: START });
			expect(refusals(trace)).not.toContain('iss_missing');
			expect(refusals(trace)).not.toContain('issuer_mismatch');
			expect(trace.outcome.completed).toBe(true);
		}
	);
});
