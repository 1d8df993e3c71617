/**
 * Telling clients that a session ended: a signed logout token POSTed to each back-channel
 * logout URI (Back-Channel Logout 1.0), and iframes for front-channel logout URIs
 * (Front-Channel Logout 1.0).
 */
import { SignJWT } from 'jose';
import type { Client } from '../data';
import { formBody, type HttpRequest } from '../http';
import { secretKey } from '../jwt/keys';
import { BACKCHANNEL_LOGOUT_EVENT, LOGOUT_TOKEN_TYPE } from '../client/logoutToken';
import { randomToken } from '../random';
import type { IssuerContext, Session } from './context';

/** Logout tokens are for immediate delivery: two minutes is plenty. */
export const LOGOUT_TOKEN_LIFETIME = 120;

/**
 * A logout token (§2.4): like an id_token, signed the same way, but explicitly typed, with an
 * `events` claim and never a `nonce`, so neither can pass for the other.
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#LogoutToken
 */
export async function mintLogoutToken(
	ctx: IssuerContext,
	input: { client: Client; sub?: string; sid?: string }
): Promise<string> {
	const now = ctx.clock.now();
	const signer = new SignJWT({
		iss: ctx.url,
		aud: input.client.client_id,
		iat: now,
		exp: now + LOGOUT_TOKEN_LIFETIME,
		jti: randomToken(16),
		events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
		...(input.sub !== undefined && { sub: input.sub }),
		...(input.sid !== undefined && { sid: input.sid }),
		// Only a faulty issuer does this; the relying party must refuse it (§2.6 step 7).
		...(ctx.faults?.logoutTokenNonce && { nonce: randomToken(16) })
	});
	const secret = input.client.client_secret;
	if (ctx.idTokenAlgorithm === 'HS256' && secret)
		return signer
			.setProtectedHeader({ alg: 'HS256', typ: LOGOUT_TOKEN_TYPE })
			.sign(secretKey(secret));
	const key =
		ctx.idTokenAlgorithm === 'HS256'
			? ctx.keys.active.get(ctx.accessTokenAlgorithm)
			: ctx.keys.active.get(ctx.idTokenAlgorithm);
	if (!key) throw new Error('no active signing key');
	return signer
		.setProtectedHeader({ alg: key.alg, kid: key.kid, typ: LOGOUT_TOKEN_TYPE })
		.sign(key.privateKey);
}

/**
 * The back-channel logout request (§2.5): a form POST of `logout_token`, sent by the issuer
 * itself, server to server, never through the browser.
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#BCRequest
 */
export function backchannelLogoutRequest(uri: string, logoutToken: string): HttpRequest {
	return {
		method: 'POST',
		url: uri,
		headers: [['Content-Type', 'application/x-www-form-urlencoded']],
		body: formBody({ logout_token: logoutToken })
	};
}

/** The front-channel logout URI with `iss` and `sid` added, keeping its own query (Front-Channel §2). */
export function frontchannelLogoutUrl(
	client: Client,
	issuer: string,
	sid?: string
): string | undefined {
	if (!client.frontchannel_logout_uri) return undefined;
	const url = new URL(client.frontchannel_logout_uri);
	// If either is included, both must be (Front-Channel Logout §2).
	if (sid !== undefined) {
		url.searchParams.set('iss', issuer);
		url.searchParams.set('sid', sid);
	}
	return url.href;
}

/**
 * Notifies every client that received tokens in this session: queues back-channel POSTs in the
 * outbox and returns the front-channel URIs for the signed-out page to load.
 */
export async function notifyLogout(
	ctx: IssuerContext,
	session: Session
): Promise<{ frontchannel: string[]; backchannel: HttpRequest[] }> {
	const frontchannel: string[] = [];
	const backchannel: HttpRequest[] = [];
	for (const clientId of session.clients ?? []) {
		const client = ctx.clients.find((c) => c.client_id === clientId);
		if (!client) continue;
		if (client.backchannel_logout_uri) {
			const token = await mintLogoutToken(ctx, {
				client,
				sub: session.userId,
				sid: session.claimSid
			});
			backchannel.push(backchannelLogoutRequest(client.backchannel_logout_uri, token));
		}
		const front = frontchannelLogoutUrl(client, ctx.url, session.claimSid);
		if (front) frontchannel.push(front);
	}
	ctx.store.logoutOutbox.push(...backchannel);
	return { frontchannel, backchannel };
}
