import { describe, expect, test } from 'vitest';
import {
	decoderFragment,
	handedOverTime,
	handOver,
	HANDOVER_PREFIX,
	isMasked,
	takeHandover
} from '../../../src/lib/components/decoderLink';

/** A Storage stand-in: a Map with the three calls the handover makes. */
function memoryStorage() {
	const map = new Map<string, string>();
	return {
		map,
		setItem: (k: string, v: string) => void map.set(k, v),
		getItem: (k: string) => map.get(k) ?? null,
		removeItem: (k: string) => void map.delete(k)
	};
}

describe('the decoder handover', () => {
	test('the link carries the page and the step time, never the token', () => {
		const params = new URLSearchParams(decoderFragment('/flow/device', 1_800_000_123).slice(1));
		expect([...params.keys()]).toEqual(['from', 'at']);
		expect(params.get('from')).toBe('/flow/device');
		expect(handedOverTime(params.get('at'))).toBe(1_800_000_123);
	});

	test('leaves the time out when there is none', () => {
		expect(new URLSearchParams(decoderFragment('/flow/x').slice(1)).has('at')).toBe(false);
	});

	test('hands the token over in storage under a one-time id, read once', () => {
		const storage = memoryStorage();
		const fragment = handOver(storage, 'a.b.c', '/flow/device', 1_800_000_123);
		expect(fragment).not.toContain('a.b.c');
		const params = new URLSearchParams(fragment.slice(1));
		const id = params.get('handover')!;
		expect(id).toMatch(/^[0-9a-f]{32}$/);
		expect(params.get('from')).toBe('/flow/device');
		expect(storage.map.get(HANDOVER_PREFIX + id)).toBe('a.b.c');
		expect(takeHandover(storage, id)).toBe('a.b.c');
		expect(storage.map.size).toBe(0);
		expect(takeHandover(storage, id)).toBeUndefined();
	});

	test('each handover gets a fresh id', () => {
		const storage = memoryStorage();
		handOver(storage, 'a.b.c', '/flow/x');
		handOver(storage, 'a.b.c', '/flow/x');
		expect(storage.map.size).toBe(2);
	});

	test('a storage that refuses leaves no id in the link', () => {
		const refusing = {
			setItem: () => {
				throw new Error('QuotaExceededError');
			}
		};
		const params = new URLSearchParams(handOver(refusing, 'a.b.c', '/flow/x').slice(1));
		expect(params.has('handover')).toBe(false);
		expect(params.has('token')).toBe(false);
	});

	test.each(['', '../x', 'A'.repeat(32), '0'.repeat(31), `${'0'.repeat(32)}x`])(
		'reads nothing under a malformed id %j',
		(id) => {
			const storage = memoryStorage();
			storage.map.set(HANDOVER_PREFIX + id, 'a.b.c');
			expect(takeHandover(storage, id)).toBeUndefined();
		}
	);

	test('a masked value is not handed over', () => {
		expect(isMasked('[masked]')).toBe(true);
		expect(isMasked('eyJ.[masked].x')).toBe(true);
		expect(isMasked('eyJa.eyJb.c')).toBe(false);
	});

	test.each(['', '-5', '1e9', '0', '12.5', '9999999999999', 'now', ' 12'])(
		'ignores a hostile time %j',
		(value) => expect(handedOverTime(value)).toBeUndefined()
	);
});
