import { isFailure, type ValidationReport } from '$lib/core/jwt/checks';
import { getHeader } from '$lib/core/http';
import { actorName, type Trace, type TraceStep } from '$lib/sim/types';

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
	[/\/callback$/, 'brings the issuer’s answer back to the client’s redirect URI'],
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
	const from = actorName(step.from, participants);
	const to = actorName(step.to, participants);
	if (step.ref?.message === 'validate-pushed-request')
		return `The ${from} swaps the request_uri for the request the client pushed and signed; any other front-channel parameter is ignored.`;
	if (step.checks?.jwe) return encryptedMeaning(from, step.checks);
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
		return failed.length
			? `The ${from} checks the token before trusting it, and refuses it: ${failed[0]!.id} failed.`
			: `The ${from} checks the token step by step before trusting it; every check that applies passed.`;
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
