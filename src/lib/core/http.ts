/**
 * Plain, serialisable HTTP messages. The issuer, client and API speak these; `fetch`-style
 * adapters convert to and from web `Request` / `Response`. Plain data is kept because browsers
 * silently drop forbidden headers (`Cookie`, `Set-Cookie`) from constructed Request/Response
 * objects, and the issuer's session cookie is part of the protocol we want to show.
 */
export type HeaderList = [name: string, value: string][];

export interface HttpRequest {
	method: string;
	url: string;
	headers: HeaderList;
	body?: string;
}

export interface HttpResponse {
	status: number;
	headers: HeaderList;
	body: string;
}

const STATUS_TEXT: Record<number, string> = {
	200: 'OK',
	201: 'Created',
	302: 'Found',
	303: 'See Other',
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	415: 'Unsupported Media Type',
	500: 'Internal Server Error'
};

export function statusText(status: number): string {
	return STATUS_TEXT[status] ?? '';
}

export function getHeader(message: { headers: HeaderList }, name: string): string | undefined {
	const lower = name.toLowerCase();
	return message.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

export function getHeaders(message: { headers: HeaderList }, name: string): string[] {
	const lower = name.toLowerCase();
	return message.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

// Token responses and anything carrying credentials must not be cached (RFC 6749 §5.1).
const NO_STORE: HeaderList = [
	['Cache-Control', 'no-store'],
	['Pragma', 'no-cache']
];

export function json(status: number, body: unknown, extra: HeaderList = []): HttpResponse {
	return {
		status,
		headers: [['Content-Type', 'application/json; charset=utf-8'], ...NO_STORE, ...extra],
		body: JSON.stringify(body)
	};
}

export function html(status: number, body: string, extra: HeaderList = []): HttpResponse {
	return {
		status,
		headers: [['Content-Type', 'text/html; charset=utf-8'], ...NO_STORE, ...extra],
		body
	};
}

export function redirect(location: string, extra: HeaderList = []): HttpResponse {
	return { status: 302, headers: [['Location', location], ...NO_STORE, ...extra], body: '' };
}

const MAX_DESCRIPTION = 300;

/**
 * Makes text safe as an `error_description`: only %x20-21 / %x23-5B / %x5D-7E are allowed
 * (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3), and request text echoed in it must neither break a
 * header nor grow without bound.
 */
export function errorDescription(text: string): string {
	const safe = text
		.replace(/\u00a7\s?/g, 'section ')
		.replace(/[\u2018\u2019"]/g, "'")
		.replace(/\\/g, '/')
		.replace(/[^\u0020-\u007e]/g, (c) => (c <= '\u001f' || c === '\u007f' ? ' ' : '?'));
	return safe.length > MAX_DESCRIPTION ? `${safe.slice(0, MAX_DESCRIPTION - 3)}...` : safe;
}

/** An OAuth 2.0 error body (RFC 6749 §5.2) with the status the spec gives it. */
export function oauthError(
	status: number,
	error: string,
	description: string,
	extra: HeaderList = [],
	errorUri?: string
): HttpResponse {
	return json(
		status,
		{
			error,
			error_description: errorDescription(description),
			...(errorUri !== undefined && { error_uri: errorUri })
		},
		extra
	);
}

/**
 * Bearer-token errors go in WWW-Authenticate (RFC 6750 §3), with the status §3.1 gives each:
 * 400 invalid_request, 401 invalid_token (or no error when no token was sent), 403 insufficient_scope.
 */
export function bearerError(
	status: 400 | 401 | 403,
	realm: string,
	error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope',
	description?: string
): HttpResponse {
	const params = [`realm="${errorDescription(realm)}"`];
	const safe = description === undefined ? undefined : errorDescription(description);
	if (error) params.push(`error="${error}"`);
	if (safe) params.push(`error_description="${safe}"`);
	const header: HeaderList = [['WWW-Authenticate', `Bearer ${params.join(', ')}`]];
	return error
		? json(status, { error, error_description: safe ?? error }, header)
		: { status, headers: [...header, ...NO_STORE], body: '' };
}

export function escapeHtml(text: string): string {
	return text.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c
	);
}

export function formBody(params: Record<string, string | undefined>): string {
	const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
	return new URLSearchParams(entries).toString();
}

export function isForm(request: HttpRequest): boolean {
	const type = getHeader(request, 'content-type') ?? '';
	return type.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/** Parameters from the query (GET) or a form body (POST), as a real endpoint reads them. */
export function requestParams(request: HttpRequest): URLSearchParams {
	if (request.method === 'POST' && isForm(request)) return new URLSearchParams(request.body ?? '');
	return new URL(request.url).searchParams;
}

/** Reads a `Cookie` header into a map. */
export function parseCookies(request: HttpRequest): Map<string, string> {
	const jar = new Map<string, string>();
	for (const header of getHeaders(request, 'cookie')) {
		for (const pair of header.split(';')) {
			const at = pair.indexOf('=');
			if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
		}
	}
	return jar;
}

export async function fromRequest(request: Request): Promise<HttpRequest> {
	const headers: HeaderList = [];
	request.headers.forEach((value, name) => headers.push([name, value]));
	const body =
		request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
	return { method: request.method, url: request.url, headers, body };
}

export function toResponse(response: HttpResponse): Response {
	const headers = new Headers();
	for (const [name, value] of response.headers) headers.append(name, value);
	const nullBody = response.status === 204 || response.status === 304 || response.body === '';
	return new Response(nullBody ? null : response.body, {
		status: response.status,
		statusText: statusText(response.status),
		headers
	});
}

/** Adapts a plain handler to the web `fetch` shape, for standard client libraries. */
export function asFetch(
	handle: (request: HttpRequest) => Promise<HttpResponse>
): (request: Request) => Promise<Response> {
	return async (request) => toResponse(await handle(await fromRequest(request)));
}
