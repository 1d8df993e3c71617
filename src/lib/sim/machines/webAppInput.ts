import type { ActorRefFrom } from 'xstate';
import type { clientMachine } from './clientMachine';
import type { ClientConfig } from './clientSession';

/**
 * What the client's server is started with. Its own module, because both the pages
 * (webAppMachine) and the logout endpoints they hand over to (logoutOperations) read it.
 */
export interface WebAppInput {
	config: ClientConfig;
	/** The client the pages belong to, found in the actor system when a request comes in. */
	client: () => ActorRefFrom<typeof clientMachine>;
}
