/**
 * What the relying party does at each protocol step, as async functions over its session.
 * The client machine invokes them; each one uses the core and sends through the network.
 */
import {
	bearerRequest,
	codeRedemptionRequest,
	createAuthorizationRequest,
	delegationRequest,
	endSessionUrl,
	formatDuration,
	jwksRequest,
	readCallback,
	isFailure,
	readJson,
	readJwks,
	refreshRequest,
	tokenExchangeRequest,
	SPEC,
	tokeninfoRequest,
	validateReceivedIdToken,
	type HttpRequest,
	type HttpResponse,
	type ValidationReport
} from '../../core/index';
import type { JSONWebKeySet } from 'jose';
import type { ActionName } from '../types';
import {
	CLIENT_SESSION_LIFETIME,
	ClientError,
	type AppSession,
	type ClientDeps,
	type ClientSession
} from './clientSession';
import { decryptionFor } from './encryptedIdToken';
import {
	callApiWithDpop,
	pushAuthorization,
	redeemCodeWithProofs,
	refreshWithProofs
} from './fapiOperations';
import { ensureProvider } from './provider';
import { receivedTokens } from './tokenResponse';

// Where the client's shared types have always been found (flows, director and tests import them here).
export {
	CLIENT_SESSION_LIFETIME,
	ClientError,
	type AppSession,
	type ClientConfig,
	type ClientDeps,
	type ClientSession
} from './clientSession';

/**
 * The deps as the issuer of this sign-in sees the client: the person may have chosen another
 * issuer the client is registered with (a public registration there), else the client's own.
 */
function atIssuer(deps: ClientDeps, session: ClientSession): ClientDeps {
	const at = session.signInAt;
	if (!at || at.issuer === deps.config.issuer) return deps;
	return {
		...deps,
		config: {
			...deps.config,
			issuer: at.issuer,
			credentials: { clientId: at.clientId, authMethod: 'none' }
		}
	};
}

/**
 * The person chose another issuer than the client's own: the client records, for this sign-in,
 * the issuer it sends the person to (RFC 9700 §4.4.2), to compare with the response's iss.
 */
async function keepChosenIssuer(deps: ClientDeps): Promise<void> {
	const { issuer } = deps.config;
	await deps.trace.push({
		kind: 'action',
		from: 'client',
		to: 'client',
		channel: 'back',
		label: `sign in with ${new URL(issuer).host}`,
		note: `The person chose “Sign in with ${new URL(issuer).host}”, another issuer this client is registered with (as ${deps.config.credentials.clientId}). The client keeps, with this sign-in, the issuer it sends the person to, ${issuer}, to compare with the iss of the response (RFC 9700 §4.4.2, RFC 9207 §2.4).`,
		tokens: [],
		failed: false,
		spec: SPEC.mixUpCountermeasures
	});
}

/** Sends the browser to the authorization endpoint (top window, or a hidden iframe for prompt=none). */
export async function startAuthorization(
	given: ClientDeps,
	held: ClientSession,
	silent: boolean
): Promise<Partial<ClientSession>> {
	const deps = atIssuer(given, held);
	const { config } = deps;
	// The metadata and keys kept are another issuer's when the last sign-in went elsewhere.
	const session =
		held.metadata && held.metadata.issuer !== config.issuer
			? { ...held, metadata: undefined, jwks: undefined, jwksFetchedAt: undefined }
			: held;
	if (deps !== given) await keepChosenIssuer(deps);
	const provider = await ensureProvider(deps, session);
	const { metadata } = provider;
	if (config.signingKey) return { ...provider, pending: await pushAuthorization(deps, metadata) };
	const pending = await createAuthorizationRequest(metadata, {
		clientId: config.credentials.clientId,
		redirectUri: silent ? config.silentRedirectUri : config.redirectUri,
		scope: config.scope,
		responseType: config.responseType,
		responseMode: config.responseMode,
		audience: config.audience,
		prompt: silent ? 'none' : undefined
	});
	deps.navigate({ method: 'GET', url: pending.url, headers: [] }, silent ? 'iframe' : 'top');
	return { ...provider, pending };
}

const REFUSAL_SPEC = 'https://www.rfc-editor.org/rfc/rfc9700#section-4.7';

