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
}

export interface ClientDeps {
	config: ClientConfig;
	network: Network;
	trace: TraceRecorder;
	now: () => number;
	navigate: (request: HttpRequest, frame: 'top' | 'iframe') => void;
}

/** What the client holds. */
export interface ClientSession {
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
