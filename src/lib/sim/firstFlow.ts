/**
 * One authorization-code + PKCE flow, run for real against the core, recording each HTTP
 * exchange. The first page uses it; the XState director (src/lib/sim) grows from it.
 */
import {
	Clock,
	codeRedemptionRequest,
	createAuthorizationRequest,
	createIssuer,
	discoveryRequest,
	jwksRequest,
	readCallback,
	readDiscovery,
	readJwks,
	readTokenResponse,
	redirectLocation,
	SPA_CLIENT,
	validateReceivedIdToken,
	type HttpRequest,
	type HttpResponse,
	type ValidationReport
} from '../core/index';

export type Actor = 'browser' | 'client' | 'issuer';

export interface Exchange {
	from: Actor;
	to: Actor;
	request: HttpRequest;
	response: HttpResponse;
}

export interface FirstFlowResult {
	exchanges: Exchange[];
	idToken: string;
	report: ValidationReport;
}

export async function runFirstFlow(
	options: { user?: string; scope?: string } = {}
): Promise<FirstFlowResult> {
	const issuer = await createIssuer({ clock: new Clock() });
	const exchanges: Exchange[] = [];
	const send = async (from: Actor, to: Actor, request: HttpRequest) => {
		const response = await issuer.handle(request);
		exchanges.push({ from, to, request, response });
		return response;
	};
	const credentials = { clientId: SPA_CLIENT.client_id, authMethod: 'none' as const };
	const redirectUri = SPA_CLIENT.redirect_uris[0]!;

	// the client learns the issuer's endpoints and keys
	const metadata = readDiscovery(
		await send('client', 'issuer', discoveryRequest(issuer.url)),
		issuer.url
	);
	const jwks = readJwks(await send('client', 'issuer', jwksRequest(metadata)));

	// redirect the user to the authorization endpoint, with state, nonce and PKCE
	const pending = await createAuthorizationRequest(metadata, {
		clientId: credentials.clientId,
		redirectUri,
		scope: options.scope ?? 'openid profile email',
		loginHint: options.user ?? 'auth0|alice'
	});
	const authorization = await send('browser', 'issuer', {
		method: 'GET',
		url: pending.url,
		headers: []
	});

	// the browser follows the redirect back to the client's callback
	const location = redirectLocation(authorization);
	if (!location) throw new Error(`the issuer did not redirect (HTTP ${authorization.status})`);
	const callback = { method: 'GET', url: location, headers: [] };
	exchanges.push({
		from: 'browser',
		to: 'client',
		request: callback,
		response: {
			status: 200,
			headers: [['Content-Type', 'text/html; charset=utf-8']],
			body: '<!doctype html><title>Signing in…</title>'
		}
	});
	const result = readCallback({ url: location }, pending, issuer.url);
	if (!result.ok) throw new Error(`${result.error}: ${result.description}`);

	// redeem the code at the token endpoint, proving possession of the PKCE verifier
	const tokenResponse = await send(
		'client',
		'issuer',
		codeRedemptionRequest(metadata, credentials, result.params.code!, pending)
	);
	const tokens = readTokenResponse(tokenResponse);
	if (!tokens.ok) throw new Error(`${tokens.error}: ${tokens.description}`);
	const idToken = tokens.tokens.id_token!;

	// validate the id_token before trusting anything in it
	const report = await validateReceivedIdToken(idToken, {
		metadata,
		jwks,
		credentials,
		pending,
		accessToken: tokens.tokens.access_token,
		now: issuer.clock.now()
	});
	return { exchanges, idToken, report };
}
