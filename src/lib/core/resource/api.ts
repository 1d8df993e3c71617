import type { JSONWebKeySet } from 'jose';
import type { ValidationReport } from '../jwt/checks';
import type { Clock } from '../clock';
import { json, type HttpRequest, type HttpResponse } from '../http';
import { DpopNonces } from '../jwt/dpopNonce';
import { JtiCache } from '../jwt/replay';
import { authorizeResourceRequest } from './request';

export interface ApiRoute {
	method: string;
	path: string;
	/** Scopes the token must grant. */
	scopes: string[];
	/** Builds the answer for an authorised caller. */
	respond(claims: Record<string, unknown>): unknown;
}

export interface ApiOptions {
	/** This resource server's identifier; tokens must carry it in `aud`. */
	audience: string;
	issuer: string;
	/** The issuer's keys, as the API fetched and cached them. */
	jwks: () => JSONWebKeySet | Promise<JSONWebKeySet>;
	clock: Clock;
	routes?: ApiRoute[];
	/**
	 * Require a DPoP nonce of this resource server in every proof (RFC 9449 §9): a proof without
	 * it is answered 401 use_dpop_nonce with the nonce to use. Off by default (a MAY).
	 */
	dpopNonce?: boolean;
}

export interface ApiResult {
	response: HttpResponse;
	/** The bearer-token validation, when a token was checked. */
	report?: ValidationReport;
}

export const DEFAULT_ROUTES: ApiRoute[] = [
	{
		method: 'GET',
		path: '/messages',
		scopes: ['read:messages'],
		respond: (claims) => ({
			messages: [
				{ id: 1, text: 'Tokens are checked locally: no call to the issuer was needed.' },
				{ id: 2, text: `Hello, ${String(claims.sub)}.` }
			]
		})
	},
	{
		// A second resource under the same audience: a DPoP proof names the one URL it is for.
		method: 'GET',
		path: '/messages/archive',
		scopes: ['read:messages'],
		respond: () => ({ messages: [] })
	}
];

/**
 * A resource server: validates the access token (Bearer or DPoP-bound) locally, with the issuer's keys, on
 * every request. It cannot know of a logout or revocation at the issuer.
 */
export function createApi(options: ApiOptions) {
	const routes = options.routes ?? DEFAULT_ROUTES;
	const base = new URL(options.audience);
	const realm = options.audience;
	// DPoP proofs seen here, so a captured proof cannot be replayed (RFC 9449 §11.1).
	const replay = new JtiCache();
	// This server's own nonces; an authorization server's are not accepted here (RFC 9449 §9).
	const nonces = options.dpopNonce ? new DpopNonces() : undefined;

	async function serve(req: HttpRequest): Promise<ApiResult> {
		const url = URL.canParse(req.url) ? new URL(req.url) : undefined;
		const route =
			url?.origin === base.origin ? routes.find((r) => r.path === url.pathname) : undefined;
		if (!route)
			return {
				response: {
					status: 404,
					headers: [['Content-Type', 'text/plain; charset=utf-8']],
					body: 'Not Found'
				}
			};
		if (route.method !== req.method)
			return { response: { status: 405, headers: [['Allow', route.method]], body: '' } };
		// Bearer (RFC 6750) or DPoP-bound (RFC 9449 §7) tokens, checked locally with the issuer's keys.
		const result = await authorizeResourceRequest(req, {
			issuer: options.issuer,
			audience: options.audience,
			realm,
			jwks: await options.jwks(),
			requiredScopes: route.scopes,
			now: options.clock.now(),
			replay,
			nonces
		});
		if (!result.ok) return { response: result.response, report: result.report };
		const { report } = result;
		return { response: json(200, route.respond(report.claims ?? {})), report };
	}

	return {
		audience: options.audience,
		serve,
		handle: async (req: HttpRequest) => (await serve(req)).response
	};
}

export type ResourceServer = ReturnType<typeof createApi>;
