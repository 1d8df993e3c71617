/**
 * The JWT/JOSE machinery every party uses: decoding, keys and algorithms, JWE, the left-half
 * hashes, DPoP proofs, jti replay, the one signed-JWT check builder every validator extends, and
 * what each claim and header parameter means.
 */
export * from './algorithms';
export * from './checks';
export * from './claimChecks';
export * from './claimInfo';
export * from './decode';
export * from './dpop';
export * from './dpopNonce';
export * from './hashes';
export * from './jwe';
export * from './jwsChecks';
export * from './keyChecks';
export * from './keyInput';
export * from './keys';
export * from './replay';
export * from './signedJwt';
export * from './verifyPasted';
