/**
 * The resource server (the API, RFC 6750 / RFC 9068): reading a request's token and DPoP proof,
 * validating a JWT access token, and the API's answers.
 */
export * from './accessToken';
export * from './api';
export * from './request';
