/**
 * The small pieces flow families share: which settings a flow honours, the APIs' URLs, the
 * client's API call, and the shape of an attack scenario.
 */
import { MESSAGES_API, REPORTS_API } from '../../core/data';
import { SPEC } from '../../core/spec';
import type { ClientCommand } from '../machines/clientOperations';
import type { FlowSettings, MessageName, StepRef } from '../types';
import type { FlowDefinition } from './definition';

export const MESSAGES_URL = `${MESSAGES_API.identifier}messages`;
export const REPORTS_URL = `${REPORTS_API.identifier}/reports`;

/** The settings every sign-in flow reacts to. */
export const HONOURS: (keyof FlowSettings)[] = [
	'scope',
	'idTokenLifetime',
	'algorithm',
	'rules',
	'user',
	'clockJumps',
	'interventions'
];
/** The same, for flows whose access token's lifetime shows too. */
export const HONOURS_WITH_ACCESS: (keyof FlowSettings)[] = [
	'scope',
	'idTokenLifetime',
	'accessTokenLifetime',
	'algorithm',
	'rules',
	'user',
	'clockJumps',
	'interventions'
];

/** A flow that calls the messages API: both lifetimes show, and the client type is the person's. */
export const HONOURS_API: (keyof FlowSettings)[] = [
	...HONOURS,
	'accessTokenLifetime',
	'clientType'
];

/** The client (an SPA or a web app, as set) signs in and asks for a token for the messages API. */
export const messagesApiClient = (
	extraScopes: string[] = ['read:messages']
): FlowDefinition['client'] => ({
	type: 'setting',
	responseType: 'code',
	extraScopes,
	audience: MESSAGES_API.identifier
});

export const callApi = (
	use: 'access_token' | 'id_token' | 'exchanged' = 'access_token',
	url = MESSAGES_URL
): ClientCommand => ({ type: 'CALL_API', url, use });

/** The messages of the code flow the attacks aim at: each the first of its kind. */
export const AT = {
	authorize: { message: 'authorize-request', nth: 1 },
	callback: { message: 'callback-request', nth: 1 },
	tokenRequest: { message: 'token-request', nth: 1 },
	tokenResponse: { message: 'token-response', nth: 1 }
} as const satisfies Record<string, StepRef<MessageName>>;

export const ATTACK_SPECS = {
	jws: { label: 'RFC 7515 §5.2 (validating a JWS)', url: SPEC.jws },
	validation: { label: 'OIDC Core §3.1.3.7', url: SPEC.idTokenValidation }
};

/** An attack scenario: the SPA signs in while an attacker acts; a named defence stops it. */
export function attack(
	def: Pick<
		FlowDefinition,
		'id' | 'title' | 'summary' | 'specs' | 'interventions' | 'clockJumps' | 'defence'
	> &
		Partial<Pick<FlowDefinition, 'client' | 'honours' | 'run' | 'expected'>> & {
			/** Scopes the SPA asks for besides the person's choice. */
			scopes?: string[];
		}
): FlowDefinition {
	return {
		status: 'attack',
		honours: HONOURS,
		client: { type: 'spa', responseType: 'code', extraScopes: def.scopes },
		run: (w) => w.command({ type: 'LOGIN' }, { expectError: true }),
		...def
	};
}
