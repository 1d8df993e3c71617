/**
 * The client side of encrypted id_tokens (OIDC Core §10.2): a client that registered an
 * encryption key holds its private half and opens every id_token with it before the JWS checks.
 */
import { clientEncryptionKey, JWE_ENC, type Client, type ProviderMetadata } from '../../core/index';
import { ClientError, type ClientConfig } from './clientSession';

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

/** What the discovery request is for, when the client registered for encrypted id_tokens. */
export function discoveryNote(config: ClientConfig): { note?: string } {
	if (!config.encryption) return {};
	const { alg, enc } = config.encryption;
	return {
		note: `This client registered for encrypted id_tokens: it looks for ${alg} in id_token_encryption_alg_values_supported and ${enc} in id_token_encryption_enc_values_supported.`
	};
}

/**
 * An issuer that does not advertise the registered encryption would send tokens the client
 * cannot or should not accept (OIDC Discovery §3): the client stops before any login.
 */
export function requireEncryptionSupport(config: ClientConfig, metadata: ProviderMetadata): void {
	if (!config.encryption) return;
	const listed = (name: string) => {
		const value = (metadata as unknown as Record<string, unknown>)[name];
		return Array.isArray(value) ? value : [];
	};
	const { alg, enc } = config.encryption;
	if (
		!listed('id_token_encryption_alg_values_supported').includes(alg) ||
		!listed('id_token_encryption_enc_values_supported').includes(enc)
	)
		throw new ClientError(
			'id_token_encryption_unsupported',
			`the issuer does not advertise ${alg} / ${enc} for id_token encryption`
		);
}
