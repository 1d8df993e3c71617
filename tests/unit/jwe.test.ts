import fc from 'fast-check';
import { CompactEncrypt, exportJWK, exportPKCS8, generateKeyPair, importJWK, SignJWT } from 'jose';
import * as client from 'openid-client';
import { describe, expect, test } from 'vitest';
import {
	Clock,
	clientEncryptionKey,
	createIssuer,
	decodeJwt,
	decryptWithPastedKey,
	decryptWithSimulatorKeys,
	encryptJwt,
	refreshRequest,
	SPEC,
	validateIdToken,
	validateReceivedIdToken,
	VAULT_CLIENT,
	WEBAPP_CLIENT,
	type ClientCredentials,
	type IdTokenExpectations
} from '../../src/lib/core/index';
import { body, codeFlow, get, setup, type TokenBody } from './helpers';

const VAULT: ClientCredentials = {
	clientId: VAULT_CLIENT.client_id,
	clientSecret: VAULT_CLIENT.client_secret,
	authMethod: 'client_secret_basic'
};
const REDIRECT = VAULT_CLIENT.redirect_uris[0]!;

async function vaultFlow(scope = 'openid profile email') {
	const ready = await setup();
	const flow = await codeFlow(ready.issuer, ready.metadata, {
		credentials: VAULT,
		redirectUri: REDIRECT,
		scope
	});
	const key = await clientEncryptionKey(VAULT_CLIENT.client_id);
	const expect_: IdTokenExpectations = {
		issuer: ready.issuer.url,
		clientId: VAULT.clientId,
		jwks: ready.issuer.jwks(),
		nonce: flow.pending.nonce,
		decryptionKey: key.privateKey,
		now: ready.clock.now()
	};
	return { ...ready, flow, key, expectations: expect_ };
}

const ids = (report: { checks: { id: string }[] }) => report.checks.map((c) => c.id);
const statusOf = (report: { checks: { id: string; status: string }[] }, id: string) =>
	report.checks.find((c) => c.id === id)?.status;

/** A signed JWT from someone who is not the issuer, but who names the issuer's kid. */
async function forgedJws(claims: Record<string, unknown>, kid: string) {
	const { privateKey } = await generateKeyPair('RS256');
	return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey);
}

