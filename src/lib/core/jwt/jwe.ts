/**
 * Encrypted id_tokens: a signed JWT nested inside a compact JWE (OIDC Core §10.2, RFC 7516),
 * `RSA-OAEP-256` key wrapping with `A256GCM` content encryption. The issuer encrypts to the
 * client's public key; only the client's private key opens it.
 */
import {
	calculateJwkThumbprint,
	CompactEncrypt,
	compactDecrypt,
	decodeProtectedHeader,
	errors as joseErrors,
	exportJWK,
	generateKeyPair,
	importJWK,
	importPKCS8,
	type JSONWebKeySet,
	type JWK
} from 'jose';
import type { Check } from './checks';
import type { Client } from '../data';
import { decodeJwt, MAX_TOKEN_LENGTH } from './decode';
import { SPEC } from '../spec';

export const JWE_ALG = 'RSA-OAEP-256';
export const JWE_ENC = 'A256GCM';
export const JWE_ALGS = [JWE_ALG] as const;
export const JWE_ENCS = [JWE_ENC] as const;

export interface EncryptionKey {
	kid: string;
	privateKey: CryptoKey;
	/** The public half, as the client registers it (`use: enc`). */
	publicJwk: JWK;
}

/**
 * Somewhere to keep the clients' encryption keys across visits (the browser's IndexedDB, see
 * `state/keyStore`), by client_id, as the issuer's signing keys are kept (`KeyStore` in keys).
 * A store that fails is ignored: a fresh key is generated instead.
 */
export interface EncryptionKeyStore {
	load(clientId: string): Promise<EncryptionKey | undefined>;
	save(clientId: string, key: EncryptionKey): Promise<void>;
}

let store: EncryptionKeyStore | undefined;

/** Keeps the clients' encryption keys in `keyStore` from now on; `undefined` stops keeping them. */
export function useEncryptionKeyStore(keyStore: EncryptionKeyStore | undefined): void {
	store = keyStore;
}

/** One generated key pair per client, shared in this process like the issuer's signing keys. */
const pool = new Map<string, Promise<EncryptionKey>>();

/** Drops the keys generated or loaded in this process: the next run makes (or loads) new ones. */
export function forgetPooledEncryptionKeys(): void {
	pool.clear();
}

/**
 * Adds keys kept by an earlier visit to this process's pool, without generating any (the
 * decoder's, which runs no flow); a client that already has a key here keeps it.
 */
export function adoptEncryptionKeys(kept: Iterable<[clientId: string, key: EncryptionKey]>): void {
	for (const [clientId, key] of kept)
		if (!pool.has(clientId)) pool.set(clientId, Promise.resolve(key));
}

/** The simulated client's own encryption key pair; the issuer reads only its public half. */
export function clientEncryptionKey(clientId: string): Promise<EncryptionKey> {
	let key = pool.get(clientId);
	if (!key) {
		key = storedOrNewEncryptionKey(clientId);
		pool.set(clientId, key);
	}
	return key;
}

async function storedOrNewEncryptionKey(clientId: string): Promise<EncryptionKey> {
	const kept = store;
	const stored = await kept?.load(clientId).catch(() => undefined);
	if (stored) return stored;
	const key = await createEncryptionKey();
	// Saving is not waited for: the run needs the key now, not the store.
	void kept?.save(clientId, key).catch(() => {});
	return key;
}

/** The private half is non-extractable: this page can decrypt with it, nothing can read it out. */
async function createEncryptionKey(): Promise<EncryptionKey> {
	const { privateKey, publicKey } = await generateKeyPair(JWE_ALG);
	const jwk = await exportJWK(publicKey);
	const kid = await calculateJwkThumbprint(jwk);
	return { kid, privateKey, publicJwk: { ...jwk, kid, alg: JWE_ALG, use: 'enc' } };
}

/** The private keys generated or kept so far (the decoder's "simulator keys"). */
export async function generatedDecryptionKeys(): Promise<EncryptionKey[]> {
	return Promise.all(pool.values());
}

