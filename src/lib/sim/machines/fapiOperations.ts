/**
 * The FAPI-shaped client's steps: PAR with a signed request object and private_key_jwt
 * (RFC 9126, RFC 9101, RFC 7523), and DPoP-bound tokens (RFC 9449). The shared client operations
 * hand over to these when the client is set up for them.
 */
import {
	bearerRequest,
	codeRedemptionRequest,
	createAuthorizationRequest,
	generateDpopKey,
	pushedAuthorizationRequest,
	pushedAuthorizationUrl,
	readJson,
	refreshRequest,
	withClientAssertion,
	withDpopProof,
	type DpopKey,
	type HttpRequest,
	type HttpResponse,
	type PendingAuthorization,
	type ProviderMetadata
} from '../../core/index';
import { ClientError, type ClientDeps, type ClientSession } from './clientSession';
import { receivedTokens } from './tokenResponse';

type WithPar = ProviderMetadata & { pushed_authorization_request_endpoint?: string };

/**
 * Pushes the authorization request to the PAR endpoint as a signed request object, then sends
 * the browser to /authorize with only client_id and the request_uri it got back.
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2
 */
export async function pushAuthorization(
	deps: ClientDeps,
	metadata: WithPar
): Promise<PendingAuthorization> {
	const { config } = deps;
	const key = config.signingKey!;
	const parEndpoint = metadata.pushed_authorization_request_endpoint;
	if (!parEndpoint) throw new ClientError('par_not_supported', 'discovery names no PAR endpoint');
	// The same request the browser would carry (state, nonce, PKCE), now for the back channel.
	const pending = await createAuthorizationRequest(metadata, {
		clientId: config.credentials.clientId,
		redirectUri: config.redirectUri,
		scope: config.scope,
		responseType: config.responseType,
		audience: config.audience
	});
	const params = Object.fromEntries(new URL(pending.url).searchParams);
	const response = await deps.network.send(
		'client',
		await pushedAuthorizationRequest(parEndpoint, key, {
			issuer: metadata.issuer,
			now: deps.now(),
			params
		}),
		{
			note: 'The whole authorization request goes over the back channel, as a request object signed with the client’s key; a client_assertion signed with the same key authenticates the client (private_key_jwt). No secret exists to leak, and nothing of the request travels through the browser.'
		}
	);
	const body = readJson(response);
	if (response.status !== 201 || typeof body.request_uri !== 'string')
		throw new ClientError(
			String(body.error ?? `http_${response.status}`),
			String(body.error_description ?? 'the PAR endpoint gave no request_uri')
		);
	const url = pushedAuthorizationUrl(
		metadata.authorization_endpoint,
		config.credentials.clientId,
		body.request_uri
	);
	deps.navigate({ method: 'GET', url, headers: [] }, 'top');
	return { ...pending, url };
}

/** The client's DPoP key, made on first use and kept for the session's lifetime. */
async function dpopKeyOf(session: ClientSession): Promise<DpopKey> {
	return session.dpopKey ?? generateDpopKey('ES256');
}

/** Adds what this client proves at the token endpoint: a key-signed assertion, a DPoP proof. */
async function authenticated(
	deps: ClientDeps,
	session: ClientSession,
	request: HttpRequest
): Promise<{ request: HttpRequest; dpopKey?: DpopKey }> {
	const { config } = deps;
	const now = deps.now();
	let signed = request;
	if (config.signingKey)
		signed = await withClientAssertion(signed, config.signingKey, {
			issuer: session.metadata!.issuer,
			now
		});
	if (!config.dpop) return { request: signed };
	const dpopKey = await dpopKeyOf(session);
	return { request: await withDpopProof(signed, dpopKey, { now }), dpopKey };
}

function tokenNote(deps: ClientDeps, grant: 'code' | 'refresh'): string {
	const parts = [
		deps.config.signingKey &&
			'The client authenticates with a fresh client_assertion, a JWT signed with its private key (private_key_jwt).',
		deps.config.dpop &&
			(grant === 'code'
				? 'A DPoP proof signed with the client’s own key goes with the request: the issuer binds the new tokens to that key (cnf.jkt).'
				: 'The refresh token is bound to the client’s DPoP key, so the refresh needs a fresh proof made with it.')
	];
	return parts.filter(Boolean).join(' ');
}

/** The tokens the answer carries; a DPoP client expects them bound to its key (token_type DPoP). */
function received(
	deps: ClientDeps,
	response: HttpResponse,
	source: 'token' | 'renewal'
): Partial<ClientSession> {
	return receivedTokens(response, source, deps.config.dpop ? 'DPoP' : 'Bearer');
}

/** Redeems the code with private_key_jwt and/or a DPoP proof. */
export async function redeemCodeWithProofs(
	deps: ClientDeps,
	session: ClientSession
): Promise<Partial<ClientSession>> {
	const { request, dpopKey } = await authenticated(
		deps,
		session,
		codeRedemptionRequest(
			session.metadata!,
			deps.config.credentials,
			session.received!.code!,
			session.pending!
		)
	);
	const response = await deps.network.send('client', request, { note: tokenNote(deps, 'code') });
	return { ...received(deps, response, 'token'), dpopKey };
}

/** Refreshes with private_key_jwt and/or a DPoP proof. */
export async function refreshWithProofs(
	deps: ClientDeps,
	session: ClientSession
): Promise<Partial<ClientSession>> {
	if (!session.refreshToken)
		throw new ClientError('no_refresh_token', 'no refresh token: ask for scope offline_access');
	const { request, dpopKey } = await authenticated(
		deps,
		session,
		refreshRequest(session.metadata!, deps.config.credentials, session.refreshToken)
	);
	const response = await deps.network.send('client', request, {
		note: tokenNote(deps, 'refresh')
	});
	return { ...received(deps, response, 'renewal'), dpopKey };
}

/**
 * Calls the API with a DPoP-bound access token: `Authorization: DPoP <token>` and a fresh proof
 * for this method and URL, tied to the token by `ath`.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
 */
export async function callApiWithDpop(
	deps: ClientDeps,
	session: ClientSession,
	url: string
): Promise<Partial<ClientSession>> {
	if (!session.accessToken || !session.dpopKey)
		throw new ClientError('no_token', 'no DPoP-bound access token to call the API with');
	const request = await withDpopProof(
		bearerRequest('GET', url, session.accessToken),
		session.dpopKey,
		{ now: deps.now(), accessToken: session.accessToken }
	);
	return {
		lastResponse: await deps.network.send('client', request, {
			note: 'The access token goes in the DPoP scheme with a fresh proof for this method and URL, tied to the token by ath. A copy of the token alone is useless.'
		})
	};
}
