import { base64url } from 'jose';

/** Tokens longer than this are refused before any parsing (a cheap guard against hostile input). */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/**
 * Deepest nesting of arrays and objects a header or payload may have. Real tokens nest two or
 * three levels; thousands of levels would overflow the stack or freeze whatever renders them.
 */
export const MAX_JSON_DEPTH = 32;

export type JwtSegment = 'token' | 'header' | 'payload' | 'signature';

export type DecodeErrorCode =
	| 'ERR_JWT_EMPTY'
	| 'ERR_JWT_NOT_STRING'
	| 'ERR_JWT_TOO_LARGE'
	| 'ERR_JWT_WHITESPACE'
	| 'ERR_JWT_SEGMENTS'
	| 'ERR_JWT_ENCRYPTED'
	| 'ERR_B64_CHARACTER'
	| 'ERR_B64_PADDING'
	| 'ERR_B64_LENGTH'
	| 'ERR_UTF8'
	| 'ERR_JSON'
	| 'ERR_JSON_DUPLICATE_KEY'
	| 'ERR_JSON_TOO_DEEP'
	| 'ERR_NOT_OBJECT';

export interface DecodeError {
	code: DecodeErrorCode;
	segment: JwtSegment;
	/** Character offset in the whole token where the problem is, when there is one. */
	position?: number;
	message: string;
}

/** The five parts of a compact JWE (RFC 7516 §7.1); only the protected header is readable. */
export interface DecodedJwe {
	protectedHeader?: Record<string, unknown>;
	/** The content key, wrapped with the recipient's public key (empty for `dir`). */
	encryptedKey: string;
	iv: string;
	ciphertext: string;
	/** The authentication tag: any change to the other parts makes decryption fail. */
	tag: string;
}

export interface DecodedJwt {
	/** True when header and payload decoded to JSON objects and nothing was malformed. */
	ok: boolean;
	/** The raw dot-separated segments as given. */
	parts: string[];
	header?: Record<string, unknown>;
	payload?: Record<string, unknown>;
	signature?: Uint8Array;
	/** Every problem found, in token order; the first is the most useful to show. */
	errors: DecodeError[];
	/** For a five-part token: the JWE parts and its protected header. */
	jwe?: DecodedJwe;
}

