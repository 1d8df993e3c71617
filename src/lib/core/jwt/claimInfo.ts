import { lookupTable } from '../lookup';
import { SPEC } from '../spec';

/** Plain-language meaning of a JWT header parameter or claim, with where it is defined. */
export interface ClaimInfo {
	label: string;
	explain: string;
	spec: string;
	/** NumericDate claims are shown as dates and relative times. */
	time?: boolean;
}

const CORE = 'https://openid.net/specs/openid-connect-core-1_0.html';
const RFC7519 = (s: string) => `https://www.rfc-editor.org/rfc/rfc7519#section-${s}`;
const RFC7515 = (s: string) => `https://www.rfc-editor.org/rfc/rfc7515#section-${s}`;

/** A claim OpenID Connect defines for the id_token (Core §2). */
const idTokenClaim = (label: string, explain: string, date?: { time: true }): ClaimInfo => ({
	label,
	explain,
	spec: `${CORE}#IDToken`,
	...date
});

/** A claim about the user, released with `scope` (Core §5.1, §5.4): `what` it says. */
const userClaim = (
	scope: string,
	label: string,
	what: string,
	date?: { time: true }
): ClaimInfo => ({
	label,
	explain: `${what} (scope ${scope}).`,
	spec: SPEC.standardClaims,
	...date
});

export const HEADER_INFO = lookupTable<ClaimInfo>({
	alg: {
		label: 'Algorithm',
		explain:
			'How the token is signed. The receiver must only accept the algorithms it expects; never "none".',
		spec: RFC7515('4.1.1')
	},
	kid: {
		label: 'Key ID',
		explain:
			'Which of the issuer’s published keys signed this token; the receiver looks it up in the JWKS.',
		spec: RFC7515('4.1.4')
	},
	typ: {
		label: 'Type',
		explain: 'What kind of token this is: "JWT" for an id_token, "at+jwt" for an access token.',
		spec: SPEC.explicitTyping
	},
	cty: {
		label: 'Content type',
		explain: 'The type of the payload, used for nested tokens.',
		spec: RFC7515('4.1.10')
	},
	crit: {
		label: 'Critical',
		explain: 'Extensions the receiver must understand, or refuse the token.',
		spec: SPEC.crit
	},
	jku: {
		label: 'JWK Set URL',
		explain:
			'A URL offering keys. Never trust it: keys come only from the issuer’s configured JWKS.',
		spec: RFC7515('4.1.2')
	},
	jwk: {
		label: 'Embedded key',
		explain: 'A key inside the token itself. A token cannot vouch for itself: never use it.',
		spec: RFC7515('4.1.3')
	},
	x5u: {
		label: 'X.509 URL',
		explain: 'A URL offering a certificate. Never fetch keys a token points to.',
		spec: RFC7515('4.1.5')
	},
	x5c: {
		label: 'X.509 chain',
		explain: 'Certificates inside the token. Not trusted as a key source here.',
		spec: RFC7515('4.1.6')
	}
});

