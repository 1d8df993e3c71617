import { getHeader, type HttpRequest, type HttpResponse } from '../core/http';
import type { Exchange } from './read';

export const MASK = '[masked]';

/** Parameters and JSON fields that carry credentials. */
const SECRET_FIELDS =
	/^(code|id_token|access_token|refresh_token|client_secret|code_verifier|id_token_hint|client_assertion|assertion|subject_token|device_code|logout_token|session_state|sid|xsrf|_csrf|csrf_token)$/i;
/** Form fields a person types secrets into. */
const PASSWORD_FIELDS = /pass|pwd|secret|otp|pin|totp|credential/i;
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const SECRET_HEADERS =
	/^(cookie|authorization|proxy-authorization|x-csrf-token|x-xsrf-token|dpop)$/i;
/** Shorter values would mask ordinary text everywhere. */
const MIN_SECRET = 6;

function fromParams(params: URLSearchParams, into: Set<string>) {
	for (const [name, value] of params)
		if (SECRET_FIELDS.test(name) || PASSWORD_FIELDS.test(name)) into.add(value);
}

function fromUrl(url: string | undefined, into: Set<string>) {
	if (!url || !URL.canParse(url, 'http://x')) return;
	const u = new URL(url, 'http://x');
	fromParams(u.searchParams, into);
	fromParams(new URLSearchParams(u.hash.slice(1)), into);
}

function fromJson(body: string, into: Set<string>) {
	try {
		const value: unknown = JSON.parse(body);
		if (typeof value !== 'object' || value === null) return;
		for (const [name, v] of Object.entries(value))
			if (typeof v === 'string' && SECRET_FIELDS.test(name)) into.add(v);
	} catch {
		// Not JSON: nothing to collect.
	}
}

function fromHeaders(message: HttpRequest | HttpResponse, into: Set<string>) {
	for (const [name, value] of message.headers) {
		if (/^(cookie)$/i.test(name))
			for (const pair of value.split(';')) into.add(pair.split('=').slice(1).join('=').trim());
		else if (/^set-cookie$/i.test(name))
			into.add(value.split(';')[0]!.split('=').slice(1).join('=').trim());
		else if (SECRET_HEADERS.test(name)) {
			into.add(value);
			const credential = value.split(/\s+/)[1];
			if (credential) into.add(credential);
		}
	}
}

/** Every secret value in the capture: tokens, codes, cookies, client secrets, typed passwords. */
export function collectSecrets(exchanges: Exchange[]): Set<string> {
	const found = new Set<string>();
	for (const { request, response } of exchanges) {
		fromUrl(request.url, found);
		fromUrl(getHeader(response, 'location'), found);
		if (request.body) {
			fromParams(new URLSearchParams(request.body), found);
			fromJson(request.body, found);
		}
		fromJson(response.body, found);
		fromHeaders(request, found);
		fromHeaders(response, found);
	}
	// Basic credentials hide client_id:client_secret; mask the pair and the secret alone.
	for (const value of [...found]) {
		if (/^[A-Za-z0-9+/]+=*$/.test(value) && value.length >= 12) {
			try {
				const decoded = atob(value);
				if (/^[\x20-\x7e]+:[\x20-\x7e]+$/.test(decoded)) found.add(decoded.split(':')[1]!);
			} catch {
				// Not base64: nothing more to find.
			}
		}
	}
	return new Set([...found].filter((v) => v.length >= MIN_SECRET));
}

/** A function that masks every given secret, and anything shaped like a JWT, in a string. */
export function masker(secrets: Set<string>): (text: string) => string {
	// Longest first, so a secret that contains another is masked whole; plus their URL-encoded forms.
	const forms = [...secrets].flatMap((s) => [
		s,
		encodeURIComponent(s),
		new URLSearchParams({ s }).toString().slice(2)
	]);
	const all = [...new Set(forms)].sort((a, b) => b.length - a.length);
	return (text) => {
		let out = text;
		for (const secret of all) if (out.includes(secret)) out = out.split(secret).join(MASK);
		return out.replace(JWT, MASK);
	};
}

/** Keys whose values are decoded token parts: claims stay readable, they are what a person studies. */
const KEEP = new Set(['header', 'payload', 'claims']);

/** A deep copy with every string masked, except decoded token headers and claims. */
export function maskDeep<T>(value: T, mask: (text: string) => string): T {
	if (typeof value === 'string') return mask(value) as T;
	if (Array.isArray(value)) return value.map((v) => maskDeep(v, mask)) as T;
	if (typeof value === 'object' && value !== null) {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) out[k] = KEEP.has(k) ? v : maskDeep(v, mask);
		return out as T;
	}
	return value;
}
