import type { Issuer, IssuerValidation } from '../../core/index';
import type { Network, Served } from '../network';
import { deliverLogoutNotifications } from './logoutOperations';
import { serverMachine } from './serverMachine';

/** How each of the issuer's checks reads on the diagram. */
const CHECK_LABELS: Record<IssuerValidation['name'], string> = {
	'validate-client-assertion': 'validate client_assertion',
	'validate-request-object': 'validate request object',
	'validate-dpop-proof': 'check DPoP proof',
	'verify-code-verifier': 'check code_verifier (PKCE)',
	'validate-pushed-request': 'use the pushed request'
};

/** The checks of what a client signs or proves with its own key: the modern flows' lesson. */
const KEYED: readonly IssuerValidation['name'][] = [
	'validate-client-assertion',
	'validate-request-object',
	'validate-dpop-proof'
];

/**
 * The issuer's checks of one request as steps, from the reports it made while answering it: the
 * client assertion, request object and DPoP proof at the PAR and token endpoints, and at
 * /authorize the pushed request a request_uri stands for. The PKCE code_verifier is drawn beside
 * them, in the requests that carry one of them; a plain code redemption stays one request and
 * its answer (a refused one says why in its error).
 */
export function issuerChecks(validations: IssuerValidation[]): Pick<Served, 'validations'> {
	const keyed = validations.some((v) => KEYED.includes(v.name));
	const drawn = validations.filter((v) => keyed || v.name !== 'verify-code-verifier');
	return drawn.length
		? {
				validations: drawn.map(({ name, report }) => ({
					checks: report,
					checkLabel: CHECK_LABELS[name],
					checkName: name
				}))
			}
		: {};
}

/**
 * The OpenID provider: idle until a request arrives, then answers it through the core, with the
 * checks it ran drawn as steps. A logout that queued back-channel notifications delivers them
 * before the answer goes out, and meanwhile other requests are answered too (an attacker's, or a
 * client's reaction).
 */
export const issuerMachine = serverMachine(
	'issuer',
	'handling',
	async ({ issuer, network }: { issuer: Issuer; network: Network }, request) => {
		const { response, validations } = await issuer.serve(request);
		await deliverLogoutNotifications(issuer, network);
		return { response, ...issuerChecks(validations) };
	},
	{ concurrent: true }
);
