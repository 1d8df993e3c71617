import { getHeader, type HttpRequest, type HttpResponse } from '../core/http';
import type { Exchange } from './read';

export const MASK = '[masked]';

/*
 * Masking by meaning. One classifier decides whether a name (a parameter, a JSON member at any
 * depth, a form or multipart field, a header, a cookie) carries a secret, whatever its case style:
 * `refreshToken`, `refresh-token`, `REFRESH_TOKEN` and `data.refresh_token` are the same name.
 * Every value found under such a name becomes a secret, masked wherever it appears (URL- and
 * JSON-escaped forms too) in one pass over each string; a value too short to mask everywhere is
 * masked where it stands, next to its name.
 */

/** Words that make a name secret wherever they stand in it. */
const SECRET_WORDS = new Set([
	'password',
	'passwd',
	'pwd',
	'pass',
	'passcode',
	'passphrase',
	'secret',
	'apikey',
	'otp',
	'totp',
	'csrf',
	'xsrf'
]);
/** Words that make a name secret as its last word: `refresh_token`, `x-api-key`, `state_handle`. */
const SECRET_LAST = new Set([
	'token',
	'code',
	'key',
	'pin',
	'sid',
	'session',
	'sessionid',
	'assertion',
	'verifier',
	'handle',
	'signature',
	'ticket',
	'cookie',
	'credential',
	'credentials',
	'jwt'
]);
/** Names that are not secrets though a word says so. */
const NOT_SECRET = new Set([
	'token_type',
	'status_code',
	'error_code',
	'response_code',
	'country_code',
	'zip_code',
	'postal_code',
	'currency_code',
	'language_code'
]);
/** Whole names with no telling word. */
const SECRET_NAMES = new Set([
	'sid',
	'session_state',
	'id_token_hint',
	'authorization',
	'proxy_authorization',
	'dpop',
	'sig'
]);

/** `refreshToken`, `Refresh-Token`, `REFRESH_TOKEN` → `refresh_token`. */
export function normaliseName(name: string): string {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_|_$/g, '');
}

const verdicts = new Map<string, boolean>();
/** Whether a value under this name is a secret, whatever the name's case style. */
export function secretName(name: string): boolean {
	let verdict = verdicts.get(name);
	if (verdict === undefined) {
		// A recording repeats its few names thousands of times: each is classified once.
		if (verdicts.size > 10_000) verdicts.clear();
		verdicts.set(name, (verdict = classify(name)));
	}
	return verdict;
}

function classify(name: string): boolean {
	const normal = normaliseName(name);
	if (!normal || NOT_SECRET.has(normal)) return false;
	if (SECRET_NAMES.has(normal)) return true;
	const words = normal.split('_');
	if (words.some((w) => SECRET_WORDS.has(w))) return true;
	// `apiKey` and `api_key` alike; `accesstoken` written as one word.
	if (/(token|secret|password|apikey)$/.test(normal)) return true;
	return SECRET_LAST.has(words.at(-1)!) && words.length <= 4;
}

/** Shorter values would mask ordinary text everywhere: they are masked only beside their name. */
const MIN_SECRET = 6;
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;

function fromParams(params: URLSearchParams, into: Set<string>) {
	for (const [name, value] of params) if (secretName(name)) into.add(value);
}

/**
 * Path segments that are credentials (magic links, reset links): long, mixed letters and digits,
 * in a token alphabet, or any segment after one named like a secret (`/token/…`).
 */
function fromPath(path: string, into: Set<string>) {
	const segments = path.split('/');
	for (const [i, raw] of segments.entries()) {
		let segment = raw;
		try {
			segment = decodeURIComponent(raw);
		} catch {
			// kept as sent
		}
		const tokenLike =
			segment.length >= 20 &&
			/^[\w\-.~+=]+$/.test(segment) &&
			/\d/.test(segment) &&
			/[A-Za-z]/.test(segment);
		const afterSecret = i > 0 && secretName(segments[i - 1]!) && segment.length >= MIN_SECRET;
		if (tokenLike || afterSecret) into.add(segment);
	}
}

function fromUrl(url: string | undefined, into: Set<string>) {
	if (!url || !URL.canParse(url, 'http://x')) return;
	const u = new URL(url, 'http://x');
	fromParams(u.searchParams, into);
	fromParams(new URLSearchParams(u.hash.slice(1)), into);
	fromPath(u.pathname, into);
}

/** Every string and number under `value`. */
function leaves(value: unknown, into: Set<string>) {
	if (typeof value === 'string' || typeof value === 'number') into.add(String(value));
	else if (Array.isArray(value)) for (const v of value) leaves(v, into);
	else if (typeof value === 'object' && value !== null)
		for (const v of Object.values(value)) leaves(v, into);
}

