import type { Issuer } from '../../core/index';
import { pushedRequestServed } from './fapiOperations';
import type { Network } from '../network';
import { deliverLogoutNotifications } from './logoutOperations';
import { serverMachine } from './serverMachine';

/**
 * The OpenID provider: idle until a request arrives, then answers it through the core. A
 * logout that queued back-channel notifications delivers them before the answer goes out, and
 * meanwhile other requests are answered too (an attacker's, or a client's reaction).
 */
export const issuerMachine = serverMachine(
	'issuer',
	'handling',
	async ({ issuer, network }: { issuer: Issuer; network: Network }, request) => {
		const response = await issuer.handle(request);
		await deliverLogoutNotifications(issuer, network);
		return { response, ...pushedRequestServed(request, response) };
	},
	{ concurrent: true }
);
