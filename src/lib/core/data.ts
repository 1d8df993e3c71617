/** Sample users, clients and APIs: plain data the issuer is configured with. */
import type { JSONWebKeySet, JWK } from 'jose';

export interface Address {
	formatted?: string;
	street_address?: string;
	locality?: string;
	region?: string;
	postal_code?: string;
	country?: string;
}

/** Standard claims of OIDC Core §5.1 the sample users carry. */
export interface UserProfile {
	name?: string;
	given_name?: string;
	family_name?: string;
	middle_name?: string;
	nickname?: string;
	preferred_username?: string;
	profile?: string;
	picture?: string;
	website?: string;
	gender?: string;
	birthdate?: string;
	zoneinfo?: string;
	locale?: string;
	updated_at?: number;
	email?: string;
	email_verified?: boolean;
	address?: Address;
	phone_number?: string;
	phone_number_verified?: boolean;
}

export interface User {
	/** The stable `sub` the issuer asserts. */
	id: string;
	/** Typed into the simulated login form; this is a mock, so passwords are public. */
	username: string;
	password: string;
	profile: UserProfile;
	/** Extra attributes only the legacy `/tokeninfo` full profile shows (Auth0 style). */
	metadata?: Record<string, string>;
}

/** The grant type of RFC 8628 §3.4, at the token endpoint. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export type ClientAuthMethod =
	'none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

export interface Client {
	client_id: string;
	client_name: string;
	/** Undefined for public clients (SPAs): they cannot keep a secret. */
	client_secret?: string;
	token_endpoint_auth_method: ClientAuthMethod;
	redirect_uris: string[];
	post_logout_redirect_uris: string[];
	/** id_token lifetime in seconds; Auth0's "JWT expiration" setting, 10 hours by default. */
	id_token_lifetime: number;
	access_token_lifetime: number;
	refresh_token_lifetime: number;
	/** Grants beyond the defaults (code, refresh, exchange); the device grant must be listed. */
	grant_types?: string[];
	/** Encrypted id_tokens (OIDC Core §10.2, Registration §2): RSA-OAEP-256 + A256GCM. */
	id_token_encrypted_response_alg?: 'RSA-OAEP-256';
	id_token_encrypted_response_enc?: 'A256GCM';
	/** Back-Channel Logout §2.2: where the issuer POSTs logout tokens. */
	backchannel_logout_uri?: string;
	backchannel_logout_session_required?: boolean;
	/** Front-Channel Logout §2: the page the issuer loads in an iframe at logout. */
	frontchannel_logout_uri?: string;
	frontchannel_logout_session_required?: boolean;
	/**
	 * The client's public keys (RFC 7591 §2): signing keys for request objects and private_key_jwt,
	 * encryption keys for id_tokens. Without an encryption key the simulator's generated one is used.
	 */
	jwks?: JSONWebKeySet;
	/** The authorization endpoint only accepts this client's requests through PAR (RFC 9126 §6). */
	require_pushed_authorization_requests?: boolean;
}

export interface Api {
	/** The audience identifier access tokens for this API carry in `aud`. */
	identifier: string;
	name: string;
	scopes: string[];
}

export const DEFAULT_ID_TOKEN_LIFETIME = 36_000;
export const DEFAULT_ACCESS_TOKEN_LIFETIME = 3_600;
export const DEFAULT_REFRESH_TOKEN_LIFETIME = 30 * 24 * 3_600;

export const SAMPLE_USERS: User[] = [
	{
		id: 'auth0|alice',
		username: 'alice',
		password: 'correct horse battery staple',
		profile: {
			name: 'Alice Liddell',
			given_name: 'Alice',
			family_name: 'Liddell',
			nickname: 'alice',
			preferred_username: 'alice',
			picture: 'https://i.example/alice.png',
			locale: 'en-GB',
			zoneinfo: 'Europe/London',
			updated_at: 1_767_225_600,
			email: 'alice@example.com',
			email_verified: true,
			address: {
				formatted: '2 Wonderland Lane\nOxford OX1 1AA\nUnited Kingdom',
				street_address: '2 Wonderland Lane',
				locality: 'Oxford',
				postal_code: 'OX1 1AA',
				country: 'GB'
			},
			phone_number: '+44 1865 000000',
			phone_number_verified: true
		},
		metadata: { plan: 'team', signup_source: 'github' }
	},
	{
		id: 'auth0|bob',
		username: 'bob',
		password: 'hunter2',
		profile: {
			name: 'Bob Tables',
			given_name: 'Bob',
			family_name: 'Tables',
			nickname: 'bobby',
			preferred_username: 'bobby.tables',
			website: 'https://bob.example',
			birthdate: '1990-04-01',
			locale: 'en-US',
			zoneinfo: 'America/New_York',
			updated_at: 1_764_547_200,
			email: 'bob@example.org',
			email_verified: false
		},
		metadata: { plan: 'free' }
	},
	{
		id: 'auth0|chiara',
		username: 'chiara',
		password: 'password1',
		profile: {
			name: 'Chiara Ñúñez-Østergård',
			given_name: 'Chiara',
			family_name: 'Ñúñez-Østergård',
			nickname: 'chiara',
			locale: 'es-ES',
			zoneinfo: 'Europe/Madrid',
			updated_at: 1_761_955_200,
			email: 'chiara@example.net',
			email_verified: true,
			phone_number: '+34 600 000 000',
			phone_number_verified: false
		}
	}
];

