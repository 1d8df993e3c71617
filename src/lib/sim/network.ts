import {
	getHeader,
	isFailure,
	LEGACY_ENDPOINTS,
	readJson,
	SPEC,
	statusText,
	type HttpRequest,
	type HttpResponse,
	type ValidationReport
} from '../core/index';
import { Attacker } from './attacker/index';
import { specForRequest } from './specs';
import { endpointOf, type Targeting } from './targeting';
import { requestTokens, responseTokens } from './tokens';
import type { TraceRecorder } from './trace';
import {
	ACTOR_LABELS,
	type ActionName,
	type ActorName,
	type Change,
	type MessageName,
	type NoteKind,
	type Refusal,
	type StepNote,
	type StepRef,
	type TokenSnapshot,
	type Transport
} from './types';

/** What an actor answers: the response, and the validation it ran to decide, if any. */
export interface Served {
	response: HttpResponse;
	checks?: ValidationReport;
	checkLabel?: string;
	/** What the validation step is, when it is not an access token check. */
	checkName?: ActionName;
	/**
	 * Further checks the server ran, each drawn as its own step after `checks`, in order: the
	 * issuer's checks of a client assertion, a request object, a DPoP proof, the code_verifier.
	 */
	validations?: { checks: ValidationReport; checkLabel: string; checkName: ActionName }[];
}

export type Handler = (request: HttpRequest) => Promise<Served>;

/** A message on its way, as the interventions aimed at it left it. */
interface InTransit<T> {
	message: T;
	notes: StepNote[];
	/** Who changed it and how, when someone did. */
	change?: Change;
	/** The sender was lured into sending it rather than the attacker sending it itself. */
	lure: boolean;
}

/**
 * The in-memory network: routes each request to the actor that owns its origin and records
 * the request, any validation the receiver ran, and the response, as trace steps. It names
 * each message and asks the targeting which interventions are aimed at it.
 */
export class Network implements Transport {
	readonly #routes = new Map<string, { actor: ActorName; handler: Handler }>();
	readonly #attacker: Attacker;

	constructor(
		private readonly trace: TraceRecorder,
		private readonly targeting: Targeting,
		issuer: string
	) {
		this.#attacker = new Attacker(this, issuer);
	}

	register(origin: string, actor: ActorName, handler: Handler): void {
		this.#routes.set(new URL(origin).origin, { actor, handler });
	}

	async send(
		from: ActorName,
		original: HttpRequest,
		options: { note?: string; replayOf?: Change } = {}
	): Promise<HttpResponse> {
		return (await this.exchange(from, original, options)).response;
	}

