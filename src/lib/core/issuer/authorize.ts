import type { Client, User } from '../data';
import {
	errorDescription,
	html,
	parseCookies,
	redirect,
	requestParams,
	type HttpRequest,
	type HttpResponse
} from '../http';
import { randomToken } from '../random';
import { SPEC } from '../spec';
import { invalidScopeToken, parseScope } from '../scope';
import { mintAccessToken, mintIdToken } from './mint';
import {
	endpoint,
	PATHS,
	SESSION_COOKIE,
	startSession,
	type AuthorizationRequest,
	type IssuerContext,
	type Session
} from './context';
import { errorPage, formPostPage, loginPage } from './pages';
import { verifyOwnIdToken } from './ownTokens';
import { redeemRequestUri } from './par';

export const RESPONSE_TYPES = [
	'code',
	'id_token',
	'id_token token',
	'code id_token',
	'code token',
	'code id_token token',
	'token'
];
export const RESPONSE_MODES = ['query', 'fragment', 'form_post'] as const;
const PROMPTS = ['none', 'login', 'consent', 'select_account'];
const TRANSACTION_LIFETIME = 600;

/** A failure reported back to the client by redirect (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6). */
class RedirectableError {
	constructor(
		readonly error: string,
		readonly description: string,
		/** The spec section that explains the error (error_uri, RFC 6749 §4.1.2.1). */
		readonly uri?: string
	) {}
}

/** Sorts response_type values so "token id_token" and "id_token token" mean the same. */
function normaliseResponseType(value: string): string {
	const parts = value.split(' ').filter(Boolean);
	const order = ['code', 'id_token', 'token'];
	return parts.every((p) => order.includes(p))
		? order.filter((o) => parts.includes(o)).join(' ')
		: value;
}

/**
 * GET|POST /authorize: validate the request, authenticate (session, login_hint or the login
 * page), then answer with the authorization response.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 */
