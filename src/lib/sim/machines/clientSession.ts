/**
 * What every client operation shares: the client's configuration, what it runs with, the session
 * it holds, and the error it refuses with. It imports no client module, so each of them can
 * import it without a cycle.
 */
import type { JSONWebKeySet } from 'jose';
import type {
	ClientCredentials,
	DeviceAuthorization,
	DpopKey,
	HttpRequest,
	HttpResponse,
	KeyedClient,
	PendingAuthorization,
	ProviderMetadata,
	ValidationReport
} from '../../core/index';
import type { Network } from '../network';
import type { TraceRecorder } from '../trace';

export interface ClientConfig {
	/** `device`: a TV with no browser of its own (RFC 8628), which shows a code and polls. */
	kind: 'spa' | 'webapp' | 'device';
	origin: string;
	issuer: string;
	credentials: ClientCredentials;
	redirectUri: string;
	silentRedirectUri: string;
	postLogoutRedirectUri: string;
	scope: string;
	audience?: string;
	responseType: string;
	responseMode?: 'query' | 'fragment' | 'form_post';
	/** Algorithms the client accepts for id_tokens. */
	algorithms?: string[];
	/** PAR + JAR + private_key_jwt: the key the client signs request objects and assertions with. */
	signingKey?: KeyedClient;
	/** DPoP: a proof with every token and API request, and tokens bound to the client's key. */
	dpop?: boolean;
	/** Registered id_token encryption (OIDC Core §10.2): the client decrypts with its own key. */
	encryption?: { alg: string; enc: string };
	/** Clock skew (s) the client allows in exp, nbf and iat (RFC 7519 §4.1.4); 0 by default. */
	clockSkew?: number;
}

/**
 * How long the client's own session lasts after sign-in, in seconds: the app's choice, not a
 * spec value, and not the id_token's exp (OIDC Core §2: "The ID Token expiration time is
 * unrelated [to] the lifetime of the authenticated session between the RP and the OP"). Eight
 * hours is a working day, the top of OWASP's range for an absolute session timeout (4 to 8 h):
 * https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#absolute-timeout
 */
export const CLIENT_SESSION_LIFETIME = 8 * 3600;

/**
 * The client's own session (the web app's cookie, the SPA's storage): started when a sign-in's
 * id_token validated, ended by its own clock or by logout. The id_token was checked once, then;
 * its claims are kept as the original a refreshed id_token must match (OIDC Core §12.2).
 */
export interface AppSession {
	/** Simulated seconds. */
	startedAt: number;
	expiresAt: number;
	/** The claims of the id_token of the original sign-in, as validated. */
	idTokenClaims: Record<string, unknown>;
}

export interface ClientDeps {
	config: ClientConfig;
	network: Network;
	trace: TraceRecorder;
	now: () => number;
	navigate: (request: HttpRequest, frame: 'top' | 'iframe') => void;
}

/**
 * Where the web app's own front end posts an id_token to open a session (the pattern of a
 * server that signs in the users of its mobile or single-page front end): a target for tokens
 * minted for other clients, which the aud check refuses (OIDC Core §3.1.3.7 step 3).
 */
export const ID_TOKEN_SESSION_PATH = '/session';

/** Another issuer the client is registered with, and its client_id there (a public registration). */
export interface SignInAt {
	issuer: string;
	clientId: string;
}

/** What the client holds. */
export interface ClientSession {
	/**
	 * The issuer the current sign-in went to, when the person chose another than the client's
	 * default: the client keeps it with the request (RFC 9700 §4.4.2), and `metadata` is that
	 * issuer's, so the response's iss is compared with it.
	 */
	signInAt?: SignInAt;
	metadata?: ProviderMetadata;
	jwks?: JSONWebKeySet;
	pending?: PendingAuthorization;
	idToken?: string;
	accessToken?: string;
	refreshToken?: string;
	/** Received but not yet validated (the step between callback or token response and trust). */
	received?: {
		idToken?: string;
		accessToken?: string;
		code?: string;
		refreshToken?: string;
		source: 'authorization' | 'token' | 'renewal';
	};
	/** Tokens for other parties: legacy delegation's id_token, token exchange's access token. */
	delegatedIdToken?: string;
	exchangedAccessToken?: string;
	lastReport?: ValidationReport;
	/** The client's own session, from sign-in; a refresh keeps it, a new sign-in starts another. */
	appSession?: AppSession;
	/** When the JWKS was last fetched (simulated seconds), to refetch at most once a minute. */
	jwksFetchedAt?: number;
	lastResponse?: HttpResponse;
	logoutState?: string;
	/** The DPoP key pair the tokens are bound to (RFC 9449). */
	dpopKey?: DpopKey;
	/** A device authorization in progress: what the TV shows, and how often it may poll. */
	device?: { authorization: DeviceAuthorization; interval: number };
}

/** A refusal the client reports with an OAuth-style code, like `state_mismatch` or `invalid_grant`. */
export class ClientError extends Error {
	constructor(
		readonly error: string,
		readonly description: string
	) {
		super(`${error}: ${description}`);
	}
}
