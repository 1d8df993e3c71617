/**
 * A real login against the person's own provider, recorded as the same Trace the simulator draws:
 * discovery at Connect, the authorization request by a top-level redirect, the provider's own
 * pages as one dashed step (only the browser saw them), the callback, the code exchange, the keys
 * and the id_token checked by `validateIdToken`. Framework-free: the page passes in `fetch`, the
 * clock and the random values; storage between the two pages is the page's business.
 */
import type { JSONWebKeySet } from 'jose';
import { validateIdToken, DEFAULT_ALGORITHMS } from '../core/client/idToken';
import { statusText, type HttpRequest } from '../core/http';
import { fail, pass, type Check, type ValidationReport } from '../core/jwt/checks';
import { s256 } from '../core/jwt/hashes';
import { randomToken } from '../core/random';
import { SPEC } from '../core/spec';
import { check, errorCheck, issParamCheck, report, stateCheck } from '../har/flowChecks';
import { DEFAULT_SETTINGS } from '../sim/settings';
import { requestTokens, responseTokens } from '../sim/tokens';
import type { ActorName, StepName, Trace, TraceStep } from '../sim/types';
import {
	checkDiscovery,
	discoveryUrl,
	issuerProblem,
	namedOrigins,
	type ProviderMetadata
} from './discovery';
import type { LiveCode, LiveFailure } from './explain';
import { jsonOf, send, type Exchange, type Fetcher } from './http';

/** What the person entered. No secret, ever. */
export interface LiveSettings {
	issuer: string;
	clientId: string;
	scope: string;
	/** Extra authorization request parameters, as a query string (prompt=login&audience=…). */
	extra: string;
	/** Ask UserInfo after the login. */
	userinfo: boolean;
	/** Redeem the refresh token once, when one came. */
	refresh: boolean;
	/** Open the provider's pages in a popup instead of redirecting this tab. */
	popup: boolean;
}

export const DEFAULT_LIVE_SETTINGS: LiveSettings = {
	issuer: '',
	clientId: '',
	scope: 'openid profile email',
	extra: '',
	userinfo: false,
	refresh: false,
	popup: false
};

/** What the page keeps (in this tab's session storage) across the redirect to the provider. */
export interface PendingLogin {
	settings: LiveSettings;
	redirectUri: string;
	metadata: ProviderMetadata;
	origins: string[];
	state: string;
	nonce: string;
	verifier: string;
	authorizationUrl: string;
	steps: TraceStep[];
	startedAt: number;
}

export interface LiveResult {
	trace: Trace;
	failure?: LiveFailure;
	/** The origins the page was allowed to talk to (named by discovery), for the person to see. */
	origins: string[];
}

export interface LiveContext {
	fetcher: Fetcher;
	/** Seconds since the epoch. */
	now: () => number;
}

/** Parameters the page sets itself; extra parameters may not replace them. */
const OWN_PARAMS = new Set([
	'client_id',
	'redirect_uri',
	'response_type',
	'state',
	'nonce',
	'code_challenge',
	'code_challenge_method',
	'scope',
	'client_secret'
]);

/** Extra parameters the person may add, without any the page sets itself. */
export function extraParams(extra: string): URLSearchParams {
	const params = new URLSearchParams(extra.trim().replace(/^\?/, ''));
	for (const name of [...params.keys()]) if (OWN_PARAMS.has(name)) params.delete(name);
	return params;
}

/** Builds the steps of a live trace, numbering each protocol message as the simulator does. */
export class LiveSteps {
	readonly steps: TraceStep[];
	constructor(steps: TraceStep[] = []) {
		this.steps = [...steps];
	}

	push(step: Omit<TraceStep, 'index' | 'ref'>, message?: StepName): TraceStep {
		const nth = message ? this.steps.filter((s) => s.ref?.message === message).length + 1 : 0;
		const full: TraceStep = {
			...step,
			index: this.steps.length,
			...(message && { ref: { message, nth } })
		};
		this.steps.push(full);
		return full;
	}

