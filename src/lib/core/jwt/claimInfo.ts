import { lookupTable, ownValue } from '../lookup';
import { SPEC } from '../spec';
import { mediaType } from './jwsChecks';

/** Plain-language meaning of a JWT header parameter or claim, with the section that says so. */
export interface ClaimInfo {
	label: string;
	explain: string;
	spec: string;
	/** NumericDate claims are shown as dates and relative times. */
	time?: boolean;
}

/**
 * The kinds of JWT the simulator makes and reads. A claim can mean something else in each: the
 * `jwk` header is a key to refuse in an id_token but the very key that verifies a DPoP proof, and
 * a proof's `iat` is set by the client, not by an issuer.
 */
export const TOKEN_KINDS = [
	'id_token',
	'access_token',
	'logout_token',
	'dpop_proof',
	'client_assertion',
	'request_object',
	'jwt'
] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

const RFC = (n: number) => (s: string) => `https://www.rfc-editor.org/rfc/rfc${n}#section-${s}`;
const RFC7515 = RFC(7515);
const RFC7519 = RFC(7519);
const RFC8725 = RFC(8725);
const RFC9068 = RFC(9068);
const RFC9449 = RFC(9449);
const RFC9700 = RFC(9700);

const info = (label: string, explain: string, spec: string, date?: { time: true }): ClaimInfo => ({
	label,
	explain,
	spec,
	...date
});
const TIME = { time: true } as const;

/** A claim about the user, released with `scope` (Core §5.1, §5.4): `what` it says. */
const userClaim = (scope: string, label: string, what: string, date?: { time: true }): ClaimInfo =>
	info(label, `${what} (scope ${scope}).`, SPEC.standardClaims, date);

/** What a header parameter means in any JWT; a kind of token may say more (HEADERS_BY_KIND). */
export const HEADER_INFO = lookupTable<ClaimInfo>({
	alg: info(
		'Algorithm',
		'How the token is signed. The receiver decides which algorithms it accepts for this kind of token and uses no other, whatever the header says (RFC 8725 §3.1).',
		SPEC.algVerification
	),
	kid: info(
		'Key ID',
		'A hint to which key signed the token: the receiver looks it up among the keys it already trusts for the signer, such as the issuer’s JWKS.',
		SPEC.kid
	),
	typ: info(
		'Type',
		'The media type of the whole token. Newer kinds of JWT declare themselves here so that one cannot pass for another (explicit typing, RFC 8725 §3.11): at+jwt for an access token, logout+jwt, dpop+jwt, oauth-authz-req+jwt for a request object.',
		SPEC.explicitTyping
	),
	cty: info(
		'Content type',
		'The media type of the payload: "JWT" when the payload is itself a JWT, as in a token signed and then encrypted (RFC 7519 §5.2).',
		RFC7515('4.1.10')
	),
	crit: info(
		'Critical',
		'Extensions the receiver must understand and process; if it does not understand one, the token is invalid.',
		SPEC.crit
	),
	jku: info(
		'JWK Set URL',
		'A URL the token says its keys are at. Following it blindly invites server-side request forgery (RFC 8725 §3.10), and a key from it need not belong to the issuer (§3.8). The validators here refuse a token that offers one.',
		SPEC.receivedClaims
	),
	jwk: info(
		'Embedded key',
		'A public key inside the token itself. Anyone can sign with a key of their own and put it here, so it says nothing about who issued the token: the keys must be known to belong to the issuer (RFC 8725 §3.8). The validators here refuse a token that offers one, except a DPoP proof.',
		RFC8725('3.8')
	),
	x5u: info(
		'X.509 URL',
		'A URL the token says its certificate is at. Following it blindly invites server-side request forgery (RFC 8725 §3.10); the validators here refuse a token that offers one.',
		SPEC.receivedClaims
	),
	x5c: info(
		'X.509 chain',
		'Certificates inside the token; a recipient that uses them must validate the chain (RFC 7515 §4.1.6). The validators here take no key from it and refuse a token that offers one.',
		RFC7515('4.1.6')
	)
});

