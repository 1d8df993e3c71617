/**
 * Turns a HAR file of a real login (recorded in DevTools) into the same Trace the simulator
 * draws: participants by what their messages carry, each OpenID Connect message recognised and
 * explained, and the checks a client should make, run on the real values at the time each
 * response arrived. A recording may hold several logins, renewals, refreshes and logouts: each
 * is a flow of its own (`flows`), with its own checks. Framework-free: runs in the page and in
 * Node (CLI). Never throws.
 */
import type { JSONWebKeySet } from 'jose';
import { decodeJwt, getHeader, isSigningAlgorithm, SPEC, statusText } from '../core/index';
import type { Check, ValidationReport } from '../core/jwt/checks';
import { requestTokens, responseTokens } from '../sim/tokens';
import { DEFAULT_SETTINGS } from '../sim/settings';
import type { ActorName, FlowId, Trace, TraceStep } from '../sim/types';
import { fragmentOf, webMessageAnswer } from './answers';
import {
	base,
	classify,
	formBody,
	initiator,
	isAuthorizationRequest,
	jsonBody,
	origin,
	paramsOf,
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
	logoutHintCheck,
	logoutRedirectCheck,
	logoutStateCheck,
	leakCheck,
	NOT_OBSERVED,
	pkceCheck,
	report,
	stateCheck,
	unobservedChecks,
	type LoginRequest,
	type LogoutRequest
} from './flowChecks';
import { flowsOf, type FlowKind, type HarFlow } from './flows';
import { collectSecrets, maskDeep, masker } from './mask';
import { readHar, type Exchange, type HarProblem } from './read';

export { MAX_HAR_BYTES, type HarProblem } from './read';
export { MASK } from './mask';
export type { Role } from './classify';
export { ADVISORY, flowTrace, type FlowKind, type HarFlow } from './flows';

export interface HarImportOptions {
	/** A JWKS the person pastes, used instead of any captured in the file. */
	jwks?: object;
	/** Validate tokens at this time (seconds) instead of when each response arrived. */
	now?: number;
	/** Seconds of clock difference allowed in exp, iat and nbf; the simulator's setting by default. */
	clockSkew?: number;
	/** Show secrets as recorded (default: masked). */
	reveal?: boolean;
	/** Draw fonts, images, analytics and failed requests too (default: hidden, counted). */
	showUnrelated?: boolean;
	/** Draw each of the provider's login and consent pages (default: one grouped step). */
	expandPages?: boolean;
	/** Told how far the importer is: `done` entries of `total`, every few hundred and at the end. */
	onProgress?: (done: number, total: number) => void;
	/** Give up (HAR_OVER_BUDGET) when the import has run this many milliseconds. */
	budgetMs?: number;
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
	/** The logins, renewals, refreshes and logouts in the recording, in order. */
	flows: HarFlow[];
}

/** One login (or silent renewal): the authorization request, and what came back. */
interface Login extends LoginRequest {
	exchange: Exchange;
	params: URLSearchParams;
	flow: number;
	callbackCode?: string;
	callbackFailed?: boolean;
	/** Where an exchange the capture could not see belongs: after this many steps. */
	checkedAt?: number;
	redeemed?: boolean;
	idToken?: string;
}

