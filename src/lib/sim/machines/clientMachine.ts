import {
	assign,
	fromPromise,
	setup,
	type DoneActorEvent,
	type ErrorActorEvent,
	type InputFrom
} from 'xstate';
import {
	acceptPostedIdToken,
	acceptTokens,
	checkFrontChannelIdToken,
	finishLogout,
	legacyRenew,
	perform,
	receiveCallback,
	redeemCode,
	refresh,
	startAuthorization,
	startLogout,
	type ClientCommand
} from './clientOperations';
import { ClientError, type ClientDeps, type ClientSession, type SignInAt } from './clientSession';
import {
	pollDeviceToken,
	startDeviceAuthorization,
	type DevicePollOptions
} from './deviceOperations';

export type ClientEvent =
	/** `at`: the person chose to sign in at another issuer the client is registered with. */
	| { type: 'LOGIN'; at?: SignInAt }
	/** An id_token posted to the web app's POST /session, to open a session with (see ID_TOKEN_SESSION_PATH). */
	| { type: 'ID_TOKEN_SIGN_IN'; idToken: string }
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

const op = <T = undefined>(
	fn: (deps: ClientDeps, session: ClientSession, extra: T) => Promise<Partial<ClientSession>>
) =>
	fromPromise(({ input }: { input: OpInput & { extra: T } }) =>
		fn(input.deps, input.session, input.extra)
	);

/** The protocol steps the client invokes, each an actor the tests can swap for a stub. */
const operations = {
	startAuthorization: op<boolean>(startAuthorization),
	receiveCallback: op<{ url: string; body?: string }>(receiveCallback),
	checkFrontChannelIdToken: op(checkFrontChannelIdToken),
	redeemCode: op(redeemCode),
	acceptTokens: op(acceptTokens),
	acceptPostedIdToken: op<string>(acceptPostedIdToken),
	refresh: op(refresh),
	legacyRenew: op<'id_token' | 'refresh_token'>(legacyRenew),
	perform: op<ClientCommand>(perform),
	startLogout: op(startLogout),
	startDeviceAuthorization: op(startDeviceAuthorization),
	pollDeviceToken: op<DevicePollOptions>(pollDeviceToken)
};

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

/** The browser came to rest somewhere other than the client (an error page, an unreachable host). */
const navigationFailed = {
	target: '#client.error',
	actions: {
		type: 'fail',
		params: ({ event }: { event: { reason: string } }) =>
			new ClientError('navigation_failed', event.reason)
	}
} as const;

