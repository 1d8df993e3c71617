import { assign, enqueueActions, setup, spawnChild, type SnapshotFrom } from 'xstate';
import type { HttpRequest, Issuer, ResourceServer } from '../../core/index';
import type { Network } from '../network';
import type { TraceRecorder } from '../trace';
import { apiMachine } from './apiMachine';
import { browserMachine, type Arrival, type ArrivedEvent, type Person } from './browserMachine';
import { clientMachine, type ClientEvent } from './clientMachine';
import type { ClientConfig } from './clientSession';
import { issuerMachine } from './issuerMachine';
import { webAppMachine } from './webAppMachine';

export interface FlowInput {
	issuer: Issuer;
	servers: ResourceServer[];
	config: ClientConfig;
	person: Person;
	network: Network;
	trace: TraceRecorder;
	now: () => number;
}

interface FlowContext extends FlowInput {
	/** The client has nothing in progress (it follows the client's `settled` tag). */
	clientSettled: boolean;
	/** The browser is not loading anything. */
	browserIdle: boolean;
}

/** The system ids the parties are registered under, for anyone in the system to reach them. */
export const SYSTEM_IDS = {
	flow: 'flow',
	issuer: 'issuer',
	api: 'api',
	client: 'client',
	webApp: 'webApp',
	browser: 'browser'
} as const;

/**
 * What a page the browser came to rest on means to the client, if anything: a page off the
 * client's origin ends its navigation; on its origin, an SPA's script reads the response from
 * the URL (a web server already handled it as a request). A client not waiting ignores both.
 */
export function deliveryFor(config: ClientConfig, arrival: Arrival): ClientEvent | undefined {
	if (new URL(arrival.url).origin !== config.origin) {
		return {
			type: 'NAVIGATION_FAILED',
			reason: arrival.response.status
				? `the browser stopped at ${arrival.url} (HTTP ${arrival.response.status})`
				: `the browser could not load ${arrival.url}: ${arrival.response.body}`
		};
	}
	return config.kind === 'spa' ? { type: 'CALLBACK', url: arrival.url } : undefined;
}

/**
 * The whole cast as one actor system: the flow invokes the issuer, the API, the client, its web
 * server and the browser, each under a system id. The browser reports the pages it lands on to
 * the flow, which hands them on to the client.
 */
export const flowMachine = setup({
	types: {
		input: {} as FlowInput,
		context: {} as FlowContext,
		events: {} as
			| ArrivedEvent
			| { type: 'xstate.snapshot.client'; snapshot: SnapshotFrom<typeof clientMachine> }
			| { type: 'xstate.snapshot.browser'; snapshot: SnapshotFrom<typeof browserMachine> },
		children: {} as {
			issuer: 'issuer';
			api: 'api';
			client: 'client';
			webApp: 'webApp';
			browser: 'browser';
		}
	},
	actors: {
		issuer: issuerMachine,
		api: apiMachine,
		client: clientMachine,
		webApp: webAppMachine,
		browser: browserMachine
	}
}).createMachine({
	id: 'flow',
	context: ({ input }) => ({ ...input, clientSettled: true, browserIdle: true }),
	entry: [
		spawnChild('issuer', {
			id: 'issuer',
			systemId: SYSTEM_IDS.issuer,
			input: ({ context }) => ({ issuer: context.issuer, network: context.network })
		}),
		spawnChild('api', {
			id: 'api',
			systemId: SYSTEM_IDS.api,
			input: ({ context }) => ({ servers: context.servers })
		}),
		spawnChild('client', {
			id: 'client',
			systemId: SYSTEM_IDS.client,
			// The flow follows the client and the browser, so the director can wait on the flow alone.
			syncSnapshot: true,
			input: ({ context, self }) => ({
				deps: {
					config: context.config,
					network: context.network,
					trace: context.trace,
					now: context.now,
					navigate: (request: HttpRequest, frame: 'top' | 'iframe') =>
						self.system.get(SYSTEM_IDS.browser)?.send({ type: 'NAVIGATE', request, frame })
				}
			})
		}),
		spawnChild('webApp', {
			id: 'webApp',
			systemId: SYSTEM_IDS.webApp,
			input: ({ context, self }) => ({
				config: context.config,
				client: () => self.system.get(SYSTEM_IDS.client)
			})
		}),
		spawnChild('browser', {
			id: 'browser',
			systemId: SYSTEM_IDS.browser,
			syncSnapshot: true,
			input: ({ context }) => ({
				network: context.network,
				trace: context.trace,
				person: context.person
			})
		})
	],
	on: {
		ARRIVED: {
			actions: enqueueActions(({ context, event, enqueue, system }) => {
				const delivery = deliveryFor(context.config, event.arrival);
				if (delivery) enqueue.sendTo(system.get(SYSTEM_IDS.client), delivery);
			})
		},
		'xstate.snapshot.client': {
			actions: assign({ clientSettled: ({ event }) => event.snapshot.hasTag('settled') })
		},
		'xstate.snapshot.browser': {
			actions: assign({ browserIdle: ({ event }) => event.snapshot.matches('idle') })
		}
	}
});

/**
 * The flow is at rest: the client settled and the browser idle at the same moment. Each can set
 * the other moving (a redirect reaches the client, the client navigates the browser), so both
 * are read together.
 */
export function isSettled(snapshot: SnapshotFrom<typeof flowMachine>): boolean {
	return snapshot.context.clientSettled && snapshot.context.browserIdle;
}
