import { isFailure, type ValidationReport } from '$lib/core/jwt/checks';
import { readJson } from '$lib/core/client/relyingParty';
import { getHeader } from '$lib/core/http';
import { SPEC } from '$lib/core/spec';
import { actorName, type Trace, type TraceStep } from '$lib/sim/types';
import { CITE } from '$lib/teach/cite';
import type { SpecLink } from '$lib/teach/types';
import { ADVISORY } from '$lib/har/flows';
import { NEEDS_THE_USER } from '$lib/core/interactionErrors';

/** What a request to each well-known path is for, in one clause. */
const PURPOSE: [RegExp, string][] = [
	[
		/openid-configuration$/,
		'reads the discovery document: where the endpoints are and what it supports'
	],
	[/jwks(\.json)?$/, 'fetches the public keys that token signatures are checked with'],
	[
		/\/authorize$/,
		'goes to the authorization endpoint, where the user signs in (never at the client)'
	],
	[/\/login$/, 'sends what the user typed to the issuer’s login page'],
	[/callback(\.html)?$/, 'brings the issuer’s answer back to the client’s redirect URI'],
	[/\/oauth\/token$/, 'calls the token endpoint directly, to get tokens'],
	[/\/userinfo$/, 'asks the UserInfo endpoint for the user’s claims'],
	[
		/\/backchannel-logout$/,
		'tells the client, server to server, that the session ended, with a signed logout token'
	],
	[
		/\/frontchannel-logout$/,
		'loads the client’s front-channel logout page in a hidden iframe, so the client ends its session'
	],
	[/logout$/, 'ends the session at the issuer'],
	[
		/\/oauth\/par$/,
		'pushes its signed authorization request to the PAR endpoint, to get a one-time request_uri'
	],
	[
		/\/oauth\/device\/code$/,
		'asks the device authorization endpoint for a device code to poll with and a short user code to show'
	],
	[
		/\/activate$/,
		'opens the verification page on the person’s phone, where the TV’s code is typed and the TV allowed or denied'
	]
];

function path(url: string): string {
	return URL.canParse(url) ? new URL(url).pathname : url;
}

/**
 * One sentence a newcomer can read first: what this step is for. Parties are named as the
 * diagram names them (`participants`).
 */
export function stepMeaning(step: TraceStep, participants?: Trace['participants']): string {
	return explainStep(step, participants).text;
}

/** A step's meaning and the sections its sentence relies on, where it states a rule. */
export interface StepExplanation {
	text: string;
	cites: SpecLink[];
}

/** The step's meaning with the sections it cites (an answer says what it carries, and why). */
export function explainStep(
	step: TraceStep,
	participants?: Trace['participants']
): StepExplanation {
	if (step.response && !step.intercepted) {
		const answer = answerMeaning(step, participants);
		if (answer) return answer;
	}
	const from = actorName(step.from, participants);
	if (asksNoInteraction(step))
		return {
			text: `The ${from} goes to the authorization endpoint with prompt=none: the issuer must not show any sign-in or consent page. If the person is still signed in there and nothing else needs them (their consent, say), it answers as usual; otherwise with an error, typically login_required or interaction_required.`,
			cites: [CITE.authRequest, CITE.authError]
		};
	const code = step.kind === 'action' ? step.refusal?.code : undefined;
	if (code && NEEDS_THE_USER.has(code) && step.expected !== 'signed-out')
		return {
			text: `The ${from} gets ${code} back from the issuer: the request cannot be completed without the person signing in or answering there, which prompt=none rules out.${EXPECTED_TAIL[step.expected ?? 'none']}`,
			cites: [CITE.authError]
		};
	return { text: plainMeaning(step, participants), cites: [] };
}

/**
 * An authorization request (a client_id and a response_type in its address, wherever the
 * provider's endpoint is) with prompt=none alone: nobody is asked anything.
 */
function asksNoInteraction(step: TraceStep): boolean {
	const url = step.request?.method === 'GET' ? step.request.url : undefined;
	if (!url || !URL.canParse(url)) return false;
	const params = new URL(url).searchParams;
	return params.has('client_id') && params.has('response_type') && params.get('prompt') === 'none';
}

