/**
 * What a client sends to a back-channel endpoint (token, PAR, device authorization): a POSTed
 * form with each parameter once, from a client that authenticates.
 */
import type { Client } from '../data';
import { isForm, oauthError, type HttpRequest, type HttpResponse } from '../http';
import { authenticateClient } from './clientAuth';
import type { IssuerContext } from './context';
import { repeatedNames, tooManyParameters } from './params';

/** The form and the client it authenticated as, or the error response that refuses the request. */
export async function authenticatedForm(
	ctx: IssuerContext,
	req: HttpRequest,
	/** As the 405 error names it, e.g. "token endpoint". */
	endpointName: string,
	/** The audience a client assertion may name; the token endpoint's by default. */
	endpointUrl?: string
): Promise<{ body: URLSearchParams; client: Client } | { error: HttpResponse }> {
	const form = postedForm(req, endpointName);
	if ('error' in form) return form;
	const auth = await authenticateClient(ctx, req, form.body, endpointUrl);
	if ('error' in auth) return auth;
	return { body: form.body, client: auth.client };
}

function postedForm(
	req: HttpRequest,
	endpointName: string
): { body: URLSearchParams } | { error: HttpResponse } {
	if (req.method !== 'POST')
		return {
			error: oauthError(405, 'invalid_request', `the ${endpointName} only accepts POST`, [
				['Allow', 'POST']
			])
		};
	if (!isForm(req))
		return {
			error: oauthError(
				400,
				'invalid_request',
				'the body must be application/x-www-form-urlencoded'
			)
		};
	const body = new URLSearchParams(req.body ?? '');
	const tooMany = tooManyParameters(body);
	if (tooMany) return { error: oauthError(400, 'invalid_request', tooMany) };
	// Parameters MUST NOT be included more than once (RFC 6749 §3.2, the token endpoint's rule).
	const [repeated] = repeatedNames(body);
	if (repeated !== undefined)
		return { error: oauthError(400, 'invalid_request', `parameter ${repeated} is repeated`) };
	return { body };
}