	/** A fetch from the page: its request, and its answer when one could be read. */
	exchange(
		x: Exchange,
		endpoint: 'discovery' | 'jwks' | 'token' | 'userinfo',
		spec: string,
		extra: { label?: string; note?: string; checks?: ValidationReport } = {}
	): void {
		const path = URL.canParse(x.request.url) ? new URL(x.request.url).pathname : x.request.url;
		const grant =
			endpoint === 'token' ? new URLSearchParams(x.request.body ?? '').get('grant_type') : null;
		this.push(
			{
				kind: 'request',
				from: 'client',
				to: 'issuer',
				channel: 'back',
				request: x.request,
				label: extra.label ?? `${x.request.method} ${path}${grant ? ` (${grant})` : ''}`,
				note: x.error ? sendNote(x) : extra.note,
				tokens: requestTokens(x.request),
				failed: Boolean(x.error),
				spec,
				at: x.at,
				...(x.error && { refusal: { code: sendCode(x), by: 'client' as ActorName, spec } })
			},
			`${endpoint}-request`
		);
		if (!x.response) return;
		const status = x.response.status;
		this.push(
			{
				kind: 'response',
				from: 'issuer',
				to: 'client',
				channel: 'back',
				response: x.response,
				label: `${status}${statusText(status) ? ` ${statusText(status)}` : ''}`,
				tokens: responseTokens(x.response),
				failed: status >= 400 || (extra.checks ? !extra.checks.valid : false),
				spec,
				at: x.at,
				...(extra.checks && { checks: extra.checks })
			},
			`${endpoint}-response`
		);
	}
}

function sendCode(x: Exchange): LiveCode {
	if (x.error === 'cors') return 'LIVE_CORS';
	if (x.error === 'down') return 'LIVE_PROVIDER_DOWN';
	if (x.error === 'origin') return 'LIVE_ORIGIN_REFUSED';
	return 'LIVE_BAD_DISCOVERY';
}

function sendNote(x: Exchange): string {
	if (x.error === 'cors')
		return 'The provider answered, but sent no CORS header for this origin: the browser kept the answer from the page.';
	if (x.error === 'down') return 'Nothing answered: not even a refusal came back.';
	if (x.error === 'origin') return 'Not sent: the discovery document does not name this origin.';
	return 'The answer was a redirect, which this page does not follow (it could lead anywhere).';
}

const nowSeconds = (ctx: LiveContext) => Math.floor(ctx.now());

/** The finished trace: the same shape as the simulator's, flow code-pkce, participants named. */
export function liveTrace(
	steps: TraceStep[],
	startedAt: number,
	issuer: string,
	settings: Pick<LiveSettings, 'scope'>,
	failure?: LiveFailure
): Trace {
	const host = URL.canParse(issuer) ? new URL(issuer).host : issuer;
	const refused = [...steps].reverse().find((s) => s.refusal)?.refusal;
	return {
		flow: 'code-pkce',
		settings: { ...DEFAULT_SETTINGS, flow: 'code-pkce', clientType: 'spa', scope: settings.scope },
		steps,
		outcome: failure
			? {
					code: 'stopped',
					completed: false,
					error: failure.code,
					stopped: failure.detail,
					...(refused && { refusal: refused, unexpected: refused })
				}
			: { code: 'completed', completed: true },
		startedAt,
		participants: { browser: 'Your browser', client: '/live page', issuer: host }
	};
}

function failed(
	steps: LiveSteps,
	startedAt: number,
	settings: LiveSettings,
	origins: string[],
	failure: LiveFailure
): LiveResult {
	return {
		trace: liveTrace(steps.steps, startedAt, settings.issuer, settings, failure),
		failure,
		origins
	};
}

/**
 * Connect: reads the discovery document (the first request the page makes), checks it, and
 * prepares the authorization request. The page stores `pending` and navigates to its URL.
 */
export async function connect(
	settings: LiveSettings,
	redirectUri: string,
	ctx: LiveContext
): Promise<
	{ pending: PendingLogin; result?: undefined } | { pending?: undefined; result: LiveResult }
