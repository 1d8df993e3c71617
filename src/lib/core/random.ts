import { base64url } from 'jose';

/** An unguessable URL-safe value with `bytes` of entropy (codes, state, nonce, jti). */
export function randomToken(bytes = 32): string {
	return base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));
}