function plainMeaning(step: TraceStep, participants?: Trace['participants']): string {
	const from = actorName(step.from, participants);
	const to = actorName(step.to, participants);
	if (step.ref?.message === 'validate-pushed-request')
		return `The ${from} swaps the request_uri for the request the client pushed and signed; any other front-channel parameter is ignored.`;
	if (step.checks?.jwe)
		return `${encryptedMeaning(from, step.checks)}${EXPECTED_TAIL[step.expected ?? 'none']}`;
	if (step.checks && step.ref?.message === 'check-session')
		return step.checks.valid
			? `The ${from} checks its own session, started at sign-in with a lifetime it chose; it does not check the id_token again.`
			: `The ${from}’s own session has run its lifetime: the user must sign in again.`;
	if (step.checks && step.ref?.message === 'check-frontchannel-logout') {
		const failed = step.checks.checks.find(isFailure);
		return failed
			? `The ${from} compares the iframe’s iss and sid with its own session and ends nothing: ${failed.id} failed.`
			: `The ${from} compares the iframe’s iss and sid with its own session, and ends that session.`;
	}
	if (step.checks) {
		const failed = step.checks.checks.filter(isFailure);
		// What is checked, as the step's label names it: the DPoP proof, the client_assertion, …
		const what = /^(?:validate|check) (.+)$/.exec(step.label)?.[1] ?? 'the token';
		const it = /^(?:the|a|an|its) /.test(what) ? what : `the ${what}`;
		// An advisory check (the answer reached a third party) warns; nothing is refused.
		if (failed.length && failed.every((c) => ADVISORY.has(c.id)))
			return `A warning, not a refusal: the answer reached someone it should not (${failed[0]!.id}). The sign-in itself went on.`;
		return failed.length
			? `The ${from} checks ${it} before trusting it, and refuses it: ${failed[0]!.id} failed.${EXPECTED_TAIL[step.expected ?? 'none']}`
			: `The ${from} checks ${it} step by step before trusting it; every check that applies passed.`;
	}
	if (step.kind === 'action' && step.refusal) {
		const code = step.refusal.code;
		if (step.expected === 'signed-out')
			return `The ${from} gets ${code} back: the issuer has no session for the person any more, so the logout worked.`;
		return `The ${from} refuses what it received: ${code}.${EXPECTED_TAIL[step.expected ?? 'none']}`;
	}
	if (step.intercepted)
		return `The ${from}’s genuine message never arrives: the attacker in the middle catches it, to change it before passing it on.`;
	if (step.kind === 'time')
		return `Simulated time passes (${step.label}): tokens age, some expire.`;
	if (step.request) {
		const where = path(step.request.url);
		const purpose = PURPOSE.find(([pattern]) => pattern.test(where))?.[1];
		return `The ${from} ${purpose ?? `sends ${step.request.method} ${where} to the ${to}`}.`;
	}
	if (step.response) {
		const status = step.response.status;
		const tokens = step.tokens.map((t) => t.name);
		const carrying = tokens.length ? `, carrying ${tokens.join(', ')}` : '';
		if (status >= 300 && status < 400) {
			const location = getHeader(step.response, 'location');
			return `The ${from} redirects the browser${location ? ` to ${path(location)}` : ''}${carrying}.`;
		}
		if (status >= 400) return `The ${from} refuses the request with ${step.label}.`;
		return `The ${from} answers the ${to}${carrying}.`;
	}
	return `${from}: ${step.label}.`;
}

/** What an expected refusal adds to the sentence: why it is the point, not an error. */
const EXPECTED_TAIL: Record<NonNullable<TraceStep['expected']> | 'none', string> = {
	none: '',
	defence: ' That is the defence holding: the attack stops here.',
	lesson: ' That refusal is what this flow sets out to show.',
	'signed-out': ' The session is over, as the logout intended.',
	pending: ' Not an error: the person has not finished yet.'
};

/** An encrypted id_token: decrypted with the client's own key first, then checked like any other. */
function encryptedMeaning(from: string, report: ValidationReport): string {
	const failed = report.checks.find(isFailure);
	const opened = report.jwe?.inner
		? `The ${from} decrypts the token with its own private key and checks the signed JWT inside step by step`
		: `The ${from} tries to decrypt the token with its own private key`;
	return failed
		? `${opened}, and refuses it: ${failed.id} failed.`
		: `${opened}; every check that applies passed.`;
}

const list = (names: string[]): string =>
	names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** The parameters a redirect carries to its target, from the query and the fragment. */
function redirectParams(location: string): { names: string[]; in: 'query' | 'fragment' | '' } {
	if (!URL.canParse(location)) return { names: [], in: '' };
	const url = new URL(location);
	const fragment = [...new URLSearchParams(url.hash.slice(1)).keys()];
	if (fragment.length) return { names: fragment, in: 'fragment' };
	const query = [...url.searchParams.keys()];
	return { names: query, in: query.length ? 'query' : '' };
}