export const CLAIM_INFO = lookupTable<ClaimInfo>({
	iss: {
		label: 'Issuer',
		explain: 'Who issued the token. Must exactly equal the issuer the client trusts.',
		spec: RFC7519('4.1.1')
	},
	sub: {
		label: 'Subject',
		explain: 'The user the token is about: a stable, unique identifier at this issuer.',
		spec: RFC7519('4.1.2')
	},
	aud: {
		label: 'Audience',
		explain: 'Who the token is for. For an id_token, the client_id; anyone else must refuse it.',
		spec: RFC7519('4.1.3')
	},
	exp: {
		label: 'Expires',
		explain:
			'After this time the token must be refused. The issuer picks the lifetime: Auth0 gives an id_token 10 hours (36000 s) by default, and access tokens usually far less.',
		spec: RFC7519('4.1.4'),
		time: true
	},
	nbf: {
		label: 'Not before',
		explain: 'Before this time the token must be refused.',
		spec: RFC7519('4.1.5'),
		time: true
	},
	iat: {
		label: 'Issued at',
		explain: 'When the issuer created the token.',
		spec: RFC7519('4.1.6'),
		time: true
	},
	jti: {
		label: 'JWT ID',
		explain: 'A unique identifier for this token, so it can be tracked or refused once seen.',
		spec: RFC7519('4.1.7')
	},
	auth_time: idTokenClaim(
		'Authentication time',
		'When the user actually logged in. Checked against max_age.',
		{ time: true }
	),
	nonce: idTokenClaim(
		'Nonce',
		'The value the client sent in its request, echoed back so a replayed token is caught.'
	),
	azp: idTokenClaim(
		'Authorized party',
		'The client the token was issued to, when it has several audiences.'
	),
	at_hash: {
		label: 'Access token hash',
		explain: 'Half a hash of the access token issued with this id_token: binds the two.',
		spec: SPEC.atHash
	},
	c_hash: {
		label: 'Code hash',
		explain: 'Half a hash of the authorization code issued with this id_token: binds the two.',
		spec: SPEC.cHash
	},
	acr: idTokenClaim('Authentication context', 'How strongly the user was authenticated.'),
	amr: idTokenClaim('Authentication methods', 'How the user was authenticated (password, OTP, …).'),
	sid: {
		label: 'Session ID',
		explain: 'The issuer’s login session, used for logout.',
		spec: 'https://openid.net/specs/openid-connect-frontchannel-1_0.html'
	},
	scope: {
		label: 'Scope',
		explain: 'What the access token allows, space-separated.',
		spec: SPEC.jwtAccessToken
	},
	client_id: {
		label: 'Client',
		explain: 'The client the access token was issued to.',
		spec: SPEC.jwtAccessToken
	},
	cnf: {
		label: 'Confirmation',
		explain:
			'The key the token is bound to: jkt is the thumbprint of the client’s DPoP key, so only a request with a proof signed by that key may use it.',
		spec: 'https://www.rfc-editor.org/rfc/rfc9449#section-6.1'
	},
	htm: {
		label: 'HTTP method',
		explain: 'The method of the one request this DPoP proof was made for.',
		spec: SPEC.dpopProof
	},
	htu: {
		label: 'HTTP URL',
		explain: 'The URL (without query or fragment) of the one request this DPoP proof was made for.',
		spec: SPEC.dpopProof
	},
	ath: {
		label: 'Access token hash',
		explain:
			'SHA-256 of the access token sent with this DPoP proof, so the proof cannot travel with another token.',
		spec: SPEC.dpopProof
	},
	events: {
		label: 'Events',
		explain:
			'What happened: in a logout token, the back-channel logout event. An id_token has none, so neither passes for the other.',
		spec: SPEC.logoutToken
	},
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
	updated_at: userClaim('profile', 'Updated at', 'When the profile last changed', { time: true }),
	email: {
		label: 'Email',
		explain: 'Email address (scope email). Trust it only if email_verified is true.',
		spec: SPEC.standardClaims
	},
	email_verified: userClaim('email', 'Email verified', 'Whether the issuer verified the address'),
	address: userClaim('address', 'Address', 'Postal address'),
	phone_number: userClaim('phone', 'Phone', 'Phone number'),
	phone_number_verified: userClaim(
		'phone',
		'Phone verified',
		'Whether the issuer verified the number'
	)
});

/** Explains any claim; a namespaced URL claim is a custom claim added by a rule. */
export function claimInfo(name: string): ClaimInfo {
	return (
		CLAIM_INFO[name] ?? {
			label: 'Custom claim',
			explain: /^https?:\/\//.test(name)
				? 'Added by a rule. Custom claims are namespaced with a URL so they never clash with standard ones.'
				: 'Not a registered claim. Any number of extra claims can be added; keep tokens small enough for URLs.',
			spec: RFC7519('4.3')
		}
	);
}
