import { base64url } from 'jose';
import { decodeJwt, getHeader, isForm, type HttpRequest, type HttpResponse } from '../core/index';
import { ownRecord } from '../core/lookup';
import type { TokenLocation, TokenSnapshot } from './types';

/** Fields that carry credentials, in the order the inspector shows them. */
const TOKEN_FIELDS = [
	'id_token',
	'access_token',
	'refresh_token',
	'code',
	'subject_token',
	'id_token_hint',
	'code_verifier',
	'code_challenge',
	'request',
	'client_assertion',
	'request_uri',
	'device_code',
	'user_code',
	'logout_token'
];

function snapshot(name: string, value: string, location: TokenLocation): TokenSnapshot {
	const decoded = value.split('.').length === 3 ? decodeJwt(value) : undefined;
	return { name, value, location, header: decoded?.header, payload: decoded?.payload };
}

function fromParams(params: URLSearchParams, location: TokenLocation): TokenSnapshot[] {
	return TOKEN_FIELDS.flatMap((f) => {
		const v = params.get(f);
		return v ? [snapshot(f, v, location)] : [];
	});
}

function fromJson(body: string): TokenSnapshot[] {
	let value: unknown;
	try {
		value = JSON.parse(body);
	} catch {
		return [];
	}
	if (typeof value !== 'object' || value === null) return [];
	const record = value as Record<string, unknown>;
	return TOKEN_FIELDS.flatMap((f) =>
		Object.hasOwn(record, f) && typeof record[f] === 'string'
			? [snapshot(f, record[f] as string, 'json')]
			: []
	);
}

function fromUrl(url: string): TokenSnapshot[] {
	if (!URL.canParse(url)) return [];
	const u = new URL(url);
	return [
		...fromParams(u.searchParams, 'query'),
		...fromParams(new URLSearchParams(u.hash.slice(1)), 'fragment')
	];
}

/** Names a bearer token by its explicit type, so an id_token misused as one shows as such. */
function bearerName(token: string): string {
	const typ = String(decodeJwt(token).header?.typ ?? '').toLowerCase();
	if (typ === 'at+jwt' || typ === 'application/at+jwt') return 'access_token';
	return typ === 'jwt' ? 'id_token' : 'bearer';
}

/** Every token a request carries: query, fragment, form body, JSON body, Bearer header. */
export function requestTokens(request: HttpRequest): TokenSnapshot[] {
	const found = fromUrl(request.url);
	if (request.body)
		found.push(
			...(isForm(request)
				? fromParams(new URLSearchParams(request.body), 'form')
				: fromJson(request.body))
		);
	const bearer = getHeader(request, 'authorization')?.match(/^Bearer\s+(\S+)/i)?.[1];
	if (bearer) found.push(snapshot(bearerName(bearer), bearer, 'header'));
	// A DPoP-bound token and the proof that goes with it (RFC 9449 §7.1, §4.1).
	const bound = getHeader(request, 'authorization')?.match(/^DPoP\s+(\S+)/i)?.[1];
	if (bound) found.push(snapshot(bearerName(bound), bound, 'header'));
	const proof = getHeader(request, 'dpop');
	if (proof) found.push(snapshot('dpop', proof, 'header'));
	return found;
}

/** Every token a response carries: a redirect's Location, a JSON body, a form_post page. */
export function responseTokens(response: HttpResponse): TokenSnapshot[] {
	const found: TokenSnapshot[] = [];
	const location = getHeader(response, 'location');
	if (location) found.push(...fromUrl(location));
	const type = getHeader(response, 'content-type') ?? '';
	if (type.startsWith('application/json')) found.push(...fromJson(response.body));
	if (type.startsWith('text/html')) {
		for (const [, name, value] of response.body.matchAll(
			/<input type="hidden" name="([^"]+)" value="([^"]*)">/g
		)) {
			if (name && value && TOKEN_FIELDS.includes(name)) found.push(snapshot(name, value, 'form'));
		}
	}
	return found;
}

/** Re-encodes a JWT with its header or payload changed, keeping the original signature. */
export function forgeJwt(
	token: string,
	change: (header: Record<string, unknown>, payload: Record<string, unknown>) => void
): string | undefined {
	const decoded = decodeJwt(token);
	if (!decoded.header || !decoded.payload) return undefined;
	// Null-prototype copies, so a claim named `__proto__` is written as a claim like any other.
	const header = ownRecord(decoded.header);
	const payload = ownRecord(decoded.payload);
	change(header, payload);
	const [encodedHeader, , signature] = token.split('.');
	const newHeader =
		JSON.stringify(header) === JSON.stringify(decoded.header)
			? encodedHeader
			: base64url.encode(JSON.stringify(header));
	// `alg: none` tokens carry an empty signature (RFC 7519 §6.1).
	return `${newHeader}.${base64url.encode(JSON.stringify(payload))}.${header.alg === 'none' ? '' : signature}`;
}

/** Replaces every occurrence of a value in a message's URL, headers and body. */
export function replaceInMessage<
	T extends { headers: [string, string][]; body?: string; url?: string }
>(message: T, from: string, to: string): T {
	const swap = (text: string) => text.split(from).join(to);
	return {
		...message,
		...(message.url !== undefined && { url: swap(message.url) }),
		headers: message.headers.map(([n, v]) => [n, swap(v)] as [string, string]),
		...(message.body !== undefined && { body: swap(message.body) })
	};
}
