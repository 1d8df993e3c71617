/**
 * The mock OpenID provider (`createIssuer`): one `fetch` answering discovery, JWKS, /authorize,
 * PAR, the token endpoint and its grants, device authorization, userinfo, logout and the legacy
 * endpoints, as a real provider would over HTTP. Each endpoint is a module of this folder.
 */
import type { JSONWebKeySet } from 'jose';
import { Clock } from '../clock';
import { lookupTable } from '../lookup';
import {
	ATTACKER_USER,
	SAMPLE_APIS,
	SAMPLE_CLIENTS,
	SAMPLE_USERS,
	ISSUER_URL,
	type Api,
	type Client,
	type User
} from '../data';
import { asFetch, oauthError, type HttpRequest, type HttpResponse } from '../http';
import { issuerKeyAlgorithms } from '../jwt/algorithms';
import {
	isSigningAlgorithm,
	signingKey,
	type AsymmetricAlgorithm,
	type SigningAlgorithm
} from '../jwt/keys';
import { lifetimeProblem, ruleProblem, type Rule } from './rules';
import { authorize, login } from './authorize';
import {
	issuerBase,
	PATHS,
	publishedJwks,
	type IssuerContext,
	type IssuerFaults,
	type IssuerValidation
} from './context';
import { discovery, jwks } from './discovery';
import { delegation, tokeninfo } from './legacy';
import { endSession } from './logout';
import { activate, DEVICE_PATHS, deviceAuthorization, newDeviceStore } from './device';
import { pushAuthorizationRequest } from './par';
import { JtiCache } from '../jwt/replay';
import { DpopNonces } from '../jwt/dpopNonce';
import { token } from './token';
import { userinfo } from './userinfo';

export interface IssuerConfig {
	/** Issuer identifier; defaults to https://issuer.example/ */
	issuer?: string;
	clock?: Clock;
	users?: User[];
	clients?: Client[];
	apis?: Api[];
	/** How id_tokens are signed: RS256 (default), PS256, ES256, EdDSA, or HS256 with the client secret. */
	idTokenAlgorithm?: SigningAlgorithm;
	/** Overrides every client's id_token lifetime (seconds). */
	idTokenLifetime?: number;
	/** Overrides every client's access token lifetime (seconds). */
	accessTokenLifetime?: number;
	rules?: Rule[];
	/** Authorization codes live briefly: 60 s by default. */
	codeLifetime?: number;
	/** How long the login session at the issuer lasts: 8 hours by default. */
	sessionLifetime?: number;
	/** Deliberate deviations from the specs, for scenarios a relying party must refuse. */
	faults?: IssuerFaults;
	/**
	 * Require a nonce of this issuer in every DPoP proof (RFC 9449 §8): a proof without a recent
	 * one is answered 400 use_dpop_nonce with a DPoP-Nonce header. Off by default (a MAY).
	 */
	dpopNonce?: boolean;
}

export interface Issuer {
	readonly url: string;
	readonly clock: Clock;
	readonly idTokenAlgorithm: SigningAlgorithm;
	/** Answers an HTTP request as the provider would, as plain data (cookies kept). */
	handle(request: HttpRequest): Promise<HttpResponse>;
	/**
	 * The same, with the checks the issuer ran to answer it (client assertion, request object,
	 * DPoP proof, code_verifier, pushed request), each report as the issuer made it, in order.
	 */
	serve(request: HttpRequest): Promise<{ response: HttpResponse; validations: IssuerValidation[] }>;
	/** The same, in the web `fetch` shape, for standard client libraries. */
	fetch(request: Request): Promise<Response>;
	/** The keys currently published at jwks_uri. */
	jwks(): JSONWebKeySet;
	/** Starts signing with a new key; the previous one stays published so live tokens still verify. */
	rotateKeys(): Promise<void>;
	/** Ends every login session, as if each had timed out. Issued tokens are unaffected. */
	endSessions(): void;
	/**
	 * Takes the back-channel logout POSTs built since the last call (Back-Channel Logout §2.5):
	 * the issuer sends them server to server, so the simulation's transport delivers them.
	 */
	takeLogoutRequests(): HttpRequest[];
}

/** Refuses a configuration that could not run, with a message naming the field. */
export class IssuerConfigError extends Error {
	readonly code = 'ERR_ISSUER_CONFIG';
	constructor(
		readonly field: string,
		message: string
	) {
		super(`${field}: ${message}`);
	}
}

function checkConfig(config: IssuerConfig): void {
	if (config.issuer !== undefined) {
		let url: URL | undefined;
		try {
			url = new URL(config.issuer);
		} catch {
			/* reported below */
		}
		if (!url || url.protocol !== 'https:' || url.search || url.hash) {
			throw new IssuerConfigError(
				'issuer',
				`must be an https URL without query or fragment, got ${JSON.stringify(config.issuer)}`
			);
		}
	}
	if (config.idTokenAlgorithm !== undefined && !isSigningAlgorithm(config.idTokenAlgorithm)) {
		throw new IssuerConfigError(
			'idTokenAlgorithm',
			`unsupported algorithm ${JSON.stringify(config.idTokenAlgorithm)}`
		);
	}
	for (const field of [
		'idTokenLifetime',
		'accessTokenLifetime',
		'codeLifetime',
		'sessionLifetime'
	] as const) {
		const problem = config[field] === undefined ? undefined : lifetimeProblem(config[field]);
		if (problem) throw new IssuerConfigError(field, problem);
	}
	config.rules?.forEach((rule, i) => {
		const problem = ruleProblem(rule);
		if (problem) throw new IssuerConfigError(`rules[${i}]`, problem);
	});
}

