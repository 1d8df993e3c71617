import { assign, fromPromise, setup } from 'xstate';
import type { HttpRequest, Issuer } from '../../core/index';
import type { Served } from '../network';

interface Pending {
	request: HttpRequest;
	reply: (served: Served) => void;
	fail: (error: unknown) => void;
}

/** The OpenID provider: idle until a request arrives, then answers it through the core. */
export const issuerMachine = setup({
	types: {
		input: {} as { issuer: Issuer },
		context: {} as { issuer: Issuer; pending?: Pending; served: number },
		events: {} as { type: 'REQUEST' } & Pending
	},
	actors: {
		handle: fromPromise(({ input }: { input: { issuer: Issuer; request: HttpRequest } }) =>
			input.issuer.handle(input.request)
		)
	}
}).createMachine({
	id: 'issuer',
	initial: 'idle',
	context: ({ input }) => ({ issuer: input.issuer, served: 0 }),
	states: {
		idle: {
			on: {
				REQUEST: { target: 'handling', actions: assign({ pending: ({ event }) => event }) }
			}
		},
		handling: {
			invoke: {
				src: 'handle',
				input: ({ context }) => ({ issuer: context.issuer, request: context.pending!.request }),
				onDone: {
					target: 'idle',
					actions: [
						({ context, event }) => context.pending?.reply({ response: event.output }),
						assign({ pending: undefined, served: ({ context }) => context.served + 1 })
					]
				},
				onError: {
					target: 'idle',
					actions: [
						({ context, event }) => context.pending?.fail(event.error),
						assign({ pending: undefined })
					]
				}
			}
		}
	}
});
