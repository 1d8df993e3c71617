/** The protocol core's public surface. Framework-free: runs in Node and the browser. */
export {
	createIssuer,
	IssuerConfigError,
	type Issuer,
	type IssuerConfig,
	type IssuerFaults,
	type IssuerValidation
} from './issuer/index';
export { LEGACY_ENDPOINTS } from './issuer/legacy';
export { validateIdToken, DEFAULT_ALGORITHMS, type IdTokenExpectations } from './client/index';
export { validateAccessToken, type AccessTokenExpectations } from './resource/index';
export type { Check, CheckStatus, ValidationReport } from './jwt/index';
export { countChecks, describeCounts, isFailure } from './jwt/index';
export {
	decodeJwt,
	MAX_TOKEN_LENGTH,
	type DecodedJwt,
	type DecodedJwe,
	type DecodeError,
	type DecodeErrorCode
} from './jwt/index';
export { Clock } from './clock';
export {
	createApi,
	type ApiOptions,
	type ApiResult,
	type ApiRoute,
	type ResourceServer
} from './resource/index';
export * from './client/index';
export * from './http';
export * from './data';
export {
	SIGNING_ALGORITHMS,
	isSigningAlgorithm,
	generatedPublicKeys,
	type SigningAlgorithm
} from './jwt/index';
export {
	applyRules,
	ruleProblem,
	lifetimeProblem,
	MAX_LIFETIME,
	type Rule,
	type JwtConfiguration
} from './issuer/rules';
export { parseScope, claimsForScopes, SCOPE_CLAIMS, STANDARD_SCOPES } from './scope';
export { halfHash, s256 } from './jwt/index';
export { formatDuration, relativeTo, isoDate } from './time';
export { SPEC } from './spec';
export { claimInfo, CLAIM_INFO, HEADER_INFO, type ClaimInfo } from './jwt/index';
export {
	JWE_ALG,
	JWE_ENC,
	clientEncryptionKey,
	generatedDecryptionKeys,
	encryptJwt,
	encryptIdTokenFor,
	decryptJwe,
	importDecryptionKey,
	decryptWithPastedKey,
	decryptWithSimulatorKeys,
	jweHeader,
	encryptionJwks,
	clientPublicEncryptionJwk,
	type EncryptionKey,
	type DecryptResult,
	type DecryptErrorCode
} from './jwt/index';
export {
	validateLogoutToken,
	receiveBackchannelLogout,
	checkFrontchannelLogout,
	readFrontchannelLogoutPage,
	BACKCHANNEL_LOGOUT_EVENT,
	LOGOUT_TOKEN_TYPE,
	type LogoutTokenExpectations,
	type BackchannelLogoutResult
} from './client/index';
export {
	deviceAuthorizationRequest,
	readDeviceAuthorization,
	deviceTokenRequest,
	readDevicePoll,
	type DeviceAuthorization,
	type DevicePoll
} from './client/index';
export {
	DEVICE_PATHS,
	DEVICE_CODE_LIFETIME,
	DEVICE_POLL_INTERVAL,
	normaliseUserCode
} from './issuer/device';
export { LOGOUT_TOKEN_LIFETIME } from './issuer/backchannel';
export {
	CLIENT_ASSERTION_TYPE,
	createClientAssertion,
	validateClientAssertion,
	type ClientAssertionExpectations
} from './client/index';
export {
	REQUEST_OBJECT_TYPE,
	createRequestObject,
	validateRequestObject,
	requestObjectParams,
	type RequestObjectExpectations
} from './client/index';
export { CLIENT_SIGNING_ALGORITHMS } from './client/index';
export {
	DPOP_ALGORITHMS,
	DPOP_MAX_AGE,
	createDpopProof,
	generateDpopKey,
	validateDpopProof,
	proofThumbprint,
	dpopChallenge,
	DpopNonces,
	DPOP_NONCE_LIFETIME,
	type DpopKey,
	type DpopProofInput,
	type DpopExpectations
} from './jwt/index';
export {
	authorizeResourceRequest,
	type ResourceAuthorization,
	type ResourceRequestOptions
} from './resource/index';
export { JtiCache } from './jwt/index';
export {
	REQUEST_URI_PREFIX,
	PUSHED_REQUEST_LIFETIME,
	FRONT_CHANNEL_PARAMS,
	pushedRequestReport
} from './issuer/par';
export { boundThumbprint } from './resource/index';
export {
	pushedAuthorizationRequest,
	pushedAuthorizationUrl,
	withClientAssertion,
	withDpopProof,
	type KeyedClient
} from './client/index';
