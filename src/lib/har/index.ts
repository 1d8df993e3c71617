/**
 * Turns a HAR file of a real login (recorded in DevTools) into the same Trace the simulator
 * draws: participants by origin, each OpenID Connect message recognised and explained, and the
 * checks a client should make, run on the real values at the time they were recorded.
 * Framework-free: runs in the page and in Node (CLI). Never throws.
 */
import type { JSONWebKeySet } from 'jose';
import { decodeJwt, getHeader, isSigningAlgorithm, SPEC, statusText } from '../core/index';
import type { Check, ValidationReport } from '../core/jwt/checks';
import { requestTokens, responseTokens } from '../sim/tokens';
import { DEFAULT_SETTINGS } from '../sim/settings';
import type { ActorName, FlowId, Trace, TraceStep } from '../sim/types';
import {
	base,
	classify,
	formBody,
	initiator,
	isAuthorizationRequest,
	jsonBody,
	origin,
	query,
	survey,
	type Landscape,
	type Role
} from './classify';
import { explainAuthorizationRequest } from './explain';
import {
	codeCheck,
	errorCheck,
	idTokenChecks,
	issParamCheck,
	NOT_OBSERVED,
	pkceCheck,
	report,
	stateCheck,
	unobservedChecks,
	type LoginRequest
} from './flowChecks';
import { collectSecrets, maskDeep, masker } from './mask';
import { readHar, type Exchange, type HarProblem } from './read';

export { MAX_HAR_BYTES, type HarProblem } from './read';
export { MASK } from './mask';
export type { Role } from './classify';

export interface HarImportOptions {
	/** A JWKS the person pastes, used instead of any captured in the file. */
	jwks?: object;
	/** Validate tokens at this time (seconds) instead of when each was recorded. */
	now?: number;
	/** Show secrets as recorded (default: masked). */
	reveal?: boolean;
	/** Draw fonts, images, analytics and failed requests too (default: hidden, counted). */
	showUnrelated?: boolean;
	/** Draw each of the provider's login and consent pages (default: one grouped step). */
	expandPages?: boolean;
	/** Told how far the importer is: `done` entries of `total`, every few hundred and at the end. */
	onProgress?: (done: number, total: number) => void;
}

/** Entries between two progress reports. */
export const PROGRESS_EVERY = 500;

export interface HarImport {
	trace: Trace;
	issuer?: string;
	problems: string[];
	/** The same problems with stable codes, for code and tests. */
	codes: HarProblem['code'][];
	/** How many entries were left off the diagram as unrelated. */
	hidden: number;
	/** How many exchanges were the provider's own pages. */
	providerPages: number;
	/** The role given to each exchange, in file order. */
	roles: Role[];
}

/** One login: the authorization request, and what came back. */
interface Login extends LoginRequest {
	exchange: Exchange;
	params: URLSearchParams;
	callbackCode?: string;
	callbackFailed?: boolean;
	/** Where an exchange the capture could not see belongs: after this many steps. */
	checkedAt?: number;
	redeemed?: boolean;
	idToken?: string;
}

const SPEC_FOR: Partial<Record<Role, string>> = {
	discovery: SPEC.discovery,
	jwks: SPEC.kid,
	authorize: SPEC.authRequest,
	'provider-page': SPEC.authRequest,
	'authorization-response': SPEC.responseModes,
	callback: SPEC.responseModes,
	token: SPEC.tokenEndpoint,
	userinfo: SPEC.userInfo,
	logout: SPEC.rpLogout,
	api: SPEC.bearer,
	'client-page': SPEC.redirectUri,
	'issuer-other': SPEC.discovery,
	unrelated: SPEC.discovery
};

const NOTES: Partial<Record<Role, string>> = {
	discovery:
		'Discovery: the provider publishes its endpoints and its issuer identifier, which every id_token’s iss must equal.',
	jwks: 'The provider’s public keys (JWKS): the client verifies id_token signatures with them.',
	userinfo: 'UserInfo: the access token buys the user’s claims from the provider.',
	logout: 'Logout at the provider (RP-initiated logout), ending its session.',
	api: 'A call to an API with the access token as a Bearer credential.',
	'client-page': 'A page of the client application.'
};

function pathOf(url: string): string {
	if (!URL.canParse(url, 'http://x')) return url;
	const u = new URL(url, 'http://x');
	return u.pathname;
}

