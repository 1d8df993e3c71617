import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lifetimeOf } from '../../src/lib/core/time';

describe('lifetimeOf', () => {
	it('is exp − iat for a token issued to live', () => {
		expect(lifetimeOf({ iat: 1_000, exp: 37_000 })).toBe(36_000);
		expect(lifetimeOf({ iat: 5, exp: 5 })).toBe(0);
	});

	it('says nothing when either claim is missing, not a number, or exp comes first', () => {
		expect(lifetimeOf({ exp: 10 })).toBeUndefined();
		expect(lifetimeOf({ iat: '1', exp: 10 })).toBeUndefined();
		expect(lifetimeOf({ iat: 10, exp: 9 })).toBeUndefined();
		expect(lifetimeOf({ iat: -Infinity, exp: Infinity })).toBeUndefined();
	});

	it('for any claim values, is either undefined or a finite, non-negative exp − iat', () => {
		fc.assert(
			fc.property(
				fc.record({
					iat: fc.oneof(fc.double(), fc.integer(), fc.anything()),
					exp: fc.oneof(fc.double(), fc.integer(), fc.anything())
				}),
				(payload) => {
					const lifetime = lifetimeOf(payload);
					if (lifetime === undefined) return;
					expect(Number.isFinite(lifetime) && lifetime >= 0).toBe(true);
					expect(lifetime).toBe((payload.exp as number) - (payload.iat as number));
				}
			)
		);
	});
});
