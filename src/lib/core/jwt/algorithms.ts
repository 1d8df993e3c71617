/** Signing algorithms an id_token can use here. HS256 is keyed with the client secret (OIDC Core §10.1). */
export const SIGNING_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'HS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];
export type AsymmetricAlgorithm = Exclude<SigningAlgorithm, 'HS256'>;

export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
	return typeof value === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

/**
 * The issuer's own key algorithms for an id_token algorithm: an HS256 id_token is keyed with the
 * client secret, while access tokens are still signed with the issuer's RS256 key.
 */
export function issuerKeyAlgorithms(idTokenAlgorithm: SigningAlgorithm): {
	accessToken: AsymmetricAlgorithm;
	all: AsymmetricAlgorithm[];
} {
	if (idTokenAlgorithm === 'HS256') return { accessToken: 'RS256', all: ['RS256'] };
	return { accessToken: idTokenAlgorithm, all: [idTokenAlgorithm] };
}

/** What a client accepts from an issuer unless told otherwise: the asymmetric algorithms. */
export const DEFAULT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** Asymmetric algorithms a client may sign request objects, assertions and DPoP proofs with. */
export const CLIENT_SIGNING_ALGORITHMS = ['ES256', 'PS256', 'RS256', 'EdDSA'] as const;
