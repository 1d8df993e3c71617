import { exportJWK, importSPKI, importX509, type JSONWebKeySet, type JWK } from 'jose';

export type KeySource = 'simulator' | 'jwk' | 'pem' | 'secret';

/**
 * Turns what a person pasted into the key set or secret the validator takes, or a message
 * saying exactly what is wrong with it.
 */
export async function readKeyInput(
	source: Exclude<KeySource, 'simulator'>,
	text: string,
	alg: string
): Promise<{ jwks: JSONWebKeySet; clientSecret?: string } | { problem: string }> {
	const input = text.trim();
	if (!input) return { problem: 'Paste a key first.' };
	if (source === 'secret') return { jwks: { keys: [] }, clientSecret: input };
	if (source === 'jwk') {
		let value: unknown;
		try {
			value = JSON.parse(input);
		} catch (e) {
			return {
				problem: `The key is not valid JSON: ${e instanceof Error ? e.message : String(e)}`
			};
		}
		if (typeof value !== 'object' || value === null)
			return { problem: 'A JWK or JWKS is a JSON object.' };
		const record = value as { keys?: unknown; kty?: unknown };
		if (Array.isArray(record.keys)) return { jwks: { keys: record.keys as JWK[] } };
		if (typeof record.kty === 'string') return { jwks: { keys: [value as JWK] } };
		return {
			problem: 'This JSON is neither a JWK (it has no "kty") nor a JWKS (it has no "keys" array).'
		};
	}
	try {
		const usable = alg && !alg.startsWith('HS') && alg !== 'none' ? alg : 'RS256';
		const key = input.includes('BEGIN CERTIFICATE')
			? await importX509(input, usable)
			: await importSPKI(input, usable);
		return { jwks: { keys: [{ ...(await exportJWK(key)), alg: usable }] } };
	} catch (e) {
		return {
			problem: `The PEM could not be read as a public key for ${alg || 'this token'}: ${e instanceof Error ? e.message : String(e)}. Paste a "BEGIN PUBLIC KEY" or "BEGIN CERTIFICATE" block.`
		};
	}
}
