import type { Client, User } from '../data';
import {
	errorDescription,
	html,
	redirect,
	requestParams,
	type HttpRequest,
	type HttpResponse
} from '../http';
import { randomToken } from '../random';
import { SPEC } from '../spec';
import { RedirectableError, requestedResponse, validateRequest } from './authorizationRequest';
import { mintAccessToken, mintIdToken } from './mint';
import {
	endpoint,
	PATHS,
	type AuthorizationRequest,
	type IssuerContext,
	type Session
} from './context';
import { errorPage, formPostPage, loginPage } from './pages';
import { verifyOwnIdToken } from './ownTokens';
import { redeemRequestUri } from './par';
import { repeatedNames, tooManyParameters } from './params';
import { liveSession, sessionCookie, startSession } from './session';

const TRANSACTION_LIFETIME = 600;

/**
 * GET|POST /authorize: validate the request, authenticate (session, login_hint or the login
 * page), then answer with the authorization response.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 */
export async function authorize(ctx: IssuerContext, req: HttpRequest): Promise<HttpResponse> {
	const sent = requestParams(req);
	const tooMany = tooManyParameters(sent);
	if (tooMany) return html(400, errorPage('invalid_request', tooMany));
	// A request_uri from the PAR endpoint stands for the whole pushed request (RFC 9126 §4).
	const pushed = redeemRequestUri(ctx, sent);
	if (pushed && 'error' in pushed) return pushed.error;
	const params = pushed?.params ?? sent;
	// Parameters MUST NOT be included more than once (RFC 6749 §3.1); we cannot trust either copy.
	const repeated = repeatedNames(params);
	const untrusted = repeated.filter((name) => ['client_id', 'redirect_uri'].includes(name));
	if (untrusted.length) {
		return html(400, errorPage('invalid_request', `parameter ${untrusted[0]} is repeated`));
	}
	// Until client and redirect_uri check out, errors are shown here and never redirected (RFC 6749 §4.1.2.1).
	const clientId = params.get('client_id');
	const client = ctx.clients.find((c) => c.client_id === clientId);
	if (!clientId) return html(400, errorPage('invalid_request', 'client_id is missing'));
	if (!client) return html(400, errorPage('invalid_client', `unknown client_id ${clientId}`));
	const redirectUri = params.get('redirect_uri');
	if (!redirectUri) return html(400, errorPage('invalid_request', 'redirect_uri is missing'));
	if (!client.redirect_uris.includes(redirectUri)) {
		return html(
			400,
			errorPage(
				'invalid_request',
				`redirect_uri ${redirectUri} does not exactly match any registered for ${client.client_id}; the issuer will not send anything there`
			)
		);
	}

	const { rawType, responseType, defaultMode, responseMode } = requestedResponse(params);
	// A repeated state is not echoed: the client could not tell which copy was its own.
	const state = repeated.includes('state') ? undefined : (params.get('state') ?? undefined);
	const respondError = (error: string, description: string, uri?: string) =>
		deliver(
			ctx,
			{
				redirectUri,
				responseMode: repeated.includes('response_mode') ? defaultMode : responseMode,
				state
			},
			{
				error,
				error_description: errorDescription(description),
				...(uri !== undefined && { error_uri: uri })
			}
		);

	try {
		if (repeated.length)
			throw new RedirectableError('invalid_request', `parameter ${repeated[0]} is repeated`);
		if (client.require_pushed_authorization_requests && !pushed)
			throw new RedirectableError(
				'invalid_request',
				`${client.client_id} must push its authorization requests to the PAR endpoint`,
				SPEC.parRequired
			);
		const request = validateRequest(
			ctx,
			client,
			params,
			responseType,
			rawType,
			responseMode,
			redirectUri
		);
		const hint = await idTokenHint(ctx, client, params.get('id_token_hint'));
		return await authenticate(ctx, req, request, hint);
	} catch (e) {
		if (e instanceof RedirectableError) return respondError(e.error, e.description, e.uri);
		throw e;
	}
}

/**
 * Reads id_token_hint (OIDC Core §3.1.2.1): an id_token this issuer gave this client, possibly
 * expired. A hint we did not issue, or issued to another client, is refused.
 */
async function idTokenHint(
	ctx: IssuerContext,
	client: Client,
	value: string | null
): Promise<{ sub: string } | undefined> {
	if (value === null) return undefined;
	const { report } = await verifyOwnIdToken(ctx, value);
	const forged = report.checks.some(
		(c) => !c.passed && !c.skipped && ['signature', 'iss', 'kid', 'alg', 'decode'].includes(c.id)
	);
	const aud = report.claims?.aud;
	const audiences = Array.isArray(aud) ? aud : [aud];
	const sub = report.claims?.sub;
	if (
		forged ||
		typeof sub !== 'string' ||
		!report.checks.some((c) => c.id === 'signature' && c.passed)
	)
		throw new RedirectableError('invalid_request', 'id_token_hint was not issued by this issuer');
	if (!audiences.includes(client.client_id))
		throw new RedirectableError('invalid_request', 'id_token_hint was issued to another client');
	return { sub };
}

