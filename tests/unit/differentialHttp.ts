import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
/**
 * What the differential tests compare: an HTTP answer reduced to its status, how it was
 * delivered (redirect, page, JSON, login form, empty) and its `error` code, plus the cookie jar
 * each side keeps between requests.
 */

export interface Outcome {
	/** 3xx statuses compare as one: we answer 302 Found, oidc-provider 303 See Other; both are allowed (RFC 6749 §3.1). */
	status: number | 'redirect';
	delivery: 'redirect' | 'page' | 'json' | 'login' | 'empty';
	error?: string;
}

export function cookieHeader(jar: Map<string, string>): Record<string, string> {
	return jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
}

export function keepCookies(jar: Map<string, string>, response: Response): void {
	for (const line of response.headers.getSetCookie()) {
		const pair = line.split(';')[0] ?? '';
		const at = pair.indexOf('=');
		if (at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
	}
}

/** Reduces a response to what the two sides must agree on. */
export async function outcome(
	response: Response,
	side: { endpoints: { authorize: string } }
): Promise<Outcome> {
	const text = await response.text();
	const location = response.headers.get('location');
	if (location) {
		const url = new URL(location, side.endpoints.authorize);
		const params = new URLSearchParams(url.hash ? url.hash.slice(1) : url.search);
		const toLogin = url.origin === new URL(side.endpoints.authorize).origin;
		return {
			status: 'redirect',
			delivery: toLogin && !params.has('error') ? 'login' : 'redirect',
			...(params.has('error') && { error: params.get('error')! })
		};
	}
	const type = response.headers.get('content-type') ?? '';
	if (type.includes('json')) {
		const challenge = /error="([a-z_]+)"/.exec(response.headers.get('www-authenticate') ?? '');
		const error = (JSON.parse(text) as { error?: string }).error ?? challenge?.[1];
		return { status: response.status, delivery: 'json', ...(error && { error }) };
	}
	if (type.includes('html')) {
		if (/name="password"/.test(text)) return { status: response.status, delivery: 'login' };
		const error =
			/<strong>error<\/strong>: ([a-z_]+)/.exec(text)?.[1] ?? /<h1>([a-z_]+)<\/h1>/.exec(text)?.[1];
		return { status: response.status, delivery: 'page', ...(error && { error }) };
	}
	const challenge = /error="([a-z_]+)"/.exec(response.headers.get('www-authenticate') ?? '');
	return {
		status: response.status,
		delivery: 'empty',
		...(challenge && { error: challenge[1] })
	};
}

/** The README's "Differences from oidc-provider, on purpose" list, whitespace folded. */
export function readmeDifferences(): string {
	const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(
		/\s+/g,
		' '
	);
	return readme.slice(readme.indexOf('Differences from oidc-provider, on purpose'));
}

/** Closes a test server, its kept-alive connections first. */
export async function closeServer(server: Server): Promise<void> {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}