const cite = (label: string, url: string): SpecLink => ({ label, url });

/**
 * What an answer carries and why, read from the response itself: the parameters of a redirect,
 * the members of a JSON body, the kind of page. Undefined where there is nothing to say beyond
 * the plain sentence.
 */
function answerMeaning(
	step: TraceStep,
	participants?: Trace['participants']
): StepExplanation | undefined {
	const response = step.response!;
	const from = actorName(step.from, participants);
	const to = actorName(step.to, participants);
	const message = step.ref?.message;
	const status = response.status;
	const json = readJson(response);
	const type = getHeader(response, 'content-type') ?? '';
	const html = type.startsWith('text/html');

	if (status >= 300 && status < 400) {
		const location = getHeader(response, 'location') ?? '';
		const { names, in: where } = redirectParams(location);
		const target = URL.canParse(location) ? new URL(location).pathname : location;
		const carried = names.length ? ` with ${list(names)} in the ${where}` : '';
		if (names.includes('error'))
			return {
				text: `The ${from} redirects the browser to ${target}${carried}: an error response, so the client gets no code (here: ${new URL(location).searchParams.get('error') ?? new URLSearchParams(new URL(location).hash.slice(1)).get('error')}).`,
				cites: [CITE.authError]
			};
		if (names.includes('code') || names.includes('id_token'))
			return {
				text: `The ${from} redirects the browser to the client’s redirect URI (${target})${carried}: the authorization response. The client checks that state is the one it stored for this browser before it uses anything else${names.includes('iss') ? ', and that iss names the issuer it asked' : ''}.`,
				cites: [
					cite('RFC 6749 §4.1.2', SPEC.authorizationResponse),
					cite('OIDC Core §3.1.2.5', SPEC.authResponse),
					cite('RFC 6749 §10.12', SPEC.oauthCsrf),
					...(names.includes('iss') ? [cite('RFC 9207 §2', SPEC.issInAuthResponse)] : [])
				]
			};
		if (message === 'callback-response' && getHeader(response, 'set-cookie'))
			return {
				text: `The ${from} has signed the person in and sends the browser on to ${target}, setting its own session cookie: from now on that session keeps the person signed in, not the id_token.`,
				cites: [CITE.idToken]
			};
		if (message === 'logout-response')
			return {
				text: `The ${from} has ended its session and sends the browser back to the client’s registered post-logout URI (${target})${carried}.`,
				cites: [CITE.rpLogout]
			};
		return undefined;
	}
	if (status >= 400) return refusedMeaning(step, from, json);

	const tokens = step.tokens.map((t) => t.name);
	const jwe = step.tokens.some((t) => t.name === 'id_token' && t.value.split('.').length === 5);
	switch (message) {
		case 'discovery-response':
			return {
				text: `The ${from} answers with its discovery document: its issuer identifier, where its endpoints are (authorization, token, keys) and what it supports. The client takes every endpoint from here instead of guessing them.`,
				cites: [CITE.discovery]
			};
		case 'jwks-response': {
			const keys = Array.isArray(json.keys) ? (json.keys as Record<string, unknown>[]) : [];
			const kids = keys.map((k) => String(k.kid ?? '?'));
			return {
				text: `The ${from} answers with its JWK Set: ${keys.length} public key${keys.length === 1 ? '' : 's'}${kids.length ? ` (kid ${list(kids.map((k) => (k.length > 12 ? `${k.slice(0, 8)}…` : k)))})` : ''}. A token’s kid picks the key its signature is checked with.`,
				cites: [cite('RFC 7517 §5', SPEC.jwkSet), cite('RFC 7515 §4.1.4', SPEC.kid)]
			};
		}
		case 'token-response': {
			const type = typeof json.token_type === 'string' ? json.token_type : undefined;
			const expires = typeof json.expires_in === 'number' ? json.expires_in : undefined;
			const details = [
				type && `token_type ${type}`,
				expires !== undefined && `the access token lasts ${expires} s`
			].filter(Boolean);
			return {
				text: `The ${from} answers with the tokens: ${list(tokens.map((t) => (t === 'id_token' && jwe ? 'id_token (encrypted, a JWE)' : t)))}${details.length ? ` (${details.join(', ')})` : ''}. The client validates the id_token${jwe ? ', after decrypting it with its own key,' : ''} before it trusts anything in it.`,
				cites: [CITE.tokenResponse, CITE.idTokenValidation, ...(jwe ? [CITE.encryption] : [])]
			};
		}
		case 'userinfo-response':
			return {
				text: `The ${from} answers with the user’s claims (${list(Object.keys(json).slice(0, 6))}${Object.keys(json).length > 6 ? ', …' : ''}). Their sub must be the id_token’s sub before the client uses them.`,
				cites: [CITE.userInfoResponse]
			};
		case 'par-response':
			return {
				text: `The ${from} keeps the pushed request and answers with a request_uri${typeof json.expires_in === 'number' ? ` that expires in ${json.expires_in} s` : ''}: the browser carries only that reference to /authorize, not the request itself.`,
				cites: [CITE.par, cite('RFC 9126 §2.2', SPEC.parResponse)]
			};
		case 'device-authorization-response':
			return {
				text: `The ${from} answers with a device_code for the TV to poll with, a short user_code for the person to type at ${typeof json.verification_uri === 'string' ? json.verification_uri : 'the verification URI'}, and how often to poll.`,
				cites: [cite('RFC 8628 §3.2', SPEC.deviceAuthorizationResponse)]
			};
		case 'backchannel-logout-response':
			return {
				text: `The ${from} answers 200: it accepted the logout token and ended the session it names.`,
				cites: [CITE.backchannelResponse]
			};
		case 'frontchannel-logout-response':
			return {
				text: `The ${from} answers the hidden iframe with a small page: it has ended the session that iss and sid named.`,
				cites: [CITE.frontchannelRp]
			};
	}
	if (html && message === 'authorize-response')
		return {
			text: `The ${from} answers with its login page: the person signs in there, at the issuer, so the password never reaches the client.`,
			cites: [cite('OIDC Core §3.1.2.3', SPEC.authenticates)]
		};
	if (html && message === 'logout-response')
		return {
			text: response.body.includes('<iframe')
				? `The ${from} answers with its signed-out page, which loads each signed-in client’s front-channel logout URI in a hidden iframe.`
				: `The ${from} answers with its signed-out page.`,
			cites: response.body.includes('<iframe') ? [CITE.frontchannelOp] : [CITE.rpLogout]
		};
	if (html && message === 'activate-response')
		return {
			text: `The ${from} answers with its verification page, where the person types the code the TV shows.`,
			cites: [CITE.deviceGrant]
		};
	if (html && /<script\b/.test(response.body))
		return {
			text: `The ${from} answers with its app’s page; the app’s script, running in the browser, takes the answer from there.`,
			cites: []
		};
	if (html)
		return {
			text: `The ${from} answers the ${to} with a page${tokens.length ? `, carrying ${list(tokens)}` : ''}.`,
			cites: []
		};
	if (step.from === 'api' && status < 300)
		return {
			text: `The ${from} answers with the data asked for (${list(Object.keys(json).slice(0, 4)) || 'its body'}): the token it was sent held.`,
			cites: []
		};
	const members = Object.keys(json);
	if (members.length)
		return {
			text: `The ${from} answers the ${to} with ${list(members.slice(0, 5))}${members.length > 5 ? ', …' : ''}.`,
			cites: []
		};
	return undefined;
}

/** A refusal read by its code: expected ones say why they are the point, errors say what failed. */
function refusedMeaning(
	step: TraceStep,
	from: string,
	json: Record<string, unknown>
): StepExplanation {
	const code = step.refusal?.code ?? String(json.error ?? step.response?.status);
	switch (step.expected) {
		case 'pending':
			return {
				text:
					code === 'slow_down'
						? `The ${from} answers slow_down: the TV polled too soon, so it waits 5 seconds longer between polls from now on. Not an error: the person is still typing the code.`
						: `The ${from} answers authorization_pending: the person has not finished at the verification page yet, so the TV waits the interval and polls again. Not an error.`,
				cites: [CITE.devicePolling]
			};
		case 'defence':
			return {
				text: `The ${from} refuses the request with ${code}: the defence held, and this refusal is what the flow shows.`,
				cites: []
			};
		case 'lesson':
			return {
				text: `The ${from} refuses the request with ${code}, as this flow sets out to show.`,
				cites: []
			};
		case 'signed-out':
			return {
				text: `The ${from} answers ${code}: there is no session any more, so the logout worked.`,
				cites: []
			};
	}
	return { text: `The ${from} refuses the request with ${step.label}.`, cites: [] };
}
