/**
 * Issue 29: DPoP server nonces in the simulation (RFC 9449 §8 at the issuer, §9 at the API), a
 * setting of the DPoP flow (off by default), and the attack a nonce stops: a proof made ahead of
 * time (§11.2). Asserted by refs, check ids, refusal codes and headers.
 */
import { describe, expect, test } from 'vitest';
import { getHeader, readJson } from '../../src/lib/core/index';
import {
	FLOW_IDS,
	flowById,
	readView,
	runFlow,
	writeView,
	type Trace,
	type TraceStep
} from '../../src/lib/sim/index';
import { FAPI_ATTACKS } from '../../src/lib/sim/flows/fapi';
import { START } from './sim/helpers';

type Settings = Parameters<typeof runFlow>[0];
const run = (settings: Settings) => runFlow(settings, { startAt: START });

const at = (trace: Trace, message: string, nth = 1): TraceStep => {
	const step = trace.steps.find((s) => s.ref?.message === message && s.ref.nth === nth);
	if (!step) throw new Error(`no ${message}#${nth}`);
	return step;
};
const proofNonce = (step: TraceStep) => step.tokens.find((t) => t.name === 'dpop')?.payload?.nonce;
const statusOf = (step: TraceStep, id: string) =>
	step.checks?.checks.find((c) => c.id === id)?.status;

describe('RFC 9449 §8, §9: the DPoP flow with server nonces on', () => {
	test('the issuer answers the first proof 400 use_dpop_nonce with a DPoP-Nonce; the retry carries it', async () => {
		const trace = await run({ flow: 'dpop', dpopNonce: true });
		expect(trace.outcome).toMatchObject({ code: 'completed', completed: true });
		expect(trace.outcome.unexpected).toBeUndefined();
		const refused = at(trace, 'token-response', 1);
		expect(refused.response!.status).toBe(400);
		expect(readJson(refused.response!).error).toBe('use_dpop_nonce');
		expect(refused.refusal).toMatchObject({ code: 'use_dpop_nonce', by: 'issuer' });
		const nonce = getHeader(refused.response!, 'dpop-nonce');
		expect(nonce).toBeTruthy();
		expect(proofNonce(at(trace, 'token-request', 1))).toBeUndefined();
		expect(statusOf(at(trace, 'validate-dpop-proof', 1), 'dpop_nonce')).toBe('failed');
		expect(proofNonce(at(trace, 'token-request', 2))).toBe(nonce);
		expect(statusOf(at(trace, 'validate-dpop-proof', 2), 'dpop_nonce')).toBe('passed');
		expect(at(trace, 'token-response', 2).response!.status).toBe(200);
		// The refresh reuses the issuer's nonce the client kept: accepted at first try (§8.2).
		expect(proofNonce(at(trace, 'token-request', 3))).toBe(nonce);
		expect(at(trace, 'token-response', 3).response!.status).toBe(200);
	});

	test('the API answers 401 with WWW-Authenticate DPoP error="use_dpop_nonce" and its own nonce', async () => {
		const trace = await run({ flow: 'dpop', dpopNonce: true });
		const refused = at(trace, 'api-response', 1);
		expect(refused.response!.status).toBe(401);
		expect(getHeader(refused.response!, 'www-authenticate')).toMatch(
			/^DPoP error="use_dpop_nonce"/
		);
		const apiNonce = getHeader(refused.response!, 'dpop-nonce');
		expect(apiNonce).toBeTruthy();
		// A nonce is good only at the server that gave it (§9): the API's is not the issuer's.
		expect(apiNonce).not.toBe(getHeader(at(trace, 'token-response', 1).response!, 'dpop-nonce'));
		expect(proofNonce(at(trace, 'api-request', 2))).toBe(apiNonce);
		expect(at(trace, 'api-response', 2).response!.status).toBe(200);
		// Each server's handshake is what the setting shows, not an error.
		expect(refused.expected).toBe('lesson');
		expect(at(trace, 'token-response', 1).expected).toBe('lesson');
	});

	test('off by default: no proof carries a nonce and nothing is refused', async () => {
		const trace = await run({ flow: 'dpop' });
		expect(trace.settings.dpopNonce).toBe(false);
		expect(trace.steps.some((s) => s.refusal)).toBe(false);
		expect(trace.steps.every((s) => proofNonce(s) === undefined)).toBe(true);
	});

	test('only flows that honour it use it: code-pkce with dpop_nonce on is unchanged', async () => {
		const trace = await run({ flow: 'code-pkce', dpopNonce: true });
		expect(trace.steps.some((s) => s.refusal?.code === 'use_dpop_nonce')).toBe(false);
		expect(flowById('dpop').honours).toContain('dpopNonce');
		expect(flowById('code-pkce').honours).not.toContain('dpopNonce');
	});

	test('the setting is in the URL as dpop_nonce=on, and anything else falls back with a notice', () => {
		const { view, problems } = readView('dpop', new URLSearchParams('dpop_nonce=on'));
		expect(problems).toEqual([]);
		expect(view.settings.dpopNonce).toBe(true);
		expect(writeView(view).get('dpop_nonce')).toBe('on');
		const bad = readView('dpop', new URLSearchParams('dpop_nonce=yes'));
		expect(bad.view.settings.dpopNonce).toBe(false);
		expect(bad.problems).toHaveLength(1);
	});
});

describe('RFC 9449 §11.2 (attack): attack-dpop-nonce-premade', () => {
	test('the copied, pre-made proof is refused by dpop_nonce alone; the app retries with the nonce', async () => {
		const trace = await run({ flow: 'attack-dpop-nonce-premade' });
		expect(trace.outcome).toMatchObject({ completed: true, expected: 'defence' });
		const copy = trace.steps.findIndex((s) => s.from === 'attacker' && s.to === 'api');
		expect(copy).toBeGreaterThan(-1);
		const check = trace.steps.slice(copy).find((s) => s.kind === 'action' && s.checks)!;
		expect(check.checks!.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual([
			'dpop_nonce'
		]);
		const answer = trace.steps.slice(copy).find((s) => s.kind === 'response')!;
		expect(answer.refusal).toMatchObject({ code: 'use_dpop_nonce', by: 'api' });
		// The copy's refusal is the defence that held; the issuer's handshake is the setting's lesson.
		expect([check.expected, answer.expected]).toEqual(['defence', 'defence']);
		expect(at(trace, 'token-response', 1).expected).toBe('lesson');
		// The app, which holds the key, gets its answer with a new proof carrying the nonce.
		expect(at(trace, 'api-response', 2).response!.status).toBe(200);
		expect(proofNonce(at(trace, 'api-request', 2))).toBe(
			getHeader(at(trace, 'api-response', 1).response!, 'dpop-nonce')
		);
	});

	test('it is a FAPI attack in the catalogue, requiring nonces whatever the setting', () => {
		expect(FLOW_IDS).toContain('attack-dpop-nonce-premade');
		expect(FAPI_ATTACKS.map((f) => f.id)).toContain('attack-dpop-nonce-premade');
		const flow = flowById('attack-dpop-nonce-premade');
		expect(flow.status).toBe('attack');
		expect(flow.dpopNonce).toBe(true);
		expect(flow.defence).toEqual({ check: 'dpop_nonce', where: 'api' });
	});
});
