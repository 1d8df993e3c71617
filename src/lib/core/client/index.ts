/**
 * The relying party (OIDC Core §3, RFC 6749 §4.1): the requests a client makes (discovery, JWKS,
 * authorization, token, refresh, userinfo, PAR, the device grant), reading the callback, and the
 * checks a client runs on what it receives (the id_token, logout tokens). Also the JWTs a client
 * signs itself: client assertions and request objects.
 */
export * from './clientAssertion';
export * from './clientJwt';
export * from './device';
export * from './idToken';
export * from './logoutToken';
export * from './par';
export * from './relyingParty';
export * from './requestObject';
