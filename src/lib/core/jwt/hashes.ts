import { base64url } from 'jose';

/** The hash used for at_hash / c_hash follows the JWS alg: SHA-256 for *256, SHA-512 for Ed25519. */
function hashFor(alg: string): 'SHA-256' | 'SHA-384' | 'SHA-512' | undefined {
	if (alg === 'EdDSA' || alg === 'Ed25519') return 'SHA-512';
	const bits = /^(?:RS|PS|ES|HS)(256|384|512)$/.exec(alg)?.[1];
	return bits ? (`SHA-${bits}` as 'SHA-256' | 'SHA-384' | 'SHA-512') : undefined;
}

/**
 * at_hash / c_hash: base64url of the left-most half of the hash of the ASCII value.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken (3.3.2.11)
 */
export async function halfHash(value: string, alg: string): Promise<string | undefined> {
	const hash = hashFor(alg);
	if (!hash) return undefined;
	const digest = new Uint8Array(await crypto.subtle.digest(hash, new TextEncoder().encode(value)));
	return base64url.encode(digest.slice(0, digest.length / 2));
}

/** PKCE S256: BASE64URL(SHA256(ASCII(code_verifier))) (RFC 7636 §4.2). */
export async function s256(verifier: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
	return base64url.encode(new Uint8Array(digest));
}
