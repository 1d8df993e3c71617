import { assign, fromPromise, sendTo, setup, type ErrorActorEvent } from 'xstate';
import {
	getHeader,
	getHeaders,
	readFrontchannelLogoutPage,
	redirectLocation,
	SPEC,
	type HttpRequest,
	type HttpResponse
} from '../../core/index';
import type { Network } from '../network';
import type { TraceRecorder } from '../trace';

export interface Person {
	name: string;
	username: string;
	password: string;
	/** Whether the person allows the application on the consent screen. */
	consent: boolean;
}

/** Where the browser came to rest: a page it shows, which may run a client's script. */
export interface Arrival {
	url: string;
	request: HttpRequest;
	response: HttpResponse;
	frame: 'top' | 'iframe';
}

export interface BrowserInput {
	network: Network;
	trace: TraceRecorder;
	person: Person;
}

/**
 * Where the browser reports each page it comes to rest on (the SPA's script runs there): the
 * actor registered under this system id, which knows whom the page concerns.
 */
export const ARRIVALS = 'flow';

/** The event the browser sends when a navigation ends on a page. */
export interface ArrivedEvent {
	type: 'ARRIVED';
	arrival: Arrival;
}

type Jar = Record<string, Record<string, string>>;

interface BrowserContext extends BrowserInput {
	jar: Jar;
	request?: HttpRequest;
	response?: HttpResponse;
	frame: 'top' | 'iframe';
	hops: number;
	/** Why the last navigation broke off, when it did. */
	failure?: string;
	/** A device to connect (RFC 8628): the code the TV shows, and what the person decides. */
	activation?: Activation;
}

/** The person at their phone, connecting a TV: the code read off its screen, and their answer. */
export interface Activation {
	userCode: string;
	decision: 'allow' | 'deny';
	/** How the code reached the person, when not from a screen in front of them (a phisher's message). */
	lure?: string;
	/** The code has been typed once; a page asking for it again means it was refused. */
	typed?: boolean;
}

/** The event that sends the person to a verification URI with a code to type. */
export interface ActivateEvent extends Activation {
	type: 'ACTIVATE';
	url: string;
}

const MAX_REDIRECTS = 10;

/** Applies Set-Cookie headers to the jar for the response's host. */
function storeCookies(jar: Jar, url: string, response: HttpResponse): Jar {
	const host = new URL(url).host;
	const cookies = { ...(jar[host] ?? {}) };
	for (const header of getHeaders(response, 'set-cookie')) {
		const [pair = '', ...attributes] = header.split(';');
		const at = pair.indexOf('=');
		if (at <= 0) continue;
		const name = pair.slice(0, at).trim();
		const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
		if (expired) delete cookies[name];
		else cookies[name] = pair.slice(at + 1).trim();
	}
	return { ...jar, [host]: cookies };
}

function withCookies(jar: Jar, request: HttpRequest): HttpRequest {
	const cookies = Object.entries(jar[new URL(request.url).host] ?? {});
	if (!cookies.length) return request;
	return {
		...request,
		headers: [...request.headers, ['Cookie', cookies.map(([k, v]) => `${k}=${v}`).join('; ')]]
	};
}

