import type { JWK } from 'jose';
import { CLIENT_ASSERTION_TYPE, createClientAssertion } from './clientAssertion';
import { createDpopProof, type DpopKey } from '../jwt/dpop';
import { formBody, type HttpRequest } from '../http';
import { createRequestObject } from './requestObject';

/** A client that signs with its own key: request objects and private_key_jwt assertions. */
export interface KeyedClient {
	clientId: string;
	privateJwk: JWK;
}

/**
 * Adds a `private_key_jwt` assertion to a form request for the token or PAR endpoint.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
export async function withClientAssertion(
	request: HttpRequest,
	client: KeyedClient,
	options: { issuer: string; now: number }
): Promise<HttpRequest> {
	const params = new URLSearchParams(request.body ?? '');
	params.delete('client_secret');
	params.set('client_id', client.clientId);
	params.set('client_assertion_type', CLIENT_ASSERTION_TYPE);
	params.set(
		'client_assertion',
		await createClientAssertion({
			clientId: client.clientId,
			audience: options.issuer,
			privateJwk: client.privateJwk,
			now: options.now
		})
	);
	return { ...request, body: params.toString() };
}

/**
 * The back-channel push: the authorization request as a signed request object, the client
 * authenticated with private_key_jwt.
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2.1
 */
export async function pushedAuthorizationRequest(
	parEndpoint: string,
	client: KeyedClient,
	options: { issuer: string; now: number; params: Record<string, string> }
): Promise<HttpRequest> {
	const request = await createRequestObject({
		clientId: client.clientId,
		issuer: options.issuer,
		privateJwk: client.privateJwk,
		params: options.params,
		now: options.now
	});
	return withClientAssertion(
		{
			method: 'POST',
			url: parEndpoint,
			headers: [
				['Content-Type', 'application/x-www-form-urlencoded'],
				['Accept', 'application/json']
			],
			body: formBody({ request })
		},
		client,
		options
	);
}

/** The front channel after a push carries only client_id and request_uri (RFC 9126 §4). */
export function pushedAuthorizationUrl(
	authorizationEndpoint: string,
	clientId: string,
	requestUri: string
): string {
	const url = new URL(authorizationEndpoint);
	url.searchParams.set('client_id', clientId);
	url.searchParams.set('request_uri', requestUri);
	return url.href;
}

/**
 * Signs a DPoP proof for this exact request and adds it; with an access token, also sends the
 * token in the DPoP scheme and binds the proof to it with `ath` (RFC 9449 §7.1). A `nonce` the
 * server handed out (DPoP-Nonce) goes in the proof (§8, §9).
 */
export async function withDpopProof(
	request: HttpRequest,
	key: DpopKey,
	options: { now: number; accessToken?: string; nonce?: string }
): Promise<HttpRequest> {
	const proof = await createDpopProof(key, {
		htm: request.method,
		htu: request.url,
		iat: options.now,
		accessToken: options.accessToken,
		nonce: options.nonce
	});
	const headers = request.headers.filter(
		([name]) =>
			name.toLowerCase() !== 'dpop' &&
			(options.accessToken === undefined || name.toLowerCase() !== 'authorization')
	);
	headers.push(['DPoP', proof]);
	if (options.accessToken !== undefined)
		headers.push(['Authorization', `DPoP ${options.accessToken}`]);
	return { ...request, headers };
}
