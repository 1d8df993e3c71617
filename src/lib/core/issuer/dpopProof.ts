import { proofThumbprint, validateDpopProof } from '../jwt/dpop';
import { decodeJwt } from '../jwt/decode';
import type { Check } from '../jwt/checks';
import { getHeaders, oauthError, type HttpRequest, type HttpResponse } from '../http';
import { SPEC } from '../spec';
import { addCheck, recordValidation, type IssuerContext } from './context';
import { firstFailure } from './ownTokens';

/**
 * Reads the DPoP proof a request to the issuer carries, if any (RFC 9449 §4.3): at the token
 * endpoint (§5) or the PAR endpoint (§10.1). A valid one gives the thumbprint of its key, which
 * the tokens (or the code) are bound to; an invalid one refuses the request with
 * invalid_dpop_proof. The check is kept as the request's `validate-dpop-proof` step.
 */
export async function requestProof(
	ctx: IssuerContext,
	req: HttpRequest,
	/** The section that says why a proof is checked here. */
	spec: string
): Promise<{ jkt?: string } | { error: HttpResponse }> {
	const proofs = getHeaders(req, 'dpop');
	if (proofs.length === 0) return {};
	const now = ctx.clock.now();
	const report = await validateDpopProof(proofs, {
		method: req.method,
		url: req.url,
		now,
		replay: ctx.store.seenJtis,
		// With nonces required, a recent one of this issuer's must be in the proof (RFC 9449 §8).
		nonce: ctx.dpopNonces?.expectedFor(decodeJwt(proofs[0] ?? '').payload?.nonce, now)
	});
	recordValidation(ctx, 'validate-dpop-proof', { ...report, spec });
	const jkt = await proofThumbprint(report);
	if (report.valid && jkt !== undefined) return { jkt };
	const failed = report.checks.filter((c) => c.status === 'failed');
	if (ctx.dpopNonces && failed.length === 1 && failed[0]!.id === 'dpop_nonce')
		// 400 use_dpop_nonce, with the nonce to use in the next proof (RFC 9449 §8).
		return {
			error: oauthError(
				400,
				'use_dpop_nonce',
				'the authorization server requires a nonce in the DPoP proof',
				[['DPoP-Nonce', ctx.dpopNonces.current(now)]],
				SPEC.dpopServerNonce
			)
		};
	return { error: oauthError(400, 'invalid_dpop_proof', firstFailure(report), [], spec) };
}

/** The token endpoint's proof (RFC 9449 §5): the new tokens are bound to its key. */
export const tokenRequestProof = (ctx: IssuerContext, req: HttpRequest) =>
	requestProof(ctx, req, SPEC.dpopTokenRequest);

/**
 * Whether the proof's key is the one a grant is bound to, added to the request's DPoP step: an
 * authorization code bound by `dpop_jkt` (RFC 9449 §10, §10.1) or a public client's refresh token
 * (§5). `id` names the binding as the spec does. Undefined when it holds or nothing is bound.
 */
export function boundKeyProblem(
	ctx: IssuerContext,
	binding: { id: string; label: string; spec: string; bound?: string; what: string },
	jkt: string | undefined
): string | undefined {
	if (binding.bound === undefined) return undefined;
	const problem =
		jkt === undefined
			? `${binding.what} is bound to a DPoP key, and no DPoP proof was sent`
			: jkt !== binding.bound
				? `the DPoP proof is signed with another key than the one ${binding.what} is bound to`
				: undefined;
	const check: Check = {
		id: binding.id,
		label: binding.label,
		spec: binding.spec,
		status: problem ? 'failed' : 'passed',
		passed: !problem,
		detail: problem ?? `the proof’s key thumbprint is the one ${binding.what} is bound to`
	};
	addCheck(ctx, 'validate-dpop-proof', check, binding.spec);
	return problem;
}