/** Whether the client registered for encrypted id_tokens (`id_token_encrypted_response_alg`). */
export function wantsEncryptedIdToken(client: Client): boolean {
	return client.id_token_encrypted_response_alg !== undefined;
}

/** The client's registered public encryption key: from its `jwks`, else the simulator's pool. */
export async function clientPublicEncryptionJwk(client: Client): Promise<JWK> {
	const registered = client.jwks?.keys.find(
		(k) => k.kty === 'RSA' && (k.use === undefined || k.use === 'enc')
	);
	return registered ?? (await clientEncryptionKey(client.client_id)).publicJwk;
}

/**
 * Wraps a signed JWT in a JWE for one recipient: signed, then encrypted (a Nested JWT,
 * RFC 7519 §5.2, so `cty` is "JWT"). Anyone holding the public key can do this, which is
 * why the inner signature still decides.
 */
export async function encryptJwt(
	jws: string,
	recipient: JWK,
	alg: string = JWE_ALG,
	enc: string = JWE_ENC
): Promise<string> {
	const key = await importJWK(recipient, alg);
	return new CompactEncrypt(new TextEncoder().encode(jws))
		.setProtectedHeader({ alg, enc, cty: 'JWT', ...(recipient.kid && { kid: recipient.kid }) })
		.encrypt(key);
}

/** Encrypts an id_token to the client, with the alg and enc it registered (OIDC Core §10.2). */
export async function encryptIdTokenFor(client: Client, jws: string): Promise<string> {
	return encryptJwt(
		jws,
		await clientPublicEncryptionJwk(client),
		client.id_token_encrypted_response_alg ?? JWE_ALG,
		client.id_token_encrypted_response_enc ?? JWE_ENC
	);
}

export type DecryptErrorCode =
	'ERR_JWE_FORMAT' | 'ERR_JWE_ALG' | 'ERR_JWE_DECRYPT' | 'ERR_KEY_FORMAT' | 'ERR_KEY_TYPE';

export type DecryptResult =
	| {
			ok: true;
			header: Record<string, unknown>;
			/** The decrypted content: for an id_token, the inner compact JWS. */
			plaintext: string;
	  }
	| { ok: false; code: DecryptErrorCode; message: string; header?: Record<string, unknown> };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The protected header of a five-part token, or undefined when it is not one. */
export function jweHeader(token: string): Record<string, unknown> | undefined {
	if (token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 5) return undefined;
	try {
		return decodeProtectedHeader(token) as Record<string, unknown>;
	} catch {
		return undefined;
	}
}

/**
 * Decrypts a compact JWE with a private key, accepting only the listed algorithms (RFC 8725
 * §3.1 applies to key management too). Never throws.
 */
export async function decryptJwe(
	token: string,
	key: CryptoKey,
	allowed: { algs?: readonly string[]; encs?: readonly string[] } = {}
): Promise<DecryptResult> {
	const header = jweHeader(token);
	if (!header)
		return {
			ok: false,
			code: 'ERR_JWE_FORMAT',
			message: 'not a compact JWE: five base64url parts with a JSON protected header'
		};
	const algs = allowed.algs ?? JWE_ALGS;
	const encs = allowed.encs ?? JWE_ENCS;
	if (!algs.includes(String(header.alg)) || !encs.includes(String(header.enc))) {
		return {
			ok: false,
			code: 'ERR_JWE_ALG',
			header,
			message: `alg ${JSON.stringify(header.alg)} / enc ${JSON.stringify(header.enc)} is not the registered ${algs.join(', ')} / ${encs.join(', ')}`
		};
	}
	try {
		const { plaintext } = await compactDecrypt(token, key, {
			keyManagementAlgorithms: [...algs],
			contentEncryptionAlgorithms: [...encs]
		});
		return { ok: true, header, plaintext: utf8.decode(plaintext) };
	} catch (e) {
		const tampered = e instanceof joseErrors.JWEDecryptionFailed;
		return {
			ok: false,
			code: 'ERR_JWE_DECRYPT',
			header,
			message: tampered
				? 'decryption failed: the token was encrypted to another key, or a part was altered (the GCM tag does not verify)'
				: `decryption failed: ${e instanceof Error ? e.message : String(e)}`
		};
	}
}

