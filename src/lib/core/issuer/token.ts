import { DEVICE_CODE_GRANT, type Client } from '../data';
import { json, oauthError, type HttpRequest, type HttpResponse } from '../http';
import { randomToken } from '../random';
import { parseScope } from '../scope';
import { authenticatedForm } from './clientForm';
import { redeemDeviceCode } from './device';
import { endpoint, PATHS, recordValidation, type IssuerContext } from './context';
import { boundKeyProblem, tokenRequestProof } from './dpopProof';
import { codeVerifierReport } from './pkce';
import { SPEC } from '../spec';
import { mintAccessToken, mintIdToken } from './mint';
import { firstFailure, verifyOwnAccessToken, verifyOwnIdToken } from './ownTokens';
import { invalidGrant, issueRefreshToken, revokeFamily, usableRefreshToken } from './refreshTokens';

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const TOKEN_TYPE = {
	accessToken: 'urn:ietf:params:oauth:token-type:access_token',
	idToken: 'urn:ietf:params:oauth:token-type:id_token'
} as const;
export const GRANT_TYPES = [
	'authorization_code',
	'refresh_token',
	TOKEN_EXCHANGE,
	DEVICE_CODE_GRANT
];

/**
 * POST /oauth/token
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export async function token(ctx: IssuerContext, req: HttpRequest): Promise<HttpResponse> {
	const request = await authenticatedForm(ctx, req, 'token endpoint');
	if ('error' in request) return request.error;
	const { body, client } = request;
	// With a DPoP proof, the tokens are bound to the client's key (RFC 9449 §5).
	const proof = await tokenRequestProof(ctx, req);
	if ('error' in proof) return proof.error;
	const grantType = body.get('grant_type');
	switch (grantType) {
		case 'authorization_code':
			return redeemCode(ctx, client, body, proof.jkt);
		case 'refresh_token':
			return refresh(ctx, client, body, proof.jkt);
		case TOKEN_EXCHANGE:
			return exchange(ctx, client, body, proof.jkt);
		case DEVICE_CODE_GRANT:
			return redeemDeviceCode(ctx, client, body, proof.jkt);
		case null:
			return oauthError(400, 'invalid_request', 'grant_type is missing');
		default:
			return oauthError(
				400,
				'unsupported_grant_type',
				`grant_type ${grantType} is not supported; use one of ${GRANT_TYPES.join(', ')}`
			);
	}
}

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3 and RFC 7636 §4.6 */
async function redeemCode(
	ctx: IssuerContext,
	client: Client,
	body: URLSearchParams,
	jkt: string | undefined
): Promise<HttpResponse> {
	const code = body.get('code');
	if (!code) return oauthError(400, 'invalid_request', 'code is missing');
	const grant = ctx.store.codes.get(code);
	if (!grant) return invalidGrant('unknown authorization code');
	if (grant.request.client.client_id !== client.client_id)
		return invalidGrant('this code was issued to another client');
	if (grant.used) {
		// A replayed code means it leaked: revoke everything its first use issued (RFC 6749 §4.1.2).
		if (grant.issuedFamily) revokeFamily(ctx, grant.issuedFamily);
		for (const jti of grant.issuedAccessTokens) ctx.store.revokedAccessTokens.add(jti);
		return invalidGrant(
			'authorization code was already used; the tokens it issued are now revoked'
		);
	}
	if (grant.expiresAt <= ctx.clock.now()) return invalidGrant('authorization code has expired');
	if (body.get('redirect_uri') !== grant.request.redirectUri) {
		return invalidGrant('redirect_uri does not match the one in the authorization request');
	}
	// The code_verifier must hash to the request's code_challenge (RFC 7636 §4.6).
	const pkce = await codeVerifierReport(grant.request.codeChallenge, body.get('code_verifier'));
	if (pkce) {
		recordValidation(ctx, 'verify-code-verifier', pkce);
		const failed = pkce.checks.find((c) => c.status === 'failed');
		if (failed) return invalidGrant(failed.detail);
	}
	// A code bound to a DPoP key by dpop_jkt redeems only with a proof of that key (RFC 9449 §10).
	const unbound = boundKeyProblem(
		ctx,
		{
			id: 'dpop_jkt',
			label: 'Proof key is the one the code is bound to (dpop_jkt)',
			spec: SPEC.dpopCodeBinding,
			bound: grant.request.dpopJkt,
			what: 'this authorization code'
		},
		jkt
	);
	if (unbound) return invalidGrant(unbound);
	grant.used = true;

	const user = ctx.users.find((u) => u.id === grant.userId);
	if (!user) return invalidGrant('the user of this code no longer exists');
	const { scopes, audience, nonce } = grant.request;
	const family = scopes.includes('offline_access') ? randomToken(16) : undefined;
	const access = await mintAccessToken(ctx, {
		client,
		userId: user.id,
		scopes,
		authTime: grant.authTime,
		audience,
		family,
		jkt
	});
	grant.issuedAccessTokens.push(access.jti);
	const response: Record<string, unknown> = {
		access_token: access.token,
		token_type: jkt ? 'DPoP' : 'Bearer',
		expires_in: access.expiresIn,
		scope: scopes.join(' ')
	};
	if (scopes.includes('openid')) {
		const idToken = await mintIdToken(ctx, {
			client,
			user,
			scopes,
			authTime: grant.authTime,
			nonce,
			accessToken: access.token,
			sid: grant.sid
		});
		response.id_token = idToken.token;
	}
	if (family) {
		grant.issuedFamily = family;
		response.refresh_token = issueRefreshToken(ctx, {
			family,
			client,
			userId: user.id,
			scopes,
			audience,
			authTime: grant.authTime,
			sid: grant.sid,
			jkt
		});
	}
	return json(200, response);
}

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-6 with rotation (RFC 9700 §4.14.2) */
async function refresh(
	ctx: IssuerContext,
	client: Client,
	body: URLSearchParams,
	jkt: string | undefined
): Promise<HttpResponse> {
	const found = usableRefreshToken(ctx, client, body.get('refresh_token'));
	if ('error' in found) return found.error;
	const { grant } = found;
	// A public client's refresh token is bound to its DPoP key (RFC 9449 §5).
	const unbound = boundKeyProblem(
		ctx,
		{
			id: 'refresh_token_binding',
			label: 'Proof key is the one the refresh token is bound to',
			spec: SPEC.dpopRefresh,
			bound: grant.jkt,
			what: 'this refresh token'
		},
		jkt
	);
	if (unbound) return invalidGrant(unbound);
	const requested = body.has('scope') ? parseScope(body.get('scope')) : grant.scopes;
	const extra = requested.filter((s) => !grant.scopes.includes(s));
	if (extra.length)
		return oauthError(400, 'invalid_scope', `scope ${extra.join(' ')} was not granted originally`);
	const user = ctx.users.find((u) => u.id === grant.userId);
	if (!user) return invalidGrant('the user of this refresh token no longer exists');

	grant.used = true;
	const access = await mintAccessToken(ctx, {
		client,
		userId: user.id,
		scopes: requested,
		authTime: grant.authTime,
		audience: grant.audience,
		family: grant.family,
		jkt
	});
	const response: Record<string, unknown> = {
		access_token: access.token,
		token_type: jkt ? 'DPoP' : 'Bearer',
		expires_in: access.expiresIn,
		scope: requested.join(' '),
		refresh_token: issueRefreshToken(ctx, { ...grant, client, scopes: grant.scopes, jkt })
	};
	if (requested.includes('openid')) {
		const idToken = await mintIdToken(ctx, {
			client,
			user,
			scopes: requested,
			authTime: grant.authTime,
			accessToken: access.token,
			sid: grant.sid
		});
		response.id_token = idToken.token;
	}
	return json(200, response);
}