> {
	const startedAt = nowSeconds(ctx);
	const steps = new LiveSteps();
	const issuer = settings.issuer.trim();
	const problem = issuerProblem(issuer);
	if (problem)
		return {
			result: failed(steps, startedAt, settings, [], {
				code: 'LIVE_BAD_ISSUER',
				at: 'discovery-request',
				detail: problem
			})
		};
	const origin = new URL(issuer).origin;
	const request: HttpRequest = {
		method: 'GET',
		url: discoveryUrl(issuer),
		headers: [['Accept', 'application/json']]
	};
	const x = await send(ctx.fetcher, [origin], request, ctx.now);
	if (x.error || !x.response) {
		steps.exchange(x, 'discovery', SPEC.discoveryRequest);
		return {
			result: failed(steps, startedAt, settings, [origin], {
				code: sendCode(x),
				at: 'discovery-request',
				detail: sendNote(x)
			})
		};
	}
	const { report: checks, metadata } =
		x.response.status === 200
			? checkDiscovery(issuer, jsonOf(x))
			: {
					report: report([
						check(
							'discovery_status',
							'The discovery document was found',
							SPEC.discoveryRequest,
							fail(`HTTP ${x.response.status}`)
						)
					]),
					metadata: undefined
				};
	steps.exchange(x, 'discovery', SPEC.discoveryRequest, {
		checks,
		note: 'Discovery: the provider’s endpoints and its issuer identifier, which every id_token’s iss must equal.'
	});
	if (!metadata) {
		const first = checks.checks.find((c) => c.status === 'failed');
		return {
			result: failed(steps, startedAt, settings, [origin], {
				code: 'LIVE_BAD_DISCOVERY',
				at: 'discovery-response',
				detail: first?.detail ?? 'the document failed its checks'
			})
		};
	}
	const state = randomToken();
	const nonce = randomToken();
	const verifier = randomToken();
	const params = new URLSearchParams({
		client_id: settings.clientId.trim(),
		redirect_uri: redirectUri,
		response_type: 'code',
		scope: settings.scope.trim() || 'openid',
		state,
		nonce,
		code_challenge: await s256(verifier),
		code_challenge_method: 'S256'
	});
	for (const [name, value] of extraParams(settings.extra)) params.append(name, value);
	const target = new URL(metadata.authorization_endpoint);
	// Parameters already in the endpoint's own query stay (OIDC Core §3.1.2.1 allows them).
	for (const [name, value] of params) target.searchParams.append(name, value);
	const authorizationUrl = target.toString();
	steps.push(
		{
			kind: 'request',
			from: 'browser',
			to: 'issuer',
			channel: 'front',
			request: { method: 'GET', url: authorizationUrl, headers: [] },
			label: `GET ${target.pathname}`,
			note: 'The authorization request, by a top-level redirect of this tab: response_type=code with PKCE (S256), state and nonce.',
			tokens: requestTokens({ method: 'GET', url: authorizationUrl, headers: [] }),
			failed: false,
			spec: SPEC.authRequest,
			at: nowSeconds(ctx)
		},
		'authorize-request'
	);
	return {
		pending: {
			settings,
			redirectUri,
			metadata,
			origins: namedOrigins(metadata),
			state,
			nonce,
			verifier,
			authorizationUrl,
			steps: steps.steps,
			startedAt
		}
	};
}

/** The provider's own pages: only the browser saw them, drawn as one dashed step. */
function providerPages(steps: LiveSteps, at: number): void {
	// Drawn as a dashed message (observed: false), as the HAR import draws what it could not see.
	steps.push(
		{
			kind: 'request',
			from: 'browser',
			to: 'issuer',
			channel: 'front',
			label: 'login and consent at the provider (not observed)',
			note: 'The provider’s own pages: the person signs in there. This page cannot see them (another origin); it sees only where the browser comes back.',
			tokens: [],
			failed: false,
			spec: SPEC.authenticates,
			at,
			observed: false
		},
		'person-login'
	);
}

/**
 * The person came back to /live with a login still pending: the provider never sent them to the
 * callback. A provider does not redirect to a redirect URI it does not know (RFC 6749 §3.1.2.4).
 */
export function abandoned(pending: PendingLogin, ctx: LiveContext): LiveResult {
	const steps = new LiveSteps(pending.steps);
	providerPages(steps, nowSeconds(ctx));
	return failed(steps, pending.startedAt, pending.settings, pending.origins, {
		code: 'LIVE_REDIRECT_URI',
		at: 'authorize-request',
		detail: `the provider did not send this tab back to ${pending.redirectUri}`
	});
}

