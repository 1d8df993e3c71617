import type { HttpResponse } from '../http';
import { SCOPE_CLAIMS, STANDARD_SCOPES } from '../scope';
import { endpoint, PATHS, publishedJwks, type IssuerContext } from './context';
import { RESPONSE_MODES, RESPONSE_TYPES } from './authorizationRequest';
import { GRANT_TYPES } from './token';
import { JWE_ALGS, JWE_ENCS } from '../jwt/jwe';
import { DEVICE_PATHS } from './device';
import { CLIENT_SIGNING_ALGORITHMS } from '../client/clientJwt';
import { DPOP_ALGORITHMS } from '../jwt/dpop';

// Discovery and keys are public and meant to be cached by clients.
function publicJson(body: unknown, type = 'application/json'): HttpResponse {
	return {
		status: 200,
		headers: [
			['Content-Type', `${type}; charset=utf-8`],
			['Cache-Control', 'public, max-age=300'],
			['Access-Control-Allow-Origin', '*']
		],
		body: JSON.stringify(body)
	};
}

/** @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata */
export function discovery(ctx: IssuerContext): HttpResponse {
	const at = (path: string) => endpoint(ctx, path);
	return publicJson({
		issuer: ctx.url,
		authorization_endpoint: at(PATHS.authorize),
		token_endpoint: at(PATHS.token),
		userinfo_endpoint: at(PATHS.userinfo),
		jwks_uri: at(PATHS.jwks),
		end_session_endpoint: at(PATHS.endSession),
		scopes_supported: [...STANDARD_SCOPES, ...ctx.apis.flatMap((a) => a.scopes)],
		response_types_supported: RESPONSE_TYPES,
		response_modes_supported: RESPONSE_MODES,
		grant_types_supported: [...GRANT_TYPES, 'implicit'],
		subject_types_supported: ['public'],
		// Only what this issuer holds a key for (HS256 uses each client's secret).
		id_token_signing_alg_values_supported: [ctx.idTokenAlgorithm],
		id_token_encryption_alg_values_supported: [...JWE_ALGS],
		id_token_encryption_enc_values_supported: [...JWE_ENCS],
		backchannel_logout_supported: true,
		backchannel_logout_session_supported: true,
		frontchannel_logout_supported: true,
		frontchannel_logout_session_supported: true,
		device_authorization_endpoint: at(DEVICE_PATHS.deviceAuthorization),
		token_endpoint_auth_methods_supported: [
			'client_secret_basic',
			'client_secret_post',
			'private_key_jwt',
			'none'
		],
		token_endpoint_auth_signing_alg_values_supported: CLIENT_SIGNING_ALGORITHMS,
		code_challenge_methods_supported: ['S256'],
		prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
		claims_supported: [
			'iss',
			'sub',
			'aud',
			'exp',
			'iat',
			'auth_time',
			'nonce',
			'azp',
			'at_hash',
			'c_hash',
			...Object.values(SCOPE_CLAIMS).flat()
		],
		claims_parameter_supported: false,
		// Request objects are taken at the PAR endpoint only, and the only request_uri values
		// /authorize accepts are the PAR endpoint's own (RFC 9126 §4); none are fetched.
		request_parameter_supported: false,
		request_uri_parameter_supported: false,
		pushed_authorization_request_endpoint: at(PATHS.par),
		// Per client (require_pushed_authorization_requests in its registration), not for all.
		require_pushed_authorization_requests: false,
		request_object_signing_alg_values_supported: CLIENT_SIGNING_ALGORITHMS,
		dpop_signing_alg_values_supported: DPOP_ALGORITHMS,
		authorization_response_iss_parameter_supported: true,
		// Not standard metadata: the legacy Auth0 endpoints the id_token guide describes, both deprecated.
		tokeninfo_endpoint: at(PATHS.tokeninfo),
		delegation_endpoint: at(PATHS.delegation)
	});
}

export function jwks(ctx: IssuerContext): HttpResponse {
	return publicJson(publishedJwks(ctx), 'application/jwk-set+json');
}