async function refuse(
	deps: ClientDeps,
	label: string,
	error: string,
	description: string,
	spec = REFUSAL_SPEC
): Promise<never> {
	await deps.trace.push({
		kind: 'action',
		from: 'client',
		to: 'client',
		channel: 'back',
		label,
		note: description,
		tokens: [],
		failed: true,
		spec,
		name: 'reject-response',
		refusal: { code: error, by: 'client', spec }
	});
	throw new ClientError(error, description);
}

/** Reads the authorization response and checks state before anything else. */
export async function receiveCallback(
	deps: ClientDeps,
	session: ClientSession,
	callback: { url: string; body?: string }
): Promise<Partial<ClientSession>> {
	if (!session.pending || !session.metadata)
		return refuse(
			deps,
			'unexpected callback',
			'unexpected_callback',
			'no authorization request is in progress'
		);
	const result = readCallback(callback, session.pending, session.metadata.issuer);
	if (!result.ok) {
		// The client's own checks (state, iss) say why, with their section; or the issuer refused.
		return refuse(
			deps,
			result.refusedBy === 'client'
				? `reject response: ${result.error}`
				: `authorization error: ${result.error}`,
			result.error,
			result.description,
			result.spec
		);
	}
	const { params } = result;
	return {
		received: {
			code: params.code,
			idToken: params.id_token,
			accessToken: params.access_token,
			source: 'authorization'
		}
	};
}

/** Client-side keys are refetched for an unknown kid, but at most this often (seconds). */
const JWKS_REFETCH_INTERVAL = 60;

/**
 * Validates an id_token when it arrives, and records the checklist as a step. A sign-in's
 * id_token answers this client's authorization request (its nonce, max_age); a renewed one
 * answers none, and must match the id_token of the original sign-in instead (OIDC Core §12.2).
 * An unknown kid may mean the issuer rotated its keys: the client refetches the JWKS once
 * (rate-limited) and checks again.
 */
export async function validateIdTokenStep(
	deps: ClientDeps,
	session: ClientSession,
	options: {
		idToken: string;
		accessToken?: string;
		code?: string;
		source: 'authorization' | 'token' | 'renewal';
		label: string;
	}
): Promise<{ report: ValidationReport; keys: Partial<ClientSession> }> {
	const decryption = await decryptionFor(deps.config);
	const { config } = deps;
	const renewal = options.source === 'renewal';
	const validate = (jwks: JSONWebKeySet) =>
		validateReceivedIdToken(options.idToken, {
			...decryption,
			metadata: session.metadata!,
			jwks,
			credentials: atIssuer(deps, session).config.credentials,
			// A nonce is only compared for tokens answering this client's authorization request.
			pending: renewal ? undefined : session.pending,
			channel: options.source === 'authorization' ? 'front' : 'back',
			accessToken: options.accessToken,
			code: options.code,
			now: deps.now(),
			algorithms: config.algorithms,
			clockTolerance: config.clockSkew ?? 0,
			// No record of a sign-in means nothing to renew: every §12.2 comparison then fails.
			...(renewal && { original: session.appSession?.idTokenClaims ?? {} })
		});
	let report = await validate(session.jwks!);
	let keys: Partial<ClientSession> = {};
	let note: string | undefined;
	const unknownKid = report.checks.find(isFailure)?.id === 'kid';
	if (unknownKid) {
		const fresh = deps.now() - (session.jwksFetchedAt ?? 0) >= JWKS_REFETCH_INTERVAL;
		if (fresh) {
			const jwks = readJwks(
				await deps.network.send('client', jwksRequest(session.metadata!), {
					note: 'The kid is not in the cached JWKS: the issuer may have rotated its keys, so the client fetches them again (at most once a minute).'
				})
			);
			keys = { jwks, jwksFetchedAt: deps.now() };
			report = await validate(jwks);
			note = report.valid
				? 'The kid was unknown; after fetching the JWKS again the client found the new key.'
				: 'The kid is unknown even in the freshly fetched JWKS: no published key signed this token.';
		} else {
			note =
				'The kid is unknown, and the JWKS was fetched less than a minute ago: the client does not refetch (an attacker could make it fetch endlessly).';
		}
	}
	const failed = report.checks.find(isFailure);
	await deps.trace.push({
		kind: 'action',
		from: 'client',
		to: 'client',
		channel: 'back',
		// An encrypted id_token is opened with the client's own key before any check (OIDC Core §10.2).
		label: report.jwe ? `decrypt, then ${options.label}` : options.label,
		note,
		tokens: [],
		checks: report,
		failed: !report.valid,
		// The validation's own section (the report names it), never its first check's.
		spec: report.spec ?? SPEC.idTokenValidation,
		name: 'validate-id-token',
		refusal: failed ? { code: failed.id, by: 'client', spec: failed.spec } : undefined
	});
	return { report, keys };
}