/** A callback that belongs to no pending login in this tab. */
export function orphanCallback(callbackUrl: string, ctx: LiveContext): LiveResult {
	const steps = new LiveSteps();
	const at = nowSeconds(ctx);
	steps.push(
		{
			kind: 'request',
			from: 'browser',
			to: 'client',
			channel: 'front',
			request: { method: 'GET', url: callbackUrl, headers: [] },
			label: 'GET /live/callback',
			tokens: requestTokens({ method: 'GET', url: callbackUrl, headers: [] }),
			failed: true,
			spec: SPEC.csrf,
			at,
			refusal: { code: 'LIVE_NO_LOGIN', by: 'client', spec: SPEC.csrf }
		},
		'callback-request'
	);
	const settings = { ...DEFAULT_LIVE_SETTINGS };
	return failed(steps, at, settings, [], {
		code: 'LIVE_NO_LOGIN',
		at: 'callback-request',
		detail: 'no login was started in this tab, or it was already finished'
	});
}

/** Which code a failed id_token report gets: the first failed check decides. */
export function idTokenFailure(checks: ValidationReport): LiveCode {
	const failedIds = checks.checks.filter((c) => c.status === 'failed').map((c) => c.id);
	if (failedIds.includes('alg')) return 'LIVE_ALG_UNSUPPORTED';
	if (failedIds.some((id) => id === 'exp' || id === 'iat' || id === 'nbf')) return 'LIVE_CLOCK';
	return 'LIVE_ID_TOKEN_INVALID';
}

/** The algorithms the client accepts: the issuer's advertised ones that are asymmetric. */
export function acceptedAlgorithms(metadata: ProviderMetadata): string[] {
	const advertised = metadata.id_token_signing_alg_values_supported ?? [];
	return DEFAULT_ALGORITHMS.filter((a) => advertised.includes(a));
}

function tokenError(x: Exchange): { code: LiveCode; detail: string } {
	const body = jsonOf(x) as { error?: unknown; error_description?: unknown } | undefined;
	const error = typeof body?.error === 'string' ? body.error : `HTTP ${x.response?.status}`;
	const description =
		typeof body?.error_description === 'string' ? `: ${body.error_description}` : '';
	// RFC 6749 §5.2: invalid_client (401) is a client that failed to authenticate. Entra answers a
	// browser's token request for a client of the Web platform with AADSTS9002326 (invalid_request).
	const confidential =
		error === 'invalid_client' ||
		x.response?.status === 401 ||
		/client_secret|client_assertion|AADSTS7000218|AADSTS9002326/.test(description);
	return {
		code: confidential ? 'LIVE_CONFIDENTIAL_CLIENT' : 'LIVE_TOKEN_ERROR',
		detail: `${error}${description}`
	};
}

/**
 * The callback: checks the answer (state, RFC 9207 iss, error), redeems the code with PKCE, reads
 * the keys, validates the id_token, and asks UserInfo and a refresh when the person asked.
 */
