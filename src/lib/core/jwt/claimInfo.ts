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
	auth_time: {
		label: 'Authentication time',
		explain: 'When the user actually logged in. Checked against max_age.',
		spec: `${CORE}#IDToken`,
		time: true
	},
	nonce: {
		label: 'Nonce',
		explain: 'The value the client sent in its request, echoed back so a replayed token is caught.',
		spec: `${CORE}#IDToken`
	},
	azp: {
		label: 'Authorized party',
		explain: 'The client the token was issued to, when it has several audiences.',
		spec: `${CORE}#IDToken`
	},
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
	acr: {
		label: 'Authentication context',
		explain: 'How strongly the user was authenticated.',
		spec: `${CORE}#IDToken`
	},
	amr: {
		label: 'Authentication methods',
		explain: 'How the user was authenticated (password, OTP, …).',
		spec: `${CORE}#IDToken`
	},
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
	name: { label: 'Name', explain: 'Full name (scope profile).', spec: SPEC.standardClaims },
	given_name: {
		label: 'Given name',
		explain: 'First name (scope profile).',
		spec: SPEC.standardClaims
	},
	family_name: {
		label: 'Family name',
		explain: 'Surname (scope profile).',
		spec: SPEC.standardClaims
	},
	middle_name: {
		label: 'Middle name',
		explain: 'Middle name (scope profile).',
		spec: SPEC.standardClaims
	},
	nickname: {
		label: 'Nickname',
		explain: 'Casual name (scope profile).',
		spec: SPEC.standardClaims
	},
	preferred_username: {
		label: 'Preferred username',
		explain: 'Shorthand name; not unique, never use it as an identifier (scope profile).',
		spec: SPEC.standardClaims
	},
	profile: {
		label: 'Profile page',
		explain: 'URL of the user’s profile page (scope profile).',
		spec: SPEC.standardClaims
	},
	picture: {
		label: 'Picture',
		explain: 'URL of the user’s picture (scope profile).',
		spec: SPEC.standardClaims
	},
	website: {
		label: 'Website',
		explain: 'The user’s web site (scope profile).',
		spec: SPEC.standardClaims
	},
	gender: { label: 'Gender', explain: 'Gender (scope profile).', spec: SPEC.standardClaims },
	birthdate: {
		label: 'Birthdate',
		explain: 'Birthday, YYYY-MM-DD (scope profile).',
		spec: SPEC.standardClaims
	},
	zoneinfo: {
		label: 'Time zone',
		explain: 'IANA time zone (scope profile).',
		spec: SPEC.standardClaims
	},
	locale: {
		label: 'Locale',
		explain: 'Language and region (scope profile).',
		spec: SPEC.standardClaims
	},
	updated_at: {
		label: 'Updated at',
		explain: 'When the profile last changed (scope profile).',
		spec: SPEC.standardClaims,
		time: true
	},
	email: {
		label: 'Email',
		explain: 'Email address (scope email). Trust it only if email_verified is true.',
		spec: SPEC.standardClaims
	},
	email_verified: {
		label: 'Email verified',
		explain: 'Whether the issuer verified the address (scope email).',
		spec: SPEC.standardClaims
	},
	address: {
		label: 'Address',
		explain: 'Postal address (scope address).',
		spec: SPEC.standardClaims
	},
	phone_number: {
		label: 'Phone',
		explain: 'Phone number (scope phone).',
		spec: SPEC.standardClaims
	},
	phone_number_verified: {
		label: 'Phone verified',
		explain: 'Whether the issuer verified the number (scope phone).',
		spec: SPEC.standardClaims
	}
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
