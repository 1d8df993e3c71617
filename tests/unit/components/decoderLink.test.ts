import { describe, expect, test } from 'vitest';
import { decoderFragment, handedOverTime } from '../../../src/lib/components/decoderLink';

describe('the decoder handover', () => {
	test('carries the token, the page and the step time, and reads the time back', () => {
		const params = new URLSearchParams(
			decoderFragment('a.b.c', '/flow/device', 1_800_000_123).slice(1)
		);
		expect(params.get('token')).toBe('a.b.c');
		expect(params.get('from')).toBe('/flow/device');
		expect(handedOverTime(params.get('at'))).toBe(1_800_000_123);
	});

	test('leaves the time out when there is none', () => {
		expect(new URLSearchParams(decoderFragment('a.b.c', '/flow/x').slice(1)).has('at')).toBe(false);
	});

	test.each(['', '-5', '1e9', '0', '12.5', '9999999999999', 'now', ' 12'])(
		'ignores a hostile time %j',
		(value) => expect(handedOverTime(value)).toBeUndefined()
	);
});