export async function finish(
	pending: PendingLogin,
	callbackUrl: string,
	ctx: LiveContext
): Promise<LiveResult> {
	const { metadata, settings, origins } = pending;
	const steps = new LiveSteps(pending.steps);
	const stop = (code: LiveCode, at: StepName, detail: string) =>
		failed(steps, pending.startedAt, settings, origins, { code, at, detail });
	const at = nowSeconds(ctx);
	providerPages(steps, at);
	const url = new URL(callbackUrl);
	const params = url.searchParams;
	// What the browser was sent back with: reconstructed from the address it landed on.
	steps.push(
		{
			kind: 'response',
			from: 'issuer',
			to: 'browser',
			channel: 'front',
			response: { status: 302, headers: [['Location', callbackUrl]], body: '' },
			label: `302 → ${url.pathname}`,
			note: 'The provider sends the browser back to the redirect URI (this page read the address it landed on; the 302 itself happened in the browser).',
			tokens: responseTokens({ status: 302, headers: [['Location', callbackUrl]], body: '' }),
			failed: params.has('error'),
			spec: SPEC.authResponse,
			at
		},
		'authorize-response'
	);
	const error = params.get('error');
	const issChecked = issParamCheck(
		params.get('iss'),
		metadata.issuer,
		metadata.authorization_response_iss_parameter_supported
	);
	const callbackChecks: Check[] = [
		stateCheck(
			{
				clientId: settings.clientId,
				responseType: 'code',
				state: pending.state,
				codeChallenge: 'S256'
			},
			params.get('state')
		),
		issChecked,
		error
			? errorCheck(error, params.get('error_description'))
			: check(
					'code',
					'An authorization code came back',
					SPEC.authResponse,
					params.get('code') ? pass('code present') : fail('no code and no error in the answer')
				)
	];
	const callbackReport = report(callbackChecks);
	const firstFailed = callbackChecks.find((c) => c.status === 'failed');
	const refusalCode: LiveCode | undefined = !firstFailed
		? undefined
		: firstFailed.id === 'state'
			? 'LIVE_STATE'
			: firstFailed.id === 'iss_param'
				? params.get('iss') === null
					? 'LIVE_ISS_MISSING'
					: 'LIVE_ISS_MISMATCH'
				: error === 'access_denied'
					? 'LIVE_ACCESS_DENIED'
					: error
						? 'LIVE_AUTHORIZATION_ERROR'
						: 'LIVE_AUTHORIZATION_ERROR';
	const callbackRequest: HttpRequest = { method: 'GET', url: callbackUrl, headers: [] };
	steps.push(
		{
			kind: 'request',
			from: 'browser',
			to: 'client',
			channel: 'front',
			request: callbackRequest,
			label: `GET ${url.pathname}`,
			tokens: requestTokens(callbackRequest),
			checks: callbackReport,
			failed: !callbackReport.valid,
			spec: SPEC.authResponse,
			at,
			...(refusalCode && {
				refusal: {
					code: error ?? firstFailed!.id,
					by: 'client' as ActorName,
					spec: firstFailed!.spec
				}
			})
		},
		'callback-request'
	);
	if (refusalCode)
		return stop(refusalCode, 'callback-request', `${firstFailed!.id}: ${firstFailed!.detail}`);

	// The code exchange: a fetch from this page, public client, PKCE verifier, no secret.
	const code = params.get('code') ?? '';
	const tokenRequest: HttpRequest = {
		method: 'POST',
		url: metadata.token_endpoint,
		headers: [
			['Content-Type', 'application/x-www-form-urlencoded'],
			['Accept', 'application/json']
		],
		body: new URLSearchParams({
			grant_type: 'authorization_code',
			code,
			redirect_uri: pending.redirectUri,
			client_id: settings.clientId,
			code_verifier: pending.verifier
		}).toString()
	};
	const token = await send(ctx.fetcher, origins, tokenRequest, ctx.now);
	steps.exchange(token, 'token', SPEC.tokenEndpoint);
	if (token.error) {
		const cors = token.error === 'cors';
		return stop(
			sendCode(token),
			'token-request',
			cors ? 'the token endpoint sent no CORS headers for this origin' : sendNote(token)
		);
	}
	const tokens = jsonOf(token) as Record<string, unknown> | undefined;
	if (!token.response || token.response.status !== 200 || !tokens) {
		const { code: failure, detail } = tokenError(token);
		return stop(failure, 'token-response', detail);
	}
	const idToken = typeof tokens.id_token === 'string' ? tokens.id_token : undefined;
	const accessToken = typeof tokens.access_token === 'string' ? tokens.access_token : undefined;

	// The keys, from the jwks_uri the discovery document named.
	const jwksExchange = await send(
		ctx.fetcher,
		origins,
		{ method: 'GET', url: metadata.jwks_uri, headers: [['Accept', 'application/json']] },
		ctx.now
	);
	const jwks = jsonOf(jwksExchange) as JSONWebKeySet | undefined;
	steps.exchange(jwksExchange, 'jwks', SPEC.jwkSet, {
		note: 'The provider’s public keys (JWKS): the id_token’s signature is checked with them.'
	});
	if (jwksExchange.error)
		return stop(sendCode(jwksExchange), 'jwks-request', sendNote(jwksExchange));
	if (!jwks || !Array.isArray(jwks.keys))
		return stop('LIVE_BAD_JWKS', 'jwks-response', 'the jwks_uri did not return {"keys": [...]}');

	const idChecks = await validateIdToken(idToken, {
		issuer: metadata.issuer,
		clientId: settings.clientId,
		jwks,
		algorithms: acceptedAlgorithms(metadata),
		nonce: pending.nonce,
		accessToken,
		responseType: 'code',
		now: ctx.now(),
		// OIDC Core §2 and RFC 7519 §4.1.4: a small leeway for clocks that disagree a little.
		clockTolerance: 60
	});
	steps.push(
		{
			kind: 'action',
			from: 'client',
			to: 'client',
			channel: 'back',
			label: 'validate id_token',
			note: 'The checks of OpenID Connect Core §3.1.3.7 on the real id_token: signature with the provider’s keys, iss, aud, exp, iat, nonce, at_hash.',
			tokens: [],
			checks: idChecks,
			failed: !idChecks.valid,
			spec: SPEC.idTokenValidation,
			at: nowSeconds(ctx),
			...(!idChecks.valid && {
				refusal: {
					code: idChecks.checks.find((c) => c.status === 'failed')?.id ?? 'invalid_id_token',
					by: 'client' as ActorName,
					spec: SPEC.idTokenValidation
				}
			})
		},
		'validate-id-token'
	);
	if (!idChecks.valid) {
		const first = idChecks.checks.find((c) => c.status === 'failed');
		return stop(
			idTokenFailure(idChecks),
			'validate-id-token',
			first ? `${first.id}: ${first.detail}` : 'the id_token was refused'
		);
	}

	if (settings.userinfo && metadata.userinfo_endpoint && accessToken) {
		const info = await send(
			ctx.fetcher,
			origins,
			{
				method: 'GET',
				url: metadata.userinfo_endpoint,
				headers: [
					['Authorization', `Bearer ${accessToken}`],
					['Accept', 'application/json']
				]
			},
			ctx.now
		);
		const body = jsonOf(info) as Record<string, unknown> | undefined;
		const sub = idChecks.claims?.sub;
		const subCheck = check(
			'userinfo_sub',
			'UserInfo’s sub is the id_token’s sub',
			SPEC.userInfoResponse,
			body?.sub === undefined
				? fail('no sub in the UserInfo response (or it is not JSON)')
				: body.sub === sub
					? pass(`sub = ${String(sub)}`)
					: fail(`sub is ${JSON.stringify(body.sub)}, the id_token's is ${JSON.stringify(sub)}`)
		);
		const infoChecks = info.response ? report([subCheck]) : undefined;
		steps.exchange(info, 'userinfo', SPEC.userInfo, {
			note: 'UserInfo: the access token buys the user’s claims from the provider.',
			...(infoChecks && { checks: infoChecks })
		});
		if (!info.response || info.response.status !== 200 || !infoChecks?.valid)
			return stop(
				info.error ? sendCode(info) : 'LIVE_USERINFO',
				info.response ? 'userinfo-response' : 'userinfo-request',
				info.error ? sendNote(info) : subCheck.detail
			);
	}

	const refreshToken = typeof tokens.refresh_token === 'string' ? tokens.refresh_token : undefined;
	if (settings.refresh && refreshToken) {
		const refresh = await send(
			ctx.fetcher,
			origins,
			{
				method: 'POST',
				url: metadata.token_endpoint,
				headers: [
					['Content-Type', 'application/x-www-form-urlencoded'],
					['Accept', 'application/json']
				],
				body: new URLSearchParams({
					grant_type: 'refresh_token',
					refresh_token: refreshToken,
					client_id: settings.clientId
				}).toString()
			},
			ctx.now
		);
		steps.exchange(refresh, 'token', SPEC.refreshGrant);
		const refreshed = jsonOf(refresh) as Record<string, unknown> | undefined;
		if (!refresh.response || refresh.response.status !== 200 || !refreshed)
			return stop(
				refresh.error ? sendCode(refresh) : 'LIVE_REFRESH',
				refresh.response ? 'token-response' : 'token-request',
				refresh.error ? sendNote(refresh) : tokenError(refresh).detail
			);
		if (typeof refreshed.id_token === 'string') {
			const again = await validateIdToken(refreshed.id_token, {
				issuer: metadata.issuer,
				clientId: settings.clientId,
				jwks,
				algorithms: acceptedAlgorithms(metadata),
				original: idChecks.claims,
				accessToken:
					typeof refreshed.access_token === 'string' ? refreshed.access_token : undefined,
				responseType: 'code',
				now: ctx.now(),
				clockTolerance: 60
			});
			steps.push(
				{
					kind: 'action',
					from: 'client',
					to: 'client',
					channel: 'back',
					label: 'validate refreshed id_token',
					tokens: [],
					checks: again,
					failed: !again.valid,
					spec: SPEC.refreshResponse,
					at: nowSeconds(ctx)
				},
				'validate-id-token'
			);
			if (!again.valid)
				return stop(
					'LIVE_REFRESH',
					'validate-id-token',
					'the refreshed id_token failed its checks'
				);
		}
	}
	return {
		trace: liveTrace(steps.steps, pending.startedAt, settings.issuer, settings),
		origins
	};
}