async function loadKeys(algs: AsymmetricAlgorithm[], generation: number) {
	return Promise.all([...new Set(algs)].map((alg) => signingKey(alg, generation)));
}

/** Creates a mock OpenID provider. Throws IssuerConfigError for a configuration that cannot work. */
export async function createIssuer(config: IssuerConfig = {}): Promise<Issuer> {
	checkConfig(config);
	const idTokenAlgorithm = config.idTokenAlgorithm ?? 'RS256';
	const { accessToken: accessTokenAlgorithm, all: algs } = issuerKeyAlgorithms(idTokenAlgorithm);
	const initial = await loadKeys(algs, 0);

	const ctx: IssuerContext = {
		validations: [],
		url: config.issuer ?? ISSUER_URL,
		clock: config.clock ?? new Clock(),
		users: config.users ?? [...SAMPLE_USERS, ATTACKER_USER],
		clients: config.clients ?? SAMPLE_CLIENTS,
		apis: config.apis ?? SAMPLE_APIS,
		idTokenAlgorithm,
		accessTokenAlgorithm,
		idTokenLifetime: config.idTokenLifetime,
		accessTokenLifetime: config.accessTokenLifetime,
		rules: config.rules ?? [],
		codeLifetime: config.codeLifetime ?? 60,
		sessionLifetime: config.sessionLifetime ?? 8 * 3600,
		faults: config.faults,
		dpopNonces: config.dpopNonce ? new DpopNonces() : undefined,
		keys: { active: new Map(initial.map((k) => [k.alg, k])), published: initial, generation: 0 },
		store: {
			sessions: new Map(),
			transactions: new Map(),
			codes: new Map(),
			refreshTokens: new Map(),
			revokedFamilies: new Set(),
			revokedAccessTokens: new Set(),
			familyAccessTokens: new Map(),
			device: newDeviceStore(),
			logoutOutbox: [],
			pushedRequests: new Map(),
			seenJtis: new JtiCache()
		}
	};

	// Each request is answered with its own view of the context (the same store and keys), whose
	// validations list collects the checks run for that request alone, even when requests overlap.
	const routes = lookupTable<
		(c: IssuerContext, req: HttpRequest) => HttpResponse | Promise<HttpResponse>
	>({
		[PATHS.discovery]: (c) => discovery(c),
		[PATHS.jwks]: (c) => jwks(c),
		[PATHS.authorize]: authorize,
		[PATHS.login]: login,
		[PATHS.token]: token,
		[PATHS.userinfo]: userinfo,
		[PATHS.endSession]: endSession,
		[PATHS.tokeninfo]: tokeninfo,
		[PATHS.delegation]: delegation,
		[DEVICE_PATHS.deviceAuthorization]: deviceAuthorization,
		[DEVICE_PATHS.verification]: activate,
		[PATHS.par]: pushAuthorizationRequest
	});
	const base = issuerBase(ctx.url);
	// RFC 8414 §3 puts metadata for an issuer with a path at /.well-known/…/<path>; OIDC
	// Discovery §4.1 appends it to the path. Both answer the same document.
	const rfc8414Path = `/.well-known/oauth-authorization-server${base.pathname.replace(/\/$/, '')}`;

	function routeOf(url: URL): string | undefined {
		if (url.origin !== base.origin) return undefined;
		if (url.pathname === rfc8414Path) return PATHS.discovery;
		return url.pathname.startsWith(base.pathname)
			? url.pathname.slice(base.pathname.length)
			: undefined;
	}

	async function answer(c: IssuerContext, request: HttpRequest): Promise<HttpResponse> {
		let url: URL;
		try {
			url = new URL(request.url);
		} catch {
			return oauthError(400, 'invalid_request', 'request URL is not absolute');
		}
		const path = routeOf(url);
		const route = path === undefined ? undefined : routes[path];
		if (!route)
			return {
				status: 404,
				headers: [['Content-Type', 'text/plain; charset=utf-8']],
				body: `No endpoint at ${url.pathname}`
			};
		const readOnly = path === PATHS.discovery || path === PATHS.jwks;
		if (readOnly && request.method !== 'GET' && request.method !== 'HEAD') {
			return { status: 405, headers: [['Allow', 'GET, HEAD']], body: '' };
		}
		return route(c, request);
	}

	/** Never throws: a bug answers 500 server_error, as a real server would, instead of crashing. */
	async function serve(request: HttpRequest) {
		const c: IssuerContext = { ...ctx, validations: [] };
		try {
			return { response: await answer(c, request), validations: c.validations };
		} catch {
			return {
				response: oauthError(500, 'server_error', 'the issuer failed to process this request'),
				validations: c.validations
			};
		}
	}
	const handle = async (request: HttpRequest) => (await serve(request)).response;

	return {
		url: ctx.url,
		clock: ctx.clock,
		idTokenAlgorithm,
		handle,
		serve,
		fetch: asFetch(handle),
		jwks: () => publishedJwks(ctx),
		async rotateKeys() {
			const generation = ctx.keys.generation + 1;
			const next = await loadKeys(algs, generation);
			const previous = ctx.keys.published.filter((k) => ctx.keys.active.get(k.alg) === k);
			ctx.keys = {
				active: new Map(next.map((k) => [k.alg, k])),
				published: [...next, ...previous],
				generation
			};
		},
		endSessions() {
			ctx.store.sessions.clear();
		},
		takeLogoutRequests() {
			return ctx.store.logoutOutbox.splice(0);
		}
	};
}

export type { IssuerFaults, IssuerValidation };
