import { describe, expect, test } from 'vitest';
import { diffIdTokens, lastIdToken, runFlow } from '../../../src/lib/sim/index';
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