describe('OIDC Core §10.2: the issuer signs, then encrypts, for a client that registered a key', () => {
	test('the id_token is a five-part JWE with RSA-OAEP-256, A256GCM, cty JWT and the client key’s kid', async () => {
		const { flow, key } = await vaultFlow();
		const decoded = decodeJwt(flow.tokens.id_token);
		expect(decoded.parts).toHaveLength(5);
		expect(decoded.errors[0]?.code).toBe('ERR_JWT_ENCRYPTED');
		expect(decoded.jwe?.protectedHeader).toEqual({
			alg: 'RSA-OAEP-256',
			enc: 'A256GCM',
			cty: 'JWT',
			kid: key.kid
		});
		expect(decoded.jwe?.encryptedKey.length).toBeGreaterThan(300);
		expect(decoded.jwe?.iv).toHaveLength(16); // 96-bit GCM nonce
		expect(decoded.jwe?.tag).toHaveLength(22); // 128-bit tag
	});

	test('validation decrypts first (RFC 7516 §5.2), then runs every JWS check on the inner token', async () => {
		const { flow, expectations } = await vaultFlow();
		const report = await validateIdToken(flow.tokens.id_token, expectations);
		expect(report.valid).toBe(true);
		expect(ids(report).slice(0, 5)).toEqual(['jwe', 'jwe_alg', 'decrypt', 'nested', 'size']);
		expect(report.checks.find((c) => c.id === 'decrypt')?.spec).toBe(SPEC.jweDecryption);
		expect(report.checks.find((c) => c.id === 'nested')?.spec).toBe(SPEC.idTokenEncryption);
		expect(statusOf(report, 'signature')).toBe('passed');
		expect(report.claims?.email).toBe('alice@example.com');
		expect(decodeJwt(report.jwe?.inner).header?.typ).toBe('JWT');
		expect(report.jwe?.header?.enc).toBe('A256GCM');
	});

	test('without the client’s private key, decrypt fails and the JWS checks cannot run', async () => {
		const { flow, expectations } = await vaultFlow();
		const report = await validateIdToken(flow.tokens.id_token, {
			...expectations,
			decryptionKey: undefined
		});
		expect(report.valid).toBe(false);
		expect(statusOf(report, 'decrypt')).toBe('failed');
		expect(statusOf(report, 'signature')).toBe('skipped');
		expect(report.claims).toBeUndefined();
	});

	test('another client’s key cannot decrypt it', async () => {
		const { flow, expectations } = await vaultFlow();
		const other = await clientEncryptionKey(WEBAPP_CLIENT.client_id);
		const report = await validateIdToken(flow.tokens.id_token, {
			...expectations,
			decryptionKey: other.privateKey
		});
		expect(statusOf(report, 'decrypt')).toBe('failed');
	});

	test('a changed ciphertext fails the GCM tag at decrypt', async () => {
		const { flow, expectations } = await vaultFlow();
		const parts = flow.tokens.id_token.split('.');
		const c = parts[3]!;
		parts[3] = (c[0] === 'A' ? 'B' : 'A') + c.slice(1);
		const report = await validateIdToken(parts.join('.'), expectations);
		expect(statusOf(report, 'decrypt')).toBe('failed');
		expect(report.valid).toBe(false);
	});

	test('OIDC Core §3.1.3.7 step 1: a client registered for encryption refuses a plain JWS', async () => {
		const { flow, expectations } = await vaultFlow();
		const inner = (await validateIdToken(flow.tokens.id_token, expectations)).jwe!.inner!;
		const report = await validateIdToken(inner, expectations);
		expect(report.checks[0]).toMatchObject({ id: 'jwe', status: 'failed' });
		expect(report.checks[0]?.spec).toBe(SPEC.idTokenValidation);
		// The other checks still ran and passed: only the missing encryption refuses it.
		expect(statusOf(report, 'signature')).toBe('passed');
		expect(report.valid).toBe(false);
	});

	test('the registered algorithms only: RSA-OAEP (SHA-1) is refused at jwe_alg', async () => {
		const { flow, expectations, key } = await vaultFlow();
		const inner = (await validateIdToken(flow.tokens.id_token, expectations)).jwe!.inner!;
		const weak = await encryptJwt(inner, key.publicJwk, 'RSA-OAEP', 'A256GCM');
		const report = await validateIdToken(weak, expectations);
		expect(statusOf(report, 'jwe_alg')).toBe('failed');
		expect(statusOf(report, 'decrypt')).toBeUndefined();
		expect(statusOf(report, 'signature')).toBe('skipped');
	});

	test('refresh also returns an encrypted id_token', async () => {
		const { issuer, metadata, flow, expectations } = await vaultFlow('openid offline_access');
		const refreshed = body(
			await issuer.handle(refreshRequest(metadata, VAULT, flow.tokens.refresh_token!))
		) as unknown as TokenBody;
		expect(refreshed.id_token.split('.')).toHaveLength(5);
		const report = await validateIdToken(refreshed.id_token, { ...expectations, nonce: undefined });
		expect(report.valid).toBe(true);
	});

	test('discovery advertises the encryption algorithms (Discovery §3)', async () => {
		const { issuer } = await setup();
		const doc = body(await issuer.handle(get(`${issuer.url}.well-known/openid-configuration`)));
		expect(doc.id_token_encryption_alg_values_supported).toEqual(['RSA-OAEP-256']);
		expect(doc.id_token_encryption_enc_values_supported).toEqual(['A256GCM']);
	});

	test('clients that registered no key still get plain signed id_tokens', async () => {
		const ready = await setup();
		const flow = await codeFlow(ready.issuer, ready.metadata);
		expect(flow.tokens.id_token.split('.')).toHaveLength(3);
	});
});

