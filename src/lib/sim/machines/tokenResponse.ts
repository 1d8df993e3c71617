import { readTokenResponse, type HttpResponse } from '../../core/index';
import { ClientError, type ClientSession } from './clientSession';

/**
 * A token endpoint's answer as the session keeps it: received, not trusted until validated. An
 * error response, or a token_type other than the one the client expects (RFC 9449 §5), throws.
 */
export function receivedTokens(
	response: HttpResponse,
	source: 'token' | 'renewal',
	tokenType: 'Bearer' | 'DPoP' = 'Bearer'
): Partial<ClientSession> {
	const read = readTokenResponse(response, tokenType);
	if (!read.ok) throw new ClientError(read.error, read.description);
	const { id_token, access_token, refresh_token } = read.tokens;
	return {
		lastResponse: response,
		received: { idToken: id_token, accessToken: access_token, refreshToken: refresh_token, source }
	};
}