/** What a signed-in (or expired, signed-out, failed) client can be asked to do. */
const SESSION_COMMANDS = {
	LOGIN: { target: '#client.authorizing', actions: 'rememberSignInAt' },
	ID_TOKEN_SIGN_IN: { target: '#client.acceptingPostedIdToken' },
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

/** The client's types and named implementations, shared by its states and its operation helper. */
const client = setup({
	types: {
		input: {} as { deps: ClientDeps },
		context: {} as ClientContext,
		events: {} as ClientEvent
	},
	actors: operations,
	actions: {
		// Parameterised, so each invocation's done or error event hands over its own payload.
		keep: assign(({ context }, output: Partial<ClientSession>) => ({
			session: { ...context.session, ...output }
		})),
		fail: assign((_, error: unknown) => ({ error: toError(error) })),
		rememberCommand: assign({
			command: ({ event }) => (COMMAND_TYPES.has(event.type) ? (event as ClientCommand) : undefined)
		}),
		// The issuer this sign-in goes to, kept with the session until the next sign-in.
		rememberSignInAt: assign({
			session: ({ context, event }) => ({
				...context.session,
				signInAt: event.type === 'LOGIN' ? event.at : undefined
			})
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
});

type Operation = keyof typeof operations;

/** What an operation is given beside the deps and the session (its `extra`). */
type ExtraOf<Name extends Operation> = InputFrom<(typeof operations)[Name]>['extra'];

/** An operation's output merges into the session, whichever way the client goes next. */
const keepOutput = {
	type: 'keep',
	params: ({ event }: { event: DoneActorEvent<Partial<ClientSession>> }) => event.output
} as const;

/**
 * A state that runs one operation: its output is kept and the client goes `to` the next state
 * (or `instead` elsewhere when the output says so); a failure is recorded and ends in `error`.
 * The config is checked where a state uses it, by `createMachine`, with that operation's types.
 */
function operation<Name extends Operation>(
	src: Name,
	options: {
		to: string;
		instead?: { when: (output: Partial<ClientSession>) => boolean; to: string };
	} & (undefined extends ExtraOf<Name>
		? { extra?: undefined }
		: { extra: (args: { context: ClientContext; event: ClientEvent }) => ExtraOf<Name> })
) {
	const { to, instead, extra } = options;
	const done = { target: to, actions: keepOutput };
	return {
		invoke: {
			src,
			input: ({ context, event }: { context: ClientContext; event: ClientEvent }) => ({
				deps: context.deps,
				session: context.session,
				// Absent only where the operation takes nothing beside deps and session.
				extra: extra?.({ context, event }) as ExtraOf<Name>
			}),
			onDone: instead
				? [
						{
							target: instead.to,
							guard: ({ event }: { event: DoneActorEvent<Partial<ClientSession>> }) =>
								instead.when(event.output),
							actions: keepOutput
						},
						done
					]
				: done,
			onError: { target: '#client.error', actions: failWith }
		}
	};
}

/**
 * The relying party. Its states are the protocol's: it sends the user to authorize, waits for the
 * callback, exchanges the code, validates, and then holds a session it can use, renew or end.
 */
export const clientMachine = client.createMachine({
	id: 'client',
	initial: 'idle',
	context: ({ input }) => ({ deps: input.deps, session: {} }),
	on: { SESSION_ENDED: { actions: 'forgetSession' } },
	states: {
		idle: {
			tags: ['settled'],
			on: {
				LOGIN: { target: 'authorizing', actions: 'rememberSignInAt' },
				ID_TOKEN_SIGN_IN: 'acceptingPostedIdToken',
				DEVICE_START: 'deviceStarting'
			}
		},
		authorizing: {
			entry: assign({ error: undefined }),
			...operation('startAuthorization', { extra: () => false, to: 'awaitingCallback' })
		},
		awaitingCallback: {
			on: {
				CALLBACK: 'receiving',
				NAVIGATION_FAILED: navigationFailed
			}
		},
		receiving: operation('receiveCallback', {
			extra: ({ event }) => event as { url: string; body?: string },
			to: 'received'
		}),
		received: {
			always: [
				{ guard: 'hybrid', target: 'checkingFrontChannel' },
				{ guard: 'hasCode', target: 'exchangingCode' },
				{ target: 'validating' }
			]
		},
		checkingFrontChannel: operation('checkFrontChannelIdToken', { to: 'exchangingCode' }),
		exchangingCode: operation('redeemCode', { to: 'validating' }),
		validating: operation('acceptTokens', { to: 'signedIn' }),
		acceptingPostedIdToken: {
			entry: assign({ error: undefined }),
			...operation('acceptPostedIdToken', {
				extra: ({ event }) => (event.type === 'ID_TOKEN_SIGN_IN' ? event.idToken : ''),
				to: 'signedIn'
			})
		},
		signedIn: { tags: ['settled'], on: { ...SESSION_COMMANDS, ...ENDED_BY_ISSUER } },
		working: operation('perform', {
			extra: ({ context }) => context.command!,
			to: 'signedIn',
			// CHECK_SESSION found the client's own session over (its own lifetime, not the id_token's exp).
			instead: { when: ({ lastReport }) => !!lastReport && !lastReport.valid, to: 'expired' }
		}),
		/** The client's own session has ended: the user signs in again (LOGIN), or it renews. */
		expired: { tags: ['settled'], on: { ...SESSION_COMMANDS, ...ENDED_BY_ISSUER } },
		renewing: {
			initial: 'refreshing',
			states: {
				refreshing: operation('refresh', { to: '#client.validating' }),
				delegating: operation('legacyRenew', {
					extra: ({ context }) => context.legacyGrant ?? 'id_token',
					to: '#client.validating'
				}),
				silent: operation('startAuthorization', {
					extra: () => true,
					to: '#client.awaitingCallback'
				})
			}
		},
		loggingOut: operation('startLogout', { to: 'awaitingLogout' }),
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
						// The client's own session ends; `keepTokens`: a copy of the tokens lives on elsewhere.
						actions: assign({
							session: ({ context }) =>
								context.keepTokens
									? { ...context.session, appSession: undefined }
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
				NAVIGATION_FAILED: navigationFailed
			}
		},
		signedOut: { tags: ['settled'], on: SESSION_COMMANDS },
		error: { tags: ['settled'], on: SESSION_COMMANDS },
		// RFC 8628: the TV asks for codes, shows the user code, then polls until tokens come.
		deviceStarting: {
			entry: assign({ error: undefined }),
			...operation('startDeviceAuthorization', { to: 'devicePending' })
		},
		devicePending: {
			tags: ['settled'],
			on: { DEVICE_POLL: { target: 'devicePolling', actions: 'rememberDevicePoll' } }
		},
		devicePolling: operation('pollDeviceToken', {
			extra: ({ context }) => context.devicePoll ?? {},
			to: 'devicePending',
			// Tokens at last: validate them; otherwise (pending, slow_down) wait and poll again.
			instead: { when: ({ received }) => !!received, to: 'validating' }
		})
	}
});