/** What a claim means in any JWT; a kind of token may say more (CLAIMS_BY_KIND). */
export const CLAIM_INFO = lookupTable<ClaimInfo>({
	iss: info(
		'Issuer',
		'Who issued the token. The receiver compares it exactly with the issuer it expects, and accepts only keys that belong to that issuer (RFC 8725 §3.8).',
		RFC7519('4.1.1')
	),
	sub: info(
		'Subject',
		'Whom the token is about: unique at its issuer, or unique everywhere.',
		RFC7519('4.1.2')
	),
	aud: info(
		'Audience',
		'Who the token is for. A receiver that does not find itself here must reject the token.',
		RFC7519('4.1.3')
	),
	exp: info(
		'Expires',
		'On or after this time the token must not be accepted; a receiver may allow a small leeway, usually no more than a few minutes, for clock skew.',
		SPEC.exp,
		TIME
	),
	nbf: info(
		'Not before',
		'Before this time the token must not be accepted, with the same small leeway for clock skew.',
		SPEC.nbf,
		TIME
	),
	iat: info('Issued at', 'When the token was issued, which gives its age.', SPEC.iat, TIME),
	jti: info(
		'JWT ID',
		'A unique identifier for this token, which lets a receiver refuse it when it comes a second time.',
		RFC7519('4.1.7')
	),
	auth_time: info(
		'Authentication time',
		'When the user actually authenticated, not when this token was made. An id_token must carry it when the client sent max_age (which the client then checks it against) or asked for auth_time as an essential claim.',
		SPEC.idToken,
		TIME
	),
	nonce: info(
		'Nonce',
		'The value the client sent in its authentication request, passed back unchanged in the id_token so the client can tell a replayed token.',
		SPEC.idToken
	),
	azp: info(
		'Authorized party',
		'The party the id_token was issued to. It only occurs with extensions beyond OpenID Connect Core, and a client that uses none is encouraged to ignore it. Since errata set 2 (2023), several audiences no longer call for an azp.',
		SPEC.idToken
	),
	at_hash: info(
		'Access token hash',
		'The left half of the hash of the access token issued with this id_token, base64url-encoded: it binds the two.',
		SPEC.atHash
	),
	c_hash: info(
		'Code hash',
		'The left half of the hash of the authorization code issued with this id_token, base64url-encoded: it binds the two.',
		SPEC.cHash
	),
	acr: info(
		'Authentication context',
		'Which authentication context class the login satisfied: how strong it was. The parties must agree on what each value means.',
		SPEC.idToken
	),
	amr: info(
		'Authentication methods',
		'How the user authenticated (password, OTP, …), as identifiers that should come from the IANA registry of RFC 8176.',
		SPEC.idToken
	),
	sid: info(
		'Session ID',
		'The user’s login session at the issuer; a logout names it to say which session ended.',
		SPEC.frontchannelOp
	),
	scope: info(
		'Scope',
		'What the access token allows, space-separated; every scope in it must mean something to the API in aud.',
		RFC9068('2.2.3')
	),
	client_id: info('Client', 'The client that requested the token.', RFC9068('2.2')),
	cnf: info(
		'Confirmation',
		'The key the token is bound to. With DPoP, jkt is the SHA-256 thumbprint of the client’s DPoP public key: the token is taken only with a proof signed by that key.',
		RFC9449('6.1')
	),
	htm: info(
		'HTTP method',
		'The method of the one request this DPoP proof was made for.',
		SPEC.dpopProof
	),
	htu: info(
		'HTTP URL',
		'The URL, without query or fragment, of the one request this DPoP proof was made for.',
		SPEC.dpopProof
	),
	ath: info(
		'Access token hash',
		'The SHA-256 of the access token sent with this DPoP proof, base64url-encoded, so the proof cannot travel with another token.',
		SPEC.dpopProof
	),
	events: info(
		'Events',
		'Declares the JWT a logout token: an object with the member http://schemas.openid.net/event/backchannel-logout. A client refuses a logout token without it (§2.6), so an id_token cannot pass for one.',
		SPEC.logoutToken
	),
	name: userClaim('profile', 'Name', 'Full name'),
	given_name: userClaim('profile', 'Given name', 'First name'),
	family_name: userClaim('profile', 'Family name', 'Surname'),
	middle_name: userClaim('profile', 'Middle name', 'Middle name'),
	nickname: userClaim('profile', 'Nickname', 'Casual name'),
	preferred_username: userClaim(
		'profile',
		'Preferred username',
		'Shorthand name; not unique, never use it as an identifier'
	),
	profile: userClaim('profile', 'Profile page', 'URL of the user’s profile page'),
	picture: userClaim('profile', 'Picture', 'URL of the user’s picture'),
	website: userClaim('profile', 'Website', 'The user’s web site'),
	gender: userClaim('profile', 'Gender', 'Gender'),
	birthdate: userClaim('profile', 'Birthdate', 'Birthday, YYYY-MM-DD'),
	zoneinfo: userClaim('profile', 'Time zone', 'IANA time zone'),
	locale: userClaim('profile', 'Locale', 'Language and region'),
	updated_at: userClaim('profile', 'Updated at', 'When the profile last changed', TIME),
	email: userClaim(
		'email',
		'Email',
		'Email address; the client must not rely on it being unique, and email_verified says whether the issuer checked it'
	),
	email_verified: userClaim('email', 'Email verified', 'Whether the issuer verified the address'),
	address: userClaim('address', 'Address', 'Postal address, as a JSON object'),
	phone_number: userClaim('phone', 'Phone', 'Phone number'),
	phone_number_verified: userClaim(
		'phone',
		'Phone verified',
		'Whether the issuer verified the number'
	)
});

