import { assign, fromPromise, setup } from 'xstate';
import type { HttpRequest } from '../../core/index';
import type { Served } from '../network';

/** A request in flight, with the network's callbacks for its answer. */
export interface Pending {
	request: HttpRequest;
	reply: (served: Served) => void;
	fail: (error: unknown) => void;
}

/** The event that hands a server actor a request. */
export type ServerRequest = { type: 'REQUEST' } & Pending;

/**
 * A party that answers requests one at a time: idle until a request arrives, then busy (in the
 * state named `busy`, so the diagram's actor reads as the protocol does) until it has answered.
 */
export function serverMachine<Input>(
	id: string,
	busy: string,
	serve: (input: Input, request: HttpRequest) => Promise<Served>,
	/** Also answers a request that comes in while busy, as a real server does (see issuerMachine). */
	options: { concurrent?: boolean } = {}
) {
	return setup({
		types: {
			input: {} as Input,
			context: {} as { input: Input; pending?: Pending },
			events: {} as ServerRequest
		},
		actors: {
			serve: fromPromise(({ input }: { input: { input: Input; request: HttpRequest } }) =>
				serve(input.input, input.request)
			)
		}
	}).createMachine({
		id,
		initial: 'idle',
		context: ({ input }) => ({ input }),
		states: {
			idle: {
				on: { REQUEST: { target: busy, actions: assign({ pending: ({ event }) => event }) } }
			},
			[busy]: {
				...(options.concurrent && {
					on: {
						REQUEST: {
							actions: ({ context, event }) =>
								void serve(context.input, event.request).then(event.reply, event.fail)
						}
					}
				}),
				invoke: {
					src: 'serve',
					input: ({ context }) => ({ input: context.input, request: context.pending!.request }),
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
}
