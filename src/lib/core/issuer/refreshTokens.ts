/**
 * Refresh tokens (RFC 6749 §6): issued by the token endpoint's grants and the device grant,
 * rotated on use, and revoked as a family when one is replayed (RFC 9700 §4.14.2).
 */
import type { Client } from '../data';
import { oauthError, type HttpResponse } from '../http';
import { randomToken } from '../random';
import type { IssuerContext, RefreshGrant } from './context';

/** The token endpoint's refusal of a grant it cannot honour (RFC 6749 §5.2). */
export const invalidGrant = (description: string) => oauthError(400, 'invalid_grant', description);

/** Stores a new refresh token of a grant family and gives its value. */
export function issueRefreshToken(
	ctx: IssuerContext,
	opts: {
		family: string;
		client: Client;
		userId: string;
		scopes: string[];
		audience?: string;
		authTime: number;
		sid?: string;
		jkt?: string;
	}
): string {
	const value = randomToken(32);
	const grant: RefreshGrant = {
		family: opts.family,
		clientId: opts.client.client_id,
		userId: opts.userId,
		scopes: opts.scopes,
		audience: opts.audience,
		authTime: opts.authTime,
		expiresAt: ctx.clock.now() + opts.client.refresh_token_lifetime,
		used: false,
		sid: opts.sid,
		// A public client's refresh token is bound to its DPoP key; a confidential client's is
		// already bound to its credentials (RFC 9449 §5).
		...(opts.jkt !== undefined &&
			opts.client.token_endpoint_auth_method === 'none' && { jkt: opts.jkt })
	};
	ctx.store.refreshTokens.set(value, grant);
	return value;
}

/** Revokes a family: its refresh tokens and the access tokens issued with them. */
export function revokeFamily(ctx: IssuerContext, family: string): void {
	ctx.store.revokedFamilies.add(family);
	for (const jti of ctx.store.familyAccessTokens.get(family) ?? [])
		ctx.store.revokedAccessTokens.add(jti);
}

/** Looks up a refresh token and refuses it the way RFC 6749 §6 and RFC 9700 §4.14 ask. */
export function usableRefreshToken(
	ctx: IssuerContext,
	client: Client,
	value: string | null
): { grant: RefreshGrant } | { error: HttpResponse } {
	if (!value) return { error: oauthError(400, 'invalid_request', 'refresh_token is missing') };
	const grant = ctx.store.refreshTokens.get(value);
	if (!grant) return { error: invalidGrant('unknown refresh token') };
	if (grant.clientId !== client.client_id)
		return { error: invalidGrant('this refresh token was issued to another client') };
	if (ctx.store.revokedFamilies.has(grant.family))
		return { error: invalidGrant('this refresh token has been revoked') };
	if (grant.used) {
		// Rotation made this token obsolete; seeing it again means someone holds a stolen copy.
		revokeFamily(ctx, grant.family);
		return {
			error: invalidGrant(
				'refresh token reuse detected: it was already rotated, so its whole family is revoked'
			)
		};
	}
	if (grant.expiresAt <= ctx.clock.now())
		return { error: invalidGrant('refresh token has expired') };
	return { grant };
}