/** Members named like secrets at any depth: all of their value is secret, nested or not. */
function fromJsonValue(value: unknown, into: Set<string>) {
	if (Array.isArray(value)) for (const v of value) fromJsonValue(v, into);
	else if (typeof value === 'object' && value !== null)
		for (const [name, v] of Object.entries(value)) {
			if (secretName(name)) leaves(v, into);
			else fromJsonValue(v, into);
		}
}

function fromJson(body: string, into: Set<string>) {
	const start = body.trimStart()[0];
	if (start !== '{' && start !== '[') return;
	try {
		fromJsonValue(JSON.parse(body), into);
	} catch {
		// Not JSON: nothing to collect.
	}
}

/** multipart/form-data: each part's `name` and its content. */
function fromMultipart(body: string, into: Set<string>) {
	const part =
		/content-disposition:[^\r\n]*\bname="([^"]*)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)\r?\n--/gi;
	for (const [, name, value] of body.matchAll(part)) if (secretName(name!)) into.add(value!);
}

function cookieValues(list: string, into: Set<string>) {
	for (const pair of list.split(';')) {
		const value = pair.split('=').slice(1).join('=').trim();
		if (value) into.add(value);
	}
}

function fromHeaders(message: HttpRequest | HttpResponse, into: Set<string>) {
	for (const [name, value] of message.headers) {
		if (/^cookie$/i.test(name)) cookieValues(value, into);
		// Several cookies may be joined by newlines in one Set-Cookie.
		else if (/^set-cookie$/i.test(name))
			for (const line of value.split(/\r?\n/)) cookieValues(line.split(';')[0]!, into);
		else if (secretName(name)) {
			into.add(value);
			const credential = value.split(/\s+/)[1];
			if (credential) into.add(credential);
		}
	}
}

/** Every secret value in the capture: tokens, codes, cookies, keys, typed passwords. */
export function collectSecrets(exchanges: Exchange[]): Set<string> {
	const found = new Set<string>();
	for (const { request, response } of exchanges) {
		fromUrl(request.url, found);
		fromUrl(getHeader(response, 'location'), found);
		if (request.body) {
			fromParams(new URLSearchParams(request.body), found);
			fromJson(request.body, found);
			if (/multipart\/form-data/i.test(getHeader(request, 'content-type') ?? ''))
				fromMultipart(request.body, found);
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
				if (/^[\x20-\x7e]+:[\x20-\x7e]+$/.test(decoded)) {
					found.add(decoded);
					found.add(decoded.split(':')[1]!);
				}
			} catch {
				// Not base64: nothing more to find.
			}
		}
	}
	found.delete('');
	return found;
}

/**
 * The forms a value takes in the trace's strings, each with what replaces it: as is, URL-encoded,
 * form-encoded, JSON-escaped (`\/` too). A value too short to find everywhere is found only as a
 * whole JSON string (`"1234"`).
 */
function forms(secret: string): [form: string, replacement: string][] {
	const json = JSON.stringify(secret);
	if (secret.length < MIN_SECRET) return [[json, `"${MASK}"`]];
	const escaped = json.slice(1, -1);
	return [
		secret,
		encodeURIComponent(secret),
		new URLSearchParams({ s: secret }).toString().slice(2),
		escaped,
		escaped.replaceAll('/', '\\/')
	].map((form) => [form, MASK]);
}

const isWord = (c: number) =>
	(c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;

/**
 * An index of the secrets by their first MIN_SECRET characters, then by length: finding every
 * secret in a string is one pass over it, whatever the number of secrets.
 */
class SecretIndex {
	/** First MIN_SECRET characters → length → form → its replacement. */
	readonly #byPrefix = new Map<string, Map<number, Map<string, string>>>();

	constructor(secrets: Iterable<string>) {
		for (const secret of secrets)
			for (const [form, replacement] of forms(secret)) {
				if (form.length < MIN_SECRET) continue;
				const prefix = form.slice(0, MIN_SECRET);
				let byLength = this.#byPrefix.get(prefix);
				if (!byLength) this.#byPrefix.set(prefix, (byLength = new Map()));
				let found = byLength.get(form.length);
				if (!found) byLength.set(form.length, (found = new Map()));
				if (!found.has(form) || replacement === MASK) found.set(form, replacement);
			}
	}

	/** The longest form starting at `i` and ending after `end`: its end and replacement. */
	#at(text: string, i: number, end: number): [number, string] | undefined {
		const byLength = this.#byPrefix.get(text.slice(i, i + MIN_SECRET));
		let best: [number, string] | undefined;
		if (byLength)
			for (const [length, found] of byLength) {
				if (i + length <= (best?.[0] ?? end)) continue;
				const replacement = found.get(text.slice(i, i + length));
				if (replacement !== undefined) best = [i + length, replacement];
			}
		return best;
	}

	get empty(): boolean {
		return this.#byPrefix.size === 0;
	}

	/** The text with every secret in it replaced (overlapping ones as one), in one pass. */
	mask(text: string): string {
		if (text.length < MIN_SECRET) return text;
		let out = '';
		let copied = 0;
		let i = 0;
		while (i <= text.length - MIN_SECRET) {
			// A secret starts where a word starts, or with a character no word has.
			const start =
				i === 0 ||
				!isWord(text.charCodeAt(i - 1)) ||
				!isWord(text.charCodeAt(i)) ||
				text.charCodeAt(i - 3) === 37; // after a %XX escape
			const found = start ? this.#at(text, i, i) : undefined;
			if (!found) {
				i++;
				continue;
			}
			let [end, replacement] = found;
			// Secrets that begin inside this one and reach further are masked with it.
			for (let j = i + 1; j < end && j <= text.length - MIN_SECRET; j++) {
				const further = this.#at(text, j, end);
				if (further) [end, replacement] = [further[0], MASK];
			}
			out += `${text.slice(copied, i)}${replacement}`;
			copied = end;
			i = end;
		}
		return copied === 0 ? text : out + text.slice(copied);
	}
}

