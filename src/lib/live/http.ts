/**
 * /live's only way out: a `fetch` that refuses any origin the discovery document did not name,
 * records the request and the answer as plain HTTP messages for the trace, and tells a CORS
 * refusal from a provider that is down. Framework-free; the fetch is passed in (tests use a fake).
 */
import type { HttpRequest, HttpResponse } from '../core/http';

export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

/** Why no answer could be read: refused by CORS, nothing answered, or an origin not named. */
export type SendError = 'cors' | 'down' | 'origin' | 'redirect';

export interface Exchange {
	request: HttpRequest;
	response?: HttpResponse;
	error?: SendError;
	/** Seconds since the epoch, when it was sent. */
	at: number;
}

/** The origins of a URL, or undefined for one that is not a URL. */
function originOf(url: string): string | undefined {
	return URL.canParse(url) ? new URL(url).origin : undefined;
}

/**
 * Sends a request when its origin is one of `allowed`, never with cookies and never following a
 * redirect (which could lead to an origin nobody named). A fetch that fails is probed once more
 * with `no-cors` (an answer the page cannot read): if that succeeds the server answered and CORS
 * refused the page; if not, nothing answered.
 */
export async function send(
	fetcher: Fetcher,
	allowed: readonly string[],
	request: HttpRequest,
	now: () => number
): Promise<Exchange> {
	const at = now();
	const origin = originOf(request.url);
	if (!origin || !allowed.includes(origin)) return { request, error: 'origin', at };
	let res: Response;
	try {
		res = await fetcher(request.url, {
			method: request.method,
			headers: request.headers,
			body: request.body,
			credentials: 'omit',
			cache: 'no-store',
			redirect: 'manual'
		});
	} catch {
		return { request, error: await probe(fetcher, request.url), at };
	}
	if (res.type === 'opaqueredirect') return { request, error: 'redirect', at };
	const response: HttpResponse = {
		status: res.status,
		headers: [...res.headers.entries()],
		body: await res.text().catch(() => '')
	};
	return { request, response, at };
}

async function probe(fetcher: Fetcher, url: string): Promise<SendError> {
	try {
		await fetcher(url, { mode: 'no-cors', credentials: 'omit', cache: 'no-store' });
		return 'cors';
	} catch {
		return 'down';
	}
}

/** The JSON body of an answer, or undefined when it is not JSON. */
export function jsonOf(exchange: Exchange): unknown {
	if (!exchange.response) return undefined;
	try {
		return JSON.parse(exchange.response.body) as unknown;
	} catch {
		return undefined;
	}
}
