import { describe, expect, test } from 'vitest';
import {
	decodeJwt,
	decryptWithPastedKey,
	decryptWithSimulatorKeys,
	JWE_ALG,
	JWE_ENC,
	SAMPLE_USERS,
	VAULT_CLIENT,
	type ProviderMetadata
} from '../../../src/lib/core/index';
import { flowById, runFlow, type Trace, type TraceStep } from '../../../src/lib/sim/index';
import type { ClientConfig } from '../../../src/lib/sim/machines/clientOperations';
import { requireEncryptionSupport } from '../../../src/lib/sim/machines/encryptedIdToken';
import { sequence, START } from './helpers';

const at = (trace: Trace, message: string, nth = 1): TraceStep | undefined =>
	trace.steps.find((s) => s.ref?.message === message && s.ref.nth === nth);

const idTokenIn = (step: TraceStep | undefined) =>
	step?.tokens.find((t) => t.name === 'id_token')?.value ?? '';

const JWE_CHECKS = ['jwe', 'jwe_alg', 'decrypt', 'nested'];

describe('encrypted-id-token: signed by the issuer, then encrypted to the Vault client', () => {
	test('runs as the Vault web app through discovery, login, code redemption and validation', async () => {
		const trace = await runFlow({ flow: 'encrypted-id-token' }, { startAt: START });
		expect(trace.outcome).toEqual({ code: 'completed', completed: true });
		expect(sequence(trace)).toEqual([
			'client→issuer GET /.well-known/openid-configuration',
			'issuer→client 200',
			'client→issuer GET /.well-known/jwks.json',
			'issuer→client 200',
			'browser→issuer GET /authorize',
			'issuer→browser 200',
			'browser→browser person-login',
			'browser→issuer POST /login',
			'issuer→browser 302',
			'browser→client GET /callback',
			'client→issuer POST /oauth/token',
			'issuer→client 200',
			'client→client validate-id-token: ✓',
			'client→browser 302',
			'browser→client GET /',
			'client→browser 200'
		]);
		const authorize = new URL(at(trace, 'authorize-request')!.request!.url);
		expect(authorize.searchParams.get('client_id')).toBe(VAULT_CLIENT.client_id);
		expect(authorize.searchParams.get('redirect_uri')).toBe(VAULT_CLIENT.redirect_uris[0]);
	});

	test('the discovery response advertises the encryption the client registered', async () => {
		const trace = await runFlow({ flow: 'encrypted-id-token' }, { startAt: START });
		const metadata = JSON.parse(at(trace, 'discovery-response')!.response!.body);
		expect(metadata.id_token_encryption_alg_values_supported).toContain(JWE_ALG);
		expect(metadata.id_token_encryption_enc_values_supported).toContain(JWE_ENC);
		expect(VAULT_CLIENT.id_token_encrypted_response_alg).toBe(JWE_ALG);
		// The client says what it looks for there, and finds it.
		expect(at(trace, 'discovery-request')!.notes?.map((n) => n.kind)).toEqual(['why']);
	});

	test('a client whose registered encryption the issuer does not advertise stops with a code', () => {
		const config = {
			credentials: { clientId: VAULT_CLIENT.client_id, authMethod: 'client_secret_basic' },
			encryption: { alg: JWE_ALG, enc: JWE_ENC }
		} as ClientConfig;
		const advertised = {
			id_token_encryption_alg_values_supported: [JWE_ALG],
			id_token_encryption_enc_values_supported: [JWE_ENC]
		} as unknown as ProviderMetadata;
		expect(() => requireEncryptionSupport(config, advertised)).not.toThrow();
		for (const metadata of [
			{},
			{ ...advertised, id_token_encryption_enc_values_supported: ['A128GCM'] },
			{ ...advertised, id_token_encryption_alg_values_supported: 'RSA-OAEP-256' }
		]) {
			expect(() =>
				requireEncryptionSupport(config, metadata as unknown as ProviderMetadata)
			).toThrow(expect.objectContaining({ error: 'id_token_encryption_unsupported' }));
		}
		// A client without registered encryption asks nothing of the metadata.
		expect(() =>
			requireEncryptionSupport({ ...config, encryption: undefined }, {} as ProviderMetadata)
		).not.toThrow();
	});

	test('the token response carries a five-part JWE whose claims no intermediary can read', async () => {
		const trace = await runFlow({ flow: 'encrypted-id-token' }, { startAt: START });
		const response = at(trace, 'token-response')!;
		const token = idTokenIn(response);
		const decoded = decodeJwt(token);
		expect(decoded.parts).toHaveLength(5);
		expect(decoded.errors.map((e) => e.code)).toContain('ERR_JWT_ENCRYPTED');
		expect(decoded.jwe?.protectedHeader).toMatchObject({ alg: JWE_ALG, enc: JWE_ENC, cty: 'JWT' });
		// The user's profile is nowhere in the response as sent: only ciphertext.
		const user = SAMPLE_USERS[0]!;
		expect(response.response!.body).not.toContain(user.id);
		expect(response.response!.body).not.toContain(String(user.profile.email));
	});

	test('validation opens the JWE first (jwe, jwe_alg, decrypt, nested), then runs every JWS check on the inner token', async () => {
		const trace = await runFlow({ flow: 'encrypted-id-token' }, { startAt: START });
		const validation = at(trace, 'validate-id-token')!;
		const report = validation.checks!;
		expect(report.valid).toBe(true);
		const ids = report.checks.map((c) => c.id);
		expect(ids.slice(0, 4)).toEqual(JWE_CHECKS);
		expect(ids.indexOf('signature')).toBeGreaterThan(ids.indexOf('nested'));
		for (const id of JWE_CHECKS) {
			const check = report.checks.find((c) => c.id === id)!;
			expect(check.status).toBe('passed');
			expect(check.spec).toMatch(/^https:\/\//);
		}
		// The report keeps the JWE as received and the signed JWT found inside it.
		expect(report.jwe?.token).toBe(idTokenIn(at(trace, 'token-response')));
		const inner = decodeJwt(report.jwe!.inner!);
		expect(inner.ok).toBe(true);
		expect(inner.payload).toEqual(report.claims);
		expect(report.claims).toMatchObject({ sub: SAMPLE_USERS[0]!.id, aud: VAULT_CLIENT.client_id });
		expect(validation.refusal).toBeUndefined();
	});

	test('the decoder opens the flow’s token with the simulator’s keys, and not with another key', async () => {
		const trace = await runFlow({ flow: 'encrypted-id-token' }, { startAt: START });
		const token = idTokenIn(at(trace, 'token-response'));
		const opened = await decryptWithSimulatorKeys(token);
		expect(opened.ok && decodeJwt(opened.plaintext).payload?.sub).toBe(SAMPLE_USERS[0]!.id);
		const { exportJWK, generateKeyPair } = await import('jose');
		const other = await generateKeyPair(JWE_ALG, { extractable: true });
		const wrong = await decryptWithPastedKey(
			token,
			JSON.stringify(await exportJWK(other.privateKey))
		);
		expect(wrong).toMatchObject({ ok: false, code: 'ERR_JWE_DECRYPT' });
	});

	test('the person’s settings still apply: another user and algorithm are signed, then encrypted', async () => {
		const user = SAMPLE_USERS[1]!;
		for (const algorithm of ['ES256', 'EdDSA', 'PS256', 'HS256'] as const) {
			const trace = await runFlow(
				{ flow: 'encrypted-id-token', algorithm, user: user.id },
				{ startAt: START }
			);
			const report = at(trace, 'validate-id-token')!.checks!;
			expect(report.valid).toBe(true);
			expect(report.header?.alg).toBe(algorithm);
			expect(report.claims?.sub).toBe(user.id);
		}
	});
});

describe('attack-jwe-forged-signature: encrypted to the client, signed by the attacker', () => {
	test('the attacker encrypts its own token to the client; it decrypts, and the signature refuses it', async () => {
		const trace = await runFlow({ flow: 'attack-jwe-forged-signature' }, { startAt: START });
		const forge = trace.steps.find((s) => s.change?.how === 'jwe-forged-signature')!;
		expect(forge.change).toEqual({ by: 'attacker', how: 'jwe-forged-signature' });
		const validation = at(trace, 'validate-id-token')!;
		expect(validation.refusal).toMatchObject({ code: 'signature', by: 'client' });
		const status = Object.fromEntries(validation.checks!.checks.map((c) => [c.id, c.status]));
		// Encryption held: the client's key opened it. The inner signature gives it away, and the
		// nonce too: the forger could not read the one inside the genuine, encrypted id_token.
		expect(JWE_CHECKS.map((id) => status[id])).toEqual(['passed', 'passed', 'passed', 'passed']);
		expect([status.alg, status.kid, status.header_key]).toEqual(['passed', 'passed', 'passed']);
		expect(status.signature).toBe('failed');
		expect(status.nonce).toBe('failed');
		expect(validation.checks!.claims?.sub).toBe('auth0|mallory');
		expect(validation.checks!.valid).toBe(false);
		expect(flowById('attack-jwe-forged-signature').defence).toEqual({
			check: 'signature',
			where: 'client'
		});
	});

	test('the forged token is a different JWE under the same client key', async () => {
		const trace = await runFlow({ flow: 'attack-jwe-forged-signature' }, { startAt: START });
		const responses = trace.steps.filter((s) => s.ref?.message === 'token-response');
		const forged = idTokenIn(responses.at(-1));
		expect(decodeJwt(forged).parts).toHaveLength(5);
		const validation = at(trace, 'validate-id-token')!;
		expect(validation.checks!.jwe?.token).toBe(forged);
		expect(decodeJwt(forged).jwe?.protectedHeader?.kid).toBeTruthy();
	});

	test('the recipe leaves flows without an encrypted id_token alone', async () => {
		const interventions = [
			{
				kind: 'forge' as const,
				message: 'token-response' as const,
				nth: 1,
				recipe: 'jwe-forged-signature' as const
			}
		];
		const trace = await runFlow({ flow: 'code-webapp', interventions }, { startAt: START });
		expect(trace.outcome.code).toBe('completed');
		expect(trace.steps.some((s) => s.from === 'attacker')).toBe(false);
		expect(at(trace, 'validate-id-token')!.checks!.valid).toBe(true);
	});
});
