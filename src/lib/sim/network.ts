import {
	getHeader,
	LEGACY_ENDPOINTS,
	readJson,
	SPEC,
	statusText,
	type HttpRequest,
	type HttpResponse,
	type ValidationReport
} from '../core/index';
import { specForRequest } from './specs';
import { Attacker, RECIPES } from './attacker';
import { forgeJwt, replaceInMessage, requestTokens, responseTokens } from './tokens';
import type { TraceRecorder } from './trace';
import { ACTOR_LABELS, type ActorName, type Intervention } from './types';

interface Interception<T> {
	message: T;
	note?: string;
	/** What the attacker did, recorded as its own step just before the message. */
	action?: { label: string; note: string };
	/** The attacker lured the sender into sending it, rather than sending it itself. */
	lure?: boolean;
}

/** What an actor answers: the response, and the validation it ran to decide, if any. */
export interface Served {
	response: HttpResponse;
	checks?: ValidationReport;
	checkLabel?: string;
}

export type Handler = (request: HttpRequest) => Promise<Served>;

/**
 * The in-memory network: routes each request to the actor that owns its origin and records
 * the request, any validation the receiver ran, and the response, as trace steps.
 */
export class Network {
	readonly #routes = new Map<string, { actor: ActorName; handler: Handler }>();
	readonly #used = new Set<Intervention>();
	readonly #attacker: Attacker;

	constructor(
		private readonly trace: TraceRecorder,
		private readonly interventions: Intervention[],
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
		options: { note?: string } = {}
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
		options: { note?: string } = {}
	): Promise<{ request: HttpRequest; response: HttpResponse }> {
		const route = this.#routes.get(new URL(original.url).origin);
		if (!route) throw new Error(`nothing answers at ${new URL(original.url).origin}`);
		const to = route.actor;
		const channel = from === 'browser' ? 'front' : 'back';

		const requestIndex = this.trace.nextIndex;
		const intercepted = await this.#intervene(original);
		const request = intercepted.message;
		if (intercepted.action)
			await this.#pushAttackerAction(
				intercepted.action,
				intercepted.lure
					? `the victim’s browser sends it to the ${ACTOR_LABELS[to]}`
					: `aimed at the ${ACTOR_LABELS[to]}`
			);
		const tamperNote = intercepted.note;
		const sender: ActorName = intercepted.action && !intercepted.lure ? 'attacker' : from;
		await this.trace.push({
			kind: 'request',
			from: sender,
			to,
			channel,
			request,
			label: requestLabel(request),
			note: joinNotes(tamperNote, options.note, legacyNote(request)),
			tokens: requestTokens(request),
			failed: false,
			spec: specForRequest(request)
		});

		const served = await route.handler(request);
		if (served.checks) {
			await this.trace.push({
				kind: 'action',
				from: to,
				to,
				channel: 'back',
				label: served.checkLabel ?? 'validate token',
				tokens: [],
				checks: served.checks,
				failed: !served.checks.valid,
				spec: served.checks.checks[0]?.spec ?? SPEC.idTokenValidation
			});
		}

		const answered = await this.#intervene(served.response);
		const response = answered.message;
		if (answered.action)
			await this.#pushAttackerAction(answered.action, `aimed at the ${ACTOR_LABELS[from]}`);
		const responseNote = answered.note;
		await this.trace.push({
			kind: 'response',
			from: answered.action ? 'attacker' : to,
			to: sender,
			channel,
			response,
			label: responseLabel(response),
			note: responseNote,
			tokens: responseTokens(response),
			failed: response.status >= 400,
			spec: response.status >= 400 ? errorSpec(request) : specForRequest(request)
		});

