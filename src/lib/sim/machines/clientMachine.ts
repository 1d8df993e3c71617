import { assign, fromPromise, setup, type ErrorActorEvent } from 'xstate';
import {
	acceptTokens,
	checkFrontChannelIdToken,
	ClientError,
	finishLogout,
	legacyRenew,
	perform,
	receiveCallback,
	redeemCode,
	refresh,
	startAuthorization,
	startLogout,
	type ClientCommand,
	type ClientDeps,
	type ClientSession
} from './clientOperations';
import {
	pollDeviceToken,
	startDeviceAuthorization,
	type DevicePollOptions
} from './deviceOperations';

export type ClientEvent =
	| { type: 'LOGIN' }
	| { type: 'CALLBACK'; url: string; body?: string }
	| { type: 'NAVIGATION_FAILED'; reason: string }
	| { type: 'REFRESH' }
	| { type: 'SILENT_RENEW' }
	| { type: 'LEGACY_RENEW'; grant: 'id_token' | 'refresh_token' }
	| { type: 'LOGOUT'; keepTokens?: boolean }
	| { type: 'DEVICE_START' }
	| ({ type: 'DEVICE_POLL' } & DevicePollOptions)
	/** The issuer said the session ended (a valid back- or front-channel logout notification). */
	| { type: 'SESSION_ENDED'; by: 'backchannel' | 'frontchannel' }
	| ClientCommand;

export interface ClientContext {
	deps: ClientDeps;
	session: ClientSession;
	command?: ClientCommand;
	legacyGrant?: 'id_token' | 'refresh_token';
	keepTokens?: boolean;
	devicePoll?: DevicePollOptions;
	error?: { error: string; description: string };
}

interface OpInput {
	deps: ClientDeps;
	session: ClientSession;
}

const op = <T = void>(
	fn: (deps: ClientDeps, session: ClientSession, extra: T) => Promise<Partial<ClientSession>>
) =>
	fromPromise(({ input }: { input: OpInput & { extra: T } }) =>
		fn(input.deps, input.session, input.extra)
	);

const toError = (error: unknown) =>
	error instanceof ClientError
		? { error: error.error, description: error.description }
		: {
				error: 'client_error',
				description: error instanceof Error ? error.message : String(error)
			};

/** An invocation's error, handed to the `fail` action. */
const failWith = {
	type: 'fail',
	params: ({ event }: { event: ErrorActorEvent }) => event.error
} as const;

/** What a signed-in (or expired, signed-out, failed) client can be asked to do. */
const SESSION_COMMANDS = {
	LOGIN: { target: '#client.authorizing' },
	REFRESH: { target: '#client.renewing.refreshing' },
	SILENT_RENEW: { target: '#client.renewing.silent' },
	LEGACY_RENEW: { target: '#client.renewing.delegating', actions: 'rememberLegacyGrant' },
	LOGOUT: { target: '#client.loggingOut', actions: 'rememberKeepTokens' },
	CALL_API: { target: '#client.working', actions: 'rememberCommand' },
	USERINFO: { target: '#client.working', actions: 'rememberCommand' },
	TOKENINFO: { target: '#client.working', actions: 'rememberCommand' },
	EXCHANGE: { target: '#client.working', actions: 'rememberCommand' },
	DELEGATE: { target: '#client.working', actions: 'rememberCommand' },
	CHECK_SESSION: { target: '#client.working', actions: 'rememberCommand' }
} as const;

/** A logout notification from the issuer ends a held session; mid-logout it only drops the tokens. */
const ENDED_BY_ISSUER = {
	SESSION_ENDED: { target: '#client.signedOut', actions: 'forgetSession' }
} as const;

const COMMAND_TYPES = new Set([
	'CALL_API',
	'USERINFO',
	'TOKENINFO',
	'EXCHANGE',
	'DELEGATE',
	'CHECK_SESSION'
]);

/**
 * The relying party. Its states are the protocol's: it sends the user to authorize, waits for the
 * callback, exchanges the code, validates, and then holds a session it can use, renew or end.
 */