/** `name=value` in queries, fragments and forms: the value, when the name is a secret's. */
const FORM_PAIR = /([^\s?&#=;"']+)=([^&#\s"';]*)/g;
/** A multipart part's name and its one-line value. */
const MULTIPART_PAIR = /(name="([^"]*)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n)([^\r\n]*)/gi;
/** `"name": value` in JSON, escaped or not: the value, when the name is a secret's. */
const JSON_PAIR = /"((?:[^"\\]|\\.){1,200})"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*)/g;

function maskBesideNames(text: string): string {
	let out = text;
	if (out.includes('=')) {
		out = out.replace(FORM_PAIR, (whole, name: string, value: string) => {
			if (!value || value === MASK) return whole;
			let decoded = name;
			try {
				decoded = decodeURIComponent(name.replace(/\+/g, ' '));
			} catch {
				// kept as sent
			}
			return secretName(decoded) ? `${name}=${MASK}` : whole;
		});
	}
	if (/name="/i.test(out))
		out = out.replace(MULTIPART_PAIR, (whole, head: string, name: string, value: string) =>
			value && value !== MASK && secretName(name) ? `${head}${MASK}` : whole
		);
	if (out.includes('"'))
		out = out.replace(JSON_PAIR, (whole, name: string, colon: string, value: string) =>
			value !== `"${MASK}"` && secretName(name) ? `"${name}"${colon}"${MASK}"` : whole
		);
	return out;
}

/** Distinct strings a masker remembers its answer for; past this it starts afresh. */
const REMEMBERED = 100_000;

/**
 * A function that masks every given secret, and anything shaped like a JWT, in a string. It
 * remembers its answers: a trace repeats the same labels, notes, headers and check details
 * hundreds of thousands of times (a 100,000-entry file has ~3 million strings, ~200,000 distinct).
 */
export function masker(secrets: Set<string>): (text: string) => string {
	const index = new SecretIndex(secrets);
	const answers = new Map<string, string>();
	return (text) => {
		let masked = answers.get(text);
		if (masked !== undefined) return masked;
		const found = index.empty ? text : index.mask(text);
		masked = maskBesideNames(found.includes('eyJ') ? found.replace(JWT, MASK) : found);
		if (answers.size >= REMEMBERED) answers.clear();
		answers.set(text, masked);
		return masked;
	};
}

/** Keys whose values are decoded token parts: claims stay readable, they are what a person studies. */
const KEEP = new Set(['header', 'payload', 'claims']);

const isHeader = (v: unknown): v is [string, string] =>
	Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string';

/**
 * A deep copy with every string masked, except decoded token headers and claims. A message's
 * header (`[name, value]` in `headers`) named like a secret is masked whole.
 */
export function maskDeep<T>(value: T, mask: (text: string) => string): T {
	if (typeof value === 'string') return mask(value) as T;
	if (typeof value !== 'object' || value === null) return value;
	// Plain loops: a 100,000-entry trace has millions of values, and each copy here counts.
	if (Array.isArray(value)) {
		const out = new Array<unknown>(value.length);
		for (let i = 0; i < value.length; i++) out[i] = maskDeep(value[i], mask);
		return out as T;
	}
	const out: Record<string, unknown> = {};
	for (const k in value) {
		if (!Object.hasOwn(value, k)) continue;
		const v: unknown = value[k];
		out[k] = KEEP.has(k)
			? v
			: k === 'headers' && Array.isArray(v)
				? maskHeaders(v, mask)
				: maskDeep(v, mask);
	}
	return out as T;
}

function maskHeaders(list: unknown[], mask: (text: string) => string): unknown[] {
	const out = new Array<unknown>(list.length);
	for (let i = 0; i < list.length; i++) {
		const h = list[i];
		out[i] = isHeader(h) && secretName(h[0]) ? [h[0], MASK] : maskDeep(h, mask);
	}
	return out;
}
