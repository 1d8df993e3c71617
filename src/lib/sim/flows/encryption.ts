/**
 * An encrypted id_token (OIDC Core §10.2): signed, then encrypted to the client's key; and the
 * attack that encryption alone does not stop.
 */
import { VAULT_CLIENT } from '../../core/data';
import { SPEC } from '../../core/spec';
import type { FlowDefinition, FlowFamily } from './definition';
import { AT, attack, ATTACK_SPECS, HONOURS } from './kit';

const ENCRYPTION_SPECS = {
	core: { label: 'OIDC Core §10.2 (encryption)', url: SPEC.idTokenEncryption },
	jwe: { label: 'RFC 7516 (JWE)', url: SPEC.jweCompact },
	nested: { label: 'RFC 7519 §5.2 (nested JWT)', url: SPEC.nestedJwt },
	registration: {
		label: 'OIDC Registration §2 (id_token_encrypted_response_alg)',
		url: 'https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata'
	}
};
const VAULT_SETUP: FlowDefinition['client'] = {
	type: 'webapp',
	responseType: 'code',
	registered: VAULT_CLIENT
};

export const JWE_FORGERY: FlowDefinition = {
	...attack({
		id: 'attack-jwe-forged-signature',
		title: 'Attack: an encrypted token signed by someone else',
		summary:
			'The client’s encryption key is public: anyone can encrypt a token to it. The attacker writes an id_token about itself, signs it with its own key under the issuer’s kid, encrypts it to the Vault client and swaps it into the token response. The client decrypts it without trouble, which proves nothing about who wrote it. The signature inside does not verify with the issuer’s key, so the client refuses it. The forgery has a second flaw the client also catches: it carries no nonce, because the only copy of the one the client sent is inside the genuine id_token, encrypted to the client where the attacker cannot read it (OIDC Core §3.1.3.7 checks both). A forger who had seen the nonce on the front channel could copy it; the signature would still give the token away.',
		specs: [ENCRYPTION_SPECS.core, ENCRYPTION_SPECS.nested, ATTACK_SPECS.validation],
		interventions: [{ kind: 'forge', ...AT.tokenResponse, recipe: 'jwe-forged-signature' }],
		defence: { check: 'signature', where: 'client' }
	}),
	client: VAULT_SETUP
};

export const ENCRYPTION_FLOWS: FlowFamily = [
	{
		id: 'encrypted-id-token',
		title: 'Encrypted id_token (signed, then encrypted)',
		summary:
			'The Vault web app registered a public encryption key with the issuer (id_token_encrypted_response_alg RSA-OAEP-256, enc A256GCM), and the discovery document says the issuer supports both. The issuer signs the id_token as usual, then encrypts it to that key: a nested JWT in a five-part JWE. Browser extensions, proxies and logs that see the token response see only ciphertext, so the claims stay private. The client decrypts with its private key, finds a signed JWT inside, and validates that as any id_token.',
		status: 'recommended',
		specs: [
			ENCRYPTION_SPECS.core,
			ENCRYPTION_SPECS.jwe,
			ENCRYPTION_SPECS.nested,
			ENCRYPTION_SPECS.registration
		],
		honours: HONOURS,
		client: VAULT_SETUP,
		run: (w) => w.command({ type: 'LOGIN' })
	},
	JWE_FORGERY
];