function emptyTrace(): Trace {
	return {
		flow: 'code-pkce',
		settings: { ...DEFAULT_SETTINGS },
		steps: [],
		outcome: { code: 'error', completed: false, stopped: 'nothing could be imported' },
		startedAt: 0
	};
}

/** Reads the login request a client sent. */
function loginOf(x: Exchange): Login {
	const params = x.request.method === 'POST' ? formBody(x) : query(x);
	const get = (n: string) => params.get(n) ?? undefined;
	return {
		exchange: x,
		params,
		clientId: get('client_id') ?? '',
		redirectUri: get('redirect_uri'),
		responseType: get('response_type') ?? 'code',
		responseMode: get('response_mode'),
		state: get('state'),
		nonce: get('nonce'),
		codeChallenge: get('code_challenge'),
		codeChallengeMethod: get('code_challenge_method')
	};
}

/** The parameters a callback received: query, form_post body, or the fragment of the redirect that led to it. */
function callbackParams(x: Exchange, fragment: string | undefined): URLSearchParams {
	if (x.request.method === 'POST') return formBody(x);
	const q = query(x);
	if (fragment) for (const [k, v] of new URLSearchParams(fragment)) q.append(k, v);
	return q;
}

function findJwks(exchanges: Exchange[], roles: Role[]): JSONWebKeySet | undefined {
	const keys = exchanges.flatMap((x, i) => {
		if (roles[i] !== 'jwks') return [];
		const body = jsonBody(x);
		return Array.isArray(body?.keys) ? (body.keys as JSONWebKeySet['keys']) : [];
	});
	return keys.length ? { keys } : undefined;
}

function flowIdFor(
	logins: Login[],
	roles: Role[],
	exchanges: Exchange[],
	unobserved: boolean
): FlowId {
	const responseType = new Set((logins[0]?.responseType ?? 'code').split(' '));
	if (responseType.has('code') && responseType.has('id_token')) return 'hybrid';
	if (responseType.has('id_token')) return 'implicit';
	if (
		exchanges.some(
			(x, i) => roles[i] === 'token' && formBody(x).get('grant_type') === 'refresh_token'
		)
	)
		return 'refresh';
	if (roles.includes('logout')) return 'logout';
	return unobserved ? 'code-webapp' : 'code-pkce';
}

export async function importHar(text: string, options: HarImportOptions = {}): Promise<HarImport> {
	try {
		return await build(text, options);
	} catch (e) {
		// Bad input never throws out of the importer: say what happened instead.
		const message = `the file could not be imported: ${e instanceof Error ? e.message : String(e)}`;
		return {
			trace: emptyTrace(),
			problems: [message],
			codes: ['HAR_NO_LOGIN'],
			hidden: 0,
			providerPages: 0,
			roles: []
		};
	}
}

