import { describe, expect, test } from 'vitest';
import { diffIdTokens, diffRuns, lastIdToken, runFlow } from '../../../src/lib/sim/index';
import { START } from './helpers';

describe('what a settings change did to the id_token', () => {
	test('switching the algorithm reports the header parameters that changed, not "nothing"', async () => {
		const rs = await runFlow({ flow: 'code-pkce', algorithm: 'RS256' }, { startAt: START });
		const es = await runFlow({ flow: 'code-pkce', algorithm: 'ES256' }, { startAt: START });
		const changes = diffIdTokens(lastIdToken(rs), lastIdToken(es));
		expect(changes).toContainEqual({
			part: 'header',
			claim: 'alg',
			kind: 'changed',
			before: 'RS256',
			after: 'ES256'
		});
		expect(changes.every((c) => c.part === 'header')).toBe(true);
	});

	test('a scope change reports claims only, and header changes come first when both change', async () => {
		const base = await runFlow({ flow: 'code-pkce' }, { startAt: START });
		const phone = await runFlow({ flow: 'code-pkce', scope: 'openid phone' }, { startAt: START });
		const claims = diffIdTokens(lastIdToken(base), lastIdToken(phone));
		expect(claims.length).toBeGreaterThan(0);
		expect(claims.some((c) => c.part === 'header')).toBe(false);
		const both = await runFlow(
			{ flow: 'code-pkce', scope: 'openid phone', algorithm: 'ES256' },
			{ startAt: START }
		);
		const mixed = diffIdTokens(lastIdToken(base), lastIdToken(both));
		const firstPayload = mixed.findIndex((c) => c.part === undefined);
		expect(mixed.slice(firstPayload).some((c) => c.part === 'header')).toBe(false);
		expect(mixed[0]!.part).toBe('header');
	});

	test('no token on either side means no changes to report', () => {
		expect(diffIdTokens(undefined, { payload: { sub: 'a' } })).toEqual([]);
	});
});

describe('what a settings change did to the checks', () => {
	test('a clock jump that makes exp fail lists exp (passed → failed), though no claim changed', async () => {
		const base = await runFlow({ flow: 'code-pkce' }, { startAt: START });
		const late = await runFlow(
			{ flow: 'code-pkce', clockJumps: [{ message: 'token-response', nth: 1, seconds: 40_000 }] },
			{ startAt: START }
		);
		const changes = diffRuns(base, late);
		expect(changes.claims).toEqual([]);
		expect(changes.checks).toContainEqual(
			expect.objectContaining({
				step: { message: 'validate-id-token', nth: 1 },
				check: 'exp',
				before: 'passed',
				after: 'failed'
			})
		);
	});

	test('validations the stopped run never reached are listed as no longer run', async () => {
		const base = await runFlow({ flow: 'call-api' }, { startAt: START });
		const late = await runFlow(
			{ flow: 'call-api', clockJumps: [{ message: 'token-response', nth: 1, seconds: 40_000 }] },
			{ startAt: START }
		);
		const gone = diffRuns(base, late).checks.filter((c) => c.check === undefined);
		expect(gone).toContainEqual(
			expect.objectContaining({
				step: { message: 'validate-access-token', nth: 1 },
				before: 'passed'
			})
		);
		expect(gone.every((c) => c.after === undefined)).toBe(true);
	});

	test('the same settings twice: no check changes', async () => {
		const a = await runFlow({ flow: 'code-pkce' }, { startAt: START });
		const b = await runFlow({ flow: 'code-pkce' }, { startAt: START });
		expect(diffRuns(a, b)).toEqual({ claims: [], checks: [] });
	});
});
