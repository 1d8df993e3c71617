import { html, json, oauthError, type HttpRequest, type HttpResponse } from '../http';
import { randomToken } from '../random';
import { requestObjectParams, validateRequestObject } from '../client/requestObject';
import { CLIENT_CLOCK_TOLERANCE } from '../client/clientJwt';
import type { Check, ValidationReport } from '../jwt/checks';
import { SPEC } from '../spec';
import { authorizationRequestProblem } from './authorizationRequest';
import { authenticatedForm } from './clientForm';
import { addCheck, endpoint, PATHS, recordValidation, type IssuerContext } from './context';
import { requestProof } from './dpopProof';
import { firstFailure } from './ownTokens';
import { errorPage } from './pages';

/** The form RFC 9126 §2.2 gives request_uri values minted by a PAR endpoint. */
export const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';
/** Seconds a pushed request waits for the browser: long enough for a redirect, short enough to be useless later. */
export const PUSHED_REQUEST_LIFETIME = 60;
/** Client authentication parameters, which belong to the push and not to the authorization request. */
const CLIENT_AUTH_PARAMS = ['client_secret', 'client_assertion', 'client_assertion_type'];

/**
 * POST /oauth/par: the client pushes its authorization request over the back channel
 * (authenticated, optionally as a signed request object) and gets a one-time `request_uri`.
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2
 */
export async function pushAuthorizationRequest(
	ctx: IssuerContext,
	req: HttpRequest
): Promise<HttpResponse> {
	// The client authenticates as it would at the token endpoint (RFC 9126 §2.1).
	const request = await authenticatedForm(ctx, req, 'PAR endpoint', endpoint(ctx, PATHS.par));
	if ('error' in request) return request.error;
	const { body, client } = request;
	if (body.has('request_uri'))
		return oauthError(400, 'invalid_request', 'request_uri cannot be pushed', [], SPEC.par);
	// A DPoP proof sent to the PAR endpoint is checked before the request object, whose jti a
	// valid one uses up: a client told use_dpop_nonce resends the same request object with a new
	// proof (RFC 9449 §8), and that retry must not be refused as a replay.
	const proof = await requestProof(ctx, req, SPEC.dpopPar);
	if ('error' in proof) return proof.error;

	let params: URLSearchParams;
	const requestObject = body.get('request');
	if (requestObject !== null) {
		const report = await validateRequestObject(requestObject, {
			clientId: client.client_id,
			issuer: ctx.url,
			jwks: client.jwks ?? { keys: [] },
			now: ctx.clock.now(),
			replay: ctx.store.seenJtis,
			clockTolerance: CLIENT_CLOCK_TOLERANCE
		});
		// The step is the PAR endpoint's check of the request parameter (RFC 9126 §3), whose rules
		// are RFC 9101's: signed by the client (§6.2), iss and aud (§4), typed (§10.8).
		recordValidation(ctx, 'validate-request-object', { ...report, spec: SPEC.parRequestParameter });
		if (!report.valid)
			return oauthError(
				400,
				'invalid_request_object',
				firstFailure(report),
				[],
				SPEC.requestObjectErrors
			);
		// Only the request object's parameters count, never those beside it (RFC 9101 §6.3).
		params = requestObjectParams(report.claims ?? {});
	} else {
		params = new URLSearchParams([...body].filter(([name]) => !CLIENT_AUTH_PARAMS.includes(name)));
	}
	params.set('client_id', client.client_id);
	// The proof's key binds the code as dpop_jkt would; with both, they must name the same key
	// (RFC 9449 §10.1).
	if (proof.jkt !== undefined) {
		const named = params.get('dpop_jkt');
		const differs = named !== null && named !== proof.jkt;
		addCheck(ctx, 'validate-dpop-proof', {
			id: 'dpop_jkt',
			label: 'dpop_jkt, if sent, is the thumbprint of the proof’s key',
			spec: SPEC.dpopPar,
			status: named === null ? 'not_applicable' : differs ? 'failed' : 'passed',
			passed: named !== null && !differs,
			detail:
				named === null
					? 'no dpop_jkt sent: the proof’s key binds the code'
					: differs
						? 'dpop_jkt names another key than the DPoP proof’s'
						: 'dpop_jkt is the thumbprint of the proof’s key'
		});
		if (differs)
			return oauthError(
				400,
				'invalid_request',
				'dpop_jkt is not the JWK thumbprint of the DPoP proof’s key',
				[],
				SPEC.dpopPar
			);
		params.set('dpop_jkt', proof.jkt);
	}
	const problem = authorizationRequestProblem(ctx, client, params);
	if (problem) return oauthError(400, problem.error, problem.description, [], SPEC.par);

	const now = ctx.clock.now();
	for (const [uri, pushed] of ctx.store.pushedRequests)
		if (pushed.expiresAt <= now) ctx.store.pushedRequests.delete(uri);
	const requestUri = `${REQUEST_URI_PREFIX}${randomToken(24)}`;
	ctx.store.pushedRequests.set(requestUri, {
		clientId: client.client_id,
		params: [...params],
		expiresAt: now + PUSHED_REQUEST_LIFETIME
	});
	return json(201, { request_uri: requestUri, expires_in: PUSHED_REQUEST_LIFETIME });
}