	/**
	 * Sends a request and returns the response together with the request as it actually went
	 * out, which an attacker may have changed (a browser lured to a forged link loads that link).
	 */
	async exchange(
		from: ActorName,
		original: HttpRequest,
		options: { note?: string; replayOf?: Change } = {}
	): Promise<{ request: HttpRequest; response: HttpResponse }> {
		const route = this.#routes.get(new URL(original.url).origin);
		if (!route) throw new Error(`nothing answers at ${new URL(original.url).origin}`);
		const to = route.actor;
		const channel = from === 'browser' ? 'front' : 'back';
		// The attacker's own requests and replays are not the protocol's: they are not counted.
		const endpoint = endpointOf(original, to);
		const counted = from !== 'attacker';
		const requestRef = counted ? this.targeting.count(`${endpoint}-request` as const) : undefined;

		const sent = await this.#intervene(original, requestRef, { from, to, channel });
		const request = sent.message;
		const sender: ActorName = sent.change && !sent.lure ? 'attacker' : from;
		await this.trace.push({
			kind: 'request',
			from: sender,
			to,
			channel,
			request,
			label: requestLabel(request),
			notes: [
				...sent.notes,
				...(options.replayOf ? [{ kind: 'replayed' as const, text: options.note ?? '' }] : []),
				// The sender's note is not the attacker's: a message the attacker sent instead drops it.
				...(options.note && !options.replayOf && sender === from
					? [{ kind: noteKind(from), text: options.note }]
					: []),
				...legacyNotes(request)
			],
			tokens: requestTokens(request),
			failed: false,
			spec: specForRequest(request),
			ref: requestRef,
			change: sent.change ?? options.replayOf
		});

		// Steps recorded from here on happen inside this exchange (a server's own calls included).
		const inside = this.trace.nextIndex;
		const served = await route.handler(request);
		const validations = [
			...(served.checks
				? [
						{
							checks: served.checks,
							checkLabel: served.checkLabel ?? 'validate token',
							checkName: served.checkName ?? ('validate-access-token' as const)
						}
					]
				: []),
			...(served.validations ?? [])
		];
		for (const validation of validations) {
			const { checks } = validation;
			const failed = checks.checks.find(isFailure);
			// The report names its step's section; only a report that does not falls back to its first check.
			const spec = checks.spec ?? checks.checks[0]?.spec ?? SPEC.idTokenValidation;
			await this.trace.push({
				kind: 'action',
				from: to,
				to,
				channel: 'back',
				label: validation.checkLabel,
				tokens: [],
				checks,
				failed: !checks.valid,
				spec,
				name: counted ? validation.checkName : undefined,
				refusal: failed ? { code: failed.id, by: to, spec: failed.spec } : undefined
			});
		}

		const responseRef = counted ? this.targeting.count(`${endpoint}-response` as const) : undefined;
		const answered = await this.#intervene(served.response, responseRef, {
			from: to,
			to: from,
			channel
		});
		const response = answered.message;
		const responder: ActorName = answered.change ? 'attacker' : to;
		const spec = response.status >= 400 ? errorSpec(request) : specForRequest(request);
		const refusal = response.status >= 400 ? refusalOf(response, responder, spec) : undefined;
		const answer = await this.trace.push({
			kind: 'response',
			from: responder,
			to: sender,
			channel,
			response,
			label: responseLabel(response, responseTokens(response)),
			notes: answered.notes,
			tokens: responseTokens(response),
			failed: response.status >= 400,
			spec,
			ref: responseRef,
			change: answered.change,
			refusal,
			// An answer that passes on an expected refusal made while serving it is expected with it.
			expected: refusal
				? (this.trace.expectedFor({ refusal, ref: responseRef }) ??
					this.trace.steps.slice(inside).findLast((s) => s.refusal)?.expected)
				: undefined
		});
		// The server's own check that refused the request is expected with the answer that says so
		// (the issuer's code_challenge check behind its invalid_grant).
		if (answer.expected)
			for (const step of this.trace.steps.slice(inside))
				if (step.kind === 'action' && step.from === to && step.refusal && !step.expected)
					step.expected = answer.expected;

		// An attacker who copied this request sends it again, right after the original was answered.
		for (const { by } of this.targeting.replaysOf(requestRef)) {
			await this.send('attacker', request, {
				note: 'A copy of this request, sent again by the attacker.',
				replayOf: { by, how: 'replay' }
			});
		}
		return { request, response };
	}

	/**
	 * Applies the interventions aimed at this message, recording the attacker's act first. An
	 * attacker in the middle catches the real message before changing it, so that is drawn too:
	 * the genuine original goes to the attacker, and only the changed copy goes on.
	 */
	async #intervene<T extends HttpRequest | HttpResponse>(
		message: T,
		ref: StepRef<MessageName> | undefined,
		path: { from: ActorName; to: ActorName; channel: 'front' | 'back' }
	): Promise<InTransit<T>> {
		const towards = path.to;
		const result: InTransit<T> = { message, notes: [], lure: false };
		for (const { intervention, by } of this.targeting.changesFor(ref)) {
			if (intervention.kind === 'replay') continue;
			const edited = await this.#attacker.intervene(intervention, result.message);
			result.notes.push({ kind: 'changed', text: edited.note });
			if (!('action' in edited)) continue;
			const how = intervention.kind === 'forge' ? intervention.recipe : intervention.kind;
			if (!edited.lure && !result.change) await this.#intercepted(message, path);
			result.message = edited.message;
			result.lure = edited.lure;
			result.change = { by, how };
			await this.trace.push({
				kind: 'action',
				from: 'attacker',
				to: 'attacker',
				channel: 'back',
				label: edited.action.label,
				notes: [
					{
						kind: 'changed',
						text: `${edited.action.note} (${
							edited.lure
								? `the victim’s browser sends it to the ${ACTOR_LABELS[towards]}`
								: `aimed at the ${ACTOR_LABELS[towards]}`
						})`
					}
				],
				tokens: [],
				failed: false,
				spec: SPEC.receivedClaims,
				change: result.change
			});
		}
		return result;
	}

	/** The genuine message, caught by the attacker in the middle on its way. */
	async #intercepted(
		message: HttpRequest | HttpResponse,
		path: { from: ActorName; to: ActorName; channel: 'front' | 'back' }
	): Promise<void> {
		const isRequest = 'url' in message;
		await this.trace.push({
			kind: isRequest ? 'request' : 'response',
			from: path.from,
			to: 'attacker',
			channel: path.channel,
			...(isRequest ? { request: message } : { response: message }),
			label: isRequest ? requestLabel(message) : responseLabel(message, responseTokens(message)),
			notes: [
				{
					kind: 'why',
					text: `The genuine message from the ${ACTOR_LABELS[path.from]}, caught by the attacker in the middle before it reaches the ${ACTOR_LABELS[path.to]}.`
				}
			],
			tokens: isRequest ? requestTokens(message) : responseTokens(message),
			failed: false,
			spec: SPEC.receivedClaims,
			intercepted: true
		});
	}
}

