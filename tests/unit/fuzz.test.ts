import fc from 'fast-check';
import { base64url, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { decodeJwt, validateIdToken, type ValidationReport } from '../../src/lib/core/index';
import { inWorkUnits } from './workUnits';

const NOW = 1_780_000_000;
let token: string;
let jwk: JWK;

beforeAll(async () => {
	const { privateKey, publicKey } = await generateKeyPair('ES256');
	jwk = { ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' };
	token = await new SignJWT({
		iss: 'https://issuer.example/',
		sub: 'alice',
		aud: 'spa',
		iat: NOW,
		exp: NOW + 600,
		nonce: 'n'
	})
		.setProtectedHeader({ alg: 'ES256', kid: 'k', typ: 'JWT' })
		.sign(privateKey);
});

const expectations = () => ({
	issuer: 'https://issuer.example/',
	clientId: 'spa',
	jwks: { keys: [jwk] },
	nonce: 'n',
	now: NOW
});

/** A refusal must name the check that fired: never a vague "invalid", never a throw. */
function assertSpecificRefusal(report: ValidationReport) {
	expect(report.valid).toBe(false);
	const fired = report.checks.find((c) => c.status === 'failed');
	expect(fired?.id).toMatch(/^[a-z_]+$/);
	expect(fired?.detail.length).toBeGreaterThan(5);
}

/** One mutation of a valid token: a character changed, inserted or removed, or a segment swapped. */
const mutation = fc.oneof(
	fc.record({
		kind: fc.constant('replace' as const),
		at: fc.nat(),
		char: fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })
	}),
	fc.record({
		kind: fc.constant('insert' as const),
		at: fc.nat(),
		text: fc.string({ maxLength: 8, unit: 'binary' })
	}),
	fc.record({
		kind: fc.constant('delete' as const),
		at: fc.nat(),
		length: fc.integer({ min: 1, max: 40 })
	}),
	fc.record({
		kind: fc.constant('segment' as const),
		which: fc.integer({ min: 0, max: 2 }),
		json: fc.json()
	})
);

function mutate(original: string, m: Record<string, unknown>): string {
	const at = Number(m.at ?? 0) % (original.length + 1);
	switch (m.kind) {
		case 'replace':
			return original.slice(0, at) + String(m.char) + original.slice(at + 1);
		case 'insert':
			return original.slice(0, at) + String(m.text) + original.slice(at);
		case 'delete':
			return original.slice(0, at) + original.slice(at + Number(m.length));
		default: {
			const parts = original.split('.');
			parts[Number(m.which)] = base64url.encode(String(m.json));
			return parts.join('.');
		}
	}
}

describe('hostile input never breaks the decoder or the validator', () => {
	test('thousands of mutated tokens each get a report naming the failed check', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
				const mutated = mutations.reduce<string>(
					(t, m) => mutate(t, m as Record<string, unknown>),
					token
				);
				fc.pre(mutated !== token);
				const report = await validateIdToken(mutated, expectations());
				// A mutation can, rarely, leave the signed bytes intact (e.g. only in the signature's padding bits).
				if (report.valid)
					expect(mutated.split('.').slice(0, 2).join('.')).toBe(
						token.split('.').slice(0, 2).join('.')
					);
				else assertSpecificRefusal(report);
			}),
			{ numRuns: 3000 }
		);
	});

	test('random strings and random bytes are refused at a structural check', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					fc.string({ unit: 'binary' }),
					fc.string({ unit: 'grapheme' }),
					fc.uint8Array().map((b) => new TextDecoder().decode(b))
				),
				async (input) => {
					const report = await validateIdToken(input, expectations());
					assertSpecificRefusal(report);
					expect(decodeJwt(input).ok).toBe(false);
				}
			),
			{ numRuns: 2000 }
		);
	});

	test('a huge token is refused by size before anything is parsed', async () => {
		const huge = `${token}${'A'.repeat(1_000_000)}`;
		const { result: report, units } = await inWorkUnits(() =>
			validateIdToken(huge, expectations())
		);
		// About 50 ms on a quiet machine, where a work unit takes about 5 ms.
		expect(units).toBeLessThan(10);
		expect(report.checks.find((c) => c.status === 'failed')?.id).toBe('size');
	});

	test('a signature stripped from a real token fails the signature check', async () => {
		const [h, p] = token.split('.');
		const report = await validateIdToken(`${h}.${p}.`, expectations());
		expect(report.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual([
			'signature'
		]);
	});
});