export async function authorize(ctx: IssuerContext, req: HttpRequest): Promise<HttpResponse> {
	// A request_uri from the PAR endpoint stands for the whole pushed request (RFC 9126 §4).
	const pushed = redeemRequestUri(ctx, requestParams(req));
	if (pushed && 'error' in pushed) return pushed.error;
	const params = pushed?.params ?? requestParams(req);
	// Parameters MUST NOT be included more than once (RFC 6749 §3.1); we cannot trust either copy.
	const repeated = [...new Set(params.keys())].filter((name) => params.getAll(name).length > 1);
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

	const rawType = params.get('response_type') ?? '';
	const responseType = normaliseResponseType(rawType);
	const defaultMode =
		responseType === 'code' || !RESPONSE_TYPES.includes(responseType) ? 'query' : 'fragment';
	const requestedMode = params.get('response_mode');
	const responseMode = (RESPONSE_MODES as readonly string[]).includes(requestedMode ?? '')
		? (requestedMode as AuthorizationRequest['responseMode'])
		: defaultMode;
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
 * What is wrong with an authorization request, checked as /authorize would check it: the PAR
 * endpoint refuses a bad request when it is pushed (RFC 9126 §2.1), not later at /authorize.
 */
export function authorizationRequestProblem(
	ctx: IssuerContext,
	client: Client,
	params: URLSearchParams
): { error: string; description: string } | undefined {
	const redirectUri = params.get('redirect_uri');
	if (!redirectUri) return { error: 'invalid_request', description: 'redirect_uri is missing' };
	if (!client.redirect_uris.includes(redirectUri))
		return {
			error: 'invalid_request',
			description: `redirect_uri ${redirectUri} is not registered for ${client.client_id}`
		};
	const rawType = params.get('response_type') ?? '';
	const responseType = normaliseResponseType(rawType);
	const requestedMode = params.get('response_mode');
	const responseMode = (RESPONSE_MODES as readonly string[]).includes(requestedMode ?? '')
		? (requestedMode as AuthorizationRequest['responseMode'])
		: responseType === 'code' || !RESPONSE_TYPES.includes(responseType)
			? 'query'
			: 'fragment';
	try {
		validateRequest(ctx, client, params, responseType, rawType, responseMode, redirectUri);
		return undefined;
	} catch (e) {
		if (e instanceof RedirectableError) return { error: e.error, description: e.description };
		throw e;
	}
}

function validateRequest(
	ctx: IssuerContext,
	client: Client,
	params: URLSearchParams,
	responseType: string,
	rawType: string,
	responseMode: AuthorizationRequest['responseMode'],
	redirectUri: string
): AuthorizationRequest {
	const fail = (error: string, description: string, uri?: string) => {
		throw new RedirectableError(error, description, uri);
	};
	// Request objects are not supported, and discovery says so (OIDC Core §6.1, §6.2, §6.3.3).
	if (params.has('request'))
		fail('request_not_supported', 'the request parameter (request objects) is not supported');
	if (params.has('request_uri'))
		fail('request_uri_not_supported', 'the request_uri parameter is not supported');
	if (!rawType) fail('invalid_request', 'response_type is missing');
	if (!RESPONSE_TYPES.includes(responseType)) {
		fail(
			'unsupported_response_type',
			`response_type ${rawType} is not supported; use one of ${RESPONSE_TYPES.join(', ')}`
		);
	}
	const requestedMode = params.get('response_mode');
	if (requestedMode !== null && !(RESPONSE_MODES as readonly string[]).includes(requestedMode)) {
		fail(
			'unsupported_response_mode',
			`response_mode ${requestedMode} is not supported; use query, fragment or form_post`
		);
	}
	const returnsTokens = responseType !== 'code';
	if (returnsTokens && responseMode === 'query') {
		// Tokens in a query string leak into logs and Referer headers (OAuth 2.0 Multiple Response Types §3).
		fail(
			'invalid_request',
			`response_mode query must not be used with response_type ${responseType}`
		);
	}

	const scopes = parseScope(params.get('scope'));
	const badScope = invalidScopeToken(scopes);
	if (badScope !== undefined)
		fail(
			'invalid_scope',
			`scope value ${JSON.stringify(badScope)} has characters scopes may not contain`
		);
	const oidc = responseType !== 'token';
	if (oidc && !scopes.includes('openid')) {
		fail('invalid_request', 'scope must include openid for an OpenID Connect request');
	}
	const nonce = params.get('nonce') ?? undefined;
	if (responseType.includes('id_token') && !nonce) {
		fail(
			'invalid_request',
			`nonce is required when the id_token comes from the authorization endpoint (response_type ${responseType})`
		);
	}

	const method = params.get('code_challenge_method');
	const codeChallenge = params.get('code_challenge') ?? undefined;
	if (method !== null && method !== 'S256') {
		fail(
			'invalid_request',
			`code_challenge_method ${method} is not supported; only S256 is`,
			SPEC.pkceDowngrade
		);
	}
	if (codeChallenge !== undefined && !/^[A-Za-z0-9._~-]{43,128}$/.test(codeChallenge)) {
		fail('invalid_request', 'code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~');
	}
	if (codeChallenge !== undefined && method === null) {
		fail('invalid_request', 'code_challenge_method is missing; send S256 (plain is not accepted)');
	}
	if (
		responseType.includes('code') &&
		client.token_endpoint_auth_method === 'none' &&
		!codeChallenge
	) {
		fail('invalid_request', 'public clients must use PKCE: code_challenge is required');
	}

	const prompt = parseScope(params.get('prompt'));
	const unknownPrompt = prompt.find((p) => !PROMPTS.includes(p));
	if (unknownPrompt) fail('invalid_request', `prompt value ${unknownPrompt} is not supported`);
	if (prompt.includes('none') && prompt.length > 1)
		fail('invalid_request', 'prompt=none cannot be combined with other values');

	const maxAgeText = params.get('max_age');
	let maxAge: number | undefined;
	if (maxAgeText !== null) {
		if (!/^\d{1,10}$/.test(maxAgeText))
			fail(
				'invalid_request',
				`max_age must be a non-negative whole number of seconds, got ${maxAgeText}`
			);
		maxAge = Number(maxAgeText);
	}

	const audience = params.get('audience') ?? params.get('resource') ?? undefined;
	if (audience !== undefined && !ctx.apis.some((a) => a.identifier === audience)) {
		fail('invalid_target', `no API is registered with identifier ${audience}`);
	}
	if (responseType.includes('id_token') || responseType.includes('code')) {
		if (ctx.idTokenAlgorithm === 'HS256' && !client.client_secret) {
			fail(
				'unauthorized_client',
				'HS256 id_tokens are signed with the client secret, and this public client has none'
			);
		}
	}
	return {
		client,
		redirectUri,
		responseType,
		responseMode,
		scopes,
		state: params.get('state') ?? undefined,
		nonce,
		maxAge,
		prompt,
		loginHint: params.get('login_hint') ?? undefined,
		codeChallenge,
		audience
	};
}

function liveSession(ctx: IssuerContext, req: HttpRequest): Session | undefined {
	const sid = parseCookies(req).get(SESSION_COOKIE);
	const session = sid ? ctx.store.sessions.get(sid) : undefined;
	return session && session.expiresAt > ctx.clock.now() ? session : undefined;
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
	// SameSite=None: silent renew sends this cookie from the client's site in a hidden iframe.
	const cookie = `${SESSION_COOKIE}=${session.sid}; Path=/; Max-Age=${ctx.sessionLifetime}; Secure; HttpOnly; SameSite=None`;
	const response = await respond(ctx, request, session);
	response.headers.push(['Set-Cookie', cookie]);
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