function unescapeHtml(text: string): string {
	return text.replace(
		/&(amp|lt|gt|quot|#39);/g,
		(_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? _
	);
}

/** Reads the first form of an HTML page: where it posts, and its hidden fields. */
function readForm(html: string): { action: string; fields: Record<string, string> } | undefined {
	const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
	if (!action) return undefined;
	const fields: Record<string, string> = {};
	for (const [, name, value] of html.matchAll(
		/<input type="hidden" name="([^"]+)" value="([^"]*)">/g
	)) {
		fields[unescapeHtml(name ?? '')] = unescapeHtml(value ?? '');
	}
	return { action: unescapeHtml(action), fields };
}

function isHtml(response: HttpResponse): boolean {
	return (
		response.status === 200 && (getHeader(response, 'content-type') ?? '').startsWith('text/html')
	);
}

function postForm(url: string, fields: Record<string, string>): HttpRequest {
	return {
		method: 'POST',
		url,
		headers: [['Content-Type', 'application/x-www-form-urlencoded']],
		body: new URLSearchParams(fields).toString()
	};
}

/** A step of a navigation threw (unreachable host, a page without its form): the browser shows why. */
const showFailure = {
	target: 'failed',
	actions: {
		type: 'recordFailure',
		params: ({ event }: { event: ErrorActorEvent }) => event.error
	}
} as const;

/**
 * The user agent and the person at it: follows redirects, keeps cookies, fills in the login
 * form, and submits form_post pages, the way a browser does.
 */
export const browserMachine = setup({
	types: {
		input: {} as BrowserInput,
		context: {} as BrowserContext,
		events: {} as
			{ type: 'NAVIGATE'; request: HttpRequest; frame?: 'top' | 'iframe' } | ActivateEvent
	},
	actors: {
		load: fromPromise(
			async ({ input }: { input: { network: Network; request: HttpRequest; silent: boolean } }) =>
				input.network.exchange(
					'browser',
					input.request,
					input.silent
						? {
								note: 'Sent from a hidden iframe: nothing can be shown to the person, so the issuer must answer at once.'
							}
						: {}
				)
		),
		// The issuer's signed-out page loads each client's front-channel logout URI in an iframe,
		// then moves on to where it continues (Front-Channel Logout 1.0 §2-§4).
		loadLogoutFrames: fromPromise(
			async ({ input }: { input: { network: Network; jar: Jar; page: HttpResponse } }) => {
				const { iframes, continueTo } = readFrontchannelLogoutPage(input.page);
				for (const src of iframes)
					await input.network.exchange(
						'browser',
						withCookies(input.jar, { method: 'GET', url: src, headers: [] }),
						{
							note: 'Loaded in a hidden iframe by the issuer’s signed-out page: the browser carries the logout to the client.'
						}
					);
				return continueTo;
			}
		),
		fillLogin: fromPromise(
			async ({ input }: { input: { trace: TraceRecorder; person: Person; page: string } }) => {
				const form = readForm(input.page);
				if (!form) throw new Error('the login page has no form');
				const { person } = input;
				await input.trace.push({
					kind: 'action',
					from: 'browser',
					to: 'browser',
					channel: 'front',
					label: person.consent
						? `${person.name} logs in and allows access`
						: `${person.name} denies access`,
					note: 'The person types a username and password into the issuer’s page. The client never sees them.',
					name: 'person-login',
					tokens: [],
					failed: false,
					spec: 'https://openid.net/specs/openid-connect-core-1_0.html#Authenticates'
				});
				return postForm(form.action, {
					...form.fields,
					username: person.username,
					password: person.password,
					decision: person.consent ? 'allow' : 'deny'
				});
			}
		),
		fillActivation: fromPromise(
			async ({
				input
			}: {
				input: { trace: TraceRecorder; person: Person; page: string; activation: Activation };
			}) => fillActivation(input)
		)
	},
	actions: {
		// Parameterised, so each invocation's error event hands over its own error.
		recordFailure: assign((_, error: unknown) => ({ failure: String(error) })),
		// The page the browser came to rest on, or the failure it shows instead.
		reportArrival: sendTo(
			({ system }) => system.get(ARRIVALS),
			({ context }, { failed }: { failed: boolean }): ArrivedEvent => ({
				type: 'ARRIVED',
				arrival: {
					url: context.request!.url,
					request: context.request!,
					response: failed
						? { status: 0, headers: [], body: context.failure ?? 'navigation failed' }
						: context.response!,
					frame: context.frame
				}
			})
		)
	},
	guards: {
		isRedirect: ({ context }) =>
			!!context.response && !!redirectLocation(context.response) && context.hops < MAX_REDIRECTS,
		isLoginPage: ({ context }) =>
			!!context.response &&
			isHtml(context.response) &&
			/name="transaction"/.test(context.response.body),
		// The verification page: asking for the code (not yet typed), or confirming which device.
		isActivationPage: ({ context }) =>
			!!context.activation &&
			!!context.response &&
			isHtml(context.response) &&
			/name="user_code"/.test(context.response.body) &&
			(!context.activation.typed || /name="decision"/.test(context.response.body)),
		isLogoutFramesPage: ({ context }) =>
			!!context.response &&
			isHtml(context.response) &&
			readFrontchannelLogoutPage(context.response).iframes.length > 0,
		isFormPost: ({ context }) =>
			!!context.response &&
			isHtml(context.response) &&
			/document\.forms\[0\]\.submit\(\)/.test(context.response.body)
	}
}).createMachine({
	id: 'browser',
	initial: 'idle',
	context: ({ input }) => ({ ...input, jar: {}, frame: 'top', hops: 0 }),
	states: {
		idle: {
			on: {
				NAVIGATE: {
					target: 'loading',
					actions: assign({
						request: ({ event }) => event.request,
						frame: ({ event }) => event.frame ?? 'top',
						hops: 0,
						failure: undefined,
						activation: undefined
					})
				},
				ACTIVATE: {
					target: 'loading',
					actions: assign({
						request: ({ event }) => ({ method: 'GET', url: event.url, headers: [] }),
						frame: 'top',
						hops: 0,
						failure: undefined,
						activation: ({ event }) => ({
							userCode: event.userCode,
							decision: event.decision,
							...(event.lure !== undefined && { lure: event.lure })
						})
					})
				}
			}
		},
		loading: {
			invoke: {
				src: 'load',
				input: ({ context }) => ({
					network: context.network,
					request: withCookies(context.jar, context.request!),
					silent: context.frame === 'iframe' && context.hops === 0
				}),
				onDone: {
					target: 'arrived',
					actions: assign({
						// The request as it went out: a lured browser shows the forged URL.
						request: ({ event }) => event.output.request,
						response: ({ event }) => event.output.response,
						jar: ({ context, event }) =>
							storeCookies(context.jar, event.output.request.url, event.output.response)
					})
				},
				onError: showFailure
			}
		},
		arrived: {
			always: [
				{
					guard: 'isRedirect',
					target: 'loading',
					// Follow the redirect: a 302 after a POST becomes a GET (as every browser does).
					actions: assign({
						request: ({ context }) => ({
							method: 'GET',
							url: new URL(redirectLocation(context.response!)!, context.request!.url).href,
							headers: []
						}),
						hops: ({ context }) => context.hops + 1
					})
				},
				{ guard: 'isLoginPage', target: 'fillingLogin' },
				{ guard: 'isActivationPage', target: 'fillingActivation' },
				{
					guard: 'isFormPost',
					target: 'loading',
					actions: assign({
						request: ({ context }) => {
							const form = readForm(context.response!.body)!;
							return postForm(form.action, form.fields);
						}
					})
				},
				{ guard: 'isLogoutFramesPage', target: 'loadingLogoutFrames' },
				{
					target: 'idle',
					actions: { type: 'reportArrival', params: { failed: false } }
				}
			]
		},
		loadingLogoutFrames: {
			invoke: {
				src: 'loadLogoutFrames',
				input: ({ context }) => ({
					network: context.network,
					jar: context.jar,
					page: context.response!
				}),
				onDone: [
					{
						guard: ({ event }) => event.output !== undefined,
						target: 'loading',
						actions: assign({
							request: ({ context, event }) => ({
								method: 'GET',
								url: new URL(event.output!, context.request!.url).href,
								headers: []
							}),
							hops: ({ context }) => context.hops + 1
						})
					},
					{ target: 'idle', actions: { type: 'reportArrival', params: { failed: false } } }
				],
				onError: showFailure
			}
		},
		fillingLogin: {
			invoke: {
				src: 'fillLogin',
				input: ({ context }) => ({
					trace: context.trace,
					person: context.person,
					page: context.response!.body
				}),
				onDone: { target: 'loading', actions: assign({ request: ({ event }) => event.output }) },
				onError: showFailure
			}
		},
		fillingActivation: {
			invoke: {
				src: 'fillActivation',
				input: ({ context }) => ({
					trace: context.trace,
					person: context.person,
					page: context.response!.body,
					activation: context.activation!
				}),
				onDone: {
					target: 'loading',
					actions: assign({
						request: ({ event }) => event.output.request,
						activation: ({ event }) => event.output.activation
					})
				},
				onError: showFailure
			}
		},
		failed: {
			always: {
				target: 'idle',
				actions: { type: 'reportArrival', params: { failed: true } }
			}
		}
	}
});

/**
 * The person on their phone at the verification page: types the code the TV shows, then, on
 * the page that names the application asking, logs in and allows or denies (RFC 8628 §3.3).
 */
async function fillActivation(input: {
	trace: TraceRecorder;
	person: Person;
	page: string;
	activation: Activation;
}): Promise<{ request: HttpRequest; activation?: Activation }> {
	const form = readForm(input.page);
	if (!form) throw new Error('the verification page has no form');
	const { person, activation } = input;
	if (!/name="decision"/.test(input.page)) {
		await input.trace.push({
			kind: 'action',
			from: 'browser',
			to: 'browser',
			channel: 'front',
			label: `${person.name} types the code on the phone`,
			note: `${person.name} types ${activation.userCode}. ${
				activation.lure ??
				'The person reads the code off the TV and types it at the verification URI on their phone. It is short and forgiving to type (case and dashes do not matter); the device_code never leaves the TV.'
			}`,
			name: 'enter-user-code',
			tokens: [],
			failed: false,
			spec: SPEC.userCode
		});
		return {
			request: postForm(form.action, { ...form.fields, user_code: activation.userCode }),
			activation: { ...activation, typed: true }
		};
	}
	const allow = activation.decision === 'allow';
	const login = /name="username"/.test(input.page);
	await input.trace.push({
		kind: 'action',
		from: 'browser',
		to: 'browser',
		channel: 'front',
		label: `${person.name} ${login ? 'logs in and ' : ''}${allow ? 'allows' : 'denies'} the TV`,
		note: allow
			? 'The page names the application that asks and what for, so the person can check this is the device in front of them before allowing it (RFC 8628 §5.4: remote phishing).'
			: 'The page names the application that asks: a TV app the person never started. They deny it, and the issuer marks the device code denied.',
		name: 'person-login',
		tokens: [],
		failed: false,
		spec: SPEC.deviceUserInteraction
	});
	return {
		request: postForm(form.action, {
			...form.fields,
			user_code: activation.userCode,
			...(login && { username: person.username, password: person.password }),
			decision: activation.decision
		})
	};
}
