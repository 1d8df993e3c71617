import { exportJWK, importSPKI, importX509, type JSONWebKeySet, type JWK } from 'jose';

export type KeySource = 'simulator' | 'jwk' | 'pem' | 'secret';

/** Longest pasted key, secret or key set read (characters); a certificate chain is a few KB. */
export const MAX_KEY_INPUT = 64 * 1024;
/** Most keys a pasted JWKS may hold. */
export const MAX_KEYS = 50;

export type KeyProblemCode =
	| 'KEY_EMPTY'
	| 'KEY_TOO_LARGE'
	| 'KEY_JSON'
	| 'KEY_NOT_OBJECT'
	| 'KEY_NOT_JWK'
	| 'KEY_TOO_MANY'
	| 'KEY_BAD_ENTRY'
	| 'KEY_PEM';

export type KeyInputResult =
	{ jwks: JSONWebKeySet; clientSecret?: string } | { code: KeyProblemCode; problem: string };

const isJwk = (v: unknown): v is JWK =>
	typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as JWK).kty === 'string';

/**
 * Turns what a person pasted into the key set or secret the validator takes, or a message
 * saying exactly what is wrong with it. Never throws.
 * `kid` is the token's key ID: a PEM carries none, and the person says this is the key.
 */
export async function readKeyInput(
	source: Exclude<KeySource, 'simulator'>,
	text: string,
	alg: string,
	kid?: string
): Promise<KeyInputResult> {
	if (text.length > MAX_KEY_INPUT)
		return {
			code: 'KEY_TOO_LARGE',
			problem: `The key is ${text.length} characters; keys, secrets and key sets are read up to ${MAX_KEY_INPUT}.`
		};
	const input = text.trim();
	if (!input) return { code: 'KEY_EMPTY', problem: 'Paste a key first.' };
	if (source === 'secret') return { jwks: { keys: [] }, clientSecret: input };
	if (source === 'jwk') return readJwk(input);
	try {
		const usable = alg && !alg.startsWith('HS') && alg !== 'none' ? alg : 'RS256';
		const key = input.includes('BEGIN CERTIFICATE')
			? await importX509(input, usable)
			: await importSPKI(input, usable);
		const jwk: JWK = { ...(await exportJWK(key)), alg: usable };
		return { jwks: { keys: [kid ? { ...jwk, kid } : jwk] } };
	} catch (e) {
		return {
			code: 'KEY_PEM',
			problem: `The PEM could not be read as a public key for ${alg || 'this token'}: ${e instanceof Error ? e.message : String(e)}. Paste a "BEGIN PUBLIC KEY" or "BEGIN CERTIFICATE" block.`
		};
	}
}

function readJwk(input: string): KeyInputResult {
	let value: unknown;
	try {
		value = JSON.parse(input);
	} catch (e) {
		return {
			code: 'KEY_JSON',
			problem: `The key is not valid JSON: ${e instanceof Error ? e.message : String(e)}`
		};
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		return { code: 'KEY_NOT_OBJECT', problem: 'A JWK or JWKS is a JSON object.' };
	const keys = Object.hasOwn(value, 'keys') ? (value as { keys: unknown }).keys : undefined;
	if (Array.isArray(keys)) {
		if (keys.length > MAX_KEYS)
			return {
				code: 'KEY_TOO_MANY',
				problem: `The key set has ${keys.length} keys; at most ${MAX_KEYS} are read.`
			};
		const bad = keys.findIndex((k) => !isJwk(k));
		if (bad >= 0)
			return {
				code: 'KEY_BAD_ENTRY',
				problem: `Key ${bad + 1} in "keys" is not a JWK: every entry is an object with a "kty".`
			};
		return { jwks: { keys } };
	}
	if (isJwk(value)) return { jwks: { keys: [value] } };
	return {
		code: 'KEY_NOT_JWK',
		problem: 'This JSON is neither a JWK (it has no "kty") nor a JWKS (it has no "keys" array).'
	};
}
