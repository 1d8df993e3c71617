import { describe, expect, it } from 'vitest';
import {
	MAX_ROWS,
	ROWS_AT_ONCE,
	rowBudget,
	tokenRows
} from '../../../src/lib/components/rowBudget';
import type { TokenSnapshot } from '../../../src/lib/sim/types';

const jwt = (claims: number, headers = 2): TokenSnapshot => ({
	name: 'id_token',
	value: 'a.b.c',
	location: 'json',
	header: Object.fromEntries(Array.from({ length: headers }, (_, i) => [`h${i}`, i])),
	payload: Object.fromEntries(Array.from({ length: claims }, (_, i) => [`c${i}`, i]))
});
const opaque: TokenSnapshot = { name: 'code', value: 'xyz', location: 'query' };

describe('rows a token draws', () => {
	it('counts claims and header parameters, each capped like the table', () => {
		expect(tokenRows(jwt(19, 3))).toBe(22);
		expect(tokenRows(jwt(900, 900))).toBe(2 * MAX_ROWS);
	});
	it('counts an opaque token as one line', () => {
		expect(tokenRows(opaque)).toBe(1);
	});
});

describe('the rows a step draws at once', () => {
	it('gives the first token the whole screenful and what follows nothing', () => {
		expect(rowBudget([jwt(19, 3), jwt(12)])).toEqual({ tokens: [ROWS_AT_ONCE, 0], checks: 0 });
	});
	it('shares the screenful out top to bottom, the checklist first', () => {
		expect(rowBudget([opaque, jwt(3, 2)], 0, 10)).toEqual({ tokens: [10, 9], checks: 0 });
		expect(rowBudget([opaque, jwt(3, 2)], 4, 10)).toEqual({ tokens: [6, 5], checks: 4 });
		// A validation step's twenty checks take the screenful; its tokens follow when idle.
		expect(rowBudget([jwt(19, 3)], 20, 10)).toEqual({ tokens: [0], checks: 10 });
	});
	it('gives a step without tokens all of it for its checks, up to the screenful', () => {
		expect(rowBudget([], 7, 7)).toEqual({ tokens: [], checks: 7 });
		expect(rowBudget([], 3, 7)).toEqual({ tokens: [], checks: 3 });
	});
	it('never hands out more than the screenful, however the tokens are made', () => {
		for (const tokens of [[jwt(0, 0)], [jwt(1), jwt(40)], [opaque, opaque, opaque]]) {
			const { tokens: perToken, checks } = rowBudget(tokens, 3, 5);
			const used = perToken.map((eager, i) => Math.min(eager, tokenRows(tokens[i]!)));
			expect(used.reduce((a, b) => a + b, 0) + checks).toBeLessThanOrEqual(5);
		}
	});
});
