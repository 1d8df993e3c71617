/**
 * What a check reads, and where its expected value came from: the nonce check reads the
 * id_token's `nonce` and compares it with the one the authorization request sent; the signature
 * check reads `alg` and `kid` and uses a key from the JWKS response. Found in the trace by value
 * (the earliest message that carried the value the token has), falling back to the earliest
 * message that carried the field when the value was changed on its way (a tampered nonce).
 * Pure and framework-free: the inspector, the diagram and the tests read it alike.
 */
import { decodeJwt, getHeader, isForm } from '../core/index';
import type { StepRef, Trace, TraceStep } from './types';

/** A member a check reads: a header parameter or claim of a token, or a parameter of a message. */
export interface CheckRead {
	part: 'header' | 'payload' | 'param';
	name: string;
	/**
	 * The token it is in when it is not the one the step checks (`dpop` for a DPoP proof,
	 * `jwe` for the encrypted envelope, `access_token` for the token a hash is taken of).
	 */
	token?: string;
}

/** The earlier message a check's expected value came from. */
export type CheckSource = StepRef & {
	/** The step's position in the trace. */
	index: number;
	/** The parameter or field of that message that carried the value (`nonce`, `keys`, `issuer`). */
	field: string;
	/**
	 * True when the message carried the very value the checked token has (found by value); false
	 * when only the field was found (the token's value was changed on its way, or never sent).
	 */
	matched: boolean;
};

export interface CheckInputs {
	reads: CheckRead[];
	from?: CheckSource;
}

type Steps = Pick<Trace, 'steps'>;
type Fields = Map<string, unknown>;

const payload = (name: string): CheckRead => ({ part: 'payload', name });
const header = (name: string): CheckRead => ({ part: 'header', name });
const dpop = (part: 'header' | 'payload', name: string): CheckRead => ({
	part,
	name,
	token: 'dpop'
});

function setAll(into: Fields, params: URLSearchParams): void {
	for (const [k, v] of params) if (!into.has(k)) into.set(k, v);
}

