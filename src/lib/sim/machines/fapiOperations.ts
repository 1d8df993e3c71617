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
	getHeader,
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

/**
 * The DPoP nonce each server last handed this client (RFC 9449 §8, §9), by the server's origin:
 * a nonce is good only at the server that gave it. One map per run (its network).
 */
const dpopNonces = new WeakMap<ClientDeps['network'], Map<string, string>>();

function noncesOf(deps: ClientDeps): Map<string, string> {
	let nonces = dpopNonces.get(deps.network);
	if (!nonces) dpopNonces.set(deps.network, (nonces = new Map()));
	return nonces;
}

/** The server refused the proof for want of its nonce: 400 at an issuer (§8), 401 at an API (§9). */
function asksForNonce(response: HttpResponse): boolean {
	if (response.status === 400) return readJson(response).error === 'use_dpop_nonce';
	return (
		response.status === 401 &&
		/error="use_dpop_nonce"/.test(getHeader(response, 'www-authenticate') ?? '')
	);
}

/**
 * Sends a request that carries a DPoP proof, built by `build` with the nonce the server last gave
 * (if any). A server that answers use_dpop_nonce with a DPoP-Nonce gets the request once more,
 * with a new proof (and everything else signed anew) carrying that nonce; any DPoP-Nonce an
 * answer carries is kept for the next proof to that server (RFC 9449 §8, §8.2, §9).
 */
async function sendWithDpop(
	deps: ClientDeps,
	url: string,
	build: (nonce: string | undefined) => Promise<HttpRequest>,
	note: string
): Promise<HttpResponse> {
	const origin = new URL(url).origin;
	const nonces = noncesOf(deps);
	const keep = (response: HttpResponse) => {
		const nonce = getHeader(response, 'dpop-nonce');
		if (nonce) nonces.set(origin, nonce);
		return nonce;
	};
	const response = await deps.network.send('client', await build(nonces.get(origin)), { note });
	const nonce = keep(response);
	if (!nonce || !asksForNonce(response)) return response;
	const retry = await deps.network.send('client', await build(nonce), {
		note: 'The server requires a nonce of its own in every DPoP proof and gave one in DPoP-Nonce: the client signs a new proof with it and sends the request again.'
	});
	keep(retry);
	return retry;
}

/** What this client proves at the token endpoint: a key-signed assertion, a DPoP proof. */
async function authenticatedRequest(
	deps: ClientDeps,
	session: ClientSession,
	request: HttpRequest,
	note: string
): Promise<{ response: HttpResponse; dpopKey?: DpopKey }> {
	const { config } = deps;
	// One key for every attempt: the tokens are bound to it.
	const dpopKey = config.dpop ? await dpopKeyOf(session) : undefined;
	const build = async (nonce: string | undefined) => {
		const now = deps.now();
		// A fresh assertion each time: its jti is single-use, even when the answer was a refusal.
		const signed = config.signingKey
			? await withClientAssertion(request, config.signingKey, {
					issuer: session.metadata!.issuer,
					now
				})
			: request;
		return dpopKey ? withDpopProof(signed, dpopKey, { now, nonce }) : signed;
	};
	if (!dpopKey)
		return { response: await deps.network.send('client', await build(undefined), { note }) };
	return { response: await sendWithDpop(deps, request.url, build, note), dpopKey };
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
	const { response, dpopKey } = await authenticatedRequest(
		deps,
		session,
		codeRedemptionRequest(
			session.metadata!,
			deps.config.credentials,
			session.received!.code!,
			session.pending!
		),
		tokenNote(deps, 'code')
	);
	return { ...received(deps, response, 'token'), dpopKey };
}

/** Refreshes with private_key_jwt and/or a DPoP proof. */
export async function refreshWithProofs(
	deps: ClientDeps,
	session: ClientSession
): Promise<Partial<ClientSession>> {
	if (!session.refreshToken)
		throw new ClientError('no_refresh_token', 'no refresh token: ask for scope offline_access');
	const { response, dpopKey } = await authenticatedRequest(
		deps,
		session,
		refreshRequest(session.metadata!, deps.config.credentials, session.refreshToken),
		tokenNote(deps, 'refresh')
	);
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
	const { accessToken, dpopKey } = session;
	return {
		lastResponse: await sendWithDpop(
			deps,
			url,
			(nonce) =>
				withDpopProof(bearerRequest('GET', url, accessToken), dpopKey, {
					now: deps.now(),
					accessToken,
					nonce
				}),
			'The access token goes in the DPoP scheme with a fresh proof for this method and URL, tied to the token by ath. A copy of the token alone is useless.'
		)
	};
}