/** A sentence passed along with a request: a hidden iframe's, or the sender's reason. */
function noteKind(from: ActorName): NoteKind {
	return from === 'browser' ? 'frame' : 'why';
}

/**
 * The code a refusing response carries: the OAuth error in a JSON body, the bearer error in
 * WWW-Authenticate, or the error code an error page shows as its heading.
 */
function refusalOf(response: HttpResponse, by: ActorName, spec: string): Refusal {
	const json = readJson(response).error;
	const bearer = /error="([^"]+)"/.exec(getHeader(response, 'www-authenticate') ?? '')?.[1];
	const page = /<h1>([a-z_]+)<\/h1>/.exec(response.body)?.[1];
	const code = typeof json === 'string' ? json : (bearer ?? page ?? `http_${response.status}`);
	return { code, by, spec };
}

function pathOf(url: string): string {
	const u = new URL(url);
	return u.pathname;
}

/** What makes a request itself, said on its arrow: the grant, a DPoP proof, a pushed request. */
function requestLabel(request: HttpRequest): string {
	const path = pathOf(request.url);
	const base = `${request.method} ${path}`;
	// A DPoP proof header goes with the request (RFC 9449 §4); DPoP as the scheme carries the token (§7.1).
	const proof = getHeader(request, 'dpop') !== undefined ? ' + DPoP proof' : '';
	const grant =
		path === '/oauth/token' ? new URLSearchParams(request.body ?? '').get('grant_type') : null;
	if (grant) return `${base} (${grant.replace('urn:ietf:params:oauth:grant-type:', '')})${proof}`;
	if (/^DPoP /i.test(getHeader(request, 'authorization') ?? '')) return `${base} (DPoP)`;
	// RFC 9126: the request is pushed to the issuer first; the browser carries only its request_uri.
	if (path === '/oauth/par') return `${base} (pushed request)${proof}`;
	const params = new URL(request.url).searchParams;
	if (params.has('request_uri')) return `${base} (pushed request_uri)`;
	return params.get('prompt') === 'none' ? `${base} (prompt=none)${proof}` : `${base}${proof}`;
}

function responseLabel(response: HttpResponse, tokens: TokenSnapshot[] = []): string {
	const location = getHeader(response, 'location');
	if (location) return `${response.status} ${statusText(response.status)} → ${pathOf(location)}`;
	if (response.status >= 400) {
		const error = readJson(response).error;
		if (typeof error === 'string') return `${response.status} ${error}`;
	}
	// An encrypted id_token is a JWE of five parts (RFC 7516 §7.1), not the usual signed JWT.
	const jwe = tokens.some((t) => t.name === 'id_token' && t.value.split('.').length === 5);
	return `${response.status} ${statusText(response.status)}${jwe ? ': id_token (JWE)' : ''}`;
}

function legacyNotes(request: HttpRequest): StepNote[] {
	const path = pathOf(request.url).slice(1);
	const note = Object.values(LEGACY_ENDPOINTS).find((e) => e.path === path)?.note;
	return note ? [{ kind: 'deprecated', text: note }] : [];
}

function errorSpec(request: HttpRequest): string {
	if (request.headers.some(([n, v]) => n.toLowerCase() === 'authorization' && /^DPoP /i.test(v)))
		return SPEC.dpopResource;
	if (new URLSearchParams(request.body ?? '').get('grant_type')?.endsWith(':device_code'))
		return SPEC.deviceTokenErrors;
	// A refused logout notification answers as Back-Channel Logout §2.8 says.
	if (pathOf(request.url) === '/backchannel-logout') return SPEC.backchannelResponse;
	if (
		request.headers.some(([n, v]) => n.toLowerCase() === 'authorization' && v.startsWith('Bearer'))
	)
		return SPEC.bearer;
	return SPEC.oauthErrors;
}
