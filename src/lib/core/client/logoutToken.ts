/**
 * The relying party's side of logout notifications: validating a back-channel logout token
 * (Back-Channel Logout 1.0 §2.6), answering the POST (§2.8), and checking a front-channel
 * logout request (Front-Channel Logout 1.0 §2).
 */
import type { JSONWebKeySet } from 'jose';
import { audienceIncludes, expiryCheck, issuedAtCheck, issuerCheck } from '../jwt/claimChecks';
import {
	fail,
	isFailure,
	notApplicable,
	pass,
	type Check,
	type CheckStep,
	type ValidationReport
} from '../jwt/checks';
import { explicitTypeCheck } from '../jwt/jwsChecks';
import { trustedKeyHeader, verifySignedJwt, type CheckClock } from '../jwt/signedJwt';
import { getHeader, isForm, json, type HttpRequest, type HttpResponse } from '../http';
import { SPEC } from '../spec';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** Explicit typing keeps a logout token from passing for any other JWT (§2.4, RFC 8725 §3.11). */
export const LOGOUT_TOKEN_TYPE = 'logout+jwt';

export interface LogoutTokenExpectations extends CheckClock {
	issuer: string;
	clientId: string;
	jwks: JSONWebKeySet;
	algorithms?: string[];
	clientSecret?: string;
	/** jti values already accepted, to refuse a replay (§2.6 step 8). */
	seenJtis?: ReadonlySet<string>;
	/** The sessions this client holds, as their id_tokens named them (§2.6 steps 9-11). */
	sessions?: { sid?: string; sub?: string }[];
}

/**
 * Validates a logout token as Back-Channel Logout 1.0 §2.6 lists: like an id_token for
 * signature, iss, aud, iat and exp, then what makes it a logout token. Never throws.
 */
export function validateLogoutToken(
	token: unknown,
	expected: LogoutTokenExpectations
): Promise<ValidationReport> {
	const spec = SPEC.logoutTokenValidation;
	return verifySignedJwt(
		token,
		{
			spec,
			typ: typCheck,
			// `none` is refused by the alg check whatever the list says (§2.6 step 3).
			header: trustedKeyHeader(expected),
			issuer: issuerCheck(expected.issuer, spec),
			audience: audienceIncludes({
				includes: expected.clientId,
				naming: expected.clientId,
				label: 'Audience is this client',
				spec,
				malformed: () => 'aud must be a string or an array of strings'
			}),
			claims: [
				issuedAtCheck,
				expiryCheck(spec),
				eventsCheck,
				sessionOrSubjectCheck,
				noNonceCheck,
				jtiPresentCheck,
				notSeenCheck(expected.seenJtis),
				heldSessionCheck(expected.sessions)
			]
		},
		expected
	);
}

const typCheck = explicitTypeCheck({
	type: LOGOUT_TOKEN_TYPE,
	label: 'Not typed as another kind of JWT (logout+jwt is recommended)',
	spec: SPEC.logoutToken,
	// Back-Channel Logout §2.4 only RECOMMENDS logout+jwt, and §4.1 warns that requiring it breaks
	// most deployments: an untyped or JWT-typed token is left to the events claim and the nonce (§2.6).
	ifAbsent: notApplicable(
		'no typ header: typing is only recommended (§2.4); the events claim and the absent nonce tell it from other JWTs'
	),
	ifGeneric: notApplicable(
		'typ "JWT" names no kind of JWT: typing is only recommended (§2.4), and requiring it would break most deployments (§4.1); the events claim and the absent nonce decide'
	),
	refuse: (typ) => `typ is ${JSON.stringify(typ)}: this is another kind of JWT, not a logout token`
});

const typeOf = (value: unknown) => (Array.isArray(value) ? 'array' : typeof value);

const eventsCheck: CheckStep = {
	id: 'events',
	label: 'events names the back-channel logout event',
	spec: SPEC.logoutTokenValidation,
	run: ({ claims }) => {
		const events = claims.events;
		if (typeOf(events) !== 'object' || events === null)
			return fail(
				events === undefined
					? 'no events claim: this is not a logout token (an id_token has none)'
					: `events must be a JSON object, got ${typeOf(events)}`
			);
		const member = (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT];
		if (member === undefined) return fail(`events has no ${BACKCHANNEL_LOGOUT_EVENT} member`);
		return typeOf(member) === 'object' && member !== null
			? pass(`events contains ${BACKCHANNEL_LOGOUT_EVENT}`)
			: fail(`the logout event's value must be a JSON object, got ${typeOf(member)}`);
	}
};