const BACKCHANNEL = SPEC.logoutToken;

/** Header parameters whose meaning depends on the kind of token. */
const HEADERS_BY_KIND: Record<TokenKind, Readonly<Record<string, ClaimInfo>>> = {
	id_token: lookupTable({
		alg: info(
			'Algorithm',
			'How the id_token is signed: RS256 by default, or the algorithm the client registered (OIDC Core §3.1.3.7 step 7). "none" is allowed only when the response type returns no id_token from the authorization endpoint and the client registered for it (§2); this client never accepts it.',
			SPEC.idTokenValidation
		),
		kid: info(
			'Key ID',
			'Which of the issuer’s published keys signed the id_token: the client looks it up in the JWKS at the issuer’s jwks_uri.',
			SPEC.kid
		),
		typ: info(
			'Type',
			'OpenID Connect defines no typ for id_tokens: they carry "JWT" or none, so typ alone cannot tell an id_token from another JWT (RFC 8725 §3.11). Kinds made since are typed explicitly, such as at+jwt.',
			SPEC.explicitTyping
		),
		jwk: info(
			'Embedded key',
			'A key inside the token. ID Tokens SHOULD NOT use jwk, jku, x5u or x5c: the issuer’s keys are made known in advance, through discovery. A key the token brings proves nothing about who signed it, so this client refuses it.',
			SPEC.idToken
		),
		jku: info(
			'JWK Set URL',
			'ID Tokens SHOULD NOT use it: the issuer’s keys are made known in advance, through discovery. Fetching it would invite server-side request forgery (RFC 8725 §3.10); this client refuses it.',
			SPEC.idToken
		),
		x5u: info(
			'X.509 URL',
			'ID Tokens SHOULD NOT use it: the issuer’s keys are made known in advance, through discovery. This client refuses it.',
			SPEC.idToken
		),
		x5c: info(
			'X.509 chain',
			'ID Tokens SHOULD NOT use it: the issuer’s keys are made known in advance, through discovery. This client refuses it.',
			SPEC.idToken
		)
	}),
	access_token: lookupTable({
		alg: info(
			'Algorithm',
			'How the access token is signed. A JWT access token MUST be signed, never with "none", and RS256 must be among the algorithms supported.',
			RFC9068('2.1')
		),
		kid: info(
			'Key ID',
			'Which of the authorization server’s keys signed it: the API must use the keys the authorization server provides (RFC 9068 §4).',
			SPEC.jwtAccessToken
		),
		typ: info(
			'Type',
			'at+jwt: a JWT access token declares itself so (RFC 9068 §2.1), and the API refuses any other typ, so an id_token cannot pass for an access token (§4).',
			RFC9068('2.1')
		)
	}),
	logout_token: lookupTable({
		alg: info(
			'Algorithm',
			'Signed like the client’s id_tokens, with the same keys; "none" MUST NOT be used for a logout token.',
			SPEC.logoutTokenValidation
		),
		kid: info(
			'Key ID',
			'Which of the issuer’s keys signed it: the same keys as for id_tokens (Back-Channel Logout §2.4).',
			BACKCHANNEL
		),
		typ: info(
			'Type',
			'logout+jwt: Back-Channel Logout recommends typing logout tokens explicitly, one way to keep a JWT of one kind from passing for another.',
			BACKCHANNEL
		)
	}),
	dpop_proof: lookupTable({
		alg: info(
			'Algorithm',
			'An asymmetric signature algorithm: never "none" and never a MAC, as the proof shows that the client holds a private key.',
			SPEC.dpopProof
		),
		typ: info(
			'Type',
			'dpop+jwt: every DPoP proof carries it (RFC 9449 §4.2), and the server refuses a proof without it (§4.3).',
			SPEC.dpopProof
		),
		jwk: info(
			'Proof key',
			'The public key the client chose for DPoP, never with its private part. The server verifies the proof’s signature with it (RFC 9449 §4.3); what ties it to a token is the token’s cnf.jkt, the thumbprint of this key (§6.1).',
			SPEC.dpopProof
		)
	}),
	client_assertion: lookupTable({
		alg: info(
			'Algorithm',
			'private_key_jwt: signed with the client’s private key; the server verifies it with a public key the client registered.',
			SPEC.clientAuthentication
		),
		kid: info('Key ID', 'Which of the client’s registered keys signed it.', SPEC.kid),
		typ: info(
			'Type',
			'RFC 7523 defines no typ for a client assertion: the server reads it as one because it came as client_assertion.',
			SPEC.jwtClientAuth
		)
	}),
	request_object: lookupTable({
		alg: info(
			'Algorithm',
			'Signed with a key the client registered, so the authorization server knows the request is the client’s and unchanged.',
			RFC(9101)('6.2')
		),
		kid: info('Key ID', 'Which of the client’s registered keys signed it.', RFC(9101)('6.2')),
		typ: info(
			'Type',
			'oauth-authz-req+jwt: typing a request object explicitly keeps it from being used as another kind of JWT.',
			SPEC.requestObjectTyp
		)
	}),
	jwt: lookupTable({})
};

