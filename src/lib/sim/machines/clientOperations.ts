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
	jwksRequest,
	readCallback,
	isFailure,
	readJson,
	readJwks,
	refreshRequest,
	tokenExchangeRequest,
	tokeninfoRequest,
	validateReceivedIdToken,
	type HttpRequest,
	type HttpResponse,
	type ValidationReport
} from '../../core/index';
import type { JSONWebKeySet } from 'jose';
import { ClientError, type ClientDeps, type ClientSession } from './clientSession';
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
	ClientError,
	type ClientConfig,
	type ClientDeps,
	type ClientSession
} from './clientSession';

/** Sends the browser to the authorization endpoint (top window, or a hidden iframe for prompt=none). */
export async function startAuthorization(
	deps: ClientDeps,
	session: ClientSession,
	silent: boolean
): Promise<Partial<ClientSession>> {
	const provider = await ensureProvider(deps, session);
	const { metadata } = provider;
	const { config } = deps;
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
 * Validates an id_token and records the checklist as a step. An unknown kid may mean the issuer
 * rotated its keys: the client refetches the JWKS once (rate-limited) and checks again.
 */
export async function validateIdTokenStep(
	deps: ClientDeps,
	session: ClientSession,
	options: {
		idToken: string;
		accessToken?: string;
		code?: string;
		source: 'authorization' | 'token' | 'renewal' | 'stored';
		label: string;
	}
): Promise<{ report: ValidationReport; keys: Partial<ClientSession> }> {
	const decryption = await decryptionFor(deps.config);
	const validate = (jwks: JSONWebKeySet) =>
		validateReceivedIdToken(options.idToken, {
			...decryption,
			metadata: session.metadata!,
			jwks,
			credentials: deps.config.credentials,
			// A nonce is only compared for tokens answering this client's authorization request.
			pending:
				options.source === 'authorization' || options.source === 'token'
					? session.pending
					: undefined,
			channel: options.source === 'authorization' ? 'front' : 'back',
			accessToken: options.accessToken,
			code: options.code,
			now: deps.now(),
			algorithms: deps.config.algorithms
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
		label: options.label,
		note,
		tokens: [],
		checks: report,
		failed: !report.valid,
		spec:
			report.checks[0]?.spec ??
			'https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation',
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
			deps.config.credentials,
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
	if (!received.idToken) {
		// An OAuth-only response (legacy response_type=token) carries no identity to validate.
		return { accessToken: received.accessToken ?? session.accessToken, received: undefined };
	}
	const { report, keys } = await validateIdTokenStep(deps, session, {
		idToken: received.idToken,
		accessToken: received.accessToken,
		source: received.source,
		label: 'validate id_token'
	});
	if (!report.valid) throw new ClientError('invalid_id_token', failedCheck(report));
	return {
		...keys,
		lastReport: report,
		idToken: received.idToken,
		accessToken: received.accessToken ?? session.accessToken,
		refreshToken: received.refreshToken ?? session.refreshToken,
		received: undefined
	};
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
		case 'USERINFO':
			return {
				lastResponse: await deps.network.send(
					'client',
					bearerRequest('GET', metadata!.userinfo_endpoint, session.accessToken ?? '')
				)
			};
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
		case 'CHECK_SESSION': {
			// Before using its id_token again, the client checks it has not expired.
			const { report, keys } = await validateIdTokenStep(deps, session, {
				idToken: session.idToken ?? '',
				source: 'stored',
				label: 'check the id_token is still valid'
			});
			return { lastReport: report, ...keys };
		}
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