function failedCheck(report: ValidationReport): string {
	const check = report.checks.find(isFailure);
	return check ? `${check.id}: ${check.detail}` : 'invalid';
}

/** Hybrid flow: the front-channel id_token is checked (c_hash binds the code) before the code is used. */
export async function checkFrontChannelIdToken(
	deps: ClientDeps,
	session: ClientSession
): Promise<Partial<ClientSession>> {
	const received = session.received!;
	const { report, keys } = await validateIdTokenStep(deps, session, {
		idToken: received.idToken!,
		code: received.code,
		accessToken: received.accessToken,
		source: 'authorization',
		label: 'validate front-channel id_token'
	});
	if (!report.valid) throw new ClientError('invalid_id_token', failedCheck(report));
	return { lastReport: report, ...keys };
}

export async function redeemCode(
	deps: ClientDeps,
	session: ClientSession
): Promise<Partial<ClientSession>> {
	if (deps.config.signingKey || deps.config.dpop) return redeemCodeWithProofs(deps, session);
	const response = await deps.network.send(
		'client',
		codeRedemptionRequest(
			session.metadata!,
			atIssuer(deps, session).config.credentials,
			session.received!.code!,
			session.pending!
		)
	);
	return receivedTokens(response, 'token');
}

/** Validates what was received and, if it holds, keeps it. */
export async function acceptTokens(
	deps: ClientDeps,
	session: ClientSession
): Promise<Partial<ClientSession>> {
	const received = session.received!;
	const tokens = {
		accessToken: received.accessToken ?? session.accessToken,
		refreshToken: received.refreshToken ?? session.refreshToken,
		received: undefined
	};
	// No id_token: an OAuth-only sign-in (legacy response_type=token) carries no identity, and a
	// refresh response "might not contain an id_token" (OIDC Core §12.2). The client keeps its
	// session and the id_token it has; the new access and (rotated) refresh tokens replace the old.
	if (!received.idToken) return tokens;
	const renewal = received.source === 'renewal';
	const { report, keys } = await validateIdTokenStep(deps, session, {
		idToken: received.idToken,
		accessToken: received.accessToken,
		source: received.source,
		label: renewal ? 'validate refreshed id_token (§12.2)' : 'validate id_token'
	});
	if (!report.valid) throw new ClientError('invalid_id_token', failedCheck(report));
	return {
		...keys,
		...tokens,
		lastReport: report,
		idToken: received.idToken,
		// A renewal keeps the session; a sign-in (silent ones too) starts the client's own session.
		appSession: renewal ? session.appSession : startAppSession(deps, report)
	};
}

/**
 * An id_token posted to the web app's POST /session (ID_TOKEN_SESSION_PATH) by its own front
 * end, which signed in at the issuer with this client's client_id. The server answers no
 * authentication request of its own here, so it has no nonce to compare: the audience is what
 * says the token was minted for this client (OIDC Core §3.1.3.7 step 3, RFC 8725 §3.9).
 */
export async function acceptPostedIdToken(
	deps: ClientDeps,
	session: ClientSession,
	idToken: string
): Promise<Partial<ClientSession>> {
	const provider = await ensureProvider(deps, session);
	const { report, keys } = await validateIdTokenStep(
		deps,
		{ ...session, ...provider, pending: undefined },
		{ idToken, source: 'token', label: 'validate posted id_token' }
	);
	if (!report.valid) throw new ClientError('invalid_id_token', failedCheck(report));
	return {
		...provider,
		...keys,
		lastReport: report,
		idToken,
		appSession: startAppSession(deps, report)
	};
}

/** The client's own session begins once a sign-in's id_token validated; its length is the app's. */
function startAppSession(deps: ClientDeps, report: ValidationReport): AppSession {
	const now = deps.now();
	return {
		startedAt: now,
		expiresAt: now + CLIENT_SESSION_LIFETIME,
		idTokenClaims: report.claims ?? {}
	};
}

/**
 * A check the client makes of its own (not a token's validation), drawn as a step of its own
 * (client → client) and refused with the check's id when it fails.
 */