async function authenticate(
	ctx: IssuerContext,
	req: HttpRequest,
	request: AuthorizationRequest,
	hint?: { sub: string }
): Promise<HttpResponse> {
	const now = ctx.clock.now();
	const live = liveSession(ctx, req);
	// A session for someone other than the hinted user cannot answer for them.
	const session = hint && live?.userId !== hint.sub ? undefined : live;
	const fresh =
		session && (request.maxAge === undefined || now - session.authTime <= request.maxAge);

	if (request.prompt.includes('none')) {
		// Silent authentication: no page may be shown, so without a usable session it fails.
		if (!session)
			throw new RedirectableError(
				'login_required',
				live
					? 'prompt=none, and the session at the issuer is for another user than id_token_hint'
					: 'prompt=none, and there is no session at the issuer'
			);
		if (!fresh)
			throw new RedirectableError(
				'login_required',
				'prompt=none, and the session is older than max_age'
			);
		return respond(ctx, request, session);
	}
	if (fresh && !request.prompt.includes('login')) return respond(ctx, request, session);

	const hinted = ctx.users.find(
		(u) => u.id === request.loginHint || u.username === request.loginHint
	);
	if (hinted) return signIn(ctx, request, hinted);

	const transaction = randomToken(16);
	ctx.store.transactions.set(transaction, { request, expiresAt: now + TRANSACTION_LIFETIME });
	return html(200, loginForm(ctx, transaction, request));
}

function loginForm(
	ctx: IssuerContext,
	transaction: string,
	request: AuthorizationRequest,
	error?: string,
	username?: string
) {
	return loginPage({
		action: endpoint(ctx, PATHS.login),
		transaction,
		clientName: request.client.client_name,
		scopes: request.scopes,
		users: ctx.users,
		error,
		username
	});
}

/** POST /login: the login page's form. */
export async function login(ctx: IssuerContext, req: HttpRequest): Promise<HttpResponse> {
	const params = requestParams(req);
	const id = params.get('transaction') ?? '';
	const pending = ctx.store.transactions.get(id);
	if (!pending || pending.expiresAt <= ctx.clock.now()) {
		return html(
			400,
			errorPage(
				'invalid_request',
				'this login page has expired or was already used; start again from the application'
			)
		);
	}
	const { request } = pending;
	if (params.get('decision') === 'deny') {
		ctx.store.transactions.delete(id);
		return deliver(ctx, request, {
			error: 'access_denied',
			error_description: 'the user denied the request'
		});
	}
	const username = params.get('username') ?? '';
	const user = ctx.users.find(
		(u) => u.username === username && u.password === params.get('password')
	);
	if (!user) return html(200, loginForm(ctx, id, request, 'Wrong username or password.', username));
	ctx.store.transactions.delete(id);
	return signIn(ctx, request, user);
}

/** Starts a session (the cookie later prompt=none requests rely on) and answers. */
async function signIn(
	ctx: IssuerContext,
	request: AuthorizationRequest,
	user: User
): Promise<HttpResponse> {
	const session = startSession(ctx, user);
	const response = await respond(ctx, request, session);
	response.headers.push(['Set-Cookie', sessionCookie(ctx, session)]);
	return response;
}

/** The authorization response: code and/or tokens, per response_type. */
async function respond(
	ctx: IssuerContext,
	request: AuthorizationRequest,
	session: Session
): Promise<HttpResponse> {
	const user = ctx.users.find((u) => u.id === session.userId);
	if (!user) throw new RedirectableError('login_required', 'the session’s user no longer exists');
	const types = request.responseType.split(' ');
	const result: Record<string, string> = {};
	// Remembered so logout can notify this client (Back-Channel Logout §2.3).
	session.clients?.add(request.client.client_id);

	if (types.includes('code')) {
		const code = randomToken(32);
		ctx.store.codes.set(code, {
			request,
			userId: user.id,
			authTime: session.authTime,
			expiresAt: ctx.clock.now() + ctx.codeLifetime,
			used: false,
			sid: session.claimSid,
			issuedAccessTokens: []
		});
		result.code = code;
	}
	if (types.includes('token')) {
		const access = await mintAccessToken(ctx, {
			client: request.client,
			userId: user.id,
			scopes: request.scopes,
			authTime: session.authTime,
			audience: request.audience
		});
		Object.assign(result, {
			access_token: access.token,
			token_type: 'Bearer',
			expires_in: String(access.expiresIn)
		});
	}
	if (types.includes('id_token')) {
		const idToken = await mintIdToken(ctx, {
			client: request.client,
			user,
			scopes: request.scopes,
			authTime: session.authTime,
			nonce: request.nonce,
			accessToken: result.access_token,
			code: result.code,
			sid: session.claimSid
		});
		result.id_token = idToken.token;
	}
	if (request.scopes.length) result.scope = request.scopes.join(' ');
	return deliver(ctx, request, result);
}

/** Sends parameters back to the client by the chosen response mode, with state and iss (RFC 9207). */
function deliver(
	ctx: IssuerContext,
	to: { redirectUri: string; responseMode: AuthorizationRequest['responseMode']; state?: string },
	values: Record<string, string>
): HttpResponse {
	const params: Record<string, string> = {
		...values,
		...(to.state !== undefined && { state: to.state }),
		iss: ctx.url
	};
	if (to.responseMode === 'form_post') return html(200, formPostPage(to.redirectUri, params));
	const url = new URL(to.redirectUri);
	const encoded = new URLSearchParams(params);
	if (to.responseMode === 'fragment') url.hash = encoded.toString();
	else for (const [k, v] of encoded) url.searchParams.append(k, v);
	return redirect(url.href);
}
