import { getHeader, type ResourceServer } from '../../core/index';
import { serverMachine } from './serverMachine';

/**
 * The resource servers (the messages API and the reports API): each request's bearer token is
 * validated locally, with keys fetched from the issuer once and cached.
 */
export const apiMachine = serverMachine(
	'api',
	'validating',
	async ({ servers }: { servers: ResourceServer[] }, request) => {
		const origin = new URL(request.url).origin;
		const server = servers.find((s) => new URL(s.audience).origin === origin);
		if (!server) return { response: { status: 404, headers: [], body: '' } };
		const { response, report } = await server.serve(request);
		// A DPoP-bound token is checked together with its proof (RFC 9449 §7.1).
		const dpop = getHeader(request, 'dpop') !== undefined;
		return {
			response,
			checks: report,
			checkLabel: dpop ? 'validate token and DPoP proof' : 'validate access token'
		};
	}
);