const sessionOrSubjectCheck: CheckStep = {
	id: 'sid_or_sub',
	label: 'Names a session (sid), a subject (sub), or both',
	spec: SPEC.logoutTokenValidation,
	run: ({ claims }) => {
		const sid = typeof claims.sid === 'string' && claims.sid !== '';
		const sub = typeof claims.sub === 'string' && claims.sub !== '';
		if (claims.sid !== undefined && !sid) return fail('sid is not a non-empty string');
		if (claims.sub !== undefined && !sub) return fail('sub is not a non-empty string');
		if (!sid && !sub) return fail('neither sid nor sub: no way to tell which session ends');
		return pass(
			[sid && `sid ${String(claims.sid)}`, sub && `sub ${String(claims.sub)}`]
				.filter(Boolean)
				.join(', ')
		);
	}
};

const noNonceCheck: CheckStep = {
	id: 'nonce_absent',
	label: 'No nonce claim',
	spec: SPEC.logoutTokenValidation,
	run: ({ claims }) =>
		claims.nonce === undefined
			? pass('no nonce, as a logout token must not have one')
			: fail(
					'the token has a nonce: logout tokens are prohibited from carrying one, so an id_token cannot be replayed as one'
				)
};

const jtiPresentCheck: CheckStep = {
	id: 'jti',
	label: 'Has a unique identifier (jti)',
	spec: SPEC.logoutToken,
	run: ({ claims }) =>
		typeof claims.jti === 'string' && claims.jti !== ''
			? pass(`jti ${claims.jti}`)
			: fail('jti is missing or not a string')
};

/** The client keeps the jtis it accepted; the caller records one once the token is valid. */
function notSeenCheck(seenJtis: ReadonlySet<string> | undefined): CheckStep {
	return {
		id: 'jti_replay',
		label: 'Not seen before (jti)',
		spec: SPEC.logoutTokenValidation,
		run: ({ claims: { jti } }) => {
			if (!seenJtis) return notApplicable('this client keeps no record of jti values');
			if (typeof jti !== 'string') return notApplicable('no jti to look up');
			return seenJtis.has(jti)
				? fail('this jti was already received (it is in the claims): this is a replay')
				: pass('first time this jti is seen');
		}
	};
}

function heldSessionCheck(sessions: LogoutTokenExpectations['sessions']): CheckStep {
	return {
		id: 'session',
		label: 'Names a session this client holds',
		spec: SPEC.backchannelActions,
		run: ({ claims }) => {
			if (!sessions) return notApplicable('no sessions to compare with');
			const match = sessions.find(
				(s) =>
					(claims.sid === undefined || s.sid === claims.sid) &&
					(claims.sub === undefined || s.sub === claims.sub)
			);
			// §2.7: a user already logged out at the RP is a logout that succeeded; the session the
			// client holds is another one, and stays (§2.8 then answers 200).
			return match
				? pass('sid and sub match a session of this client')
				: notApplicable(
						'no session of this client has this sid and sub: already signed out here, so the logout has succeeded'
					);
		}
	};
}

export interface BackchannelLogoutResult {
	response: HttpResponse;
	report?: ValidationReport;
	/** The session and subject to end, when the token is valid. */
	sid?: string;
	sub?: string;
}

/**
 * The client's back-channel logout endpoint: reads the POST, validates the logout token,
 * records its jti, and answers 200, or 400 with an error (§2.8).
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#BCResponse
 */
