import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { MAX_KEY_INPUT, MAX_KEYS } from '../../src/lib/core/jwt/keyInput';
import { compactToken, verifyPasted, type VerifyResult } from '../../src/lib/core/jwt/verifyPasted';

const NOW = 1_780_000_000;
const ISS = 'https://issuer.example/';
const AUD = 'tokenstep-spa';
const SECRET = 'a-pasted-secret-0123456789abcdefghijklmnop';

let token: string;
let hsToken: string;
let publicJwk: JWK;
let pem: string;
let otherJwk: JWK;

const claims = { iss: ISS, sub: 'auth0|alice', aud: AUD, iat: NOW, exp: NOW + 600 };

beforeAll(async () => {
	const pair = await generateKeyPair('RS256', { extractable: true });
	token = await new SignJWT(claims)
		.setProtectedHeader({ alg: 'RS256', kid: 'key-1', typ: 'JWT' })
		.sign(pair.privateKey);
	hsToken = await new SignJWT(claims)
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.sign(new TextEncoder().encode(SECRET));
	publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256' };
	pem = await exportSPKI(pair.publicKey);
	const other = await generateKeyPair('RS256', { extractable: true });
	otherJwk = { ...(await exportJWK(other.publicKey)), kid: 'key-1', alg: 'RS256' };
});

const verify = (source: 'jwk' | 'pem' | 'secret', keyText: string, pasted = token) =>
	verifyPasted({ token: pasted, source, keyText, issuer: ISS, audience: AUD, now: NOW + 1 });

function signature(result: VerifyResult) {
	if (!('report' in result)) throw new Error(`expected a report, got ${result.code}`);
	return {
		valid: result.report.valid,
		status: result.report.checks.find((c) => c.id === 'signature')?.status
	};
}

describe('verifying a pasted token with a pasted key', () => {
	test('a JWK verifies the token it signed', async () => {
		expect(signature(await verify('jwk', JSON.stringify(publicJwk)))).toEqual({
			valid: true,
			status: 'passed'
		});
	});

	test('a JWKS verifies it, the key found by kid', async () => {
		const jwks = JSON.stringify({ keys: [{ ...otherJwk, kid: 'other' }, publicJwk] });
		expect(signature(await verify('jwk', jwks))).toEqual({ valid: true, status: 'passed' });
	});

	test('a PEM verifies it, taking the token kid', async () => {
		expect(signature(await verify('pem', pem))).toEqual({ valid: true, status: 'passed' });
	});

	test('an HMAC secret verifies an HS256 token, and a wrong one fails the signature', async () => {
		expect(signature(await verify('secret', SECRET, hsToken))).toEqual({
			valid: true,
			status: 'passed'
		});
		expect(signature(await verify('secret', `${SECRET}x`, hsToken))).toEqual({
			valid: false,
			status: 'failed'
		});
	});

	test('the wrong key fails the signature check, never throws', async () => {
		expect(signature(await verify('jwk', JSON.stringify(otherJwk)))).toEqual({
			valid: false,
			status: 'failed'
		});
	});

	test('a token pasted with its Bearer scheme and spaces is read', async () => {
		expect(compactToken(`  Bearer ${token}\n`)).toBe(token);
		expect(signature(await verify('jwk', JSON.stringify(publicJwk), `bearer ${token}`)).valid).toBe(
			true
		);
	});
});

describe('hostile pasted keys give codes', () => {
	test.each([
		['jwk', '', 'KEY_EMPTY'],
		['pem', '   ', 'KEY_EMPTY'],
		['jwk', 'x'.repeat(MAX_KEY_INPUT + 1), 'KEY_TOO_LARGE'],
		['jwk', '{"kty":', 'KEY_JSON'],
		['jwk', '[1,2]', 'KEY_NOT_OBJECT'],
		['jwk', 'null', 'KEY_NOT_OBJECT'],
		['jwk', '{"n":"abc"}', 'KEY_NOT_JWK'],
		['jwk', '{"__proto__":{"kty":"RSA"}}', 'KEY_NOT_JWK'],
		['jwk', JSON.stringify({ keys: Array(MAX_KEYS + 1).fill({ kty: 'RSA' }) }), 'KEY_TOO_MANY'],
		['jwk', '{"keys":[null]}', 'KEY_BAD_ENTRY'],
		['pem', '-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----', 'KEY_PEM']
	] as const)('%s %j is refused as %s', async (source, keyText, code) => {
		expect(await verify(source, keyText)).toMatchObject({ code });
	});

	test('a JWK of the wrong type fails the signature check with a report', async () => {
		const result = await verify('jwk', '{"kty":"oct","k":"AAAA","kid":"key-1"}');
		expect('report' in result && result.report.valid).toBe(false);
	});

	test('garbage in place of the token gives a report, never a throw', async () => {
		for (const pasted of ['', 'Bearer', 'a.b.c', '\u0000'.repeat(10), 'e'.repeat(100_000)]) {
			const result = await verify('jwk', JSON.stringify(publicJwk), pasted);
			expect('report' in result ? result.report.valid : result.code).toBe(false);
		}
	});

	test('the simulator keys, before any flow has made them, give a code', async () => {
		const result = await verifyPasted({
			token,
			source: 'simulator',
			issuer: ISS,
			audience: AUD,
			now: NOW
		});
		expect(result).toMatchObject({ code: 'KEY_NO_SIMULATOR_KEYS' });
	});
});