function jsonRecord(text: string | undefined): Record<string, unknown> | undefined {
	if (!text) return undefined;
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

/**
 * The named values a message carried: its URL's query and fragment, its form or JSON body, a
 * request object's claims (RFC 9101), a redirect's Location parameters, and its tokens by name.
 */
export function messageFields(step: TraceStep): ReadonlyMap<string, unknown> {
	let fields = parsed.get(step);
	if (!fields) parsed.set(step, (fields = readFields(step)));
	return fields;
}

/** Steps are never changed once recorded: each is read once, however many checks ask. */
const parsed = new WeakMap<TraceStep, ReadonlyMap<string, unknown>>();

function readFields(step: TraceStep): Fields {
	const fields: Fields = new Map();
	const fromUrl = (url: string | undefined) => {
		if (!url || !URL.canParse(url, 'https://x.invalid/')) return;
		const u = new URL(url, 'https://x.invalid/');
		setAll(fields, u.searchParams);
		setAll(fields, new URLSearchParams(u.hash.slice(1)));
	};
	const request = step.request;
	const response = step.response;
	if (request && step.kind === 'request') {
		fromUrl(request.url);
		if (request.body) {
			if (isForm(request)) setAll(fields, new URLSearchParams(request.body));
			else for (const [k, v] of Object.entries(jsonRecord(request.body) ?? {})) fields.set(k, v);
		}
		const object = fields.get('request');
		if (typeof object === 'string') {
			const claims = decodeJwt(object).payload;
			for (const [k, v] of Object.entries(claims ?? {})) if (!fields.has(k)) fields.set(k, v);
		}
	}
	if (response && step.kind === 'response') {
		fromUrl(getHeader(response, 'location'));
		for (const [k, v] of Object.entries(jsonRecord(response.body) ?? {}))
			if (!fields.has(k)) fields.set(k, v);
	}
	for (const token of step.tokens) if (!fields.has(token.name)) fields.set(token.name, token.value);
	return fields;
}

type Match = (value: unknown, step: TraceStep) => boolean;

/**
 * The earliest step before `before` whose message carries `field`, preferring one whose value
 * passes `match`; else the earliest (or, for a value that is replaced over time such as a key
 * set, the latest) that carried the field at all. Only protocol steps (with a ref) count: an
 * attacker's copy is not a source.
 */
function carrier(
	trace: Steps,
	before: number,
	field: string,
	match?: Match,
	where?: (step: TraceStep) => boolean,
	fallback: 'earliest' | 'latest' = 'earliest'
): CheckSource | undefined {
	let unmatched: CheckSource | undefined;
	for (const step of trace.steps.slice(0, Math.max(0, before))) {
		if (!step.ref || step.change || (where && !where(step))) continue;
		const fields = messageFields(step);
		if (!fields.has(field)) continue;
		const value = fields.get(field);
		const source = { ...step.ref, index: step.index, field };
		if (match?.(value, step)) return { ...source, matched: true };
		if (fallback === 'latest' || !unmatched) unmatched = { ...source, matched: false };
	}
	return unmatched;
}

const equals =
	(expected: unknown): Match =>
	(value) =>
		expected !== undefined && value === expected;
const oneOf =
	(expected: unknown): Match =>
	(value) =>
		Array.isArray(expected) ? expected.includes(value) : value === expected && value !== undefined;
const isRequest = (step: TraceStep) => step.kind === 'request';

/**
 * A request of `party`'s own sign-ins: sent by it, or sent by the browser with a redirect_uri at
 * one of the party's origins. Another app's sign-in in the same browser carries that app's
 * client_id, which is never where this party's expected client_id came from (audience confusion).
 */
function ownRequest(trace: Steps, before: number, party: TraceStep['from']) {
	const origins = new Set(
		trace.steps
			.slice(0, Math.max(0, before))
			.filter((s) => s.kind === 'request' && s.to === party && s.request)
			.map((s) => new URL(s.request!.url).origin)
	);
	return (step: TraceStep): boolean => {
		if (step.kind !== 'request') return false;
		if (step.from === party) return true;
		const back = messageFields(step).get('redirect_uri');
		return typeof back === 'string' && URL.canParse(back) && origins.has(new URL(back).origin);
	};
}
const isResponse = (step: TraceStep) => step.kind === 'response';

/** The token a step carried under `name`, decoded. */
function tokenIn(step: TraceStep, name: string) {
	return step.tokens.find((t) => t.name === name);
}

/** A JWKS response that holds a key with this `kid` (or any key set, when none does). */
function keySource(trace: Steps, before: number, kid: unknown): CheckSource | undefined {
	return carrier(
		trace,
		before,
		'keys',
		(keys) =>
			Array.isArray(keys) &&
			keys.some((k) => typeof k === 'object' && k !== null && (k as { kid?: unknown }).kid === kid),
		isResponse,
		'latest'
	);
}

/** The message a token's sibling (the access token or code beside an id_token) came in. */
function siblingSource(
	trace: Steps,
	before: number,
	sibling: 'access_token' | 'code',
	hashClaim: 'at_hash' | 'c_hash',
	hash: unknown
): CheckSource | undefined {
	// No hash claim, nothing compared (the check is not applicable): no source to point at.
	if (hash === undefined) return undefined;
	return carrier(
		trace,
		before,
		sibling,
		(_, step) => tokenIn(step, 'id_token')?.payload?.[hashClaim] === hash,
		undefined,
		'latest'
	);
}

/** The latest request before `before` that carried `name`: the message a step checks. */
function checkedRequest(trace: Steps, before: number, name: string): TraceStep | undefined {
	return trace.steps
		.slice(0, before)
		.reverse()
		.find((s) => s.kind === 'request' && messageFields(s).has(name));
}

/** The latest message (request or response) before `before` that carried `name`. */
function checkedRequestOrResponse(
	trace: Steps,
	before: number,
	name: string
): TraceStep | undefined {
	return trace.steps
		.slice(0, before)
		.reverse()
		.find((s) => (s.kind === 'request' || s.kind === 'response') && messageFields(s).has(name));
}

/**
 * What a validation step checks when it has no ref of its own (an attacker's replay is checked
 * too): told by the checks it ran, never by its label.
 */
function kindOf(step: TraceStep): string | undefined {
	const ids = new Set(step.checks?.checks.map((c) => c.id));
	if (ids.has('events')) return 'validate-logout-token';
	if (ids.has('token_binding') || ids.has('scope')) return 'validate-access-token';
	if (ids.has('iss_sid_pair')) return 'check-frontchannel-logout';
	return ids.size ? 'validate-id-token' : undefined;
}

/**
 * The inputs of check `checkId` on step `index` of a trace: the members it reads and the earlier
 * message its expected value came from. An unknown check reads nothing it can name.
 */
export function checkInputs(trace: Steps, index: number, checkId: string): CheckInputs {
	const step = trace.steps[index];
	if (!step) return { reads: [] };
	const claims = step.checks?.claims ?? {};
	const head = step.checks?.header ?? {};
	const validated = step.ref?.message ?? kindOf(step);
	const clientId = (value: unknown) =>
		carrier(trace, index, 'client_id', oneOf(value), ownRequest(trace, index, step.from));

	// Checks of a DPoP proof read the proof, sent with the API request it was made for.
	if (checkId.startsWith('dpop_')) {
		const request = checkedRequest(trace, index, 'dpop');
		const proof = request && tokenIn(request, 'dpop');
		const at = (field: string, match = true): CheckSource | undefined =>
			request?.ref ? { ...request.ref, index: request.index, field, matched: match } : undefined;
		switch (checkId) {
			case 'dpop_proof':
				return { reads: [{ part: 'param', name: 'DPoP' }], from: at('dpop') };
			case 'dpop_typ':
			case 'dpop_alg':
			case 'dpop_jwk':
				return { reads: [dpop('header', checkId.slice(5))], from: at('dpop') };
			case 'dpop_signature':
				return { reads: [dpop('header', 'alg'), dpop('header', 'jwk')], from: at('dpop') };
			case 'dpop_htm':
			case 'dpop_htu':
				return { reads: [dpop('payload', checkId.slice(5))], from: at('dpop') };
			case 'dpop_iat':
			case 'dpop_nonce':
				return { reads: [dpop('payload', checkId.slice(5))] };
			case 'dpop_ath':
				return {
					reads: [dpop('payload', 'ath'), { part: 'param', name: 'access_token' }],
					from: at('dpop')
				};
			case 'dpop_jti': {
				const jti = proof?.payload?.jti;
				const earlier = carrier(trace, request?.index ?? index, 'dpop', (_, s) =>
					jti !== undefined ? tokenIn(s, 'dpop')?.payload?.jti === jti : false
				);
				return {
					reads: [dpop('payload', 'jti')],
					from: earlier?.matched ? earlier : at('dpop')
				};
			}
			default:
				return { reads: [] };
		}
	}

	// A refreshed id_token keeps the original's claims (OIDC Core §12.2): an id_token delivered
	// before the one checked here (the message that brought this one is not its own original).
	if (checkId.startsWith('refresh_')) {
		const name = checkId.slice('refresh_'.length);
		const delivered = checkedRequestOrResponse(trace, index, 'id_token');
		return {
			reads: [payload(name)],
			from: carrier(trace, delivered?.index ?? index, 'id_token', (_, s) => {
				const original = tokenIn(s, 'id_token')?.payload;
				return !!original && original[name] === claims[name];
			})
		};
	}

	// The DPoP proof's key against the access token's cnf.jkt, from the answer that issued the token.
	if (checkId === 'cnf_jkt') {
		const jkt = (claims.cnf as { jkt?: unknown } | undefined)?.jkt;
		return {
			reads: [payload('cnf'), dpop('header', 'jwk')],
			from: carrier(trace, index, 'access_token', (_, s) => {
				const cnf = tokenIn(s, 'access_token')?.payload?.cnf as { jkt?: unknown } | undefined;
				return jkt !== undefined && cnf?.jkt === jkt;
			})
		};
	}

	// The issuer checks what a client signed (or the PKCE verifier) against the client's
	// registration and its own records, not against an earlier message.
	if (
		validated === 'validate-client-assertion' ||
		validated === 'validate-request-object' ||
		validated === 'verify-code-verifier'
	)
		return {
			reads: Object.hasOwn(claims, checkId)
				? [payload(checkId)]
				: ['kid', 'alg', 'typ'].includes(checkId)
					? [header(checkId)]
					: []
		};

	switch (checkId) {
		case 'typ':
		case 'crit':
		case 'alg':
			return { reads: [header(checkId)] };
		case 'header_key': {
			const present = ['jwk', 'jku', 'x5u', 'x5c'].filter((n) => Object.hasOwn(head, n));
			return { reads: present.map(header) };
		}
		case 'kid':
			return { reads: [header('kid')], from: keySource(trace, index, head.kid) };
		case 'signature':
			return {
				reads: [header('alg'), header('kid')],
				from: keySource(trace, index, head.kid)
			};
		case 'iss':
			// The front-channel logout request carries iss as a parameter, not a claim.
			if (validated === 'check-frontchannel-logout') {
				const sent = checkedRequest(trace, index, 'iss');
				const iss = sent && messageFields(sent).get('iss');
				return {
					reads: [{ part: 'param', name: 'iss' }],
					from: carrier(trace, index, 'issuer', equals(iss), isResponse)
				};
			}
			return {
				reads: [payload('iss')],
				from: carrier(trace, index, 'issuer', equals(claims.iss), isResponse)
			};
		case 'sid':
		case 'iss_sid_pair': {
			const sent = checkedRequest(trace, index, 'sid');
			const sid = sent && messageFields(sent).get('sid');
			return {
				reads:
					checkId === 'sid'
						? [{ part: 'param', name: 'sid' }]
						: [
								{ part: 'param', name: 'iss' },
								{ part: 'param', name: 'sid' }
							],
				from: carrier(
					trace,
					index,
					'id_token',
					(_, s) => sid !== undefined && tokenIn(s, 'id_token')?.payload?.sid === sid
				)
			};
		}
		case 'aud':
			// An access token's audience is the API's own setting; it is tied to a message only
			// when one asked for it by value (an `audience` or `resource` parameter).
			if (validated === 'validate-access-token') {
				return {
					reads: [payload('aud')],
					from: [
						carrier(trace, index, 'resource', oneOf(claims.aud), isRequest),
						carrier(trace, index, 'audience', oneOf(claims.aud), isRequest)
					].find((s) => s?.matched)
				};
			}
			return { reads: [payload('aud')], from: clientId(claims.aud) };
		case 'azp':
			return { reads: [payload('azp')], from: clientId(claims.azp ?? claims.aud) };
		case 'sub':
		case 'exp':
		case 'nbf':
		case 'iat':
		case 'scope':
		case 'events':
		case 'jti':
		case 'nonce_absent':
			return { reads: [payload(checkId === 'nonce_absent' ? 'nonce' : checkId)] };
		case 'sid_or_sub':
			return { reads: [payload('sid'), payload('sub')] };
		case 'token_binding':
			return { reads: [payload('cnf')] };
		case 'nonce':
			return {
				reads: [payload('nonce')],
				from: carrier(trace, index, 'nonce', equals(claims.nonce), isRequest)
			};
		case 'auth_time': {
			const maxAge = carrier(trace, index, 'max_age', undefined, isRequest);
			return { reads: [payload('auth_time')], from: maxAge };
		}
		case 'at_hash':
			return {
				reads: [payload('at_hash'), { part: 'param', name: 'access_token' }],
				from: siblingSource(trace, index, 'access_token', 'at_hash', claims.at_hash)
			};
		case 'c_hash':
			return {
				reads: [payload('c_hash'), { part: 'param', name: 'code' }],
				from: siblingSource(trace, index, 'code', 'c_hash', claims.c_hash)
			};
		case 'jti_replay': {
			const jti = claims.jti;
			return {
				reads: [payload('jti')],
				from: carrier(
					trace,
					index,
					'logout_token',
					(_, s) => jti !== undefined && tokenIn(s, 'logout_token')?.payload?.jti === jti
				)
			};
		}
		case 'session':
			return {
				reads: [payload('sid')],
				from: carrier(
					trace,
					index,
					'id_token',
					(_, s) => claims.sid !== undefined && tokenIn(s, 'id_token')?.payload?.sid === claims.sid
				)
			};
		case 'jwe_alg':
			return {
				reads: [
					{ part: 'header', name: 'alg', token: 'jwe' },
					{ part: 'header', name: 'enc', token: 'jwe' }
				]
			};
		case 'request_uri': {
			const sent = checkedRequest(trace, index, 'request_uri');
			const uri = sent && messageFields(sent).get('request_uri');
			return {
				reads: [{ part: 'param', name: 'request_uri' }],
				from: carrier(trace, index, 'request_uri', equals(uri), isResponse)
			};
		}
		case 'front_channel_params': {
			const pushed = trace.steps
				.slice(0, index)
				.find((s) => s.ref?.message === 'par-request' && !s.change);
			return {
				reads: [
					{ part: 'param', name: 'request_uri' },
					{ part: 'param', name: 'client_id' }
				],
				from: pushed?.ref
					? { ...pushed.ref, index: pushed.index, field: 'client_id', matched: true }
					: undefined
			};
		}
		default:
			return { reads: [] };
	}
}

/** Where an expectation came from, for each refusal code a party gives without a checklist. */
export function refusalInputs(trace: Steps, index: number, code: string): CheckInputs {
	const step = trace.steps[index];
	if (!step) return { reads: [] };
	switch (code) {
		case 'state_mismatch':
		case 'state_missing': {
			const callback = checkedRequest(trace, index + 1, 'state');
			const state = callback && messageFields(callback).get('state');
			return {
				reads: [{ part: 'param', name: 'state' }],
				from: carrier(trace, index, 'state', equals(state), isRequest)
			};
		}
		case 'invalid_grant':
			return pkceInputs(trace, index);
		case 'issuer_mismatch':
		case 'iss_missing':
			return issuerInputs(trace, index);
		default:
			return { reads: [] };
	}
}

/**
 * A code refused at the token endpoint: the issuer compares the code_verifier with the
 * code_challenge the code was bound to (RFC 7636 §4.6), the one sent with the authorization
 * request that got that code. Traced by value: the code redeemed, the message that first carried
 * it, and the last authorization request before that one with a challenge. None for a grant
 * without a verifier (a refresh token), or when the code came from a party's own request the
 * trace does not name (an attacker's).
 */
function pkceInputs(trace: Steps, index: number): CheckInputs {
	// The request this refusal answers: the last one sent before it.
	const request = trace.steps
		.slice(0, index)
		.reverse()
		.find((s) => s.kind === 'request');
	const code = request && messageFields(request).get('code');
	if (!request || !messageFields(request).has('code_verifier') || typeof code !== 'string')
		return { reads: [] };
	const reads: CheckRead[] = [
		{ part: 'param', name: 'code' },
		{ part: 'param', name: 'code_verifier' }
	];
	const issued = trace.steps
		.slice(0, request.index)
		.find((s) => !s.change && messageFields(s).get('code') === code);
	if (!issued) return { reads };
	const asked = trace.steps
		.slice(0, issued.index)
		.reverse()
		.find((s) => s.kind === 'request' && !s.change && messageFields(s).has('code_challenge'));
	return {
		reads,
		from: asked?.ref
			? { ...asked.ref, index: asked.index, field: 'code_challenge', matched: true }
			: undefined
	};
}

/**
 * A callback's iss refused (RFC 9207 §2.4): the client compares it with the issuer it sent the
 * authorization request to. Traced by value: the callback's state names the request, the request's
 * address names the authorization endpoint, and the discovery response that published that
 * endpoint gives the issuer expected (a mix-up: another issuer than the one that answered).
 */
function issuerInputs(trace: Steps, index: number): CheckInputs {
	const reads: CheckRead[] = [{ part: 'param', name: 'iss' }];
	const callback = checkedRequest(trace, index + 1, 'state');
	const state = callback && messageFields(callback).get('state');
	const request = trace.steps
		.slice(0, callback?.index ?? index)
		.find(
			(s) =>
				s.kind === 'request' &&
				!s.change &&
				messageFields(s).get('state') === state &&
				messageFields(s).has('response_type')
		);
	const url = request?.request?.url;
	if (!url || !URL.canParse(url)) return { reads };
	const endpoint = new URL(url);
	const at = `${endpoint.origin}${endpoint.pathname}`;
	return {
		reads,
		from: carrier(
			trace,
			request.index,
			'issuer',
			(_, s) => {
				const published = messageFields(s).get('authorization_endpoint');
				return typeof published === 'string' && published === at;
			},
			isResponse
		)
	};
}