async function build(text: string, options: HarImportOptions): Promise<HarImport> {
	const { exchanges, problems } = readHar(text);
	const done = (trace: Trace, extra: Partial<HarImport> = {}): HarImport => ({
		trace,
		problems: problems.map((p) => p.message),
		codes: problems.map((p) => p.code),
		hidden: 0,
		providerPages: 0,
		roles: [],
		...extra
	});
	if (!exchanges.length) return done(emptyTrace());

	const land = survey(exchanges);
	const roles = exchanges.map((x) => classify(x, land));
	markAuthorizationResponses(exchanges, roles, land);
	if (!roles.includes('authorize') && !roles.includes('callback') && !roles.includes('token'))
		problems.push({
			code: 'HAR_NO_LOGIN',
			message:
				'no OpenID Connect login found: no authorization request, callback or token request. Record with “Preserve log” on, from before the login starts.'
		});

	const issuerIdentifier = land.issuer;
	const jwks = (options.jwks as JSONWebKeySet | undefined) ?? findJwks(exchanges, roles);
	const steps: TraceStep[] = [];
	const logins: Login[] = [];
	let hidden = 0;
	let providerPages = 0;
	let group: Exchange[] = [];
	let unobserved = false;

	const push = (step: Omit<TraceStep, 'index'>) => steps.push({ ...step, index: steps.length });
	const expectedIssuer = (token?: string): string => {
		if (issuerIdentifier) return issuerIdentifier;
		// No discovery in the capture: the authorization endpoint's origin vouches for the issuer.
		const iss = token ? decodeJwt(token).payload?.iss : undefined;
		if (typeof iss === 'string' && origin(iss) === land.issuerOrigin) return iss;
		return land.issuerOrigin ?? '';
	};

	const actorAt = (url: string): ActorName => {
		const o = origin(url);
		if (o === land.issuerOrigin) return 'issuer';
		if (o === land.clientOrigin) return 'client';
		return 'api';
	};

	const flushGroup = () => {
		if (!group.length) return;
		providerPages += group.length;
		if (options.expandPages) {
			for (const x of group) exchangeSteps(x, 'provider-page');
		} else {
			const first = group[0]!;
			push({
				kind: 'action',
				from: 'browser',
				to: 'issuer',
				channel: 'front',
				label: `login and consent pages (${group.length} ${group.length === 1 ? 'request' : 'requests'})`,
				note: `The provider’s own pages, grouped: ${group
					.map((x) => `${x.request.method} ${pathOf(x.request.url)} → ${x.response.status}`)
					.join('; ')}. Show them one by one with “Expand provider pages”.`,
				tokens: [],
				failed: false,
				spec: SPEC.authRequest,
				at: first.at
			});
		}
		group = [];
	};

	function exchangeSteps(x: Exchange, role: Role, extra: { note?: string; label?: string } = {}) {
		const from = initiator(x, land);
		const to = actorAt(x.request.url);
		const channel = from === 'browser' ? 'front' : 'back';
		const spec = SPEC_FOR[role] ?? SPEC.discovery;
		const grant = role === 'token' ? formBody(x).get('grant_type') : null;
		push({
			kind: 'request',
			from,
			to,
			channel,
			request: x.request,
			label:
				extra.label ?? `${x.request.method} ${pathOf(x.request.url)}${grant ? ` (${grant})` : ''}`,
			note: extra.note ?? NOTES[role],
			tokens: requestTokens(x.request),
			failed: false,
			spec,
			at: x.at
		});
		const location = getHeader(x.response, 'location');
		const status = x.response.status;
		push({
			kind: 'response',
			from: to,
			to: from,
			channel,
			response: x.response,
			label: `${status}${statusText(status) ? ` ${statusText(status)}` : ''}${location ? ` → ${pathOf(location)}` : ''}`,
			tokens: responseTokens(x.response),
			failed: status >= 400 || x.failed,
			spec,
			at: x.at
		});
	}

	function checkStep(label: string, at: number, checks: ValidationReport, note?: string) {
		push({
			kind: 'action',
			from: 'client',
			to: 'client',
			channel: 'back',
			label,
			note,
			tokens: [],
			checks,
			failed: !checks.valid,
			spec: SPEC.idTokenValidation,
			at
		});
	}

	/** A code returned but never redeemed in the capture: the exchange happened out of sight. */
	function unobservedExchange(login: Login, at: number) {
		unobserved = true;
		const where = login.checkedAt ?? steps.length;
		steps.splice(where, 0, {
			index: where,
			kind: 'request',
			from: 'client',
			to: 'issuer',
			channel: 'back',
			label: 'POST /token (authorization_code), not observed',
			note: `Not observed: ${NOT_OBSERVED}. Its checks are not applicable here; the client’s server logs would show them.`,
			tokens: [],
			checks: unobservedChecks(),
			failed: false,
			spec: SPEC.tokenEndpoint,
			at,
			observed: false
		});
		steps.forEach((step, i) => (step.index = i));
		login.redeemed = true;
	}

	let pendingFragment: string | undefined;
	for (const [i, x] of exchanges.entries()) {
		if (i % PROGRESS_EVERY === 0) options.onProgress?.(i, exchanges.length);
		const role = roles[i]!;
		if (role === 'unrelated' && !options.showUnrelated) {
			hidden += 1;
			continue;
		}
		// Provider pages inside a login are grouped; anywhere else they are ordinary requests.
		const inLogin =
			logins.length > 0 &&
			logins.at(-1)!.callbackCode === undefined &&
			!logins.at(-1)!.callbackFailed;
		if (role === 'provider-page' && inLogin) {
			group.push(x);
			continue;
		}
		flushGroup();
		// Any open login whose code never reached the token endpoint before the next step.
		switch (role) {
			case 'authorize': {
				const login = loginOf(x);
				logins.push(login);
				exchangeSteps(x, role, { note: explainAuthorizationRequest(login.params) });
				const location = getHeader(x.response, 'location');
				if (location && land.redirectUris.has(base(location)))
					pendingFragment = fragmentOf(location);
				break;
			}
			case 'authorization-response': {
				const location = getHeader(x.response, 'location');
				pendingFragment = location ? fragmentOf(location) : undefined;
				exchangeSteps(x, role, {
					note: location
						? `The provider sends the browser back to the client${pendingFragment ? ', with the answer in the fragment (never sent to a server)' : ''}.`
						: 'The provider answers with a page that posts the answer to the client (form_post).'
				});
				break;
			}
			case 'callback': {
				const params = callbackParams(x, pendingFragment);
				const mode =
					x.request.method === 'POST' ? 'form_post' : pendingFragment ? 'fragment' : 'query';
				pendingFragment = undefined;
				const login = [...logins]
					.reverse()
					.find((l) => l.redirectUri && base(l.redirectUri) === base(x.request.url));
				exchangeSteps(x, role, {
					note: `The callback: the provider’s answer reaches the client by ${mode}.`
				});
				await callbackChecks(x, login, params);
				break;
			}
			case 'token': {
				const form = formBody(x);
				const grant = form.get('grant_type');
				exchangeSteps(x, role, {
					note:
						grant === 'refresh_token'
							? 'Refresh: the client trades its refresh token for fresh tokens, without the user.'
							: 'The token request: the client trades the code for tokens.'
				});
				await tokenChecks(x, grant, form);
				break;
			}
			case 'provider-page':
				exchangeSteps(x, 'issuer-other');
				break;
			default:
				exchangeSteps(x, role);
		}
	}
	flushGroup();
	// A code no token request redeemed, after a callback that passed its checks.
	for (const login of [...logins].reverse())
		if (login.callbackCode && !login.redeemed && !login.callbackFailed)
			unobservedExchange(login, login.exchange.at);

	async function callbackChecks(x: Exchange, login: Login | undefined, params: URLSearchParams) {
		const checks: Check[] = [stateCheck(login, params.get('state'))];
		const error = params.get('error');
		if (error) checks.push(errorCheck(error, params.get('error_description')));
		checks.push(
			issParamCheck(
				params.get('iss'),
				expectedIssuer(params.get('id_token') ?? undefined),
				land.metadata?.authorization_response_iss_parameter_supported,
				params.has('id_token')
			)
		);
		let merged = report(checks);
		const idToken = params.get('id_token');
		if (idToken && login) {
			const idReport = await idTokenChecks(idToken, {
				issuer: expectedIssuer(idToken),
				clientId: login.clientId,
				jwks,
				nonce: login.nonce,
				responseType: login.responseType,
				accessToken: params.get('access_token') ?? undefined,
				code: params.get('code') ?? undefined,
				now: options.now ?? x.at
			});
			merged = report([...checks, ...idReport.checks], idReport);
		}
		if (login) {
			login.callbackFailed = !merged.valid;
			login.callbackCode = params.get('code') ?? undefined;
			if (!login.callbackCode) login.redeemed = true;
			if (!login.callbackCode && !login.callbackFailed) login.callbackCode = '';
		}
		checkStep(
			idToken ? 'check the answer and validate id_token' : 'check the answer',
			x.at,
			merged
		);
		if (login) login.checkedAt = steps.length;
	}

	async function tokenChecks(x: Exchange, grant: string | null, form: URLSearchParams) {
		const body = jsonBody(x);
		const idToken = typeof body?.id_token === 'string' ? body.id_token : undefined;
		const accessToken = typeof body?.access_token === 'string' ? body.access_token : undefined;
		const code = form.get('code');
		const login =
			logins.find((l) => code && l.callbackCode === code) ??
			[...logins].reverse().find((l) => l.callbackCode !== undefined);
		const checks: Check[] = [];
		if (grant === 'authorization_code') {
			if (login) login.redeemed = true;
			const confidential =
				form.has('client_secret') ||
				form.has('client_assertion') ||
				/^Basic\s/i.test(getHeader(x.request, 'authorization') ?? '');
			checks.push(await pkceCheck(login, form.get('code_verifier'), confidential));
			checks.push(codeCheck(login?.callbackCode || undefined, code));
		}
		if (!idToken) {
			if (checks.length) checkStep('check the token exchange', x.at, report(checks));
			return;
		}
		if (login) login.idToken = idToken;
		const idReport = await idTokenChecks(idToken, {
			issuer: expectedIssuer(idToken),
			clientId: login?.clientId ?? form.get('client_id') ?? '',
			jwks,
			// A refreshed id_token carries no new nonce: nothing to compare it with.
			nonce: grant === 'authorization_code' ? login?.nonce : undefined,
			responseType: 'code',
			accessToken,
			now: options.now ?? x.at
		});
		checkStep(
			grant === 'refresh_token' ? 'validate the refreshed id_token' : 'validate id_token',
			x.at,
			report([...checks, ...idReport.checks], idReport)
		);
	}

	const firstLogin = logins[0];
	const tokenAlg = [...steps]
		.flatMap((s) => s.tokens)
		.find((t) => t.name === 'id_token' && t.header)?.header?.alg;
	const stoppedLogin = logins.find((l) => l.callbackFailed);
	const trace: Trace = {
		flow: flowIdFor(logins, roles, exchanges, unobserved),
		settings: {
			...DEFAULT_SETTINGS,
			scope: firstLogin?.params.get('scope') ?? DEFAULT_SETTINGS.scope,
			algorithm: isSigningAlgorithm(tokenAlg) ? tokenAlg : DEFAULT_SETTINGS.algorithm,
			clientType: unobserved ? 'webapp' : 'spa'
		},
		steps,
		outcome: stoppedLogin
			? {
					code: 'stopped',
					completed: false,
					stopped: 'the client refused the provider’s answer (see the failed checks)'
				}
			: steps.length > 0
				? { code: 'completed', completed: true }
				: { code: 'error', completed: false },
		startedAt: exchanges[0]!.at,
		participants: participantNames(land, exchanges, roles)
	};
	const shown = options.reveal ? trace : maskDeep(trace, masker(collectSecrets(exchanges)));
	return done(shown, {
		issuer:
			issuerIdentifier ?? (land.issuerOrigin ? expectedIssuer(firstLogin?.idToken) : undefined),
		hidden,
		providerPages,
		roles
	});
}