/** Claims whose meaning depends on the kind of token. */
const CLAIMS_BY_KIND: Record<TokenKind, Readonly<Record<string, ClaimInfo>>> = {
	id_token: lookupTable({
		iss: info(
			'Issuer',
			'Who issued the token. The client compares it exactly with the issuer identifier it got from discovery (OIDC Core §3.1.3.7 step 2).',
			SPEC.idTokenValidation
		),
		sub: info(
			'Subject',
			'The user: an identifier at this issuer that is never reassigned, at most 255 ASCII characters. With iss, the only stable key for the user, never the email.',
			SPEC.idToken
		),
		aud: info(
			'Audience',
			'Who the id_token is for: it must contain the client’s client_id and may name others. The client refuses it if it is not listed, or if it lists an audience the client does not trust (OIDC Core §3.1.3.7 step 3).',
			SPEC.idTokenValidation
		),
		exp: info(
			'Expires',
			'On or after this time the client must not accept the id_token to sign the user in; a small leeway, usually no more than a few minutes, allows for clock skew. It is not the length of the user’s session at the client (OIDC Core §2, errata set 2). The lifetime is the issuer’s choice: Auth0’s default is 10 hours (36000 s), a product setting, not a spec rule.',
			SPEC.idToken,
			TIME
		),
		iat: info(
			'Issued at',
			'When the issuer made the id_token. How old an id_token a client accepts is the client’s own choice: the spec sets no maximum (OIDC Core §3.1.3.7 step 10).',
			SPEC.idTokenValidation,
			TIME
		)
	}),
	access_token: lookupTable({
		iss: info(
			'Issuer',
			'Who issued the token: the API compares it exactly with the issuer identifier of the authorization server it trusts (RFC 9068 §4).',
			SPEC.jwtAccessToken
		),
		sub: info(
			'Subject',
			'The user the token acts for; when no user is involved, as in the client credentials grant, the client (RFC 9068 §2.2).',
			RFC9068('2.2')
		),
		aud: info(
			'Audience',
			'The API the token is for: an API refuses a token whose aud does not name it (RFC 9068 §4).',
			SPEC.jwtAccessToken
		),
		exp: info(
			'Expires',
			'On or after this time the API refuses the token, with at most a small leeway for clock skew (RFC 9068 §4).',
			SPEC.jwtAccessToken,
			TIME
		),
		iat: info(
			'Issued at',
			'When the authorization server issued the token (required, RFC 9068 §2.2).',
			RFC9068('2.2'),
			TIME
		),
		jti: info(
			'JWT ID',
			'A unique identifier for this access token (required, RFC 9068 §2.2). It names one token, for example in a list of revoked ones. An API does not refuse a jti it has seen before: the same access token is sent with every request until it expires, and none of the checks RFC 9068 §4 lists is about jti.',
			RFC9068('2.2')
		),
		auth_time: info(
			'Authentication time',
			'When the user authenticated (optional in an access token, RFC 9068 §2.2.1).',
			RFC9068('2.2.1'),
			TIME
		),
		client_id: info(
			'Client',
			'The client that requested the token (required, RFC 9068 §2.2, as RFC 8693 §4.3 defines it).',
			RFC9068('2.2')
		),
		cnf: info(
			'Confirmation',
			'The key the token is bound to: jkt is the SHA-256 thumbprint of the client’s DPoP public key (RFC 9449 §6.1). The API takes the token only with a DPoP proof signed by that key (§6).',
			RFC9449('6.1')
		)
	}),
	logout_token: lookupTable({
		iss: info(
			'Issuer',
			'Who issued the token; the client checks it as it checks an id_token’s (Back-Channel Logout §2.6).',
			SPEC.logoutTokenValidation
		),
		sub: info(
			'Subject',
			'The user whose sessions end. Optional, but a logout token carries sub, sid or both (Back-Channel Logout §2.4).',
			BACKCHANNEL
		),
		aud: info(
			'Audience',
			'The client the logout is for, checked as in an id_token (Back-Channel Logout §2.6).',
			SPEC.logoutTokenValidation
		),
		exp: info(
			'Expires',
			'Required; the client checks it as in an id_token (Back-Channel Logout §2.6).',
			SPEC.logoutTokenValidation,
			TIME
		),
		iat: info(
			'Issued at',
			'When the issuer made the logout token; the client checks it as in an id_token (Back-Channel Logout §2.6).',
			SPEC.logoutTokenValidation,
			TIME
		),
		jti: info(
			'JWT ID',
			'Required. The client may refuse a logout token whose jti it received recently (Back-Channel Logout §2.6).',
			SPEC.logoutTokenValidation
		),
		sid: info(
			'Session ID',
			'The session at the issuer that ended; the client ends its own sessions tied to it. Without sid, all the user’s sessions at the client end (Back-Channel Logout §2.4).',
			BACKCHANNEL
		),
		nonce: info(
			'Nonce',
			'Prohibited: a logout token must not carry a nonce, so that one used in place of an id_token in an authentication response is invalid (Back-Channel Logout §2.4).',
			BACKCHANNEL
		)
	}),
	dpop_proof: lookupTable({
		jti: info(
			'JWT ID',
			'A unique identifier for this proof. The server can remember it for as long as the proof would be accepted, and refuse the proof a second time (RFC 9449 §11.1).',
			SPEC.dpopReplay
		),
		iat: info(
			'Issued at',
			'When the client made this proof: the client sets it (RFC 9449 §4.2). The server accepts a proof only for a short time after it, seconds or minutes (§11.1).',
			SPEC.dpopReplay,
			TIME
		),
		nonce: info(
			'Nonce',
			'A value the server gave the client in a DPoP-Nonce header; once given, the proof must carry it, which limits how long proofs stay usable (RFC 9449 §8). It is not the OpenID Connect nonce (§9).',
			RFC9449('8')
		)
	}),
	client_assertion: lookupTable({
		iss: info(
			'Issuer',
			'The client itself: iss must be its client_id (OIDC Core §9).',
			SPEC.clientAuthentication
		),
		sub: info(
			'Subject',
			'Also the client’s client_id: the client is the subject of its own assertion (OIDC Core §9).',
			SPEC.clientAuthentication
		),
		aud: info(
			'Audience',
			'The authorization server, which must find itself here (RFC 7523 §3).',
			SPEC.jwtClientAuth
		),
		exp: info(
			'Expires',
			'Required; on or after this time the assertion must not be accepted (OIDC Core §9).',
			SPEC.clientAuthentication,
			TIME
		),
		iat: info(
			'Issued at',
			'When the client made the assertion (optional, OIDC Core §9).',
			SPEC.clientAuthentication,
			TIME
		),
		jti: info(
			'JWT ID',
			'An assertion must only be used once, so the server remembers its jti until it expires (OIDC Core §9).',
			SPEC.clientAuthentication
		)
	}),
	request_object: lookupTable({
		iss: info(
			'Issuer',
			'The client that signed the request object; a signed one should carry iss and aud (RFC 9101 §4).',
			SPEC.requestObject
		),
		aud: info(
			'Audience',
			'The authorization server the request is for: its issuer identifier (RFC 9101 §4).',
			SPEC.requestObject
		),
		iat: info('Issued at', 'When the client made the request object.', SPEC.iat, TIME),
		client_id: info(
			'Client',
			'The client the request is from: the authorization server rejects a pushed request object whose client_id is not the client that authenticated (RFC 9126 §3).',
			RFC(9126)('3')
		),
		response_type: info(
			'Response type',
			'What the authorization endpoint is to return: "code" asks for an authorization code.',
			SPEC.authRequest
		),
		redirect_uri: info(
			'Redirect URI',
			'Where the answer goes; the authorization server compares it exactly with one the client registered (RFC 9700 §2.1).',
			RFC9700('2.1')
		),
		scope: info(
			'Scope',
			'The scopes asked for; openid makes it an OpenID Connect request.',
			SPEC.authRequest
		),
		state: info(
			'State',
			'A random value the client checks when the answer comes back, tying it to this browser (CSRF protection, RFC 9700 §4.7.1).',
			RFC9700('4.7.1')
		),
		nonce: info(
			'Nonce',
			'The value the id_token must carry back unchanged, which ties it to this request.',
			SPEC.authRequest
		),
		code_challenge: info(
			'Code challenge',
			'PKCE: with method S256, the SHA-256 of a secret code_verifier only the client holds; the code is redeemed only with that verifier.',
			RFC(7636)('4.3')
		),
		code_challenge_method: info(
			'Code challenge method',
			'How code_challenge was made from the verifier: S256 (SHA-256); "plain" would put the verifier itself in the request.',
			RFC(7636)('4.2')
		),
		audience: info(
			'Audience (Auth0)',
			'Auth0’s parameter naming the API the access token is for; not part of OAuth or OpenID Connect, whose counterpart is resource (RFC 8707).',
			RFC(8707)('2')
		)
	}),
	jwt: lookupTable({})
};

