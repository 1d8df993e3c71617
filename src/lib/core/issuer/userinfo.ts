import {
	bearerError,
	getHeader,
	json,
	oauthError,
	type HttpRequest,
	type HttpResponse
} from '../http';
import { claimsForScopes, parseScope } from '../scope';
import { endpoint, PATHS, type IssuerContext } from './context';
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
	const token = bearerToken(req);
	if (!header) return bearerError(401, realm);
	if (!token)
		return bearerError(400, realm, 'invalid_request', 'Authorization header is not a Bearer token');
	const { report, revoked } = await verifyOwnAccessToken(ctx, token, realm);
	if (!report.valid) return bearerError(401, realm, 'invalid_token', firstFailure(report));
	if (revoked) return bearerError(401, realm, 'invalid_token', 'the access token has been revoked');
	const scopes = parseScope(String(report.claims?.scope ?? ''));
	if (!scopes.includes('openid'))
		return bearerError(403, realm, 'insufficient_scope', 'userinfo needs scope openid');
	const user = ctx.users.find((u) => u.id === report.claims?.sub);
	if (!user) return bearerError(401, realm, 'invalid_token', 'the user no longer exists');
	return json(200, { sub: user.id, ...claimsForScopes(user, scopes) });
}
