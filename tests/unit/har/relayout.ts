/**
 * Changes a recording's layout without changing its protocol: hosts and paths renamed
 * consistently wherever a URL appears (request URLs, headers, query and form values, JSON and
 * HTML bodies), and unrelated traffic added or moved. Signed values are left alone, so the
 * issuer identifier (inside every id_token's iss) keeps its host and path.
 */
import type { Entry, Har } from 'har-format';

export interface Relayout {
	/** Host (without port) → new host, for hosts other than the issuer's. */
	hosts: Map<string, string>;
	/** Appended to each path segment outside the issuer's path and `.well-known`. */
	suffix: string;
}

const ABSOLUTE = /https?:\/\/[^\s"'<>\\]+/g;

function renameUrl(text: string, issuer: URL, plan: Relayout): string {
	if (!URL.canParse(text)) return text;
	const url = new URL(text);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return text;
	const issuerPath = issuer.pathname.replace(/\/$/, '');
	const keep =
		url.origin === issuer.origin && url.pathname.startsWith(issuerPath) ? issuerPath : '';
	if (url.origin !== issuer.origin) url.hostname = plan.hosts.get(url.hostname) ?? url.hostname;
	const rest = url.pathname.slice(keep.length);
	if (!rest.includes('/.well-known/'))
		url.pathname =
			keep +
			rest
				.split('/')
				.map((segment) => (segment ? `${segment}${plan.suffix}` : segment))
				.join('/');
	for (const [name, value] of [...url.searchParams])
		if (URL.canParse(value)) url.searchParams.set(name, renameUrl(value, issuer, plan));
	if (url.hash.includes('=')) url.hash = renameParams(url.hash.slice(1), issuer, plan);
	// An origin stays an origin: no path added where there was none.
	return /^https?:\/\/[^/?#]+$/.test(text) ? url.origin : url.href;
}

function renameParams(text: string, issuer: URL, plan: Relayout): string {
	const params = new URLSearchParams(text);
	for (const [name, value] of [...params])
		if (URL.canParse(value)) params.set(name, renameUrl(value, issuer, plan));
	return params.toString();
}

function renameJson(value: unknown, issuer: URL, plan: Relayout): unknown {
	if (typeof value === 'string')
		return URL.canParse(value) ? renameUrl(value, issuer, plan) : value;
	if (Array.isArray(value)) return value.map((v) => renameJson(v, issuer, plan));
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, renameJson(v, issuer, plan)])
		);
	return value;
}

function renameBody(text: string, mime: string, issuer: URL, plan: Relayout): string {
	if (/json/.test(mime)) {
		try {
			return JSON.stringify(renameJson(JSON.parse(text), issuer, plan));
		} catch {
			return text;
		}
	}
	if (/form-urlencoded/.test(mime)) return renameParams(text, issuer, plan);
	return text.replace(ABSOLUTE, (url) => renameUrl(url, issuer, plan));
}

/** The recording with its hosts and paths renamed; the issuer identifier is kept. */
export function relayout(har: Har, issuer: string, plan: Relayout): Har {
	const iss = new URL(issuer);
	const copy = structuredClone(har);
	for (const entry of copy.log.entries) {
		const { request, response } = entry;
		request.url = renameUrl(request.url, iss, plan);
		for (const h of [...request.headers, ...response.headers])
			h.value = /^(location|referer|origin|content-location)$/i.test(h.name)
				? renameUrl(h.value, iss, plan)
				: h.value;
		if (request.postData?.text !== undefined)
			request.postData.text = renameBody(
				request.postData.text,
				request.postData.mimeType ?? '',
				iss,
				plan
			);
		for (const p of request.postData?.params ?? [])
			if (p.value && URL.canParse(p.value)) p.value = renameUrl(p.value, iss, plan);
		if (response.redirectURL) response.redirectURL = renameUrl(response.redirectURL, iss, plan);
		const content = response.content;
		if (content.text && content.encoding !== 'base64')
			content.text = renameBody(content.text, content.mimeType ?? '', iss, plan);
	}
	return copy;
}

/** Unrelated traffic a page makes: images, fonts, analytics, a preflight, a failed request. */
export function noiseEntry(kind: number, at: number, host: string): Entry {
	const kinds = [
		['GET', `https://${host}/img/banner.png`, 200, 'image/png', 'image'],
		['GET', `https://${host}/fonts/inter.woff2`, 200, 'font/woff2', 'font'],
		['POST', `https://${host}/collect?v=2`, 204, '', 'ping'],
		['OPTIONS', `https://${host}/oauth/token`, 204, '', 'preflight'],
		['GET', `https://${host}/widget.js`, 200, 'text/javascript', 'script'],
		['GET', `https://${host}/blocked`, 0, '', 'fetch']
	] as const;
	const [method, url, status, mimeType, type] = kinds[kind % kinds.length]!;
	return {
		startedDateTime: new Date(at).toISOString(),
		time: 12,
		request: {
			method,
			url,
			httpVersion: 'HTTP/1.1',
			headers: [],
			queryString: [],
			cookies: [],
			headersSize: -1,
			bodySize: 0
		},
		response: {
			status,
			statusText: '',
			httpVersion: 'HTTP/1.1',
			headers: mimeType ? [{ name: 'content-type', value: mimeType }] : [],
			cookies: [],
			content: { size: 0, mimeType },
			redirectURL: '',
			headersSize: -1,
			bodySize: 0,
			...(status === 0 && { _error: 'net::ERR_BLOCKED_BY_CLIENT' })
		},
		cache: {},
		timings: { send: 0, wait: 10, receive: 2 },
		_resourceType: type
	} as Entry;
}