export async function receiveBackchannelLogout(
	request: HttpRequest,
	expected: LogoutTokenExpectations & { seenJtis: Set<string> }
): Promise<BackchannelLogoutResult> {
	const refuse = (description: string, report?: ValidationReport): BackchannelLogoutResult => ({
		response: json(400, { error: 'invalid_request', error_description: description }),
		report
	});
	if (request.method !== 'POST' || !isForm(request))
		return refuse('a logout token arrives as an application/x-www-form-urlencoded POST');
	const body = new URLSearchParams(request.body ?? '');
	const tokens = body.getAll('logout_token');
	if (tokens.length !== 1) return refuse('send exactly one logout_token');
	const report = await validateLogoutToken(tokens[0], expected);
	if (!report.valid) {
		const failed = report.checks.find(isFailure);
		return refuse(`${failed?.id ?? 'invalid'}: logout token refused`, report);
	}
	const jti = report.claims?.jti;
	if (typeof jti === 'string') expected.seenJtis.add(jti);
	const sid = report.claims?.sid;
	const sub = report.claims?.sub;
	return {
		response: { status: 200, headers: [['Cache-Control', 'no-store']], body: '' },
		report,
		sid: typeof sid === 'string' ? sid : undefined,
		sub: typeof sub === 'string' ? sub : undefined
	};
}

const checkLine = (
	id: string,
	label: string,
	spec: string,
	outcome: { status: 'passed' | 'failed' | 'not_applicable'; detail: string }
): Check => ({ id, label, spec, ...outcome, passed: outcome.status === 'passed' });

/**
 * Checks a front-channel logout request the browser loaded in an iframe: `iss` and `sid`
 * come together, and must name this issuer and this client's session (Front-Channel §2).
 */
export function checkFrontchannelLogout(
	url: string,
	expected: { issuer: string; sid?: string; sessionRequired?: boolean }
): ValidationReport {
	let params: URLSearchParams;
	try {
		params = new URL(url).searchParams;
	} catch {
		params = new URLSearchParams();
	}
	const iss = params.get('iss');
	const sid = params.get('sid');
	const spec = SPEC.frontchannelRp;
	const checks: Check[] = [
		checkLine(
			'iss_sid_pair',
			'iss and sid come together',
			spec,
			(iss === null) === (sid === null)
				? iss === null && expected.sessionRequired
					? fail(
							'this client registered frontchannel_logout_session_required, but iss and sid are absent'
						)
					: pass(iss === null ? 'neither is present' : 'both are present')
				: fail('only one of iss and sid is present; if either is included, both must be')
		),
		checkLine(
			'iss',
			'Issuer is the expected one',
			spec,
			iss === null
				? notApplicable('no iss parameter')
				: iss === expected.issuer
					? pass(`iss = ${iss}`)
					: fail(`iss is ${JSON.stringify(iss)}, expected ${JSON.stringify(expected.issuer)}`)
		),
		checkLine(
			'sid',
			'Session is this client’s',
			spec,
			sid === null
				? notApplicable('no sid parameter')
				: expected.sid === undefined
					? // Front-Channel Logout §2: a user already logged out at the RP is a logout that succeeded.
						notApplicable(
							'this client holds no session: already signed out here, so the logout has succeeded'
						)
					: sid === expected.sid
						? pass('sid matches the session’s id_token')
						: // The session it names is not held here: already signed out, which has succeeded;
							// the session this client holds is another one and stays.
							notApplicable(
								'sid names a session this client does not hold: already signed out there, so the logout has succeeded; the session held here stays'
							)
		)
	];
	return {
		valid: checks.every((c) => c.status !== 'failed'),
		checks,
		spec: SPEC.frontchannelRp
	};
}

/**
 * Reads the issuer's signed-out page as a browser would: the iframes it loads and where it
 * continues to. A real browser runs the page; the simulation reads it.
 */
export function readFrontchannelLogoutPage(response: HttpResponse): {
	iframes: string[];
	continueTo?: string;
} {
	const type = getHeader(response, 'content-type') ?? '';
	if (!type.startsWith('text/html')) return { iframes: [] };
	const unescape = (text: string) =>
		text.replace(
			/&(amp|lt|gt|quot|#39);/g,
			(entity) =>
				({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[entity] ?? entity
		);
	const iframes = [...response.body.matchAll(/<iframe src="([^"]*)"/g)].map((m) => unescape(m[1]!));
	const next = /<a id="continue" href="([^"]*)"/.exec(response.body)?.[1];
	return { iframes, ...(next !== undefined && { continueTo: unescape(next) }) };
}
