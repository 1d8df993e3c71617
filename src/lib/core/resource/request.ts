import type { JSONWebKeySet } from 'jose';
import { boundThumbprint, validateAccessToken } from './accessToken';
import { isFailure, type Check, type ValidationReport } from '../jwt/checks';
import { dpopChallenge, validateDpopProof } from '../jwt/dpop';
import {
	bearerError,
	errorDescription,
	getHeader,
	getHeaders,
	json,
	type HttpRequest,
	type HttpResponse
} from '../http';
import type { JtiCache } from '../jwt/replay';
import type { DpopNonces } from '../jwt/dpopNonce';
import { decodeJwt } from '../jwt/decode';
import { SPEC } from '../spec';

export interface ResourceRequestOptions {
	issuer: string;
	/** The resource's identifier; the token's `aud` must name it. */
	audience: string;
	/** Realm of the Bearer challenge. */
	realm: string;
	jwks: JSONWebKeySet;
	requiredScopes?: string[];
	now: number;
	/** DPoP proofs already used at this resource. */
	replay: JtiCache;
	/** This resource server's DPoP nonces, when it requires one in every proof (RFC 9449 §9). */
	nonces?: DpopNonces;
}

export type ResourceAuthorization =
	| { ok: true; report: ValidationReport; scheme: 'Bearer' | 'DPoP' }
	| { ok: false; response: HttpResponse; report?: ValidationReport };

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const DPOP = /^DPoP\s+(\S+)\s*$/i;

/** An error in both the body and a `WWW-Authenticate: DPoP` challenge (RFC 9449 §7.1). */
function dpopError(
	status: 400 | 401 | 403,
	error: string,
	description: string,
	extra: [string, string][] = []
): HttpResponse {
	const safe = errorDescription(description);
	return json(status, { error, error_description: safe }, [
		['WWW-Authenticate', dpopChallenge(error, safe)],
		...extra
	]);
}

const describe = (failed: Check | undefined) =>
	failed ? `${failed.id}: ${failed.detail}` : 'invalid token';

/**
 * Authorizes a request to a protected resource: `Authorization: Bearer <token>` (RFC 6750), or
 * `Authorization: DPoP <token>` with a `DPoP` proof header (RFC 9449 §7). The report lists the
 * access token's checks, then the proof's. Never throws.
 */
export async function authorizeResourceRequest(
	req: HttpRequest,
	options: ResourceRequestOptions
): Promise<ResourceAuthorization> {
	const authorization = getHeader(req, 'authorization');
	if (!authorization) {
		// No credentials: challenge with both schemes, and no error code (RFC 6750 §3.1).
		const response = bearerError(401, options.realm);
		response.headers.push(['WWW-Authenticate', dpopChallenge()]);
		return { ok: false, response };
	}
	const bearer = authorization.match(BEARER)?.[1];
	const dpop = authorization.match(DPOP)?.[1];
	const token = bearer ?? dpop;
	if (token === undefined)
		return {
			ok: false,
			response: bearerError(
				400,
				options.realm,
				'invalid_request',
				'Authorization is neither a Bearer nor a DPoP token'
			)
		};
	const scheme = bearer !== undefined ? 'Bearer' : 'DPoP';
	const tokenReport = await validateAccessToken(token, {
		issuer: options.issuer,
		audience: options.audience,
		jwks: options.jwks,
		requiredScopes: options.requiredScopes,
		now: options.now,
		presentation: scheme
	});
	const tokenFailures = tokenReport.checks.filter(isFailure);
	const scopeOnly = tokenFailures.length === 1 && tokenFailures[0]?.id === 'scope';

	if (scheme === 'Bearer') {
		if (tokenReport.valid) return { ok: true, report: tokenReport, scheme };
		const failed = tokenFailures[0];
		const response =
			failed?.id === 'token_binding'
				? // A DPoP-bound token without its proof: answer in the scheme it needs (RFC 9449 §7.2).
					dpopError(401, 'invalid_token', describe(failed))
				: scopeOnly
					? bearerError(403, options.realm, 'insufficient_scope', failed?.detail)
					: bearerError(401, options.realm, 'invalid_token', describe(failed));
		return { ok: false, response, report: tokenReport };
	}

	const proofs = getHeaders(req, 'dpop');
	const proofReport = await validateDpopProof(proofs, {
		method: req.method,
		url: req.url,
		now: options.now,
		replay: options.replay,
		accessToken: token,
		jkt: boundThumbprint(tokenReport.claims),
		// With nonces required, the proof must carry a recent one of this server's (RFC 9449 §9).
		nonce: options.nonces?.expectedFor(decodeJwt(proofs[0] ?? '').payload?.nonce, options.now)
	});
	const report: ValidationReport = {
		valid: tokenReport.valid && proofReport.valid,
		header: tokenReport.header,
		claims: tokenReport.claims,
		checks: [...tokenReport.checks, ...proofReport.checks],
		// The token and its proof together, as RFC 9449 §7.1 asks of a resource server.
		spec: SPEC.dpopResource
	};
	if (report.valid) return { ok: true, report, scheme };
	const proofFailures = proofReport.checks.filter(isFailure);
	const proofFailure = proofFailures.find((c) => c.id !== 'cnf_jkt' && c.id !== 'dpop_nonce');
	const keyMismatch = proofFailures.find((c) => c.id === 'cnf_jkt');
	const nonceMissing = proofFailures.some((c) => c.id === 'dpop_nonce');
	const response = proofFailure
		? dpopError(401, 'invalid_dpop_proof', describe(proofFailure))
		: nonceMissing && options.nonces
			? // 401 use_dpop_nonce with the nonce to put in the next proof (RFC 9449 §9).
				dpopError(401, 'use_dpop_nonce', 'the resource server requires a nonce in the DPoP proof', [
					['DPoP-Nonce', options.nonces.current(options.now)]
				])
			: tokenFailures.length && !scopeOnly
				? dpopError(401, 'invalid_token', describe(tokenFailures[0]))
				: keyMismatch
					? dpopError(401, 'invalid_token', describe(keyMismatch))
					: dpopError(403, 'insufficient_scope', describe(tokenFailures[0]));
	return { ok: false, response, report };
}
