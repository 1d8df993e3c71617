import { assign, fromPromise, setup } from 'xstate';
import type { HttpRequest, ResourceServer } from '../../core/index';
import type { Served } from '../network';

interface Pending {
	request: HttpRequest;
	reply: (served: Served) => void;
	fail: (error: unknown) => void;
}

/**
 * The resource servers (the messages API and the reports API): each request's bearer token is
 * validated locally, with keys fetched from the issuer once and cached.
 */
export const apiMachine = setup({
	types: {
		input: {} as { servers: ResourceServer[] },
		context: {} as { servers: ResourceServer[]; pending?: Pending },
		events: {} as { type: 'REQUEST' } & Pending
	},
	actors: {
		validate: fromPromise(
			async ({
				input
			}: {
				input: { servers: ResourceServer[]; request: HttpRequest };
			}): Promise<Served> => {
				const origin = new URL(input.request.url).origin;
				const server = input.servers.find((s) => new URL(s.audience).origin === origin);
				if (!server) return { response: { status: 404, headers: [], body: '' } };
				const { response, report } = await server.serve(input.request);
				return { response, checks: report, checkLabel: 'validate access token' };
			}
		)
	}
}).createMachine({
	id: 'api',
	initial: 'idle',
	context: ({ input }) => ({ servers: input.servers }),
	states: {
		idle: {
			on: { REQUEST: { target: 'validating', actions: assign({ pending: ({ event }) => event }) } }
		},
		validating: {
			invoke: {
				src: 'validate',
				input: ({ context }) => ({ servers: context.servers, request: context.pending!.request }),
				onDone: {
					target: 'idle',
					actions: [
						({ context, event }) => context.pending?.reply(event.output),
						assign({ pending: undefined })
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
