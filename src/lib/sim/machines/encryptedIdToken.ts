/**
 * The client side of encrypted id_tokens (OIDC Core §10.2): a client that registered an
 * encryption key holds its private half and opens every id_token with it before the JWS checks.
 */
import { clientEncryptionKey, JWE_ENC, type Client } from '../../core/index';
import type { ClientConfig } from './clientOperations';

/** The encryption a client registered, as its configuration carries it; nothing when none. */
export function encryptionOf(client: Client): Pick<ClientConfig, 'encryption'> {
	if (client.id_token_encrypted_response_alg === undefined) return {};
	return {
		encryption: {
			alg: client.id_token_encrypted_response_alg,
			enc: client.id_token_encrypted_response_enc ?? JWE_ENC
		}
	};
}

/**
 * What `validateReceivedIdToken` needs to decrypt: the client's private key (the same key pair
 * whose public half the issuer encrypts to) and the registered algorithms. Nothing for a client
 * without encryption, so its validation is exactly as before.
 */
export async function decryptionFor(
	config: ClientConfig
): Promise<{ decryptionKey?: CryptoKey; encryption?: { alg: string; enc: string } }> {
	if (!config.encryption) return {};
	const key = await clientEncryptionKey(config.credentials.clientId);
	return { decryptionKey: key.privateKey, encryption: config.encryption };
}
