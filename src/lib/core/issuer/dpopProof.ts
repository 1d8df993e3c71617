import { proofThumbprint, validateDpopProof } from '../jwt/dpop';
import { getHeaders, oauthError, type HttpRequest, type HttpResponse } from '../http';
import { SPEC } from '../spec';
import type { IssuerContext } from './context';
import { firstFailure } from './ownTokens';

/**
 * Reads the DPoP proof of a token request, if any. A valid one gives the key thumbprint the new
 * tokens are bound to; an invalid one refuses the request with invalid_dpop_proof.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 */
export async function tokenRequestProof(
	ctx: IssuerContext,
	req: HttpRequest
): Promise<{ jkt?: string } | { error: HttpResponse }> {
	const proofs = getHeaders(req, 'dpop');
	if (proofs.length === 0) return {};
	const report = await validateDpopProof(proofs, {
		method: req.method,
		url: req.url,
		now: ctx.clock.now(),
		replay: ctx.store.seenJtis
	});
	const jkt = await proofThumbprint(report);
	if (!report.valid || jkt === undefined)
		return {
			error: oauthError(400, 'invalid_dpop_proof', firstFailure(report), [], SPEC.dpopTokenRequest)
		};
	return { jkt };
}