/** The attacker's own, perfectly ordinary account, used to obtain codes and tokens to inject. */
export const ATTACKER_USER: User = {
	id: 'auth0|mallory',
	username: 'mallory',
	password: 'mallory-password',
	profile: {
		name: 'Mallory Attacker',
		given_name: 'Mallory',
		nickname: 'mallory',
		email: 'mallory@attacker.example',
		email_verified: true
	}
};

export const SPA_CLIENT: Client = {
	client_id: 'tokenstep-spa',
	client_name: 'Tokenstep SPA',
	token_endpoint_auth_method: 'none',
	redirect_uris: ['https://spa.example/callback', 'https://spa.example/silent-callback.html'],
	post_logout_redirect_uris: ['https://spa.example/'],
	id_token_lifetime: DEFAULT_ID_TOKEN_LIFETIME,
	access_token_lifetime: DEFAULT_ACCESS_TOKEN_LIFETIME,
	refresh_token_lifetime: DEFAULT_REFRESH_TOKEN_LIFETIME
};

export const WEBAPP_CLIENT: Client = {
	client_id: 'tokenstep-webapp',
	client_name: 'Tokenstep Web App',
	// 32+ bytes, so it is a valid HS256 key when the id_token is signed with the client secret.
	client_secret: 'webapp-secret-0123456789abcdefghijklmnop',
	token_endpoint_auth_method: 'client_secret_basic',
	redirect_uris: ['https://app.example/callback'],
	post_logout_redirect_uris: ['https://app.example/'],
	id_token_lifetime: DEFAULT_ID_TOKEN_LIFETIME,
	access_token_lifetime: DEFAULT_ACCESS_TOKEN_LIFETIME,
	refresh_token_lifetime: DEFAULT_REFRESH_TOKEN_LIFETIME
};

/** A second application: the target of legacy delegation, authenticating with client_secret_post. */
export const REPORTS_CLIENT: Client = {
	client_id: 'tokenstep-reports',
	client_name: 'Tokenstep Reports',
	client_secret: 'reports-secret-0123456789abcdefghijklmno',
	token_endpoint_auth_method: 'client_secret_post',
	redirect_uris: ['https://reports.example/callback'],
	post_logout_redirect_uris: ['https://reports.example/'],
	id_token_lifetime: DEFAULT_ID_TOKEN_LIFETIME,
	access_token_lifetime: DEFAULT_ACCESS_TOKEN_LIFETIME,
	refresh_token_lifetime: DEFAULT_REFRESH_TOKEN_LIFETIME
};

/** A web app that receives its id_tokens encrypted, for claims only it may read (OIDC Core §10.2). */
export const VAULT_CLIENT: Client = {
	client_id: 'tokenstep-vault',
	client_name: 'Tokenstep Vault',
	client_secret: 'vault-secret-0123456789abcdefghijklmnopqr',
	token_endpoint_auth_method: 'client_secret_basic',
	redirect_uris: ['https://vault.example/callback'],
	post_logout_redirect_uris: ['https://vault.example/'],
	id_token_lifetime: DEFAULT_ID_TOKEN_LIFETIME,
	access_token_lifetime: DEFAULT_ACCESS_TOKEN_LIFETIME,
	refresh_token_lifetime: DEFAULT_REFRESH_TOKEN_LIFETIME,
	id_token_encrypted_response_alg: 'RSA-OAEP-256',
	id_token_encrypted_response_enc: 'A256GCM'
};

/** A server-side app told of logouts by a back-channel POST (Back-Channel Logout 1.0). */
export const INTRANET_CLIENT: Client = {
	client_id: 'tokenstep-intranet',
	client_name: 'Tokenstep Intranet',
	client_secret: 'intranet-secret-0123456789abcdefghijklmn',
	token_endpoint_auth_method: 'client_secret_basic',
	redirect_uris: ['https://intranet.example/callback'],
	post_logout_redirect_uris: ['https://intranet.example/'],
	id_token_lifetime: DEFAULT_ID_TOKEN_LIFETIME,
	access_token_lifetime: DEFAULT_ACCESS_TOKEN_LIFETIME,
	refresh_token_lifetime: DEFAULT_REFRESH_TOKEN_LIFETIME,
	backchannel_logout_uri: 'https://intranet.example/backchannel-logout',
	backchannel_logout_session_required: true
};