/** A claim no table explains: a public name is a URL or the like, any other a private one. */
function otherClaim(name: string, kind: TokenKind): ClaimInfo {
	if (kind === 'request_object')
		return info(
			'Request parameter',
			'An authorization request parameter, carried as a claim of the request object.',
			SPEC.requestObject
		);
	if (/^https?:\/\//.test(name))
		return info(
			'Custom claim',
			'A public claim name: collision-resistant, such as a URL its owner controls, so it cannot clash with registered claims. Custom claims, like those the guide’s Auth0 rules add, are named this way.',
			RFC7519('4.2')
		);
	if (kind === 'id_token' || kind === 'logout_token')
		return info(
			'Other claim',
			'Not one OpenID Connect defines here. Tokens may carry other claims, and a claim the client does not understand must be ignored.',
			kind === 'id_token' ? SPEC.idToken : BACKCHANNEL
		);
	return info(
		'Other claim',
		'Not one this site explains. Unless registered, it is a private claim name, whose meaning the issuer and the receiver agree on.',
		RFC7519('4.3')
	);
}

/** Explains a claim as the given kind of token means it (any JWT by default). */
export function claimInfo(name: string, kind: TokenKind = 'jwt'): ClaimInfo {
	return (
		ownValue(CLAIMS_BY_KIND[kind], name) ?? ownValue(CLAIM_INFO, name) ?? otherClaim(name, kind)
	);
}

/** Explains a header parameter as the given kind of token means it; undefined if unknown. */
export function headerInfo(name: string, kind: TokenKind = 'jwt'): ClaimInfo | undefined {
	return ownValue(HEADERS_BY_KIND[kind], name) ?? ownValue(HEADER_INFO, name);
}

/** Explicit types name a token's kind for sure (RFC 8725 §3.11). */
const KIND_BY_TYPE = lookupTable<TokenKind>({
	'at+jwt': 'access_token',
	'logout+jwt': 'logout_token',
	'dpop+jwt': 'dpop_proof',
	'oauth-authz-req+jwt': 'request_object'
});

/** The parameter or header that carried a token names its kind next. */
const KIND_BY_NAME = lookupTable<TokenKind>({
	id_token: 'id_token',
	id_token_hint: 'id_token',
	'decrypted id_token': 'id_token',
	access_token: 'access_token',
	logout_token: 'logout_token',
	dpop: 'dpop_proof',
	client_assertion: 'client_assertion',
	request: 'request_object'
});

/** Without a type or a telling name (a pasted or re-decoded token), the claims give the kind away. */
function kindByClaims(payload: Record<string, unknown>): TokenKind {
	const has = (claim: string) => Object.hasOwn(payload, claim);
	if (has('events')) return 'logout_token';
	if (has('htm') && has('htu')) return 'dpop_proof';
	if (has('response_type') || has('redirect_uri')) return 'request_object';
	// iss and sub are both the client_id in a client assertion (OIDC Core §9), never in an id_token.
	if (typeof payload.iss === 'string' && payload.iss === payload.sub && !has('nonce'))
		return 'client_assertion';
	if (['nonce', 'at_hash', 'c_hash', 'azp'].some(has)) return 'id_token';
	if (['client_id', 'scope', 'cnf'].some(has)) return 'access_token';
	return has('auth_time') ? 'id_token' : 'jwt';
}

/**
 * What kind of token this is, for explaining its claims: its explicit `typ` first, then the name
 * of what carried it (id_token, dpop, …), then its claims; `jwt` when none tells.
 */
export function tokenKind(token: {
	name?: string;
	header?: Record<string, unknown>;
	payload?: Record<string, unknown>;
}): TokenKind {
	return (
		ownValue(KIND_BY_TYPE, mediaType(token.header?.typ)) ??
		(token.name === undefined ? undefined : ownValue(KIND_BY_NAME, token.name)) ??
		kindByClaims(token.payload ?? {})
	);
}
