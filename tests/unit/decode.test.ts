import { base64url } from 'jose';
import { describe, expect, test } from 'vitest';
import { decodeJwt, MAX_TOKEN_LENGTH } from '../../src/lib/core/index';

const enc = (value: unknown) => base64url.encode(JSON.stringify(value));
const sample = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc({ sub: 'alice', iat: 1 })}.c2ln`;

describe('decodeJwt', () => {
	test('decodes header, payload and signature bytes', () => {
		const decoded = decodeJwt(sample);
		expect(decoded.ok).toBe(true);
		expect(decoded.header).toEqual({ alg: 'RS256', typ: 'JWT' });
		expect(decoded.payload).toEqual({ sub: 'alice', iat: 1 });
		expect(new TextDecoder().decode(decoded.signature)).toBe('sig');
		expect(decoded.errors).toEqual([]);
	});

	test('names the segment count when dots are missing', () => {
		const decoded = decodeJwt('abc.def');
		expect(decoded.ok).toBe(false);
		expect(decoded.errors[0]).toMatchObject({ code: 'ERR_JWT_SEGMENTS', segment: 'token' });
		expect(decoded.errors[0]?.message).toContain('this has 2');
	});

	test('points at the exact character that is not base64url', () => {
		const bad = sample.replace('.', '.ab$');
		const decoded = decodeJwt(bad);
		const dollar = bad.indexOf('$');
		expect(decoded.errors[0]).toMatchObject({
			code: 'ERR_B64_CHARACTER',
			segment: 'payload',
			position: dollar
		});
		// The header still decodes even though the payload does not.
		expect(decoded.header).toEqual({ alg: 'RS256', typ: 'JWT' });
	});

	test('explains padding rather than calling it an invalid character', () => {
		const decoded = decodeJwt(`${enc({ alg: 'RS256' })}=.${enc({})}.`);
		expect(decoded.errors[0]).toMatchObject({ code: 'ERR_B64_PADDING', segment: 'header' });
	});

	test('reports a segment length no base64url encoding can have', () => {
		const decoded = decodeJwt(`${enc({ alg: 'RS256' })}.abcde.`);
		expect(decoded.errors[0]).toMatchObject({ code: 'ERR_B64_LENGTH', segment: 'payload' });
	});

	test('reports JSON that does not parse, and JSON that is not an object', () => {
		expect(decodeJwt(`${base64url.encode('{"alg":')}.${enc({})}.`).errors[0]).toMatchObject({
			code: 'ERR_JSON',
			segment: 'header'
		});
		expect(decodeJwt(`${enc({ alg: 'RS256' })}.${enc([1, 2])}.`).errors[0]).toMatchObject({
			code: 'ERR_NOT_OBJECT',
			segment: 'payload'
		});
	});

	test('reports bytes that are not UTF-8', () => {
		const decoded = decodeJwt(`${base64url.encode(new Uint8Array([0xff, 0xfe]))}.${enc({})}.`);
		expect(decoded.errors[0]).toMatchObject({ code: 'ERR_UTF8', segment: 'header' });
	});

	test('flags surrounding whitespace but still decodes the token', () => {
		const decoded = decodeJwt(`  ${sample}\n`);
		expect(decoded.errors[0]?.code).toBe('ERR_JWT_WHITESPACE');
		expect(decoded.payload).toEqual({ sub: 'alice', iat: 1 });
	});

	test('recognises an encrypted JWE instead of calling it malformed', () => {
		expect(decodeJwt('a.b.c.d.e').errors[0]?.code).toBe('ERR_JWT_ENCRYPTED');
	});

	test('refuses oversized input before parsing it', () => {
		const decoded = decodeJwt('a'.repeat(MAX_TOKEN_LENGTH + 1));
		expect(decoded.errors[0]?.code).toBe('ERR_JWT_TOO_LARGE');
		expect(decoded.parts).toEqual([]);
	});

	test('never throws on values that are not strings', () => {
		for (const value of [undefined, null, 42, {}, [], Symbol('x')]) {
			expect(decodeJwt(value).errors[0]?.code).toBe('ERR_JWT_NOT_STRING');
		}
		expect(decodeJwt('').errors[0]?.code).toBe('ERR_JWT_EMPTY');
	});
});

describe('decodeJwt on hostile JSON', () => {
	test('flags a member that appears twice, wherever the duplicates sit', () => {
		const header = base64url.encode('{"alg":"RS256","alg":"none"}');
		const decoded = decodeJwt(`${header}.${enc({ sub: 'a' })}.`);
		expect(decoded.errors[0]).toMatchObject({ code: 'ERR_JSON_DUPLICATE_KEY', segment: 'header' });
		expect(decoded.errors[0]?.message).toContain('"alg" twice');
		const payload = base64url.encode(
			'{"sub":"a","nested":{"sub":"b"},"x":"\\"sub\\":","sub" : "c"}'
		);
		expect(decodeJwt(`${enc({ alg: 'RS256' })}.${payload}.`).errors[0]?.code).toBe(
			'ERR_JSON_DUPLICATE_KEY'
		);
		// The same name at another depth is not a duplicate.
		const nested = base64url.encode('{"sub":"a","nested":{"sub":"b"}}');
		expect(decodeJwt(`${enc({ alg: 'RS256' })}.${nested}.`).ok).toBe(true);
	});

	test('refuses very deep nesting with a specific error, never a throw', () => {
		const deep = base64url.encode(`{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`);
		const decoded = decodeJwt(`${enc({ alg: 'RS256' })}.${deep}.`);
		expect(decoded.errors[0]?.code).toBe('ERR_JSON_TOO_DEEP');
		expect(decoded.payload).toBeUndefined();
	});
});
