/**
 * Which registered client a flow runs as, from its definition and settings: the relying party
 * its id_tokens are minted for and received by. The director sets up the same client
 * (`clientConfig` in director.ts); the decoder reads this to expect what that client expects.
 */
import {
	FAPI_CLIENT,
	ISSUER_URL,
	SPA_CLIENT,
	TV_CLIENT,
	WEBAPP_CLIENT,
	type Client
} from '../core/data';
import type { FlowDefinition } from './flows/definition';
import type { FlowSettings } from './types';

export function flowClient(
	flow: Pick<FlowDefinition, 'client'>,
	settings: Pick<FlowSettings, 'clientType'>
): Client {
	// The FAPI client (PAR, private_key_jwt) and the TV of the device grant are clients of their own.
	if (flow.client.par) return FAPI_CLIENT;
	if (flow.client.type === 'device') return TV_CLIENT;
	const kind = flow.client.type === 'setting' ? settings.clientType : flow.client.type;
	return flow.client.registered ?? (kind === 'spa' ? SPA_CLIENT : WEBAPP_CLIENT);
}

/** What the flow's client expects of its id_tokens that a decoder can prefill (OIDC Core §3.1.3.7). */
export interface ClientExpectations {
	/** The issuer the client is configured with (step 2: `iss` must match exactly). */
	issuer: string;
	/** The client's own client_id (step 3: `aud` must contain it). */
	audience: string;
}

export function flowExpectations(
	flow: Pick<FlowDefinition, 'client'>,
	settings: Pick<FlowSettings, 'clientType'>
): ClientExpectations {
	// Every simulated client is configured with the one honest issuer (director: `issuer`).
	return { issuer: ISSUER_URL, audience: flowClient(flow, settings).client_id };
}