describe('attacks on an encrypted id_token', () => {
	test('encrypted to the client but signed by someone else: decrypts, then fails at signature', async () => {
		const { flow, expectations, key } = await vaultFlow();
		const real = await validateIdToken(flow.tokens.id_token, expectations);
		const forged = await forgedJws(
			{ ...real.claims, email: 'mallory@attacker.example' },
			String(decodeJwt(real.jwe!.inner).header!.kid)
		);
		// The client's encryption key is public: anyone can encrypt to it.
		const token = await encryptJwt(forged, key.publicJwk);
		const report = await validateIdToken(token, expectations);
		expect(statusOf(report, 'decrypt')).toBe('passed');
		expect(statusOf(report, 'kid')).toBe('passed');
		expect(report.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual([
			'signature'
		]);
		expect(report.valid).toBe(false);
	});

	test('encrypted claims with no signature inside are refused at nested', async () => {
		const { expectations, key, clock, issuer } = await vaultFlow();
		const claims = {
			iss: issuer.url,
			sub: 'auth0|mallory',
			aud: VAULT.clientId,
			iat: clock.now(),
			exp: clock.now() + 60
		};
		const bare = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(claims)))
			.setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: key.kid })
			.encrypt(await importJWK(key.publicJwk, 'RSA-OAEP-256'));
		const report = await validateIdToken(bare, expectations);
		expect(statusOf(report, 'decrypt')).toBe('passed');
		expect(statusOf(report, 'nested')).toBe('failed');
		expect(statusOf(report, 'signature')).toBe('skipped');
	});
});

describe('the decoder decrypts with a pasted key or the simulator’s', () => {
	test('a pasted private JWK or PKCS #8 PEM opens the token; the inner JWS decodes', async () => {
		const { flow } = await vaultFlow();
		const sim = await decryptWithSimulatorKeys(flow.tokens.id_token);
		expect(sim.ok).toBe(true);
		// The simulator's client key cannot be exported (it is non-extractable), so the same signed
		// id_token is encrypted again to a key pair whose private half can be pasted.
		const own = await generateKeyPair('RSA-OAEP-256', { extractable: true });
		const token = await encryptJwt(sim.ok ? sim.plaintext : '', await exportJWK(own.publicKey));
		const jwk = JSON.stringify(await exportJWK(own.privateKey));
		const pem = await exportPKCS8(own.privateKey);
		for (const text of [jwk, pem, `\n${pem}\n`]) {
			const result = await decryptWithPastedKey(token, text);
			expect(result.ok).toBe(true);
			if (result.ok) expect(decodeJwt(result.plaintext).payload?.aud).toBe(VAULT.clientId);
		}
	});

	test('bad keys get codes, never a throw', async () => {
		const { flow, key } = await vaultFlow();
		const cases: [string, string][] = [
			['not a key', 'ERR_KEY_FORMAT'],
			['{"kty":', 'ERR_KEY_FORMAT'],
			['[1]', 'ERR_KEY_FORMAT'],
			['-----BEGIN RSA PRIVATE KEY-----\nxx\n-----END RSA PRIVATE KEY-----', 'ERR_KEY_FORMAT'],
			['-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----', 'ERR_KEY_FORMAT'],
			[JSON.stringify(key.publicJwk), 'ERR_KEY_TYPE'],
			['{"kty":"oct","k":"AAAA"}', 'ERR_KEY_TYPE']
		];
		for (const [text, code] of cases) {
			const result = await decryptWithPastedKey(flow.tokens.id_token, text);
			expect(result.ok ? 'ok' : result.code, text).toBe(code);
		}
		const other = await generateKeyPair('RSA-OAEP-256', { extractable: true });
		const wrong = await decryptWithPastedKey(
			flow.tokens.id_token,
			JSON.stringify(await exportJWK(other.privateKey))
		);
		expect(wrong.ok ? 'ok' : wrong.code).toBe('ERR_JWE_DECRYPT');
		const notJwe = await decryptWithPastedKey(
			'a.b.c',
			JSON.stringify(await exportJWK(other.privateKey))
		);
		expect(notJwe.ok ? 'ok' : notJwe.code).toBe('ERR_JWE_FORMAT');
	});
});

