import type { Issuer } from '../../core/index';
import { pushedRequestServed } from './fapiOperations';
import { serverMachine } from './serverMachine';

/** The OpenID provider: idle until a request arrives, then answers it through the core. */
export const issuerMachine = serverMachine(
	'issuer',
	'handling',
	async ({ issuer }: { issuer: Issuer }, request) => {
		const response = await issuer.handle(request);
		return { response, ...pushedRequestServed(request, response) };
	}
);
