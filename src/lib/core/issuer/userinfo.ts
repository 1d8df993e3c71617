import {
	bearerError,
	getHeader,
	json,
	oauthError,
	type HttpRequest,
	type HttpResponse
} from '../http';
import { claimsForScopes, parseScope } from '../scope';
import type { ValidationReport } from '../jwt/checks';
import { dpopChallenge } from '../jwt/dpop';
import { authorizeResourceRequest } from '../resource/request';
import { endpoint, PATHS, publishedJwks, type IssuerContext } from './context';
import { firstFailure, verifyOwnAccessToken } from './ownTokens';

/** Reads `Authorization: Bearer <token>` (RFC 6750 §2.1). */
export function bearerToken(req: HttpRequest): string | undefined {
	return getHeader(req, 'authorization')?.match(/^Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i)?.[1];
}

/**
 * GET|POST /userinfo: claims about the user, for a valid access token with scope openid.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 */
export async function userinfo(ctx: IssuerContext, req: HttpRequest): Promise<HttpResponse> {
	if (req.method !== 'GET' && req.method !== 'POST') {
		return oauthError(405, 'invalid_request', 'use GET or POST', [['Allow', 'GET, POST']]);
	}
	const realm = endpoint(ctx, PATHS.userinfo);
	const header = getHeader(req, 'authorization');
	if (header && /^DPoP\s/i.test(header)) return dpopUserinfo(ctx, req, realm);
	const token = bearerToken(req);
	if (!header) return bearerError(401, realm);
	if (!token)
		return bearerError(400, realm, 'invalid_request', 'Authorization header is not a Bearer token');
	const { report, revoked } = await verifyOwnAccessToken(ctx, token, realm, 'Bearer');
	if (!report.valid) return bearerError(401, realm, 'invalid_token', firstFailure(report));
	if (revoked) return bearerError(401, realm, 'invalid_token', 'the access token has been revoked');
	return userClaims(ctx, report, realm);
}

/** The same, for a DPoP-bound token with its proof (RFC 9449 §7.1). */
async function dpopUserinfo(
	ctx: IssuerContext,
	req: HttpRequest,
	realm: string
): Promise<HttpResponse> {
	const result = await authorizeResourceRequest(req, {
		issuer: ctx.url,
		audience: realm,
		realm,
		jwks: publishedJwks(ctx),
		now: ctx.clock.now(),
		replay: ctx.store.seenJtis
	});
	if (!result.ok) return result.response;
	const jti = result.report.claims?.jti;
	if (typeof jti === 'string' && ctx.store.revokedAccessTokens.has(jti))
		return json(
			401,
			{ error: 'invalid_token', error_description: 'the access token has been revoked' },
			[['WWW-Authenticate', dpopChallenge('invalid_token', 'the access token has been revoked')]]
		);
	return userClaims(ctx, result.report, realm);
}

function userClaims(ctx: IssuerContext, report: ValidationReport, realm: string): HttpResponse {
	const scopes = parseScope(String(report.claims?.scope ?? ''));
	if (!scopes.includes('openid'))
		return bearerError(403, realm, 'insufficient_scope', 'userinfo needs scope openid');
	const user = ctx.users.find((u) => u.id === report.claims?.sub);
	if (!user) return bearerError(401, realm, 'invalid_token', 'the user no longer exists');
	return json(200, { sub: user.id, ...claimsForScopes(user, scopes) });
}