/** A browser app told of logouts through an iframe the issuer's page loads (Front-Channel Logout 1.0). */
export const WIKI_CLIENT: Client = {
	client_id: 'tokenstep-wiki',
	client_name: 'Tokenstep Wiki',
	token_endpoint_auth_method: 'none',
	redirect_uris: ['https://wiki.example/callback'],
	post_logout_redirect_uris: ['https://wiki.example/'],
	id_token_lifetime: DEFAULT_ID_TOKEN_LIFETIME,
	access_token_lifetime: DEFAULT_ACCESS_TOKEN_LIFETIME,
	refresh_token_lifetime: DEFAULT_REFRESH_TOKEN_LIFETIME,
	frontchannel_logout_uri: 'https://wiki.example/frontchannel-logout',
	frontchannel_logout_session_required: true
};

/** A TV app with no browser: it shows a code and polls (RFC 8628). Public: a TV keeps no secret. */
export const TV_CLIENT: Client = {
	client_id: 'tokenstep-tv',
	client_name: 'Tokenstep TV',
	token_endpoint_auth_method: 'none',
	redirect_uris: [],
	post_logout_redirect_uris: [],
	id_token_lifetime: DEFAULT_ID_TOKEN_LIFETIME,
	access_token_lifetime: DEFAULT_ACCESS_TOKEN_LIFETIME,
	refresh_token_lifetime: DEFAULT_REFRESH_TOKEN_LIFETIME,
	grant_types: [DEVICE_CODE_GRANT, 'refresh_token']
};

/**
 * The FAPI 2.0 client's key pair. A mock's keys are public, like its passwords; a fixed key keeps
 * the client's registration plain data. Generated once with jose (ES256, kid = RFC 7638 thumbprint).
 */
export const FAPI_CLIENT_PRIVATE_JWK: JWK = {
	kty: 'EC',
	crv: 'P-256',
	x: 'k-5_LaAKtSsjCFszNWXLePnOTah5W0NeiWa89RmMjUs',
	y: 'FemjPmyhc9yGNo8giC6lYuso6BlUvSoHDS_Hbir_SGo',
	d: 'dd0V7iP3Q6uZ2iAC-c97kYzZFC6_JPSHpGNchVRCuxM',
	kid: 'TRrDQcOqEbp0w9q3Ypn9Y6mtvyf0lq9OxnIJ9mg_Uw4',
	alg: 'ES256'
};

/** A confidential client in the FAPI 2.0 shape: PAR only, signed request objects, private_key_jwt. */
export const FAPI_CLIENT: Client = {
	client_id: 'tokenstep-fapi',
	client_name: 'Tokenstep FAPI Client',
	token_endpoint_auth_method: 'private_key_jwt',
	redirect_uris: ['https://fapi.example/callback'],
	post_logout_redirect_uris: ['https://fapi.example/'],
	id_token_lifetime: DEFAULT_ID_TOKEN_LIFETIME,
	access_token_lifetime: DEFAULT_ACCESS_TOKEN_LIFETIME,
	refresh_token_lifetime: DEFAULT_REFRESH_TOKEN_LIFETIME,
	jwks: {
		keys: [
			{
				kty: 'EC',
				crv: 'P-256',
				x: FAPI_CLIENT_PRIVATE_JWK.x,
				y: FAPI_CLIENT_PRIVATE_JWK.y,
				kid: FAPI_CLIENT_PRIVATE_JWK.kid,
				alg: 'ES256',
				use: 'sig'
			}
		]
	},
	require_pushed_authorization_requests: true
};

/**
 * The attacker's own app, registered at the issuer like any other (a developer account is all it
 * takes): a quiz people sign in to. The id_tokens the issuer gives it are genuine, and carry its
 * client_id as their audience.
 */
export const ATTACKER_CLIENT: Client = {
	client_id: 'quiz-of-the-day',
	client_name: 'Quiz of the Day',
	client_secret: 'quiz-secret-0123456789abcdefghijklmnopqr',
	token_endpoint_auth_method: 'client_secret_basic',
	redirect_uris: ['https://attacker.example/callback'],
	post_logout_redirect_uris: ['https://attacker.example/'],
	id_token_lifetime: DEFAULT_ID_TOKEN_LIFETIME,
	access_token_lifetime: DEFAULT_ACCESS_TOKEN_LIFETIME,
	refresh_token_lifetime: DEFAULT_REFRESH_TOKEN_LIFETIME
};

export const SAMPLE_CLIENTS: Client[] = [
	SPA_CLIENT,
	WEBAPP_CLIENT,
	REPORTS_CLIENT,
	VAULT_CLIENT,
	INTRANET_CLIENT,
	WIKI_CLIENT,
	TV_CLIENT,
	FAPI_CLIENT,
	ATTACKER_CLIENT
];

export const MESSAGES_API: Api = {
	identifier: 'https://api.example/',
	name: 'Messages API',
	scopes: ['read:messages', 'write:messages']
};

export const REPORTS_API: Api = {
	identifier: 'https://reports.example/api',
	name: 'Reports API',
	scopes: ['read:reports']
};

export const SAMPLE_APIS: Api[] = [MESSAGES_API, REPORTS_API];

/** Origin-only issuer identifiers end in a slash, as a parsed URL's href does (and Auth0's do). */
export const ISSUER_URL = 'https://issuer.example/';