export const clientMachine = setup({
	types: {
		input: {} as { deps: ClientDeps },
		context: {} as ClientContext,
		events: {} as ClientEvent
	},
	actors: {
		startAuthorization: op<boolean>(startAuthorization),
		receiveCallback: op<{ url: string; body?: string }>(receiveCallback),
		checkFrontChannelIdToken: op(checkFrontChannelIdToken),
		redeemCode: op(redeemCode),
		acceptTokens: op(acceptTokens),
		refresh: op(refresh),
		legacyRenew: op<'id_token' | 'refresh_token'>(legacyRenew),
		perform: op<ClientCommand>(perform),
		startLogout: op(startLogout),
		startDeviceAuthorization: op(startDeviceAuthorization),
		pollDeviceToken: op<DevicePollOptions>(pollDeviceToken)
	},
	actions: {
		// Parameterised, so each invocation's done or error event hands over its own payload.
		keep: assign(({ context }, output: Partial<ClientSession>) => ({
			session: { ...context.session, ...output }
		})),
		fail: assign((_, error: unknown) => ({ error: toError(error) })),
		rememberCommand: assign({
			command: ({ event }) => (COMMAND_TYPES.has(event.type) ? (event as ClientCommand) : undefined)
		}),
		rememberLegacyGrant: assign({
			legacyGrant: ({ event }) => (event.type === 'LEGACY_RENEW' ? event.grant : undefined)
		}),
		// Keeps only what is about the issuer, never about the user.
		forgetSession: assign({
			session: ({ context }) => ({
				metadata: context.session.metadata,
				jwks: context.session.jwks,
				jwksFetchedAt: context.session.jwksFetchedAt,
				logoutState: context.session.logoutState
			})
		}),
		rememberKeepTokens: assign({
			keepTokens: ({ event }) => event.type === 'LOGOUT' && !!event.keepTokens
		}),
		rememberDevicePoll: assign({
			devicePoll: ({ event }) =>
				event.type === 'DEVICE_POLL' && event.after !== undefined ? { after: event.after } : {}
		})
	},
	guards: {
		hybrid: ({ context }) => !!context.session.received?.code && !!context.session.received.idToken,
		hasCode: ({ context }) => !!context.session.received?.code
	}
}).createMachine({
	id: 'client',
	initial: 'idle',
	context: ({ input }) => ({ deps: input.deps, session: {} }),
	on: { SESSION_ENDED: { actions: 'forgetSession' } },
	states: {
		idle: { tags: ['settled'], on: { LOGIN: 'authorizing', DEVICE_START: 'deviceStarting' } },
		authorizing: {
			entry: assign({ error: undefined }),
			invoke: {
				src: 'startAuthorization',
				input: ({ context }) => ({ deps: context.deps, session: context.session, extra: false }),
				onDone: {
					target: 'awaitingCallback',
					actions: { type: 'keep', params: ({ event }) => event.output }
				},
				onError: { target: 'error', actions: failWith }
			}
		},
		awaitingCallback: {
			on: {
				CALLBACK: 'receiving',
				NAVIGATION_FAILED: {
					target: 'error',
					actions: assign({
						error: ({ event }) => ({ error: 'navigation_failed', description: event.reason })
					})
				}
			}
		},
		receiving: {
			invoke: {
				src: 'receiveCallback',
				input: ({ context, event }) => ({
					deps: context.deps,
					session: context.session,
					extra: event as { url: string; body?: string }
				}),
				onDone: {
					target: 'received',
					actions: { type: 'keep', params: ({ event }) => event.output }
				},
				onError: { target: 'error', actions: failWith }
			}
		},
		received: {
			always: [
				{ guard: 'hybrid', target: 'checkingFrontChannel' },
				{ guard: 'hasCode', target: 'exchangingCode' },
				{ target: 'validating' }
			]
		},
		checkingFrontChannel: {
			invoke: {
				src: 'checkFrontChannelIdToken',
				input: ({ context }) => ({
					deps: context.deps,
					session: context.session,
					extra: undefined
				}),
				onDone: {
					target: 'exchangingCode',
					actions: { type: 'keep', params: ({ event }) => event.output }
				},
				onError: { target: 'error', actions: failWith }
			}
		},
		exchangingCode: {
			invoke: {
				src: 'redeemCode',
				input: ({ context }) => ({
					deps: context.deps,
					session: context.session,
					extra: undefined
				}),
				onDone: {
					target: 'validating',
					actions: { type: 'keep', params: ({ event }) => event.output }
				},
				onError: { target: 'error', actions: failWith }
			}
		},
		validating: {
			invoke: {
				src: 'acceptTokens',
				input: ({ context }) => ({
					deps: context.deps,
					session: context.session,
					extra: undefined
				}),
				onDone: {
					target: 'signedIn',
					actions: { type: 'keep', params: ({ event }) => event.output }
				},
				onError: { target: 'error', actions: failWith }
			}
		},
		signedIn: { tags: ['settled'], on: { ...SESSION_COMMANDS, ...ENDED_BY_ISSUER } },
		working: {
			invoke: {
				src: 'perform',
				input: ({ context }) => ({
					deps: context.deps,
					session: context.session,
					extra: context.command!
				}),
				onDone: [
					{
						target: 'signedIn',
						actions: { type: 'keep', params: ({ event }) => event.output },
						guard: ({ event }) => !(event.output.lastReport && !event.output.lastReport.valid)
					},
					{ target: 'expired', actions: { type: 'keep', params: ({ event }) => event.output } }
				],
				onError: { target: 'error', actions: failWith }
			}
		},
		expired: { tags: ['settled'], on: { ...SESSION_COMMANDS, ...ENDED_BY_ISSUER } },
		renewing: {
			initial: 'refreshing',
			states: {
				refreshing: {
					invoke: {
						src: 'refresh',
						input: ({ context }) => ({
							deps: context.deps,
							session: context.session,
							extra: undefined
						}),
						onDone: {
							target: '#client.validating',
							actions: { type: 'keep', params: ({ event }) => event.output }
						},
						onError: { target: '#client.error', actions: failWith }
					}
				},
				delegating: {
					invoke: {
						src: 'legacyRenew',
						input: ({ context }) => ({
							deps: context.deps,
							session: context.session,
							extra: context.legacyGrant ?? 'id_token'
						}),
						onDone: {
							target: '#client.validating',
							actions: { type: 'keep', params: ({ event }) => event.output }
						},
						onError: { target: '#client.error', actions: failWith }
					}
				},
				silent: {
					invoke: {
						src: 'startAuthorization',
						input: ({ context }) => ({ deps: context.deps, session: context.session, extra: true }),
						onDone: {
							target: '#client.awaitingCallback',
							actions: { type: 'keep', params: ({ event }) => event.output }
						},
						onError: { target: '#client.error', actions: failWith }
					}
				}
			}
		},
		loggingOut: {
			invoke: {
				src: 'startLogout',
				input: ({ context }) => ({
					deps: context.deps,
					session: context.session,
					extra: undefined
				}),
				onDone: {
					target: 'awaitingLogout',
					actions: { type: 'keep', params: ({ event }) => event.output }
				},
				onError: { target: 'error', actions: failWith }
			}
		},
		awaitingLogout: {
			on: {
				CALLBACK: [
					{
						target: 'signedOut',
						guard: ({ context, event }) => {
							try {
								finishLogout(context.session, event.url);
								return true;
							} catch {
								return false;
							}
						},
						actions: assign({
							session: ({ context }) =>
								context.keepTokens
									? context.session
									: { metadata: context.session.metadata, jwks: context.session.jwks }
						})
					},
					{
						target: 'error',
						actions: assign({
							error: {
								error: 'state_mismatch',
								description: 'the logout response’s state is not the one this client sent'
							}
						})
					}
				],
				NAVIGATION_FAILED: {
					target: 'error',
					actions: assign({
						error: ({ event }) => ({ error: 'navigation_failed', description: event.reason })
					})
				}
			}
		},
		signedOut: { tags: ['settled'], on: SESSION_COMMANDS },
		error: { tags: ['settled'], on: SESSION_COMMANDS },
		// RFC 8628: the TV asks for codes, shows the user code, then polls until tokens come.
		deviceStarting: {
			entry: assign({ error: undefined }),
			invoke: {
				src: 'startDeviceAuthorization',
				input: ({ context }) => ({
					deps: context.deps,
					session: context.session,
					extra: undefined
				}),
				onDone: {
					target: 'devicePending',
					actions: { type: 'keep', params: ({ event }) => event.output }
				},
				onError: { target: 'error', actions: failWith }
			}
		},
		devicePending: {
			tags: ['settled'],
			on: { DEVICE_POLL: { target: 'devicePolling', actions: 'rememberDevicePoll' } }
		},
		devicePolling: {
			invoke: {
				src: 'pollDeviceToken',
				input: ({ context }) => ({
					deps: context.deps,
					session: context.session,
					extra: context.devicePoll ?? {}
				}),
				onDone: [
					{
						target: 'validating',
						guard: ({ event }) => !!event.output.received,
						actions: { type: 'keep', params: ({ event }) => event.output }
					},
					{
						target: 'devicePending',
						actions: { type: 'keep', params: ({ event }) => event.output }
					}
				],
				onError: { target: 'error', actions: failWith }
			}
		}
	}
});
