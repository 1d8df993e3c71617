import type { Client } from '../data';
import { getHeader, oauthError, type HttpRequest } from '../http';
import { endpoint, PATHS, type ClientAuthResult, type IssuerContext } from './context';
import { privateKeyJwt } from './privateKeyJwt';

/** Compares secrets without leaking, through timing, how many leading characters matched. */
function sameSecret(a: string, b: string): boolean {
	const x = new TextEncoder().encode(a);
	const y = new TextEncoder().encode(b);
	let diff = x.length ^ y.length;
	for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i % (y.length || 1)] ?? 0);
	return diff === 0;
}

/** `application/x-www-form-urlencoded` decoding, which Basic credentials use (RFC 6749 §2.3.1). */
function formDecode(value: string): string {
	return decodeURIComponent(value.replace(/\+/g, ' '));
}

/**
 * Authenticates the client at the token (or PAR) endpoint by its registered method:
 * client_secret_basic, client_secret_post, private_key_jwt, or none for public clients.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export async function authenticateClient(
	ctx: IssuerContext,
	req: HttpRequest,
	body: URLSearchParams,
	/** The endpoint being called, which a client assertion may name as its audience. */
	endpointUrl: string = endpoint(ctx, PATHS.token)
): Promise<ClientAuthResult> {
	const authorization = getHeader(req, 'authorization');
	const basic = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i)?.[1];
	const postSecret = body.get('client_secret');
	if (body.has('client_assertion') || body.has('client_assertion_type')) {
		if (authorization || postSecret !== null)
			return {
				error: oauthError(
					400,
					'invalid_request',
					'use one client authentication method, not a client assertion and a secret together'
				)
			};
		return privateKeyJwt(ctx, body, endpointUrl);
	}
	const unauthorized = (description: string, challenge = false) => ({
		error: oauthError(
			401,
			'invalid_client',
			description,
			challenge ? [['WWW-Authenticate', 'Basic realm="token"']] : []
		)
	});

	if (authorization && !basic)
		return unauthorized('Authorization header is not a valid Basic credential', true);
	if (basic && postSecret !== null) {
		return {
			error: oauthError(
				400,
				'invalid_request',
				'use one client authentication method, not Basic and client_secret together'
			)
		};
	}

	let clientId: string | null;
	let secret: string | null = null;
	let method: Client['token_endpoint_auth_method'];
	if (basic) {
		let decoded: string;
		try {
			decoded = atob(basic);
			const colon = decoded.indexOf(':');
			if (colon < 0)
				return unauthorized('Basic credential has no colon between client_id and secret', true);
			clientId = formDecode(decoded.slice(0, colon));
			secret = formDecode(decoded.slice(colon + 1));
		} catch {
			return unauthorized(
				'Basic credential is not valid base64 of form-encoded client_id:secret',
				true
			);
		}
		method = 'client_secret_basic';
		const bodyId = body.get('client_id');
		if (bodyId !== null && bodyId !== clientId) {
			// Two different identities in one request is malformed, before any secret is checked.
			return {
				error: oauthError(
					400,
					'invalid_request',
					'client_id in the body differs from the Basic credential'
				)
			};
		}
	} else if (postSecret !== null) {
		clientId = body.get('client_id');
		secret = postSecret;
		method = 'client_secret_post';
	} else {
		clientId = body.get('client_id');
		method = 'none';
	}

	if (!clientId)
		return unauthorized(
			'client authentication failed: no client_id',
			method === 'client_secret_basic'
		);
	const client = ctx.clients.find((c) => c.client_id === clientId);
	if (!client) return unauthorized(`unknown client ${clientId}`, method === 'client_secret_basic');
	if (client.token_endpoint_auth_method !== method) {
		return unauthorized(
			client.token_endpoint_auth_method === 'none'
				? `${clientId} is a public client and has no secret to send`
				: `${clientId} must authenticate with ${client.token_endpoint_auth_method}`,
			client.token_endpoint_auth_method === 'client_secret_basic'
		);
	}
	if (method !== 'none' && !sameSecret(secret ?? '', client.client_secret ?? '')) {
		return unauthorized('client secret is wrong', method === 'client_secret_basic');
	}
	return { client };
}