		// An attacker who copied this request sends it again, right after the original was answered.
		for (const replay of this.interventions.filter(
			(i) => i.kind === 'replay' && i.step === requestIndex && !this.#used.has(i)
		)) {
			this.#used.add(replay);
			await this.send('attacker', request, {
				note: `Replay of step ${requestIndex + 1}: the attacker sends a copy of this request again.`
			});
		}
		return { request, response };
	}

	async #pushAttackerAction(action: { label: string; note: string }, how: string): Promise<void> {
		await this.trace.push({
			kind: 'action',
			from: 'attacker',
			to: 'attacker',
			channel: 'back',
			label: action.label,
			note: `${action.note} (${how})`,
			tokens: [],
			failed: false,
			spec: SPEC.receivedClaims
		});
	}

	/** Applies the interventions aimed at the step about to be recorded. */
	async #intervene<T extends HttpRequest | HttpResponse>(message: T): Promise<Interception<T>> {
		const step = this.trace.nextIndex;
		let result = message;
		const notes: string[] = [];
		let action: Interception<T>['action'];
		let lure = false;
		const aimed = this.interventions.filter((i) => i.step === step && !this.#used.has(i));
		for (const intervention of aimed) {
			if (intervention.kind === 'replay') continue;
			// Marked first: a recipe may send requests of its own, which must not trigger it again.
			this.#used.add(intervention);
			if (intervention.kind === 'forge') {
				const recipe = RECIPES[intervention.recipe];
				const forged = await this.#attacker.forge(intervention.recipe, result);
				if (!forged) {
					notes.push(`Nothing here for “${recipe.title}” to work on.`);
					continue;
				}
				result = forged;
				lure = recipe.lure;
				action = { label: recipe.title, note: `The attacker ${recipe.does}` };
				notes.push(`Forged by the attacker: ${recipe.title}.`);
				continue;
			}
			const tokens = (
				'method' in result ? requestTokens(result) : responseTokens(result as HttpResponse)
			).filter((t) => t.payload);
			const wanted = intervention.token ?? 'id_token';
			const target = tokens.find((t) => t.name === wanted) ?? tokens[0];
			const forged =
				target &&
				forgeJwt(target.value, (header, payload) => {
					if (intervention.kind === 'alg-none') header.alg = 'none';
					else payload[intervention.claim] = intervention.value;
				});
			if (!target || !forged) {
				notes.push('No token in this message to tamper with.');
				continue;
			}
			result = replaceInMessage(
				result as T & { headers: [string, string][] },
				target.value,
				forged
			);
			const what =
				intervention.kind === 'alg-none'
					? `the ${target.name}'s header set to alg "none" and its signature removed`
					: `the ${target.name}'s ${intervention.claim} set to ${JSON.stringify(intervention.value)}, signature kept`;
			action = {
				label: intervention.kind === 'alg-none' ? 'alg: none' : `tamper with ${intervention.claim}`,
				note: `The attacker edits the message in transit: ${what}.`
			};
			notes.push(`Tampered in transit: ${what}.`);
		}
		return { message: result, note: notes.length ? notes.join(' ') : undefined, action, lure };
	}
}

function pathOf(url: string): string {
	const u = new URL(url);
	return u.pathname;
}

function requestLabel(request: HttpRequest): string {
	const base = `${request.method} ${pathOf(request.url)}`;
	const grant =
		pathOf(request.url) === '/oauth/token'
			? new URLSearchParams(request.body ?? '').get('grant_type')
			: null;
	if (grant) return `${base} (${grant.replace('urn:ietf:params:oauth:grant-type:', '')})`;
	const prompt = new URL(request.url).searchParams.get('prompt');
	return prompt === 'none' ? `${base} (prompt=none)` : base;
}

function responseLabel(response: HttpResponse): string {
	const location = getHeader(response, 'location');
	if (location) return `${response.status} ${statusText(response.status)} → ${pathOf(location)}`;
	if (response.status >= 400) {
		const error = readJson(response).error;
		if (typeof error === 'string') return `${response.status} ${error}`;
	}
	return `${response.status} ${statusText(response.status)}`;
}

function legacyNote(request: HttpRequest): string | undefined {
	const path = pathOf(request.url).slice(1);
	return Object.values(LEGACY_ENDPOINTS).find((e) => e.path === path)?.note;
}

function errorSpec(request: HttpRequest): string {
	if (
		request.headers.some(([n, v]) => n.toLowerCase() === 'authorization' && v.startsWith('Bearer'))
	)
		return SPEC.bearer;
	return SPEC.oauthErrors;
}

function joinNotes(...notes: (string | undefined)[]): string | undefined {
	const present = notes.filter(Boolean);
	return present.length ? present.join(' ') : undefined;
}
