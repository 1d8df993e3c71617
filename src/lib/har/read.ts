import type { Entry } from 'har-format';
import type { HeaderList, HttpRequest, HttpResponse } from '../core/http';

/** Larger files are refused before they are read: a login rarely needs more than a few MB. */
export const MAX_HAR_BYTES = 30 * 1024 * 1024;

/**
 * Milliseconds an import may run before it gives up with HAR_OVER_BUDGET (page and CLI alike).
 * The promise is an answer within 10 s of choosing a file: reading a 30 MB file and handing it
 * to the worker takes about a second, the importer looks at its clock only between stages and
 * every few hundred entries, and the page ends a worker that overruns by IMPORT_GRACE_MS (one
 * stuck in a long JSON.parse cannot look). 6 + 2 + 1 s leaves a second to spare; a real login,
 * even with every response body kept, imports in well under a second.
 */
export const IMPORT_BUDGET_MS = 6_000;

/** How long past its budget a silent import is given before it is ended from outside. */
export const IMPORT_GRACE_MS = 2_000;

/** One recorded exchange, as plain HTTP messages the inspector already knows how to show. */
export interface Exchange {
	/** Position in the file, after sorting by start time. */
	index: number;
	/** Seconds since the epoch, from `startedDateTime`. */
	at: number;
	/** When the response had arrived, in seconds: `startedDateTime` plus the entry's `time`. */
	arrived: number;
	request: HttpRequest;
	response: HttpResponse;
	/** What the browser loaded it as: document, fetch, image… (Chrome and Playwright say so). */
	resourceType?: string;
	/** True when no response came back (blocked, offline, cancelled). */
	failed: boolean;
}

/** Why a file could not be (fully) read; `code` is stable, `message` is for people. */
export interface HarProblem {
	code:
		| 'HAR_EMPTY'
		| 'HAR_TOO_LARGE'
		| 'HAR_NOT_JSON'
		| 'HAR_NO_ENTRIES'
		| 'HAR_BAD_ENTRIES'
		| 'HAR_NO_REQUESTS'
		| 'HAR_NO_LOGIN'
		/** The importer met something it did not expect: a bug, reported instead of thrown. */
		| 'HAR_IMPORT_FAILED'
		| 'HAR_OVER_BUDGET';
	message: string;
}

export interface ReadResult {
	exchanges: Exchange[];
	problems: HarProblem[];
}

const problem = (code: HarProblem['code'], message: string): HarProblem => ({ code, message });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function headers(list: unknown): HeaderList {
	if (!Array.isArray(list)) return [];
	return list
		.filter((h): h is { name: string; value: string } => isObject(h) && typeof h.name === 'string')
		.map((h) => [h.name, String(h.value ?? '')]);
}

/** Response bodies may be base64 (binary, or Firefox's choice); text is decoded as UTF-8. */
function decodeText(text: unknown, encoding: unknown): string {
	if (typeof text !== 'string') return '';
	if (encoding !== 'base64') return text;
	try {
		const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
		return new TextDecoder().decode(bytes);
	} catch {
		return '';
	}
}

function requestBody(entry: Entry): string | undefined {
	const post = entry.request.postData;
	if (!post) return undefined;
	if (typeof post.text === 'string') return post.text;
	// Some exporters give only the parsed form fields.
	if (Array.isArray(post.params))
		return new URLSearchParams(post.params.map((p) => [p.name, p.value ?? ''])).toString();
	return undefined;
}

/**
 * How long the exchange took, in ms: the entry's `time`, else the sum of its timings (Firefox
 * writes -1 for a phase that did not happen).
 */
function duration(entry: Entry): number {
	if (typeof entry.time === 'number' && Number.isFinite(entry.time) && entry.time >= 0)
		return entry.time;
	const timings: unknown = entry.timings;
	if (!isObject(timings)) return 0;
	return Object.values(timings).reduce<number>(
		(sum, t) => sum + (typeof t === 'number' && Number.isFinite(t) && t > 0 ? t : 0),
		0
	);
}

function toExchange(entry: Entry, index: number): Exchange | undefined {
	const { request, response } = entry;
	if (!isObject(request) || typeof request.url !== 'string' || !URL.canParse(request.url))
		return undefined;
	const started = Date.parse(String(entry.startedDateTime));
	const start = Number.isFinite(started) ? started : 0;
	const status = isObject(response) && typeof response.status === 'number' ? response.status : 0;
	const body = requestBody(entry);
	return {
		index,
		at: Math.floor(start / 1000),
		arrived: Math.floor((start + duration(entry)) / 1000),
		request: {
			method: String(request.method ?? 'GET').toUpperCase(),
			url: request.url,
			headers: headers(request.headers),
			...(body !== undefined && { body })
		},
		response: {
			status: Math.max(0, status),
			headers: isObject(response) ? headers(response.headers) : [],
			body: isObject(response?.content)
				? decodeText(response.content.text, response.content.encoding)
				: ''
		},
		resourceType:
			typeof (entry as { _resourceType?: unknown })._resourceType === 'string'
				? (entry as { _resourceType: string })._resourceType
				: undefined,
		failed: status <= 0 || typeof (entry.response as { _error?: unknown })?._error === 'string'
	};
}

/**
 * Reads a HAR 1.2 file (Chrome, Firefox, Playwright; sanitized or not) into exchanges in time
 * order. Never throws: anything unreadable is named in `problems`.
 */
export function readHar(text: string): ReadResult {
	if (typeof text !== 'string' || !text.trim())
		return { exchanges: [], problems: [problem('HAR_EMPTY', 'the file is empty')] };
	if (text.length > MAX_HAR_BYTES)
		return {
			exchanges: [],
			problems: [
				problem('HAR_TOO_LARGE', `the file is larger than ${MAX_HAR_BYTES / 1024 / 1024} MB`)
			]
		};
	let har: unknown;
	try {
		har = JSON.parse(text);
	} catch {
		return {
			exchanges: [],
			problems: [problem('HAR_NOT_JSON', 'this is not a HAR file: it is not JSON')]
		};
	}
	const entries: unknown = isObject(har) && isObject(har.log) ? har.log.entries : undefined;
	if (!Array.isArray(entries))
		return {
			exchanges: [],
			problems: [problem('HAR_NO_ENTRIES', 'this is not a HAR file: it has no log.entries list')]
		};
	const problems: HarProblem[] = [];
	const exchanges: Exchange[] = [];
	let skipped = 0;
	// Sort by start time: exporters mostly write in order, but not always.
	const ordered = entries
		.map((entry, i) => ({ entry, i, t: Date.parse(String(entry?.startedDateTime)) || 0 }))
		.sort((a, b) => a.t - b.t || a.i - b.i);
	for (const { entry } of ordered) {
		const exchange = isObject(entry)
			? toExchange(entry as unknown as Entry, exchanges.length)
			: undefined;
		if (exchange) exchanges.push(exchange);
		else skipped += 1;
	}
	if (skipped)
		problems.push(
			problem('HAR_BAD_ENTRIES', `${skipped} entries without a readable request were left out`)
		);
	if (!exchanges.length) problems.push(problem('HAR_NO_REQUESTS', 'the file records no requests'));
	return { exchanges, problems };
}
