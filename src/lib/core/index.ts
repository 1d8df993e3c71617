/** The protocol core's public surface. Framework-free: runs in Node and the browser. */
export {
	createIssuer,
	IssuerConfigError,
	type Issuer,
	type IssuerConfig,
	type IssuerFaults
} from './issuer/index';
export { LEGACY_ENDPOINTS } from './issuer/legacy';
export { validateIdToken, DEFAULT_ALGORITHMS, type IdTokenExpectations } from './validate';
export { validateAccessToken, type AccessTokenExpectations } from './access';
export type { Check, CheckStatus, ValidationReport } from './checks';
export { countChecks, describeCounts, isFailure } from './checks';
export {
	decodeJwt,
	MAX_TOKEN_LENGTH,
	type DecodedJwt,
	type DecodedJwe,
	type DecodeError,
	type DecodeErrorCode
} from './decode';
export { Clock } from './clock';
export {
	createApi,
	type ApiOptions,
	type ApiResult,
	type ApiRoute,
	type ResourceServer
} from './api';
export * from './client';
export * from './http';
export * from './data';
export {
	SIGNING_ALGORITHMS,
	isSigningAlgorithm,
	generatedPublicKeys,
	type SigningAlgorithm
} from './keys';
export {
	applyRules,
	ruleProblem,
	lifetimeProblem,
	MAX_LIFETIME,
	type Rule,
	type JwtConfiguration
} from './rules';
export { parseScope, claimsForScopes, SCOPE_CLAIMS, STANDARD_SCOPES } from './scope';
export { halfHash, s256 } from './hashes';
export { formatDuration, relativeTo, isoDate } from './time';
export { SPEC } from './spec';
export { claimInfo, CLAIM_INFO, HEADER_INFO, type ClaimInfo } from './claimInfo';
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
} from './jwe';
export {
	validateLogoutToken,
	receiveBackchannelLogout,
	checkFrontchannelLogout,
	readFrontchannelLogoutPage,
	BACKCHANNEL_LOGOUT_EVENT,
	LOGOUT_TOKEN_TYPE,
	type LogoutTokenExpectations,
	type BackchannelLogoutResult
} from './logoutToken';
export {
	deviceAuthorizationRequest,
	readDeviceAuthorization,
	deviceTokenRequest,
	readDevicePoll,
	type DeviceAuthorization,
	type DevicePoll
} from './deviceClient';
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
} from './clientAssertion';
export {
	REQUEST_OBJECT_TYPE,
	createRequestObject,
	validateRequestObject,
	requestObjectParams,
	type RequestObjectExpectations
} from './requestObject';
export { CLIENT_SIGNING_ALGORITHMS } from './clientJwt';
export {
	DPOP_ALGORITHMS,
	DPOP_MAX_AGE,
	createDpopProof,
	generateDpopKey,
	validateDpopProof,
	proofThumbprint,
	dpopChallenge,
	type DpopKey,
	type DpopProofInput,
	type DpopExpectations
} from './dpop';
export {
	authorizeResourceRequest,
	type ResourceAuthorization,
	type ResourceRequestOptions
} from './resourceRequest';
export { JtiCache } from './replay';
export {
	REQUEST_URI_PREFIX,
	PUSHED_REQUEST_LIFETIME,
	FRONT_CHANNEL_PARAMS,
	pushedRequestReport
} from './issuer/par';
export { boundThumbprint } from './access';
export {
	pushedAuthorizationRequest,
	pushedAuthorizationUrl,
	withClientAssertion,
	withDpopProof,
	type KeyedClient
} from './parClient';