describe('interop: openid-client 6 decrypts and validates the encrypted id_token', () => {
	test('enableDecryptingResponses with the client’s key yields the claims', async () => {
		// openid-client checks iat/exp against the real clock, so the issuer runs on real time.
		const issuer = await createIssuer({ clock: new Clock() });
		const config = await client.discovery(
			new URL(issuer.url),
			VAULT.clientId,
			{
				id_token_encrypted_response_alg: 'RSA-OAEP-256',
				id_token_encrypted_response_enc: 'A256GCM'
			},
			client.ClientSecretBasic(VAULT.clientSecret!),
			{ [client.customFetch]: (url, init) => issuer.fetch(new Request(url, init as RequestInit)) }
		);
		const key = await clientEncryptionKey(VAULT.clientId);
		client.enableDecryptingResponses(config, ['A256GCM'], {
			key: key.privateKey,
			alg: 'RSA-OAEP-256',
			kid: key.kid
		});
		const pkceCodeVerifier = client.randomPKCECodeVerifier();
		const expectedNonce = client.randomNonce();
		const url = client.buildAuthorizationUrl(config, {
			redirect_uri: REDIRECT,
			scope: 'openid email',
			nonce: expectedNonce,
			code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
			code_challenge_method: 'S256',
			login_hint: 'auth0|alice'
		});
		const response = await issuer.fetch(new Request(url, { redirect: 'manual' }));
		const callback = new URL(response.headers.get('location')!);
		const tokens = await client.authorizationCodeGrant(config, callback, {
			pkceCodeVerifier,
			expectedNonce
		});
		expect(tokens.id_token!.split('.')).toHaveLength(5);
		expect(tokens.claims()).toMatchObject({ sub: 'auth0|alice', email: 'alice@example.com' });
	});
});

describe('decodeJwt on five-part tokens (RFC 7516 §7.1)', () => {
	test('exposes the parts and reports a protected header that does not decode', () => {
		const decoded = decodeJwt('a.b.c.d.e');
		expect(decoded.jwe).toEqual({
			protectedHeader: undefined,
			encryptedKey: 'b',
			iv: 'c',
			ciphertext: 'd',
			tag: 'e'
		});
		expect(decoded.errors.map((e) => e.code)).toEqual(['ERR_JWT_ENCRYPTED', 'ERR_B64_LENGTH']);
	});

	test('hostile five-part text never makes decode, decrypt or validation throw', async () => {
		const key = await clientEncryptionKey(VAULT_CLIENT.client_id);
		const segment = fc.oneof(
			fc.string({ maxLength: 30 }),
			fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
			fc.constant(Buffer.from('{"alg":"RSA-OAEP-256","enc":"A256GCM"}').toString('base64url'))
		);
		await fc.assert(
			fc.asyncProperty(fc.array(segment, { minLength: 5, maxLength: 5 }), async (parts) => {
				const token = parts.join('.');
				expect(decodeJwt(token).parts).toHaveLength(token.split('.').length);
				const report = await validateIdToken(token, {
					issuer: 'https://issuer.example/',
					clientId: VAULT_CLIENT.client_id,
					jwks: { keys: [] },
					decryptionKey: key.privateKey
				});
				expect(report.valid).toBe(false);
				expect((await decryptWithSimulatorKeys(token)).ok).toBe(false);
			}),
			{ numRuns: 300, seed: 17 }
		);
	});
});

describe('validateReceivedIdToken: the client’s decryption key reaches the validator', () => {
	test('with the key, the JWE layer runs first and the report keeps the token as received', async () => {
		const { flow, key, metadata, issuer, clock } = await vaultFlow();
		const report = await validateReceivedIdToken(flow.tokens.id_token, {
			metadata,
			jwks: issuer.jwks(),
			credentials: VAULT,
			pending: flow.pending,
			channel: 'back',
			now: clock.now(),
			decryptionKey: key.privateKey,
			encryption: { alg: 'RSA-OAEP-256', enc: 'A256GCM' }
		});
		expect(report.valid).toBe(true);
		expect(ids(report).slice(0, 4)).toEqual(['jwe', 'jwe_alg', 'decrypt', 'nested']);
		expect(report.jwe?.token).toBe(flow.tokens.id_token);
		expect(decodeJwt(report.jwe?.inner).payload).toEqual(report.claims);
	});

	test('registered encryption the token does not match is refused at jwe_alg', async () => {
		const { flow, key, metadata, issuer, clock } = await vaultFlow();
		const report = await validateReceivedIdToken(flow.tokens.id_token, {
			metadata,
			jwks: issuer.jwks(),
			credentials: VAULT,
			pending: flow.pending,
			now: clock.now(),
			decryptionKey: key.privateKey,
			encryption: { alg: 'RSA-OAEP-256', enc: 'A128GCM' }
		});
		expect(report.valid).toBe(false);
		expect(statusOf(report, 'jwe_alg')).toBe('failed');
		expect(report.jwe?.inner).toBeUndefined();
	});
});
