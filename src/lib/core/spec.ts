/** Links to the sections of the specs each step and check follows. */
const CORE = 'https://openid.net/specs/openid-connect-core-1_0.html';
const BACKCHANNEL = 'https://openid.net/specs/openid-connect-backchannel-1_0.html';
const FRONTCHANNEL = 'https://openid.net/specs/openid-connect-frontchannel-1_0.html';
const RFC = (n: number, section?: string) =>
	`https://www.rfc-editor.org/rfc/rfc${n}${section ? `#section-${section}` : ''}`;

export const SPEC = {
	idTokenValidation: `${CORE}#IDTokenValidation`,
	implicitIdTokenValidation: `${CORE}#ImplicitIDTValidation`,
	atHash: `${CORE}#ImplicitTokenValidation`,
	cHash: `${CORE}#CodeValidation`,
	idToken: `${CORE}#IDToken`,
	authRequest: `${CORE}#AuthRequest`,
	authError: `${CORE}#AuthError`,
	/** §3.1.2.5 Successful Authentication Response (the code flow's ?code= callback). */
	authResponse: `${CORE}#AuthResponse`,
	hybridAuthResponse: `${CORE}#HybridAuthResponse`,
	tokenEndpoint: `${CORE}#TokenEndpoint`,
	userInfo: `${CORE}#UserInfo`,
	scopeClaims: `${CORE}#ScopeClaims`,
	standardClaims: `${CORE}#StandardClaims`,
	refresh: `${CORE}#RefreshTokens`,
	promptNone: `${CORE}#AuthRequest`,
	symmetricKeys: `${CORE}#Signing`,
	discovery: 'https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata',
	formPost:
		'https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html#FormPostResponseMode',
	responseModes: 'https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#ResponseModes',
	rpLogout: 'https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout',
	/** RP-Initiated Logout §3: post-logout redirection only to the post_logout_redirect_uri sent (state is §2). */
	rpLogoutRedirect:
		'https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RedirectionAfterLogout',
	/**
	 * The web_message response mode: an individual draft (after the expired draft-sakimura-oauth-wmrm)
	 * that providers such as Auth0 already use; §1 says what it is for.
	 */
	webMessage:
		'https://datatracker.ietf.org/doc/html/draft-meyerzuselha-oauth-web-message-response-mode-01#section-1',
	oauthErrors: RFC(6749, '5.2'),
	authCodeGrant: RFC(6749, '4.1'),
	refreshGrant: RFC(6749, '6'),
	clientAuth: RFC(6749, '2.3.1'),
	redirectUri: RFC(9700, '4.1'),
	pkce: RFC(7636, '4.6'),
	pkceDowngrade: RFC(9700, '2.1.1'),
	bearer: RFC(6750, '3'),
	tokenExchange: RFC(8693, '2'),
	jwtAccessToken: RFC(9068, '4'),
	issInAuthResponse: RFC(9207, '2'),
	refreshRotation: RFC(9700, '4.14.2'),
	exp: RFC(7519, '4.1.4'),
	nbf: RFC(7519, '4.1.5'),
	iat: RFC(7519, '4.1.6'),
	jws: RFC(7515, '5.2'),
	crit: RFC(7515, '4.1.11'),
	kid: RFC(7515, '4.1.4'),
	algVerification: RFC(8725, '3.1'),
	keyConfusion: RFC(8725, '2.1'),
	explicitTyping: RFC(8725, '3.11'),
	receivedClaims: RFC(8725, '3.10'),
	deprecation: RFC(9745, '2'),
	idTokenEncryption: `${CORE}#Encryption`,
	jweCompact: RFC(7516, '7.1'),
	jweDecryption: RFC(7516, '5.2'),
	/** The JWE "zip" header: compression of the plaintext before encryption. */
	jweZip: RFC(7516, '4.1.3'),
	/** RFC 8725 §3.6: do not compress before encrypting. */
	noCompression: RFC(8725, '3.6'),
	nestedJwt: RFC(7519, '5.2'),
	/** RFC 7519 §11.2: sign first, then encrypt (the order of a nested JWT). */
	jwtSignThenEncrypt: RFC(7519, '11.2'),
	backchannelSupport: `${BACKCHANNEL}#BCSupport`,
	logoutToken: `${BACKCHANNEL}#LogoutToken`,
	backchannelRequest: `${BACKCHANNEL}#BCRequest`,
	logoutTokenValidation: `${BACKCHANNEL}#Validation`,
	backchannelResponse: `${BACKCHANNEL}#BCResponse`,
	frontchannelRp: `${FRONTCHANNEL}#RPLogout`,
	frontchannelOp: `${FRONTCHANNEL}#OPLogout`,
	/** Back-Channel Logout §2.7: what the RP does with a valid logout token. */
	backchannelActions: `${BACKCHANNEL}#BCActions`,
	/** Back-Channel Logout §4.1: cross-JWT confusion, and why requiring logout+jwt breaks deployments. */
	logoutTokenCrossJwt: `${BACKCHANNEL}#CrossJWT`,
	// FAPI 2.0 Security Profile (final): §5.3.2.1 authorization server general requirements,
	// §5.3.2.2 authorization endpoint flows; FAPI 2.0 Message Signing: signed authorization requests (JAR).
	fapiServer: 'https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1',
	fapiAuthorization:
		'https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.2',
	fapiSignedRequest:
		'https://openid.net/specs/fapi-message-signing-2_0-final.html#name-signing-authorization-requests',
	deviceAuthorization: RFC(8628, '3.1'),
	deviceAuthorizationResponse: RFC(8628, '3.2'),
	deviceUserInteraction: RFC(8628, '3.3'),
	deviceTokenRequest: RFC(8628, '3.4'),
	deviceTokenErrors: RFC(8628, '3.5'),
	userCode: RFC(8628, '6.1'),
	clientAuthentication: `${CORE}#ClientAuthentication`,
	jwtClientAuth: RFC(7523, '3'),
	par: RFC(9126, '2.1'),
	parResponse: RFC(9126, '2.2'),
	parAuthorize: RFC(9126, '4'),
	parRequired: RFC(9126, '6'),
	requestObject: RFC(9101, '4'),
	requestObjectValidation: RFC(9101, '6.2'),
	requestObjectParams: RFC(9101, '6.3'),
	requestObjectTyp: RFC(9101, '10.8'),
	requestObjectErrors: RFC(9101, '7'),
	dpopProof: RFC(9449, '4.2'),
	dpopCheck: RFC(9449, '4.3'),
	dpopTokenRequest: RFC(9449, '5'),
	dpopRefresh: RFC(9449, '5'),
	dpopResource: RFC(9449, '7.1'),
	dpopBearer: RFC(9449, '7.2'),
	dpopReplay: RFC(9449, '11.1'),
	dpopMetadata: RFC(9449, '5.1'),
	// Sections the teaching text cites (src/lib/teach, the flows' specs); each one checked against
	// the section it names (OIDC Core errata set 2 anchors; RFC sections as numbered in the RFC).
	codeFlow: `${CORE}#CodeFlowAuth`,
	authenticates: `${CORE}#Authenticates`,
	tokenResponse: `${CORE}#TokenResponse`,
	implicitFlow: `${CORE}#ImplicitFlowAuth`,
	implicitAuthRequest: `${CORE}#ImplicitAuthRequest`,
	implicitAuthResponse: `${CORE}#ImplicitAuthResponse`,
	implicitIdToken: `${CORE}#ImplicitIDToken`,
	hybridFlow: `${CORE}#HybridFlowAuth`,
	hybridIdToken: `${CORE}#HybridIDToken`,
	additionalClaims: `${CORE}#AdditionalClaims`,
	userInfoResponse: `${CORE}#UserInfoResponse`,
	claimsParameter: `${CORE}#ClaimsParameter`,
	signing: `${CORE}#Signing`,
	rotateSigKeys: `${CORE}#RotateSigKeys`,
	offlineAccess: `${CORE}#OfflineAccess`,
	refreshResponse: `${CORE}#RefreshTokenResponse`,
	tokenLifetime: `${CORE}#TokenLifetime`,
	/** OIDC Core §15.5.2: the nonce carries per-session state, unguessable (e.g. a hash of a cookie value). */
	nonceNotes: `${CORE}#NonceNotes`,
	implicitFlowThreats: `${CORE}#ImplicitFlowThreats`,
	responseTypeIdToken:
		'https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#id_token',
	responseTypeCombinations:
		'https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#Combinations',
	clientMetadata: 'https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata',
	frontchannelThirdParty: `${FRONTCHANNEL}#ThirdPartyContent`,
	fragment: RFC(3986, '3.5'),
	invalidRedirectUri: RFC(6749, '3.1.2.4'),
	scopeParameter: RFC(6749, '3.3'),
	/** RFC 6749 §5.1: the token response; its scope is REQUIRED when it differs from the request. */
	tokenResponseOAuth: RFC(6749, '5.1'),
	authorizationResponse: RFC(6749, '4.1.2'),
	implicitGrant: RFC(6749, '4.2'),
	implicitGrantResponse: RFC(6749, '4.2.2'),
	oauthCsrf: RFC(6749, '10.12'),
	bearerHeader: RFC(6750, '2.1'),
	revocation: RFC(7009, '2'),
	revocationNote: RFC(7009, '3'),
	introspection: RFC(7662, '2'),
	jwsSigning: RFC(7515, '5.1'),
	jwsCompact: RFC(7515, '7.1'),
	jwsAlg: RFC(7515, '4.1.1'),
	jku: RFC(7515, '4.1.2'),
	jwk: RFC(7515, '4.1.3'),
	x5u: RFC(7515, '4.1.5'),
	x5c: RFC(7515, '4.1.6'),
	cty: RFC(7515, '4.1.10'),
	jwkSet: RFC(7517, '5'),
	jwtFormat: RFC(7519, '3'),
	iss: RFC(7519, '4.1.1'),
	sub: RFC(7519, '4.1.2'),
	aud: RFC(7519, '4.1.3'),
	jti: RFC(7519, '4.1.7'),
	publicClaimNames: RFC(7519, '4.2'),
	pkceProtocol: RFC(7636, '4'),
	deviceGrant: RFC(8628, '3'),
	devicePhishing: RFC(8628, '5.4'),
	substitution: RFC(8725, '2.7'),
	/** RFC 8725 §3 and RFC 9700 §2: each document's list of best practices, for a whole-document mention. */
	jwtBestPractices: RFC(8725, '3'),
	oauthBestPractices: RFC(9700, '2'),
	validateIssuer: RFC(8725, '3.8'),
	useAudience: RFC(8725, '3.9'),
	jwtAccessTokenHeader: RFC(9068, '2.1'),
	authorizationRequestObject: RFC(9101, '5'),
	// The request parameters as first-class rows (src/lib/teach/params.ts).
	oauthAuthRequest: RFC(6749, '4.1.1'),
	oauthTokenRequest: RFC(6749, '4.1.3'),
	pkceChallenge: RFC(7636, '4.3'),
	pkceVerifierSent: RFC(7636, '4.5'),
	parProtocol: RFC(9126, '2'),
	dpopOverview: RFC(9449, '4'),
	dpopBinding: RFC(9449, '6'),
	dpopJkt: RFC(9449, '6.1'),
	dpopCodeBinding: RFC(9449, '10'),
	dpopUntrustedCode: RFC(9449, '11.4'),
	/** RFC 9449 §11.2: proofs made ahead of time, which server nonces stop. */
	dpopPreGeneration: RFC(9449, '11.2'),
	bcpRedirectFlows: RFC(9700, '2.1'),
	implicitDeprecated: RFC(9700, '2.1.2'),
	bcpRefreshTokens: RFC(9700, '2.2.2'),
	tokenInHistory: RFC(9700, '4.3.2'),
	/** RFC 9700 §4.5: a stolen code injected into the attacker's own session at the client. */
	codeInjection: RFC(9700, '4.5'),
	/** RFC 9700 §4.7: CSRF, a forged request to the client's redirect URI in the victim's browser. */
	csrf: RFC(9700, '4.7'),
	csrfCountermeasures: RFC(9700, '4.7.1'),
	refreshTokenProtection: RFC(9700, '4.14'),
	refererLeak: RFC(9700, '4.2'),
	codeInHistory: RFC(9700, '4.3.1'),
	injectionPkce: RFC(9700, '4.5.3.1'),
	injectionNonce: RFC(9700, '4.5.3.2'),
	privateClaimNames: RFC(7519, '4.3'),
	jwtAccessTokenClaims: RFC(9068, '2.2'),
	jwtAccessTokenAuthClaims: RFC(9068, '2.2.1'),
	jwtAccessTokenScope: RFC(9068, '2.2.3'),
	dpopServerNonce: RFC(9449, '8'),
	/** RFC 9449 §9: a resource server's DPoP nonce (401 use_dpop_nonce, DPoP-Nonce). */
	dpopResourceNonce: RFC(9449, '9'),
	/** RFC 9449 §10.1: DPoP with PAR (dpop_jkt in the body, or a DPoP header at the PAR endpoint). */
	dpopPar: RFC(9449, '10.1'),
	/** RFC 9126 §7.3: a request_uri replayed by an attacker who saw it. */
	parRequestUriReplay: RFC(9126, '7.3'),
	parRequestParameter: RFC(9126, '3'),
	requestObjectSigned: RFC(9101, '6.2'),
	issValidation: RFC(9207, '2.4'),
	/** RFC 9700 §4.4.1: the mix-up attack, step by step; §4.4.2: its countermeasures. */
	mixUpAttack: RFC(9700, '4.4.1'),
	mixUpCountermeasures: RFC(9700, '4.4.2'),
	// The /learn path (src/lib/teach/learn.ts): the parties, the account key, key rotation, mix-up.
	terminology: `${CORE}#Terminology`,
	claimStability: `${CORE}#ClaimStability`,
	oauthRoles: RFC(6749, '1.1'),
	accessTokenRole: RFC(6749, '1.4'),
	mixUp: RFC(9700, '4.4'),
	httpCacheControl: RFC(9111, '5.2'),
	// OAuth 2.0 for Browser-Based Applications (RFC 10017, BCP 212, August 2026).
	bff: RFC(10017, '6.1'),
	browserRefreshTokens: RFC(10017, '6.3.2.3'),
	browserImplicit: RFC(10017, '7.2'),
	tokenClaimsMinimal: RFC(10017, '9.1'),
	browserTokenStorage: RFC(10017, '8'),
	/** OIDC Discovery §4: the configuration is read from {issuer}/.well-known/openid-configuration. */
	discoveryRequest: 'https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig',
	/** OIDC Discovery §4.3: the issuer in the document MUST be identical to the one it was read for. */
	discoveryValidation:
		'https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationValidation',
	/** RFC 10017 §6.3.3.4: the token endpoint must send CORS headers for a browser-based client. */
	browserCors: RFC(10017, '6.3.3.4'),
	/** RFC 10017 §6.3.3.1: a browser-based client is public: it holds no secret. */
	browserClientAuth: RFC(10017, '6.3.3.1'),
	// The Auth0 documentation of what the seed guide describes and what replaced it: vendor pages,
	// each about one thing, cited where the site says the guide is outdated.
	auth0Tokeninfo: 'https://auth0.com/docs/api/authentication/user-profile-legacy/get-token-info',
	auth0Delegation:
		'https://auth0.com/docs/authenticate/login/oidc-conformant-authentication/oidc-adoption-delegation',
	auth0ImplicitLegacy:
		'https://auth0.com/docs/authenticate/login/oidc-conformant-authentication/oidc-adoption-implicit-flow',
	auth0LegacyFlows:
		'https://auth0.com/docs/troubleshoot/product-lifecycle/past-migrations/migrate-from-legacy-auth-flows',
	registeredClaims: RFC(7519, '4.1'),
	auth0Rules: 'https://auth0.com/docs/customize/rules',
	auth0RulesToActions:
		'https://auth0.com/docs/customize/actions/migrate/migrate-from-rules-to-actions',
	auth0IdTokenLifetime: 'https://auth0.com/docs/secure/tokens/id-tokens/update-id-token-lifetime',
	auth0Legacy: 'https://auth0.com/docs/authenticate/login/oidc-conformant-authentication'
} as const;