function fragmentOf(location: string): string | undefined {
	const hash = location.indexOf('#');
	return hash >= 0 ? location.slice(hash + 1) : undefined;
}

/** The provider's answer: a redirect to a redirect_uri, or the page just before a form_post callback. */
function markAuthorizationResponses(exchanges: Exchange[], roles: Role[], land: Landscape) {
	exchanges.forEach((x, i) => {
		const location = getHeader(x.response, 'location');
		if (roles[i] === 'provider-page' && location && URL.canParse(location, x.request.url))
			if (land.redirectUris.has(base(new URL(location, x.request.url).href)))
				roles[i] = 'authorization-response';
		// The fragment never reaches a server: the page load after such a redirect is the callback.
		if (roles[i] === 'authorization-response' && location?.includes('#')) {
			const target = base(new URL(location, x.request.url).href);
			const next = exchanges.findIndex((y, j) => j > i && base(y.request.url) === target);
			if (next > 0) roles[next] = 'callback';
		}
		if (roles[i] === 'callback' && x.request.method === 'POST') {
			for (let j = i - 1; j >= 0; j--) {
				if (roles[j] === 'provider-page') {
					roles[j] = 'authorization-response';
					break;
				}
				if (roles[j] === 'authorize' || roles[j] === 'authorization-response') break;
			}
		}
	});
}

function participantNames(
	land: Landscape,
	exchanges: Exchange[],
	roles: Role[]
): Trace['participants'] {
	const host = (o: string | undefined) => (o ? new URL(o).host : undefined);
	const apis = new Set(
		exchanges.filter((_, i) => roles[i] === 'api').map((x) => host(origin(x.request.url)))
	);
	const names: Partial<Record<ActorName, string>> = {};
	if (land.clientOrigin) names.client = `Client ${host(land.clientOrigin)}`;
	if (land.issuerOrigin) names.issuer = `Issuer ${host(land.issuerOrigin)}`;
	if (apis.size)
		names.api = apis.size === 1 ? `API ${[...apis][0]}` : `APIs (${apis.size} origins)`;
	return names;
}

export { isAuthorizationRequest };
