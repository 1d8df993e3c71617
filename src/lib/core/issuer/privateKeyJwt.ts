import { CLIENT_ASSERTION_TYPE, validateClientAssertion } from '../client/clientAssertion';
import { CLIENT_CLOCK_TOLERANCE } from '../client/clientJwt';
import { decodeJwt } from '../jwt/decode';
import { oauthError } from '../http';
import { firstFailure } from './ownTokens';
import {
	endpoint,
	PATHS,
	recordValidation,
	type ClientAuthResult,
	type IssuerContext
} from './context';

const unauthorized = (description: string): ClientAuthResult => ({
	error: oauthError(401, 'invalid_client', description)
});

/**
 * `private_key_jwt`: the client proves who it is with a JWT signed by a key it registered.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
export async function privateKeyJwt(
	ctx: IssuerContext,
	body: URLSearchParams,
	endpointUrl: string
): Promise<ClientAuthResult> {
	const type = body.get('client_assertion_type');
	const assertion = body.get('client_assertion');
	if (type !== CLIENT_ASSERTION_TYPE)
		return {
			error: oauthError(
				400,
				'invalid_request',
				`client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`
			)
		};
	if (!assertion)
		return { error: oauthError(400, 'invalid_request', 'client_assertion is missing') };
	// Which client it claims to be: sub (= iss), read before the signature can be checked with its keys.
	const sub = decodeJwt(assertion).payload?.sub;
	const bodyId = body.get('client_id');
	const clientId = typeof sub === 'string' ? sub : bodyId;
	if (!clientId) return unauthorized('client_assertion names no client in sub');
	if (bodyId !== null && bodyId !== clientId)
		return {
			error: oauthError(400, 'invalid_request', 'client_id differs from the client_assertion sub')
		};
	const client = ctx.clients.find((c) => c.client_id === clientId);
	if (!client) return unauthorized(`unknown client ${clientId}`);
	if (client.token_endpoint_auth_method !== 'private_key_jwt' || !client.jwks)
		return unauthorized(
			`${clientId} must authenticate with ${client.token_endpoint_auth_method}, not private_key_jwt`
		);
	const report = await validateClientAssertion(assertion, {
		clientId,
		jwks: client.jwks,
		// The issuer identifier, the token endpoint URL (RFC 7523 §3), and the endpoint called: at
		// the PAR endpoint that is all three RFC 9126 §2 says it MUST accept.
		audiences: [...new Set([ctx.url, endpoint(ctx, PATHS.token), endpointUrl])],
		now: ctx.clock.now(),
		replay: ctx.store.seenJtis,
		clockTolerance: CLIENT_CLOCK_TOLERANCE
	});
	recordValidation(ctx, 'validate-client-assertion', report);
	if (!report.valid) return unauthorized(`client_assertion is not valid: ${firstFailure(report)}`);
	return { client };
}