/**
 * Reads a pasted private key, as a JWK (JSON) or a PKCS #8 PEM, for the decoder. Never throws.
 */
export async function importDecryptionKey(
	text: string,
	alg: string = JWE_ALG
): Promise<{ ok: true; key: CryptoKey } | { ok: false; code: DecryptErrorCode; message: string }> {
	const trimmed = text.trim();
	try {
		if (trimmed.startsWith('-----BEGIN')) {
			if (!trimmed.startsWith('-----BEGIN PRIVATE KEY-----'))
				return {
					ok: false,
					code: 'ERR_KEY_FORMAT',
					message: 'paste an unencrypted PKCS #8 key (-----BEGIN PRIVATE KEY-----) or a JWK'
				};
			return { ok: true, key: await importPKCS8(trimmed, alg) };
		}
		const jwk: unknown = JSON.parse(trimmed);
		if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))
			return { ok: false, code: 'ERR_KEY_FORMAT', message: 'a JWK is a JSON object' };
		const candidate = jwk as JWK;
		if (candidate.kty !== 'RSA' || typeof candidate.d !== 'string')
			return {
				ok: false,
				code: 'ERR_KEY_TYPE',
				message: `${alg} needs an RSA private key (kty "RSA" with "d"); a public key cannot decrypt`
			};
		const key = await importJWK({ ...candidate, alg, use: undefined, key_ops: undefined }, alg);
		return key instanceof Uint8Array
			? { ok: false, code: 'ERR_KEY_TYPE', message: 'a symmetric key cannot unwrap RSA-OAEP' }
			: { ok: true, key };
	} catch (e) {
		return {
			ok: false,
			code: 'ERR_KEY_FORMAT',
			message: `the key could not be read: ${e instanceof Error ? e.message : String(e)}`
		};
	}
}

/** The decoder's decrypt: a pasted private JWK or PEM. Never throws. */
export async function decryptWithPastedKey(token: string, keyText: string): Promise<DecryptResult> {
	const imported = await importDecryptionKey(keyText);
	if (!imported.ok) return imported;
	return decryptJwe(token.trim(), imported.key);
}

/** The decoder's decrypt with the simulator's own client keys, chosen by `kid`. Never throws. */
export async function decryptWithSimulatorKeys(token: string): Promise<DecryptResult> {
	const header = jweHeader(token.trim());
	const keys = await generatedDecryptionKeys();
	const key = keys.find((k) => k.kid === header?.kid) ?? (keys.length === 1 ? keys[0] : undefined);
	if (!key)
		return {
			ok: false,
			code: 'ERR_JWE_DECRYPT',
			header,
			message: 'none of the simulator’s client keys is the one this token was encrypted to'
		};
	return decryptJwe(token.trim(), key.privateKey);
}

// ---- the JWE layer of id_token validation (OIDC Core §3.1.3.7 step 1) ----

export interface JweExpectations {
	/** The client's private key; with it, an id_token that is not encrypted is refused. */
	decryptionKey?: CryptoKey;
	/** Registered `id_token_encrypted_response_alg` / `…enc`; default RSA-OAEP-256 / A256GCM. */
	alg?: string;
	enc?: string;
}

export interface JweLayer {
	checks: Check[];
	/** The token the JWS checks run on: the decrypted inner token, or the token as received. */
	inner: string;
	/** Why the JWS checks cannot run (decryption failed). */
	blocked?: string;
	header?: Record<string, unknown>;
}