const invalidRequestUri = (description: string) => ({
	error: html(400, errorPage('invalid_request_uri', description))
});

/**
 * At /authorize: swaps a PAR `request_uri` for the request it stands for, once. Other parameters
 * sent beside it are ignored (RFC 9126 §4, RFC 9101 §6.3), except client_id, which must be the
 * pushing client's. Undefined when there is no PAR request_uri to redeem.
 */
export function redeemRequestUri(
	ctx: IssuerContext,
	front: URLSearchParams
): { params: URLSearchParams } | { error: HttpResponse } | undefined {
	const uris = front.getAll('request_uri');
	if (!uris.some((u) => u.startsWith(REQUEST_URI_PREFIX))) return undefined;
	// The redirect_uri is inside the pushed request, so until it is found errors stay on this page.
	if (uris.length > 1) return invalidRequestUri('request_uri is repeated');
	const uri = uris[0]!;
	const clientId = front.get('client_id');
	if (!clientId) return invalidRequestUri('client_id is required next to request_uri');
	const pushed = ctx.store.pushedRequests.get(uri);
	if (!pushed)
		return invalidRequestUri('unknown request_uri, or it was already used: push the request again');
	if (pushed.clientId !== clientId)
		return invalidRequestUri(`this request_uri was not issued to ${clientId}`);
	// One-time use, the strict reading of RFC 9126 §4's SHOULD (which MAY allow a reload): gone at
	// first use, whatever happens next, against a replayed request_uri (§7.3).
	ctx.store.pushedRequests.delete(uri);
	if (pushed.expiresAt <= ctx.clock.now())
		return invalidRequestUri('request_uri has expired: push the request again');
	recordValidation(ctx, 'validate-pushed-request', pushedRequestChecks(front));
	return { params: new URLSearchParams(pushed.params) };
}

/** The only front-channel parameters read beside a PAR request_uri (RFC 9126 §4, RFC 9101 §5). */
export const FRONT_CHANNEL_PARAMS: readonly string[] = ['client_id', 'request_uri'];

/**
 * What the issuer made of an /authorize URL whose PAR request_uri it accepted: the pushed request
 * replaced the front channel's, and any other parameter there was ignored (`redeemRequestUri`
 * reads nothing else). Undefined when the URL carries no PAR request_uri.
 */
export function pushedRequestReport(authorizeUrl: string): ValidationReport | undefined {
	if (!URL.canParse(authorizeUrl)) return undefined;
	const front = new URL(authorizeUrl).searchParams;
	const uri = front.get('request_uri');
	if (!uri?.startsWith(REQUEST_URI_PREFIX)) return undefined;
	return pushedRequestChecks(front);
}

/** The checks of an accepted PAR request_uri, from the front-channel parameters that came with it. */
function pushedRequestChecks(front: URLSearchParams): ValidationReport {
	const ignored = [...new Set(front.keys())].filter((name) => !FRONT_CHANNEL_PARAMS.includes(name));
	const check = (
		id: string,
		label: string,
		spec: string,
		status: 'passed' | 'not_applicable',
		detail: string
	): Check => ({ id, label, spec, status, passed: status === 'passed', detail });
	return {
		valid: true,
		checks: [
			check(
				'request_uri',
				'request_uri was pushed by this client, is unused and unexpired',
				SPEC.parAuthorize,
				'passed',
				`${front.get('client_id') ?? ''} pushed it; it is now used up (one-time)`
			),
			ignored.length
				? check(
						'front_channel_params',
						'Only the pushed request counts',
						SPEC.requestObjectParams,
						'passed',
						`ignored beside request_uri: ${ignored.join(', ')}; the pushed values are used`
					)
				: check(
						'front_channel_params',
						'Only the pushed request counts',
						SPEC.requestObjectParams,
						'not_applicable',
						'nothing but client_id and request_uri was sent'
					)
		]
	};
}
