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
import { forgeJwt, replaceInMessage, requestTokens, responseTokens } from './tokens';
import type { TraceRecorder } from './trace';
import type { ActorName, Intervention } from './types';

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

	constructor(
		private readonly trace: TraceRecorder,
		private readonly interventions: Intervention[]
	) {}

	register(origin: string, actor: ActorName, handler: Handler): void {
		this.#routes.set(new URL(origin).origin, { actor, handler });
	}

	async send(
		from: ActorName,
		original: HttpRequest,
		options: { note?: string } = {}
	): Promise<HttpResponse> {
		const route = this.#routes.get(new URL(original.url).origin);
		if (!route) throw new Error(`nothing answers at ${new URL(original.url).origin}`);
		const to = route.actor;
		const channel = from === 'browser' ? 'front' : 'back';

		const { message: request, note: tamperNote } = this.#intervene(original);
		await this.trace.push({
			kind: 'request',
			from,
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

		const { message: response, note: responseNote } = this.#intervene(served.response);
		await this.trace.push({
			kind: 'response',
			from: to,
			to: from,
			channel,
			response,
			label: responseLabel(response),
			note: responseNote,
			tokens: responseTokens(response),
			failed: response.status >= 400,
			spec: response.status >= 400 ? errorSpec(request) : specForRequest(request)
		});
		return response;
	}

	/** Applies the tamper interventions aimed at the step about to be recorded. */
	#intervene<T extends HttpRequest | HttpResponse>(message: T): { message: T; note?: string } {
		const step = this.trace.nextIndex;
		let result = message;
		const notes: string[] = [];
		for (const intervention of this.interventions.filter((i) => i.step === step)) {
			if (intervention.kind === 'replay') continue;
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
			notes.push(
				intervention.kind === 'alg-none'
					? `Tampered in transit: the ${target.name}'s header set to alg "none" and its signature removed.`
					: `Tampered in transit: the ${target.name}'s ${intervention.claim} set to ${JSON.stringify(intervention.value)}, signature kept.`
			);
		}
		return { message: result, note: notes.length ? notes.join(' ') : undefined };
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
