import {
	getHeader,
	json,
	oauthError,
	isForm,
	type HeaderList,
	type HttpRequest,
	type HttpResponse
} from '../http';
import { parseScope } from '../scope';
import { SPEC } from '../spec';
import { authenticateClient } from './clientAuth';
import { endpoint, PATHS, type IssuerContext } from './context';
import { mintIdToken } from './mint';
import { firstFailure, verifyOwnIdToken } from './ownTokens';
import { usableRefreshToken } from './refreshTokens';

/**
 * Auth0's legacy endpoints, kept because the id_token guide describes them. Each response says
 * it is deprecated (RFC 9745 `Deprecation`) and links its modern successor.
 */
export const LEGACY_ENDPOINTS = {
	tokeninfo: {
		path: PATHS.tokeninfo,
		successor: PATHS.userinfo,
		note: 'Deprecated: /tokeninfo takes the id_token as a credential. Use /userinfo with an access token (OIDC Core §5.3).'
	},
	delegation: {
		path: PATHS.delegation,
		successor: PATHS.token,
		note: 'Deprecated: /delegation is replaced by the refresh_token grant (renewal) and token exchange, RFC 8693 (a token for another API), at /oauth/token.'
	}
} as const;

// The day Auth0 switched new tenants to OIDC-conformant mode, which disables both endpoints.
const DEPRECATED_SINCE = Date.UTC(2017, 11, 8) / 1000;

function deprecation(ctx: IssuerContext, which: keyof typeof LEGACY_ENDPOINTS): HeaderList {
	const successor = endpoint(ctx, LEGACY_ENDPOINTS[which].successor);
	return [
		['Deprecation', `@${DEPRECATED_SINCE}`],
		['Link', `<${successor}>; rel="successor-version", <${SPEC.auth0Legacy}>; rel="deprecation"`]
	];
}

/** Legacy endpoints accepted JSON as well as forms. */
async function legacyParams(req: HttpRequest): Promise<URLSearchParams | undefined> {
	if (isForm(req)) return new URLSearchParams(req.body ?? '');
	if ((getHeader(req, 'content-type') ?? '').startsWith('application/json')) {
		try {
			const value: unknown = JSON.parse(req.body ?? '');
			if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
			const entries = Object.entries(value).filter(
				(e): e is [string, string] => typeof e[1] === 'string'
			);
			return new URLSearchParams(entries);
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/** POST /tokeninfo: id_token in, the user's full profile out. */
export async function tokeninfo(ctx: IssuerContext, req: HttpRequest): Promise<HttpResponse> {
	const headers = deprecation(ctx, 'tokeninfo');
	if (req.method !== 'POST')
		return oauthError(405, 'invalid_request', 'use POST', [['Allow', 'POST'], ...headers]);
	const params = await legacyParams(req);
	if (!params)
		return oauthError(400, 'invalid_request', 'send a JSON or form body with id_token', headers);
	const idToken = params.get('id_token');
	if (!idToken) return oauthError(400, 'invalid_request', 'id_token is missing', headers);
	const { report } = await verifyOwnIdToken(ctx, idToken);
	if (!report.valid) return oauthError(401, 'invalid_token', firstFailure(report), headers);
	const user = ctx.users.find((u) => u.id === report.claims?.sub);
	if (!user) return oauthError(401, 'invalid_token', 'the user no longer exists', headers);
	return json(
		200,
		{ user_id: user.id, sub: user.id, ...user.profile, app_metadata: user.metadata ?? {} },
		headers
	);
}

/**
 * POST /delegation: an unexpired id_token or a refresh token in, a new id_token out, for this
 * client (the old `renewIdToken`) or for another one (`target`).
 */
export async function delegation(ctx: IssuerContext, req: HttpRequest): Promise<HttpResponse> {
	const headers = deprecation(ctx, 'delegation');
	const error = (status: number, code: string, text: string) =>
		oauthError(status, code, text, headers);
	if (req.method !== 'POST')
		return oauthError(405, 'invalid_request', 'use POST', [['Allow', 'POST'], ...headers]);
	const params = await legacyParams(req);
	if (!params) return error(400, 'invalid_request', 'send a JSON or form body');
	if (params.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
		return error(
			400,
			'unsupported_grant_type',
			'grant_type must be urn:ietf:params:oauth:grant-type:jwt-bearer'
		);
	}
	// Legacy delegation identified public clients by client_id alone; confidential ones still authenticate.
	const auth = await authenticateClient(ctx, req, params);
	if ('error' in auth) return { ...auth.error, headers: [...auth.error.headers, ...headers] };
	const { client } = auth;
	const targetId = params.get('target') ?? client.client_id;
	if (!ctx.clients.some((c) => c.client_id === targetId))
		return error(400, 'invalid_request', `unknown target ${targetId}`);
	const requestedScopes = parseScope(params.get('scope') ?? 'openid');

	let userId: string;
	let authTime: number;
	const idToken = params.get('id_token');
	const refreshToken = params.get('refresh_token');
	if (idToken && refreshToken)
		return error(400, 'invalid_request', 'send id_token or refresh_token, not both');
	if (idToken) {
		const { report, client: audience } = await verifyOwnIdToken(ctx, idToken);
		if (!report.valid)
			return error(401, 'invalid_grant', `id_token is not valid: ${firstFailure(report)}`);
		if (audience?.client_id !== client.client_id)
			return error(401, 'invalid_grant', 'id_token was issued to another client');
		userId = String(report.claims?.sub);
		authTime = Number(report.claims?.auth_time ?? ctx.clock.now());
	} else if (refreshToken) {
		const found = usableRefreshToken(ctx, client, refreshToken);
		if ('error' in found) return { ...found.error, headers: [...found.error.headers, ...headers] };
		userId = found.grant.userId;
		authTime = found.grant.authTime;
	} else {
		return error(400, 'invalid_request', 'id_token or refresh_token is required');
	}
	const user = ctx.users.find((u) => u.id === userId);
	if (!user) return error(401, 'invalid_grant', 'the user no longer exists');
	const minted = await mintIdToken(ctx, {
		client,
		user,
		scopes: requestedScopes.includes('openid') ? requestedScopes : ['openid', ...requestedScopes],
		authTime,
		audience: targetId
	});
	return json(
		200,
		{ id_token: minted.token, token_type: 'Bearer', expires_in: minted.expiresIn },
		headers
	);
}