/** A token the client holds and the id_token of the sign-in it belongs to (for refreshes). */
interface Session {
	clientId: string;
	claims?: Record<string, unknown>;
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

/** Exchanges that prepare whatever flow comes next rather than finish the one before. */
const PREAMBLE = new Set<Role>(['client-page', 'discovery', 'jwks', 'unrelated', 'issuer-other']);

const NOTES: Partial<Record<Role, string>> = {
	discovery:
		'Discovery: the provider publishes its endpoints and its issuer identifier, which every id_token’s iss must equal.',
	jwks: 'The provider’s public keys (JWKS): the client verifies id_token signatures with them.',
	userinfo: 'UserInfo: the access token buys the user’s claims from the provider.',
	logout: 'Logout at the provider (RP-initiated logout), ending its session.',
	api: 'A call to an API with the access token as a Bearer credential.',
	'client-page': 'A page of the client application.'
};

/** A label's path: long ones (magic links, hostile files) are cut; the full URL stays in the message. */
const MAX_PATH = 120;

function pathOf(url: string): string {
	const path = URL.canParse(url, 'http://x') ? new URL(url, 'http://x').pathname : url;
	return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH - 1)}…` : path;
}

const timeOf = (seconds: number) =>
	Number.isFinite(seconds * 1000) && Math.abs(seconds) < 8.64e12
		? new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
		: String(seconds);

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
function loginOf(x: Exchange, flow: number): Login {
	const params = paramsOf(x);
	const get = (n: string) => params.get(n) ?? undefined;
	return {
		exchange: x,
		params,
		flow,
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
	const q = new URL(x.request.url).searchParams;
	if (fragment) for (const [k, v] of new URLSearchParams(fragment)) q.append(k, v);
	return q;
}

/** Each JWKS response of the capture: where it is, and its keys. */
function keySets(exchanges: Exchange[], roles: Role[]) {
	return exchanges.flatMap((x, i) => {
		if (roles[i] !== 'jwks') return [];
		const body = jsonBody(x);
		return Array.isArray(body?.keys) ? [{ at: i, keys: body.keys as JSONWebKeySet['keys'] }] : [];
	});
}

function flowIdFor(kinds: Set<FlowKind>, logins: Login[], unobserved: boolean): FlowId {
	const responseType = new Set((logins[0]?.responseType ?? 'code').split(' '));
	if (responseType.has('code') && responseType.has('id_token')) return 'hybrid';
	if (responseType.has('id_token')) return 'implicit';
	if (kinds.has('refresh')) return 'refresh';
	if (kinds.has('logout')) return 'logout';
	return unobserved ? 'code-webapp' : 'code-pkce';
}

/** Why an import stopped early: it ran past its time budget. */
class OverBudget extends Error {}

export async function importHar(text: string, options: HarImportOptions = {}): Promise<HarImport> {
	try {
		return await build(text, options);
	} catch (e) {
		const over = e instanceof OverBudget;
		// Bad input never throws out of the importer: say what happened instead.
		const message = over
			? `the file took longer than ${Math.round((options.budgetMs ?? 0) / 1000)} s to read and was left unfinished: record only the login (clear the log first), or split the file`
			: `the file could not be imported: ${e instanceof Error ? e.message : String(e)}`;
		return {
			trace: emptyTrace(),
			problems: [message],
			codes: [over ? 'HAR_OVER_BUDGET' : 'HAR_IMPORT_FAILED'],
			hidden: 0,
			providerPages: 0,
			roles: [],
			flows: []
		};
	}
}

async function build(text: string, options: HarImportOptions): Promise<HarImport> {
	const started = Date.now();
	const withinBudget = () => {
		if (options.budgetMs !== undefined && Date.now() - started > options.budgetMs)
			throw new OverBudget();
	};
	const { exchanges, problems } = readHar(text);
	const done = (trace: Trace, extra: Partial<HarImport> = {}): HarImport => ({
		trace,
		problems: problems.map((p) => p.message),
		codes: problems.map((p) => p.code),
		hidden: 0,
		providerPages: 0,
		roles: [],
		flows: [],
		...extra
	});
	if (!exchanges.length) return done(emptyTrace());
	// Told at once: surveying a large file takes seconds before the first entry is built.
	options.onProgress?.(0, exchanges.length);
	withinBudget();

	const land = survey(exchanges);
	const roles = exchanges.map((x) => classify(x, land));
	markAuthorizationResponses(exchanges, roles, land);
	withinBudget();
	if (!roles.includes('authorize') && !roles.includes('callback') && !roles.includes('token'))
		problems.push({
			code: 'HAR_NO_LOGIN',
			message:
				'no OpenID Connect login found: no authorization request, callback or token request. Record with “Preserve log” on, from before the login starts.'
		});

	const skew = options.clockSkew ?? DEFAULT_SETTINGS.clockSkew;
	const pasted = options.jwks as JSONWebKeySet | undefined;
	const recordedKeys = keySets(exchanges, roles);
	const allRecorded = recordedKeys.flatMap((k) => k.keys);
	const jwks: JSONWebKeySet | undefined =
		pasted ?? (allRecorded.length ? { keys: allRecorded } : undefined);

	const steps: TraceStep[] = [];
	/** The flow each step belongs to, by position (kept in step with `steps`). */
	const stepFlow: number[] = [];
	const flowKinds: FlowKind[] = [];
	const logins: Login[] = [];
	const logouts: (LogoutRequest & { flow: number })[] = [];
	/** Refresh tokens seen, and the sign-in each belongs to. */
	const sessions = new Map<string, Session>();
	/** Check steps waiting for the JWKS exchange (by position) that brought their key. */
	const waiting = new Map<number, Omit<TraceStep, 'index'>[]>();
	/** Draws the checks that waited for the exchange at `position` (now its keys have arrived). */
	function release(position: number, flow?: number) {
		for (const step of waiting.get(position) ?? []) push(step, flow);
		waiting.delete(position);
	}
	let current = -1;
	let hidden = 0;
	let providerPages = 0;
	let group: Exchange[] = [];
	let unobserved = false;
	let exchangeAt = 0;

	const startFlow = (kind: FlowKind) => {
		flowKinds.push(kind);
		current = flowKinds.length - 1;
	};
	/** Steps that set up whatever comes next (a page load, discovery, keys): see `owners`. */
	const preamble = new Set<TraceStep>();
	const push = (step: Omit<TraceStep, 'index'>, flow = current): TraceStep => {
		const pushed = { ...step, index: steps.length };
		steps.push(pushed);
		stepFlow.push(flow);
		return pushed;
	};
	const claimsOf = (token: string) => decodeJwt(token).payload ?? undefined;
	/** An id_token's iss when it names one of the provider's origins: the issuer it vouches for. */
	const issuerOf = (token: string | undefined): string | undefined => {
		const iss = token ? claimsOf(token)?.iss : undefined;
		const o = typeof iss === 'string' ? origin(iss) : undefined;
		return o && (land.providerOrigins.has(o) || o === land.issuerOrigin)
			? (iss as string)
			: undefined;
	};
	// Without discovery, the issuer a client expects is its own configuration (RFC 9207 §2.4),
	// which a recording does not show: the id_tokens the provider issued in it stand for it.
	const recordedIssuer = land.issuer ? undefined : issuerInTokens(exchanges, issuerOf);
	const expectedIssuer = (token?: string): string =>
		land.issuer ?? issuerOf(token) ?? recordedIssuer ?? land.issuerOrigin ?? '';

	const actorAt = (url: string): ActorName => {
		const o = origin(url);
		if (o && land.clientOrigins.has(o)) return 'client';
		if (o && (land.providerOrigins.has(o) || o === land.issuerOrigin)) return 'issuer';
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
		const setsUp = PREAMBLE.has(role);
		const request = push({
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
		const response = push({
			kind: 'response',
			from: to,
			to: from,
			channel,
			response: x.response,
			label: `${status}${statusText(status) ? ` ${statusText(status)}` : ''}${location ? ` → ${pathOf(location)}` : ''}`,
			tokens: responseTokens(x.response),
			failed: status >= 400 || x.failed,
			spec,
			at: x.arrived
		});
		if (setsUp) preamble.add(request).add(response);
		// Checks that waited for this exchange's keys are drawn right after it.
		release(exchangeAt, stepFlow.at(-1));
	}

	/**
	 * A check step, drawn where the client could first have made it: now, or, when the key that
	 * verified the id_token arrived later in the recording, right after that JWKS response.
	 */
	function checkStep(
		label: string,
		at: number,
		checks: ValidationReport,
		token?: string,
		note?: string
	) {
		const source = token ? keySource(token) : undefined;
		const judged = !token
			? undefined
			: options.now !== undefined
				? `Judged at ${timeOf(at)}, the time asked for, with ${skew} s leeway for clock skew.`
				: `Judged at ${timeOf(at)}, when the response reached the browser (by the recording computer’s clock), with ${skew} s leeway for clock skew (RFC 7519 §4.1.4, OIDC Core §2).`;
		const keyNote =
			source === 'pasted'
				? 'The signature was checked with the pasted JWKS: no JWKS response in the recording has its key.'
				: undefined;
		const step: Omit<TraceStep, 'index'> = {
			kind: 'action',
			from: 'client',
			to: 'client',
			channel: 'back',
			label,
			note: [note, judged, keyNote].filter(Boolean).join(' ') || undefined,
			tokens: [],
			checks,
			failed: !checks.valid,
			spec: SPEC.idTokenValidation,
			at
		};
		if (typeof source === 'number' && source > exchangeAt) {
			const list = waiting.get(source) ?? [];
			list.push(step);
			waiting.set(source, list);
			return;
		}
		push(step);
	}

	/** Which JWKS exchange held the token's key (by position), or `pasted`, or undefined. */
	function keySource(token: string): number | 'pasted' | undefined {
		if (pasted) return 'pasted';
		const { kid, alg } = decodeJwt(token).header ?? {};
		if (typeof alg === 'string' && alg.startsWith('HS')) return undefined;
		const holds = (keys: JSONWebKeySet['keys']) =>
			keys.some((k) => (kid === undefined ? true : k.kid === kid));
		const before = [...recordedKeys].reverse().find((k) => k.at <= exchangeAt && holds(k.keys));
		return (before ?? recordedKeys.find((k) => holds(k.keys)))?.at;
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
		stepFlow.splice(where, 0, login.flow);
		login.redeemed = true;
	}

	/** The last answer's code and tokens, and the hosts already reported as receiving them. */
	let answer: { flow: number; values: Map<string, string>; told: Set<string> } | undefined;

	/**
	 * RFC 9700 §4.2.4: the page that receives the answer SHOULD NOT load third-party resources;
	 * an analytics call with the page's URL, or a Referer, hands them the code. Flagged where it
	 * happens, once per host and answer, whether or not that request is drawn.
	 */
	function leaksIn(x: Exchange) {
		const host = origin(x.request.url);
		if (!answer || answer.flow !== current || !host || x.failed) return;
		if (
			land.providerOrigins.has(host) ||
			land.clientOrigins.has(host) ||
			host === land.issuerOrigin
		)
			return;
		if (answer.told.has(host)) return;
		const sent = [x.request.url, x.request.body ?? '', getHeader(x.request, 'referer') ?? ''].join(
			'\n'
		);
		const leaked = [...answer.values].filter(([value]) => sent.includes(value)).map(([, n]) => n);
		if (!leaked.length) return;
		answer.told.add(host);
		const what = [...new Set(leaked)].join(' and ');
		push({
			kind: 'action',
			from: 'client',
			to: 'client',
			channel: 'back',
			label: `the ${what} reached a third party`,
			note: `${x.request.method} ${new URL(x.request.url).host}${pathOf(x.request.url)} carried it (in its URL, body or Referer), sent from the page that received the answer.`,
			tokens: [],
			checks: report([leakCheck(what, new URL(x.request.url).host)]),
			failed: true,
			spec: SPEC.refererLeak,
			at: x.at
		});
	}

	let pendingFragment: string | undefined;
	for (const [i, x] of exchanges.entries()) {
		exchangeAt = i;
		if (i % PROGRESS_EVERY === 0 && i > 0) {
			options.onProgress?.(i, exchanges.length);
			withinBudget();
		}
		const role = roles[i]!;
		leaksIn(x);
		if (role === 'unrelated' && !options.showUnrelated) {
			hidden += 1;
			// A hidden exchange still releases checks that waited for it.
			release(i);
			continue;
		}
		// Provider pages inside a login are grouped; anywhere else they are ordinary requests.
		const last = logins.at(-1);
		const inLogin =
			last !== undefined &&
			last.flow === current &&
			last.callbackCode === undefined &&
			!last.callbackFailed;
		if (role === 'provider-page' && inLogin) {
			group.push(x);
			continue;
		}
		flushGroup();
		switch (role) {
			case 'authorize': {
				const params = paramsOf(x);
				startFlow(params.get('prompt') === 'none' ? 'renewal' : 'login');
				const login = loginOf(x, current);
				logins.push(login);
				exchangeSteps(x, role, { note: explainAuthorizationRequest(login.params) });
				const location = getHeader(x.response, 'location');
				if (location && URL.canParse(location, x.request.url)) {
					const target = new URL(location, x.request.url).href;
					if (land.redirectUris.has(base(target))) pendingFragment = fragmentOf(target);
				}
				// web_message: the answer is inside this response's page, posted to the client's window.
				const answer =
					login.responseMode === 'web_message' ? webMessageAnswer(x.response.body) : undefined;
				if (answer) await callbackChecks(x, login, answer, 'web_message');
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
				if (login && login.flow !== current) current = login.flow;
				exchangeSteps(x, role, {
					note: `The callback: the provider’s answer reaches the client by ${mode}.`
				});
				await callbackChecks(x, login, params, mode);
				break;
			}
			case 'token': {
				const form = formBody(x);
				const grant = form.get('grant_type');
				if (grant === 'refresh_token') startFlow('refresh');
				exchangeSteps(x, role, {
					note:
						grant === 'refresh_token'
							? 'Refresh: the client trades its refresh token for fresh tokens, without the user.'
							: 'The token request: the client trades the code for tokens.'
				});
				await tokenChecks(x, grant, form);
				break;
			}
			case 'logout': {
				const params = paramsOf(x);
				const asks = ['id_token_hint', 'post_logout_redirect_uri', 'client_id', 'state'].some((p) =>
					params.has(p)
				);
				if (asks || flowKinds[current] !== 'logout') {
					startFlow('logout');
					const get = (n: string) => params.get(n) ?? undefined;
					logouts.push({
						flow: current,
						idTokenHint: get('id_token_hint'),
						clientId: get('client_id'),
						postLogoutRedirectUri: get('post_logout_redirect_uri'),
						state: get('state')
					});
				}
				exchangeSteps(x, role);
				noteLogoutReturn(x);
				break;
			}
			case 'provider-page':
				exchangeSteps(x, 'issuer-other');
				noteLogoutReturn(x);
				break;
			default:
				exchangeSteps(x, role);
		}
	}
	exchangeAt = exchanges.length;
	withinBudget();
	flushGroup();
	// Checks whose key arrives nowhere later (cannot happen by construction), drawn at the end.
	for (const list of waiting.values()) for (const step of list) push(step);
	// A code no token request redeemed, after a callback that passed its checks.
	for (const login of [...logins].reverse())
		if (login.callbackCode && !login.redeemed && !login.callbackFailed)
			unobservedExchange(login, login.exchange.at);
	for (const logout of logouts) logoutChecks(logout);
	// Steps were inserted above: number them once, in their final order.
	steps.forEach((step, i) => (step.index = i));

	/** The provider's redirect after logout: where the browser went back, with what state. */
	function noteLogoutReturn(x: Exchange) {
		const logout = logouts.at(-1);
		const location = getHeader(x.response, 'location');
		if (!logout || logout.flow !== current || !location) return;
		if (!URL.canParse(location, x.request.url)) return;
		const target = new URL(location, x.request.url).href;
		// Back at the client; a hop to an upstream identity provider is not the return.
		const back = origin(target);
		const asked = logout.postLogoutRedirectUri ? origin(logout.postLogoutRedirectUri) : undefined;
		if (back && (land.clientOrigins.has(back) || back === asked)) logout.returnedTo = target;
	}

	function logoutChecks(logout: LogoutRequest & { flow: number }) {
		const checks = report([
			logoutHintCheck(logout, expectedIssuer(logout.idTokenHint), claimsOf),
			logoutRedirectCheck(logout),
			logoutStateCheck(logout)
		]);
		// Drawn where the browser landed back at the client, else after the flow's last answer.
		const landed = steps.findIndex(
			(s, i) =>
				stepFlow[i] === logout.flow && s.kind === 'request' && s.request?.url === logout.returnedTo
		);
		const last = steps.findLastIndex((s, i) => stepFlow[i] === logout.flow && !preamble.has(s));
		const end = landed >= 0 ? landed + 2 : last + 1;
		steps.splice(end, 0, {
			index: end,
			kind: 'action',
			from: 'client',
			to: 'client',
			channel: 'back',
			label: 'check the logout',
			tokens: [],
			checks,
			failed: !checks.valid,
			spec: SPEC.rpLogout,
			at: steps[end - 1]?.at ?? 0
		});
		stepFlow.splice(end, 0, logout.flow);
	}

	async function callbackChecks(
		x: Exchange,
		login: Login | undefined,
		params: URLSearchParams,
		mode: string
	) {
		const checks: Check[] = [stateCheck(login, params.get('state'))];
		const error = params.get('error');
		if (error)
			checks.push(
				errorCheck(error, params.get('error_description'), login?.params.get('prompt') === 'none')
			);
		const idToken = params.get('id_token') ?? undefined;
		checks.push(
			issParamCheck(
				params.get('iss'),
				expectedIssuer(idToken),
				land.metadata?.authorization_response_iss_parameter_supported,
				params.has('id_token')
			)
		);
		let merged = report(checks);
		// A fragment or form_post answer arrived with the page that carried it.
		const at = options.now ?? x.arrived;
		if (idToken && login) {
			const idReport = await idTokenChecks(idToken, {
				issuer: expectedIssuer(idToken),
				clientId: login.clientId,
				jwks,
				nonce: login.nonce,
				responseType: login.responseType,
				accessToken: params.get('access_token') ?? undefined,
				code: params.get('code') ?? undefined,
				now: at,
				clockTolerance: skew
			});
			merged = report([...checks, ...idReport.checks], idReport);
			login.idToken = idToken;
		}
		if (login) {
			login.callbackFailed = !merged.valid;
			// What a third party must never receive: watched for until the next flow starts.
			answer = { flow: login.flow, values: new Map(), told: new Set() };
			for (const name of ['code', 'id_token', 'access_token'])
				for (const value of params.getAll(name))
					if (value.length >= 8) answer.values.set(value, name);
			login.callbackCode = params.get('code') ?? undefined;
			if (!login.callbackCode) login.redeemed = true;
			if (!login.callbackCode && !login.callbackFailed) login.callbackCode = '';
		}
		checkStep(
			idToken ? 'check the answer and validate id_token' : 'check the answer',
			at,
			merged,
			idToken,
			mode === 'web_message'
				? `The answer came inside the provider’s page, which posts it to the window that opened or framed it: the client’s (web_message, ${SPEC.webMessage}).`
				: undefined
		);
		if (login) login.checkedAt = steps.length;
	}

	async function tokenChecks(x: Exchange, grant: string | null, form: URLSearchParams) {
		const body = jsonBody(x);
		const idToken = typeof body?.id_token === 'string' ? body.id_token : undefined;
		const accessToken = typeof body?.access_token === 'string' ? body.access_token : undefined;
		const refreshToken = typeof body?.refresh_token === 'string' ? body.refresh_token : undefined;
		const code = form.get('code');
		const at = options.now ?? x.arrived;
		const login =
			grant === 'authorization_code'
				? (logins.find((l) => code && l.callbackCode === code) ??
					[...logins].reverse().find((l) => l.callbackCode !== undefined && !l.redeemed))
				: undefined;
		if (login && login.flow !== current) current = login.flow;
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
		// A refresh answers for the sign-in its refresh token came from (OIDC Core §12.2).
		const session =
			grant === 'refresh_token' ? sessions.get(form.get('refresh_token') ?? '') : undefined;
		const clientId = login?.clientId ?? session?.clientId ?? form.get('client_id') ?? '';
		const claims = idToken ? claimsOf(idToken) : undefined;
		if (refreshToken)
			sessions.set(refreshToken, {
				clientId,
				claims: grant === 'refresh_token' ? (session?.claims ?? claims) : claims
			});
		if (!idToken) {
			if (checks.length) checkStep('check the token exchange', at, report(checks));
			return;
		}
		if (login) login.idToken = idToken;
		const idReport = await idTokenChecks(idToken, {
			issuer: expectedIssuer(idToken),
			clientId,
			jwks,
			// A refreshed id_token answers no authentication request: no nonce of a request to compare.
			nonce: grant === 'authorization_code' ? login?.nonce : undefined,
			responseType: 'code',
			accessToken,
			now: at,
			clockTolerance: skew,
			original: grant === 'refresh_token' ? session?.claims : undefined
		});
		checkStep(
			grant === 'refresh_token' ? 'validate the refreshed id_token' : 'validate id_token',
			at,
			report([...checks, ...idReport.checks], idReport),
			idToken,
			grant === 'refresh_token' && !session
				? 'The refresh token was issued before the recording started: the original sign-in’s claims are not in the file, so they are not compared.'
				: undefined
		);
	}

	const firstLogin = logins[0];
	const tokenAlg = [...steps]
		.flatMap((s) => s.tokens)
		.find((t) => t.name === 'id_token' && t.header)?.header?.alg;
	// Steps before the first flow (discovery, the client's own pages) belong to it.
	const owners = stepFlow.map((f) => Math.max(f, 0));
	// What set up a flow (the page load before it, discovery, keys) belongs to it, not to the flow before.
	for (let flow = 1; flow < flowKinds.length; flow++) {
		const first = owners.indexOf(flow);
		const before = owners[first - 1];
		for (let j = first - 1; j > 0 && owners[j] === before && preamble.has(steps[j]!); j--)
			owners[j] = flow;
	}
	const flows = flowsOf(steps, owners, flowKinds);
	const stoppedFlows = flows.filter((f) => !f.outcome.completed);
	// One flow speaks for itself; a recording of several says how many stopped.
	const stopped =
		flows.length > 1 && stoppedFlows.length
			? {
					outcome: {
						code: 'stopped' as const,
						completed: false,
						stopped: `${stoppedFlows.length} of the recording’s ${flows.length} flows did not complete (pick one to see why)`
					}
				}
			: stoppedFlows[0];
	const trace: Trace = {
		flow: flowIdFor(new Set(flowKinds), logins, unobserved),
		settings: {
			...DEFAULT_SETTINGS,
			clockSkew: skew,
			scope: firstLogin?.params.get('scope') ?? DEFAULT_SETTINGS.scope,
			algorithm: isSigningAlgorithm(tokenAlg) ? tokenAlg : DEFAULT_SETTINGS.algorithm,
			clientType: unobserved ? 'webapp' : 'spa'
		},
		steps,
		outcome: stopped
			? stopped.outcome
			: steps.length > 0
				? { code: 'completed', completed: true }
				: { code: 'error', completed: false },
		startedAt: exchanges[0]!.at,
		participants: participantNames(land, exchanges, roles)
	};
	withinBudget();
	const mask = options.reveal ? undefined : masker(collectSecrets(exchanges));
	const shown = mask ? maskDeep(trace, mask) : trace;
	return done(shown, {
		issuer: land.issuer ?? (land.issuerOrigin ? expectedIssuer(firstLogin?.idToken) : undefined),
		hidden,
		providerPages,
		roles,
		flows: mask ? maskDeep(flows, mask) : flows
	});
}

/** The first id_token in the recording that names one of the provider's origins as its issuer. */
function issuerInTokens(
	exchanges: Exchange[],
	issuerOf: (token: string | undefined) => string | undefined
): string | undefined {
	for (const x of exchanges) {
		const location = getHeader(x.response, 'location') ?? '';
		const fragment = fragmentOf(location);
		const candidates = [
			jsonBody(x)?.id_token,
			formBody(x).get('id_token'),
			fragment ? new URLSearchParams(fragment).get('id_token') : undefined
		];
		for (const token of candidates) {
			const iss = typeof token === 'string' ? issuerOf(token) : undefined;
			if (iss) return iss;
		}
	}
	return undefined;
}

/** The provider's answer: a redirect to a redirect_uri, or the page just before a form_post callback. */
function markAuthorizationResponses(exchanges: Exchange[], roles: Role[], land: Landscape) {
	exchanges.forEach((x, i) => {
		const location = getHeader(x.response, 'location');
		const target =
			location && URL.canParse(location, x.request.url)
				? new URL(location, x.request.url).href
				: undefined;
		if (roles[i] === 'provider-page' && target && land.redirectUris.has(base(target)))
			roles[i] = 'authorization-response';
		// The fragment never reaches a server: the page load after such a redirect is the callback.
		if (
			(roles[i] === 'authorization-response' || roles[i] === 'authorize') &&
			target?.includes('#')
		)
			if (land.redirectUris.has(base(target))) {
				const next = exchanges.findIndex((y, j) => j > i && base(y.request.url) === base(target));
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
	const issuerHost = host(origin(land.issuer ?? '') ?? land.issuerOrigin);
	const more = [...land.providerOrigins].filter((o) => host(o) !== issuerHost).length;
	if (issuerHost) names.issuer = `Issuer ${issuerHost}${more ? ` (+${more} hosts)` : ''}`;
	if (apis.size)
		names.api = apis.size === 1 ? `API ${[...apis][0]}` : `APIs (${apis.size} origins)`;
	return names;
}

export { isAuthorizationRequest };
