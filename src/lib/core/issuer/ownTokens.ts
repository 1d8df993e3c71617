import { validateAccessToken } from '../resource/accessToken';
import { isFailure, type ValidationReport } from '../jwt/checks';
import type { Client } from '../data';
import { decodeJwt } from '../jwt/decode';
import { validateIdToken } from '../client/idToken';
import { publishedJwks, type IssuerContext } from './context';

/** First failed check, phrased for an error_description. */
export function firstFailure(report: ValidationReport): string {
	const failed = report.checks.find(isFailure);
	return failed ? `${failed.id}: ${failed.detail}` : 'invalid token';
}

/** Checks an access token this issuer minted, including revocation, which only the issuer knows. */
export async function verifyOwnAccessToken(
	ctx: IssuerContext,
	token: string,
	audience: string,
	presentation?: 'Bearer' | 'DPoP'
): Promise<{ report: ValidationReport; revoked: boolean }> {
	const report = await validateAccessToken(token, {
		issuer: ctx.url,
		audience,
		jwks: publishedJwks(ctx),
		now: ctx.clock.now(),
		presentation
	});
	const jti = report.claims?.jti;
	const revoked = typeof jti === 'string' && ctx.store.revokedAccessTokens.has(jti);
	return { report, revoked };
}

/** Checks an id_token this issuer minted for one of its clients (legacy endpoints, token exchange). */
export async function verifyOwnIdToken(
	ctx: IssuerContext,
	token: string
): Promise<{ report: ValidationReport; client?: Client }> {
	const aud = decodeJwt(token).payload?.aud;
	const clientId = Array.isArray(aud) ? aud[0] : aud;
	const client = ctx.clients.find((c) => c.client_id === clientId);
	const report = await validateIdToken(token, {
		issuer: ctx.url,
		clientId: typeof clientId === 'string' ? clientId : '',
		jwks: publishedJwks(ctx),
		clientSecret: client?.client_secret,
		trustedAudiences: ctx.clients.map((c) => c.client_id),
		now: ctx.clock.now()
	});
	return { report, client };
}