const SEGMENT_NAMES: JwtSegment[] = ['header', 'payload', 'signature'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a compact JWS without verifying it. Never throws: anything malformed is reported
 * with the segment and character position, and whatever can still be decoded is.
 */
export function decodeJwt(input: unknown): DecodedJwt {
	const errors: DecodeError[] = [];
	const fail = (error: DecodeError): DecodedJwt => ({ ok: false, parts: [], errors: [error] });

	if (typeof input !== 'string') {
		return fail({
			code: 'ERR_JWT_NOT_STRING',
			segment: 'token',
			message: `a JWT is a string, got ${typeof input}`
		});
	}
	if (input.length > MAX_TOKEN_LENGTH) {
		return fail({
			code: 'ERR_JWT_TOO_LARGE',
			segment: 'token',
			message: `token is ${input.length} characters; the limit is ${MAX_TOKEN_LENGTH}`
		});
	}
	let text = input;
	let offset = 0;
	if (text.trim() !== text) {
		const lead = text.length - text.trimStart().length;
		errors.push({
			code: 'ERR_JWT_WHITESPACE',
			segment: 'token',
			position: lead > 0 ? 0 : text.trimEnd().length,
			message: 'token has whitespace around it (a compact JWT has none); decoding the trimmed value'
		});
		offset = lead;
		text = text.trim();
	}
	if (text === '')
		return fail({ code: 'ERR_JWT_EMPTY', segment: 'token', message: 'token is empty' });

	const parts = text.split('.');
	if (parts.length === 5) {
		errors.push({
			code: 'ERR_JWT_ENCRYPTED',
			segment: 'token',
			message: 'token has 5 segments: it is an encrypted JWE, which needs the recipient key to read'
		});
		const [header = '', encryptedKey = '', iv = '', ciphertext = '', tag = ''] = parts;
		const headerErrors: DecodeError[] = [];
		const bytes = decodeSegment(header, 'header', offset, headerErrors);
		const protectedHeader = bytes && parseJsonObject(bytes, 'header', offset, headerErrors);
		errors.push(...headerErrors);
		return {
			ok: false,
			parts,
			errors,
			jwe: { protectedHeader, encryptedKey, iv, ciphertext, tag }
		};
	}
	if (parts.length !== 3) {
		errors.push({
			code: 'ERR_JWT_SEGMENTS',
			segment: 'token',
			message: `a signed JWT has 3 segments separated by dots (header.payload.signature); this has ${parts.length}`
		});
	}

	const result: DecodedJwt = { ok: false, parts, errors };
	let position = offset;
	parts.slice(0, 3).forEach((part, i) => {
		const segment = SEGMENT_NAMES[i] ?? 'token';
		const bytes = decodeSegment(part, segment, position, errors);
		position += part.length + 1;
		if (!bytes) return;
		if (segment === 'signature') {
			result.signature = bytes;
			return;
		}
		const object = parseJsonObject(bytes, segment, position - part.length - 1, errors);
		if (object && segment === 'header') result.header = object;
		if (object && segment === 'payload') result.payload = object;
	});
	result.ok = errors.length === 0 && !!result.header && !!result.payload;
	return result;
}

function decodeSegment(
	part: string,
	segment: JwtSegment,
	start: number,
	errors: DecodeError[]
): Uint8Array | undefined {
	const bad = part.search(/[^A-Za-z0-9_-]/);
	if (bad >= 0) {
		const char = part[bad] ?? '';
		const padding = char === '=' && /^=+$/.test(part.slice(bad));
		errors.push({
			code: padding ? 'ERR_B64_PADDING' : 'ERR_B64_CHARACTER',
			segment,
			position: start + bad,
			message: padding
				? `${segment} ends with '=' padding, which base64url in JWTs omits (RFC 7515 §2)`
				: `${segment} has ${describeChar(char)} at character ${start + bad}; base64url allows only A-Z a-z 0-9 - _`
		});
		return undefined;
	}
	if (part.length % 4 === 1) {
		errors.push({
			code: 'ERR_B64_LENGTH',
			segment,
			position: start,
			message: `${segment} is ${part.length} characters long, which no base64url encoding produces (a character is missing or extra)`
		});
		return undefined;
	}
	try {
		return base64url.decode(part);
	} catch {
		errors.push({
			code: 'ERR_B64_CHARACTER',
			segment,
			position: start,
			message: `${segment} is not valid base64url`
		});
		return undefined;
	}
}

function parseJsonObject(
	bytes: Uint8Array,
	segment: JwtSegment,
	start: number,
	errors: DecodeError[]
): Record<string, unknown> | undefined {
	let text: string;
	try {
		text = utf8.decode(bytes);
	} catch {
		errors.push({
			code: 'ERR_UTF8',
			segment,
			position: start,
			message: `${segment} decodes to bytes that are not valid UTF-8`
		});
		return undefined;
	}
	const depth = jsonDepth(text);
	if (depth > MAX_JSON_DEPTH) {
		errors.push({
			code: 'ERR_JSON_TOO_DEEP',
			segment,
			position: start,
			message: `${segment} nests arrays or objects ${depth} levels deep; the limit is ${MAX_JSON_DEPTH}`
		});
		return undefined;
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (e) {
		const reason = e instanceof Error ? e.message : String(e);
		errors.push({
			code: 'ERR_JSON',
			segment,
			position: start,
			message: `${segment} is not valid JSON: ${reason}`
		});
		return undefined;
	}
	const duplicate = duplicateTopLevelKey(text);
	if (duplicate !== undefined) {
		// Parsers disagree on which copy wins, so a token with duplicates is refused (RFC 8725 §3.14 spirit, RFC 7515 §5.2).
		errors.push({
			code: 'ERR_JSON_DUPLICATE_KEY',
			segment,
			position: start,
			message: `${segment} has the member ${JSON.stringify(duplicate)} twice; which one counts would depend on the parser`
		});
		return undefined;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
		errors.push({
			code: 'ERR_NOT_OBJECT',
			segment,
			position: start,
			message: `${segment} must be a JSON object, but it is ${kind}`
		});
		return undefined;
	}
	return value as Record<string, unknown>;
}

/** How deeply arrays and objects nest in JSON text, brackets inside strings not counted. */
function jsonDepth(json: string): number {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let i = 0; i < json.length; i++) {
		const c = json.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++;
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
		else if (c === 0x5d || c === 0x7d) depth--;
	}
	return deepest;
}

/** The first member name repeated in a top-level JSON object (the text is known to parse). */
function duplicateTopLevelKey(json: string): string | undefined {
	const seen = new Set<string>();
	let depth = 0;
	for (let i = 0; i < json.length; i++) {
		const c = json[i];
		if (c === '"') {
			let end = i + 1;
			while (end < json.length && json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
			if (depth === 1) {
				let next = end + 1;
				while (/\s/.test(json[next] ?? '')) next++;
				if (json[next] === ':') {
					const key = JSON.parse(json.slice(i, end + 1)) as string;
					if (seen.has(key)) return key;
					seen.add(key);
				}
			}
			i = end;
		} else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') depth--;
	}
	return undefined;
}

function describeChar(char: string): string {
	const code = char.codePointAt(0) ?? 0;
	const printable = code > 0x20 && code < 0x7f;
	return printable ? `'${char}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