/**
 * Token exchange: a token for another API, in exchange for one the client holds. The modern
 * form of the legacy /delegation endpoint.
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2
 */
async function exchange(
	ctx: IssuerContext,
	client: Client,
	body: URLSearchParams,
	jkt: string | undefined
): Promise<HttpResponse> {
	const subjectToken = body.get('subject_token');
	const subjectType = body.get('subject_token_type');
	if (!subjectToken) return oauthError(400, 'invalid_request', 'subject_token is missing');
	if (subjectType !== TOKEN_TYPE.accessToken && subjectType !== TOKEN_TYPE.idToken) {
		return oauthError(
			400,
			'invalid_request',
			`subject_token_type must be ${TOKEN_TYPE.accessToken} or ${TOKEN_TYPE.idToken}`
		);
	}
	const requestedType = body.get('requested_token_type');
	if (requestedType !== null && requestedType !== TOKEN_TYPE.accessToken) {
		return oauthError(400, 'invalid_request', `only ${TOKEN_TYPE.accessToken} can be requested`);
	}
	const audience = body.get('audience') ?? body.get('resource');
	const api = ctx.apis.find((a) => a.identifier === audience);
	if (!api) {
		return oauthError(
			400,
			'invalid_target',
			audience
				? `no API is registered as ${audience}`
				: 'audience is missing: name the API the new token is for'
		);
	}

	let userId: string;
	let authTime: number;
	if (subjectType === TOKEN_TYPE.accessToken) {
		const { report, revoked } = await verifyOwnAccessToken(
			ctx,
			subjectToken,
			endpoint(ctx, PATHS.userinfo)
		);
		if (!report.valid) return invalidGrant(`subject_token is not valid: ${firstFailure(report)}`);
		if (revoked) return invalidGrant('subject_token has been revoked');
		if (report.claims?.client_id !== client.client_id)
			return invalidGrant('subject_token was issued to another client');
		userId = String(report.claims?.sub);
		authTime = Number(report.claims?.auth_time ?? ctx.clock.now());
	} else {
		const { report, client: audienceClient } = await verifyOwnIdToken(ctx, subjectToken);
		if (!report.valid) return invalidGrant(`subject_token is not valid: ${firstFailure(report)}`);
		if (audienceClient?.client_id !== client.client_id)
			return invalidGrant('subject_token was issued to another client');
		userId = String(report.claims?.sub);
		authTime = Number(report.claims?.auth_time ?? ctx.clock.now());
	}
	// Policy of this mock: a client may act for its user at any registered API, within that API's scopes.
	const requested = body.has('scope') ? parseScope(body.get('scope')) : api.scopes;
	const unknown = requested.filter((s) => !api.scopes.includes(s));
	if (unknown.length)
		return oauthError(400, 'invalid_scope', `${api.name} has no scope ${unknown.join(' ')}`);

	const access = await mintAccessToken(ctx, {
		client,
		userId,
		scopes: requested,
		authTime,
		audience: api.identifier,
		jkt
	});
	return json(200, {
		access_token: access.token,
		issued_token_type: TOKEN_TYPE.accessToken,
		token_type: jkt ? 'DPoP' : 'Bearer',
		expires_in: access.expiresIn,
		scope: requested.join(' ')
	});
}
