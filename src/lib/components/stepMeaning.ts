import { isFailure } from '$lib/core/checks';
import { getHeader } from '$lib/core/http';
import { ACTOR_LABELS, type TraceStep } from '$lib/sim/types';

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
	[/logout$/, 'ends the session at the issuer']
];

function path(url: string): string {
	return URL.canParse(url) ? new URL(url).pathname : url;
}

/** One sentence a newcomer can read first: what this step is for. */
export function stepMeaning(step: TraceStep): string {
	const from = ACTOR_LABELS[step.from];
	const to = ACTOR_LABELS[step.to];
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
