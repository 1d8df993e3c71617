/** Signing algorithms an id_token can use here. HS256 is keyed with the client secret (OIDC Core §10.1). */
export const SIGNING_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'HS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];
export type AsymmetricAlgorithm = Exclude<SigningAlgorithm, 'HS256'>;

export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
	return typeof value === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}