async function pushOwnCheck(
	deps: ClientDeps,
	step: { name: ActionName; label: string; note: string; spec: string },
	check: { id: string; label: string; passed: boolean; detail: string }
): Promise<ValidationReport> {
	const { spec } = step;
	const report: ValidationReport = {
		valid: check.passed,
		checks: [{ ...check, status: check.passed ? 'passed' : 'failed', spec }]
	};
	await deps.trace.push({
		kind: 'action',
		from: 'client',
		to: 'client',
		channel: 'back',
		label: step.label,
		note: step.note,
		tokens: [],
		checks: report,
		failed: !check.passed,
		spec,
		name: step.name,
		refusal: check.passed ? undefined : { code: check.id, by: 'client', spec }
	});
	return report;
}

/**
 * Before it serves the signed-in user, the client checks its own session (its cookie, its
 * storage), not the id_token: the id_token's exp bounds only when the token may be accepted at
 * sign-in (OIDC Core §2), and was checked then. Ended, the user must sign in again.
 */
async function checkAppSession(
	deps: ClientDeps,
	session: ClientSession
): Promise<Partial<ClientSession>> {
	const now = deps.now();
	const own = session.appSession;
	const active = !!own && now < own.expiresAt;
	const lifetime = own ? formatDuration(own.expiresAt - own.startedAt) : '';
	const detail = !own
		? 'the client holds no session: nobody has signed in here'
		: active
			? `started ${formatDuration(now - own.startedAt)} ago, ends in ${formatDuration(own.expiresAt - now)} (a lifetime of ${lifetime} this app chose)`
			: `ended ${formatDuration(now - own.expiresAt)} ago, ${lifetime} after sign-in (a lifetime this app chose)`;
	const report = await pushOwnCheck(
		deps,
		{
			name: 'check-session',
			label: 'check its own session',
			note: active
				? 'The client checks its own session, which it started at sign-in with a lifetime of its choosing. It does not validate the id_token again: exp only limits when the id_token may be accepted at sign-in (OIDC Core §2).'
				: 'The client’s own session has ended, by the lifetime it chose at sign-in: the user must sign in again. This is the app’s clock, not the id_token’s exp (OIDC Core §2).',
			spec: SPEC.idToken
		},
		{
			id: 'session_active',
			label: 'The client’s own session is active (not the id_token’s exp)',
			passed: active,
			detail
		}
	);
	return { lastReport: report };
}

/**
 * A UserInfo response is about the signed-in person only if its sub is the id_token's: the
 * client compares them before it uses any claim, and uses none if they differ (OIDC Core §5.3.2;
 * a token substitution would answer for someone else, §16.11).
 */
async function checkUserInfoSub(
	deps: ClientDeps,
	session: ClientSession,
	response: HttpResponse
): Promise<void> {
	const sub = readJson(response).sub;
	const expected = session.lastReport?.claims?.sub;
	const passed = typeof sub === 'string' && sub === expected;
	const detail =
		sub === undefined
			? 'the UserInfo response has no sub'
			: passed
				? `sub = ${sub}, the id_token’s`
				: `sub is ${JSON.stringify(sub)}; the id_token’s is ${JSON.stringify(expected)}`;
	await pushOwnCheck(
		deps,
		{
			name: 'check-userinfo',
			label: 'check the UserInfo sub',
			note: passed
				? 'The response is about the person who signed in: its sub is the id_token’s, so the client may use its claims.'
				: 'The response is not about the person who signed in: the client uses none of its claims.',
			spec: SPEC.userInfoResponse
		},
		{ id: 'userinfo_sub', label: 'UserInfo’s sub is the id_token’s sub', passed, detail }
	);
}

export async function refresh(
	deps: ClientDeps,
	session: ClientSession
): Promise<Partial<ClientSession>> {
	if (deps.config.signingKey || deps.config.dpop) return refreshWithProofs(deps, session);
	if (!session.refreshToken)
		throw new ClientError('no_refresh_token', 'no refresh token: ask for scope offline_access');
	const response = await deps.network.send(
		'client',
		refreshRequest(session.metadata!, deps.config.credentials, session.refreshToken)
	);
	return receivedTokens(response, 'renewal');
}