const check = (
	id: string,
	label: string,
	spec: string,
	passed: boolean,
	detail: string
): Check => ({ id, label, spec, status: passed ? 'passed' : 'failed', passed, detail });

/**
 * Opens an encrypted id_token before its signature is checked: five parts, the registered
 * algorithms, decryption with the client's key, then a signed JWT inside (never bare claims).
 */
export async function openEncryptedIdToken(
	token: unknown,
	expected: JweExpectations
): Promise<JweLayer> {
	const text = typeof token === 'string' ? token : '';
	const fiveParts = text.split('.').length === 5;
	if (!fiveParts) {
		if (!expected.decryptionKey) return { checks: [], inner: text };
		// Encryption was registered, so a plain JWS is refused (OIDC Core §3.1.3.7 step 1).
		return {
			inner: text,
			checks: [
				check(
					'jwe',
					'Encrypted as registered (compact JWE, five parts)',
					SPEC.idTokenValidation,
					false,
					'this client registered for encrypted id_tokens, but this one is not encrypted'
				)
			]
		};
	}
	const checks: Check[] = [];
	const header = jweHeader(text);
	checks.push(
		check(
			'jwe',
			'Encrypted as registered (compact JWE, five parts)',
			SPEC.jweCompact,
			!!header,
			header
				? 'protected header . encrypted key . iv . ciphertext . tag'
				: 'five parts, but the protected header is not base64url JSON'
		)
	);
	if (!header) return { checks, inner: text, blocked: 'the jwe check failed' };
	const alg = expected.alg ?? JWE_ALG;
	const enc = expected.enc ?? JWE_ENC;
	const algsOk = header.alg === alg && header.enc === enc && header.zip === undefined;
	checks.push(
		check(
			'jwe_alg',
			'Key management and content encryption are the registered ones',
			SPEC.idTokenEncryption,
			algsOk,
			algsOk
				? `alg ${alg}, enc ${enc}`
				: `alg ${JSON.stringify(header.alg)}, enc ${JSON.stringify(header.enc)}${header.zip !== undefined ? ', zip' : ''}; this client registered ${alg} + ${enc} without compression`
		)
	);
	if (!algsOk) return { checks, inner: text, blocked: 'the jwe_alg check failed', header };
	if (!expected.decryptionKey) {
		checks.push(
			check(
				'decrypt',
				'Decrypts with the client’s private key',
				SPEC.jweDecryption,
				false,
				'no decryption key: only the client it was encrypted to can read this token'
			)
		);
		return { checks, inner: text, blocked: 'the decrypt check failed', header };
	}
	const opened = await decryptJwe(text, expected.decryptionKey, { algs: [alg], encs: [enc] });
	checks.push(
		check(
			'decrypt',
			'Decrypts with the client’s private key',
			SPEC.jweDecryption,
			opened.ok,
			opened.ok ? 'the key unwrapped, and the GCM tag verifies' : opened.message
		)
	);
	if (!opened.ok) return { checks, inner: text, blocked: 'the decrypt check failed', header };
	const inner = decodeJwt(opened.plaintext);
	const nested = inner.parts.length === 3 && !!inner.header;
	const ctyOk = header.cty === undefined || String(header.cty).toUpperCase() === 'JWT';
	checks.push(
		check(
			'nested',
			'Signed, then encrypted: a signed JWT inside',
			SPEC.idTokenEncryption,
			nested && ctyOk,
			nested && ctyOk
				? 'the plaintext is a compact JWS; its checks follow'
				: 'the plaintext is not a signed JWT: encrypted claims without a signature prove nothing about who wrote them'
		)
	);
	return nested && ctyOk
		? { checks, inner: opened.plaintext, header }
		: { checks, inner: text, blocked: 'the nested check failed', header };
}

/** A JWKS with only public keys for encryption, as a client would register (`jwks`). */
export function encryptionJwks(key: EncryptionKey): JSONWebKeySet {
	return { keys: [{ ...key.publicJwk }] };
}
