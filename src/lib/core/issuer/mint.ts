import { SignJWT, type JWTPayload } from 'jose';
import type { Client, User } from '../data';
import { halfHash } from '../jwt/hashes';
import { encryptIdTokenFor, wantsEncryptedIdToken } from '../jwt/jwe';
import { secretKey } from '../jwt/keys';
import { randomToken } from '../random';
import { applyRules } from './rules';
import { claimsForScopes } from '../scope';
import { endpoint, PATHS, type IssuerContext } from './context';

export interface IdTokenInput {
	client: Client;
	user: User;
	scopes: string[];
	authTime: number;
	nonce?: string;
	/** Issued alongside: their hashes bind them to this id_token. */
	accessToken?: string;
	code?: string;
	/** Another client the token is for (legacy delegation); the requester becomes `azp`. */
	audience?: string;
	lifetime?: number;
	/** The issuer session's public id, for clients registered for session-based logout. */
	sid?: string;
}

export interface Minted {
	token: string;
	expiresIn: number;
}

/** Signs an id_token with the configured algorithm, after the rules have shaped it. */
export async function mintIdToken(ctx: IssuerContext, input: IdTokenInput): Promise<Minted> {
	const now = ctx.clock.now();
	const target = input.audience
		? ctx.clients.find((c) => c.client_id === input.audience)
		: undefined;
	const jwtConfig = applyRules(ctx.rules, {
		lifetimeInSeconds:
			input.lifetime ?? ctx.idTokenLifetime ?? (target ?? input.client).id_token_lifetime,
		scopes: input.scopes,
		customClaims: {}
	});
	const alg = ctx.idTokenAlgorithm;
	const payload: JWTPayload = {
		iss: ctx.url,
		sub: input.user.id,
		aud: input.audience ?? input.client.client_id,
		exp: now + jwtConfig.lifetimeInSeconds,
		iat: now,
		auth_time: input.authTime,
		...(input.nonce !== undefined && { nonce: input.nonce }),
		...(input.audience &&
			input.audience !== input.client.client_id && { azp: input.client.client_id }),
		...(input.sid !== undefined && wantsSid(target ?? input.client) && { sid: input.sid }),
		...claimsForScopes(input.user, jwtConfig.scopes),
		...jwtConfig.customClaims
	};
	if (input.accessToken) payload.at_hash = await halfHash(input.accessToken, alg);
	if (input.code) payload.c_hash = await halfHash(input.code, alg);

	const signer = new SignJWT(payload);
	let token: string;
	if (alg === 'HS256') {
		// Symmetric id_tokens are keyed with the client secret of the audience (OIDC Core §10.1).
		const secret = (target ?? input.client).client_secret;
		if (!secret) throw new Error(`HS256 needs a client secret; ${input.client.client_id} has none`);
		token = await signer.setProtectedHeader({ alg, typ: 'JWT' }).sign(secretKey(secret));
	} else {
		const key = ctx.keys.active.get(alg);
		if (!key) throw new Error(`no active ${alg} key`);
		token = await signer.setProtectedHeader({ alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
	}
	// Signed, then encrypted, for a client that registered an encryption key (OIDC Core §10.2).
	const recipient = target ?? input.client;
	if (wantsEncryptedIdToken(recipient)) token = await encryptIdTokenFor(recipient, token);
	return { token, expiresIn: jwtConfig.lifetimeInSeconds };
}

/** Only clients registered for logout by session learn the session id (Back-Channel §2.1, Front-Channel §3). */
function wantsSid(client: Client): boolean {
	return !!(client.backchannel_logout_uri || client.frontchannel_logout_uri);
}

export interface AccessTokenInput {
	client: Client;
	userId: string;
	scopes: string[];
	authTime: number;
	audience?: string;
	family?: string;
	/** DPoP key thumbprint the token is bound to (RFC 9449 §6.1). */
	jkt?: string;
}

/** A JWT access token profiled by RFC 9068 (`typ: at+jwt`), always asymmetrically signed. */
export async function mintAccessToken(
	ctx: IssuerContext,
	input: AccessTokenInput
): Promise<Minted & { jti: string }> {
	const now = ctx.clock.now();
	const lifetime = ctx.accessTokenLifetime ?? input.client.access_token_lifetime;
	const userinfo = endpoint(ctx, PATHS.userinfo);
	// With openid in scope the token also serves /userinfo, as Auth0's do.
	const aud = [input.audience, input.scopes.includes('openid') ? userinfo : undefined].filter(
		(a): a is string => !!a
	);
	const jti = randomToken(16);
	const key = ctx.keys.active.get(ctx.accessTokenAlgorithm);
	if (!key) throw new Error(`no active ${ctx.accessTokenAlgorithm} key`);
	const token = await new SignJWT({
		iss: ctx.url,
		sub: input.userId,
		aud: aud.length === 1 ? aud[0] : aud.length ? aud : userinfo,
		exp: now + lifetime,
		iat: now,
		jti,
		client_id: input.client.client_id,
		auth_time: input.authTime,
		scope: input.scopes.join(' '),
		...(input.jkt !== undefined && { cnf: { jkt: input.jkt } })
	})
		.setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
		.sign(key.privateKey);
	if (input.family) {
		const list = ctx.store.familyAccessTokens.get(input.family) ?? [];
		list.push(jti);
		ctx.store.familyAccessTokens.set(input.family, list);
	}
	return { token, expiresIn: lifetime, jti };
}