/** Legacy renewal at /delegation: `renewIdToken` (with the id_token) or with the refresh token. */
export async function legacyRenew(
	deps: ClientDeps,
	session: ClientSession,
	grant: 'id_token' | 'refresh_token'
): Promise<Partial<ClientSession>> {
	const value = grant === 'id_token' ? session.idToken : session.refreshToken;
	if (!value) throw new ClientError('no_token', `no ${grant} to renew with`);
	const request = delegationRequest(
		session.metadata!,
		deps.config.credentials,
		grant === 'id_token' ? { id_token: value } : { refresh_token: value }
	);
	const response = await deps.network.send('client', request);
	const body = readJson(response);
	if (response.status !== 200)
		throw new ClientError(
			String(body.error ?? 'delegation_failed'),
			String(body.error_description ?? '')
		);
	return {
		lastResponse: response,
		received: { idToken: String(body.id_token), source: 'renewal' }
	};
}

export type ClientCommand =
	| { type: 'CALL_API'; url: string; use: 'access_token' | 'id_token' | 'exchanged' }
	| { type: 'USERINFO' }
	| { type: 'TOKENINFO' }
	| { type: 'EXCHANGE'; audience: string; scope?: string }
	| { type: 'DELEGATE'; target: string }
	| { type: 'CHECK_SESSION' };

/** Sends a request for a token meant for another party; the token, when the answer carries one. */
async function requestToken(
	deps: ClientDeps,
	request: HttpRequest,
	field: 'access_token' | 'id_token'
): Promise<{ response: HttpResponse; token?: string }> {
	const response = await deps.network.send('client', request);
	const token = readJson(response)[field];
	return { response, token: typeof token === 'string' ? token : undefined };
}

/** Commands from signed-in: they use tokens and change nothing but what the client learns. */
export async function perform(
	deps: ClientDeps,
	session: ClientSession,
	command: ClientCommand
): Promise<Partial<ClientSession>> {
	const { metadata } = session;
	switch (command.type) {
		case 'CALL_API': {
			if (deps.config.dpop && command.use === 'access_token')
				return callApiWithDpop(deps, session, command.url);
			const token =
				command.use === 'id_token'
					? session.idToken
					: command.use === 'exchanged'
						? session.exchangedAccessToken
						: session.accessToken;
			if (!token) throw new ClientError('no_token', `no ${command.use} to call the API with`);
			return {
				lastResponse: await deps.network.send('client', bearerRequest('GET', command.url, token))
			};
		}
		case 'USERINFO': {
			const response = await deps.network.send(
				'client',
				bearerRequest('GET', metadata!.userinfo_endpoint, session.accessToken ?? '')
			);
			if (response.status === 200) await checkUserInfoSub(deps, session, response);
			return { lastResponse: response };
		}
		case 'TOKENINFO':
			return {
				lastResponse: await deps.network.send(
					'client',
					tokeninfoRequest(metadata!, session.idToken ?? '')
				)
			};
		case 'EXCHANGE': {
			const subject = session.accessToken ?? '';
			const { response, token } = await requestToken(
				deps,
				tokenExchangeRequest(
					metadata!,
					deps.config.credentials,
					{ token: subject, type: 'access_token' },
					command.audience,
					command.scope
				),
				'access_token'
			);
			return { lastResponse: response, exchangedAccessToken: token };
		}
		case 'DELEGATE': {
			const { response, token } = await requestToken(
				deps,
				delegationRequest(
					metadata!,
					deps.config.credentials,
					{ id_token: session.idToken ?? '' },
					command.target
				),
				'id_token'
			);
			return { lastResponse: response, delegatedIdToken: token };
		}
		case 'CHECK_SESSION':
			return checkAppSession(deps, session);
	}
}

/** RP-initiated logout: the browser goes to the issuer's end_session_endpoint. */
export async function startLogout(
	deps: ClientDeps,
	session: ClientSession
): Promise<Partial<ClientSession>> {
	const state = crypto.randomUUID();
	const url = endSessionUrl(
		session.metadata!,
		session.idToken ?? '',
		deps.config.postLogoutRedirectUri,
		state
	);
	deps.navigate({ method: 'GET', url, headers: [] }, 'top');
	return { logoutState: state };
}

export function finishLogout(session: ClientSession, callbackUrl: string): void {
	if (new URL(callbackUrl).searchParams.get('state') !== session.logoutState) {
		throw new ClientError(
			'state_mismatch',
			'the logout response’s state is not the one this client sent'
		);
	}
}
