import { createActor, waitFor } from 'xstate';
import {
	Clock,
	createApi,
	createIssuer,
	FAPI_CLIENT,
	FAPI_CLIENT_PRIVATE_JWK,
	ISSUER_URL,
	MESSAGES_API,
	readJwks,
	REPORTS_API,
	SAMPLE_USERS,
	SPEC,
	SPA_CLIENT,
	TV_CLIENT,
	WEBAPP_CLIENT,
	type HttpRequest
} from '../core/index';
import { flowById, REPORTS_URL, type FlowDefinition, type FlowScript } from './flows/index';
import type { ClientEvent } from './machines/clientMachine';
import type { ClientConfig } from './machines/clientOperations';
import { encryptionOf } from './machines/encryptedIdToken';
import { flowMachine, isSettled, SYSTEM_IDS } from './machines/flowMachine';
import type { ServerRequest } from './machines/serverMachine';
import { Network, type Served } from './network';
import { normaliseSettings } from './settings';
import { Targeting } from './targeting';
import { TraceRecorder } from './trace';
import type { ActorName, ExpectedRefusal, FlowSettings, Trace, TraceStep } from './types';

export interface RunOptions {
	/** Hold after every step until `next()` asks for the following one. */
	stepping?: boolean;
	/** Simulated start time (seconds); the real time by default. */
	startAt?: number;
}

export interface FlowRun {
	/** Stepping mode: runs the flow on to its next step and returns it; undefined at the end. */
	next(): Promise<TraceStep | undefined>;
	/** The steps recorded so far. */
	readonly steps: readonly TraceStep[];
	/** Resolves with the whole trace when the flow has ended. */
	readonly done: Promise<Trace>;
}

/** A flow script asked for something the client could not do: the run ends there. */
class FlowStopped extends Error {
	constructor(
		readonly code: string,
		description: string
	) {
		super(`${code}: ${description}`);
	}
}

/** The TV of the device grant: a public client with no redirect URI (RFC 8628). */
function deviceConfig(scope: string): ClientConfig {
	return {
		kind: 'device',
		// Nothing is ever loaded from the TV; an origin of its own keeps it apart from the web apps.
		origin: 'https://tv.example',
		issuer: ISSUER_URL,
		credentials: { clientId: TV_CLIENT.client_id, authMethod: 'none' },
		redirectUri: '',
		silentRedirectUri: '',
		postLogoutRedirectUri: '',
		// The TV never sends an authorization request, so it has no response_type.
		responseType: '',
		scope
	};
}

function clientConfig(flow: FlowDefinition, settings: FlowSettings): ClientConfig {
	if (flow.client.par) return fapiClientConfig(flow, settings);
	if (flow.client.type === 'device') {
		const scopes = new Set([...settings.scope.split(' '), ...(flow.client.extraScopes ?? [])]);
		return { ...deviceConfig([...scopes].join(' ')), algorithms: [settings.algorithm] };
	}
	const kind = flow.client.type === 'setting' ? settings.clientType : flow.client.type;
	const registered = flow.client.registered ?? (kind === 'spa' ? SPA_CLIENT : WEBAPP_CLIENT);
	const scopes = [...new Set([...settings.scope.split(' '), ...(flow.client.extraScopes ?? [])])];
	return {
		kind,
		origin: new URL(registered.redirect_uris[0]!).origin,
		issuer: ISSUER_URL,
		credentials:
			kind === 'spa'
				? { clientId: registered.client_id, authMethod: 'none' }
				: {
						clientId: registered.client_id,
						clientSecret: registered.client_secret,
						authMethod: 'client_secret_basic'
					},
		redirectUri: registered.redirect_uris[0]!,
		// A web server renews through its normal callback; an SPA through a small page in an iframe.
		silentRedirectUri:
			registered.redirect_uris[kind === 'spa' ? 1 : 0] ?? registered.redirect_uris[0]!,
		postLogoutRedirectUri: registered.post_logout_redirect_uris[0]!,
		scope: scopes.join(' '),
		audience: flow.client.audience,
		responseType: flow.client.responseType ?? 'code',
		responseMode: flow.client.responseMode,
		algorithms: [settings.algorithm],
		...encryptionOf(registered),
		...(flow.client.dpop && { dpop: true })
	};
}

/** The FAPI client: a server-side app that signs its requests and assertions with its own key. */
function fapiClientConfig(flow: FlowDefinition, settings: FlowSettings): ClientConfig {
	const scopes = [...new Set([...settings.scope.split(' '), ...(flow.client.extraScopes ?? [])])];
	const redirectUri = FAPI_CLIENT.redirect_uris[0]!;
	return {
		kind: 'webapp',
		origin: new URL(redirectUri).origin,
		issuer: ISSUER_URL,
		// No secret: the client_assertion signed with its key authenticates it (private_key_jwt).
		credentials: { clientId: FAPI_CLIENT.client_id, authMethod: 'none' },
		redirectUri,
		silentRedirectUri: redirectUri,
		postLogoutRedirectUri: FAPI_CLIENT.post_logout_redirect_uris[0]!,
		scope: scopes.join(' '),
		audience: flow.client.audience,
		responseType: 'code',
		algorithms: [settings.algorithm],
		signingKey: { clientId: FAPI_CLIENT.client_id, privateJwk: FAPI_CLIENT_PRIVATE_JWK },
		dpop: flow.client.dpop
	};
}

/**
 * Starts a flow: creates the issuer and the flow actor (every party, one XState system), routes
 * each origin to its party by system id, and lets the flow's script play the person and the
 * clock. Accepts raw settings; invalid values fall back to defaults (see normaliseSettings).
 */
export function startFlow(input: Partial<FlowSettings>, options: RunOptions = {}): FlowRun {
	const { settings } = normaliseSettings(input);
	const flow = flowById(settings.flow);
	const clock = new Clock(options.startAt);
	const startedAt = clock.now();
	// A flow may bring its own attack or clock jump; the person's settings add to it.
	const targeting = new Targeting(
		[
			...(flow.interventions ?? []).map((intervention) => ({
				intervention,
				by: 'attacker' as const
			})),
			...settings.interventions.map((intervention) => ({ intervention, by: 'person' as const }))
		],
		[...(flow.clockJumps ?? []), ...settings.clockJumps]
	);
	const trace = new TraceRecorder(
		clock,
		targeting,
		options.stepping ?? false,
		expectedRefusals(flow)
	);
	const network = new Network(trace, targeting, ISSUER_URL);
	const outcome: Trace['outcome'] = { code: 'error', completed: false };

	const done = (async (): Promise<Trace> => {
		const actors: { stop(): void }[] = [];
		try {
			// Server DPoP nonces: the setting, where the flow honours it, or the flow's own need.
			const dpopNonce =
				flow.dpopNonce === true || (settings.dpopNonce && flow.honours.includes('dpopNonce'));
			const issuer = await createIssuer({
				clock,
				idTokenAlgorithm: settings.algorithm,
				idTokenLifetime: settings.idTokenLifetime,
				accessTokenLifetime: settings.accessTokenLifetime,
				rules: settings.rules,
				faults: flow.issuerFaults,
				dpopNonce
			});
			// The API fetches the issuer's keys once, on its first request, and caches them.
			let apiKeys: ReturnType<typeof readJwks> | undefined;
			const jwks = async () =>
				(apiKeys ??= readJwks(
					await network.send('api', {
						method: 'GET',
						url: `${ISSUER_URL}.well-known/jwks.json`,
						headers: [['Accept', 'application/jwk-set+json']]
					})
				));
			const servers = [
				createApi({
					audience: MESSAGES_API.identifier,
					issuer: ISSUER_URL,
					jwks,
					clock,
					dpopNonce
				}),
				createApi({
					audience: REPORTS_API.identifier,
					issuer: ISSUER_URL,
					jwks,
					clock,
					routes: [
						{
							method: 'GET',
							path: new URL(REPORTS_URL).pathname,
							scopes: ['read:reports'],
							respond: (c) => ({ reports: [{ id: 'q3', owner: c.sub }] })
						}
					]
				})
			];
			// The client's leeway for exp, nbf and iat is the person's setting, whatever the client.
			const config = { ...clientConfig(flow, settings), clockSkew: settings.clockSkew };
			const user = SAMPLE_USERS.find((u) => u.id === settings.user) ?? SAMPLE_USERS[0]!;
			const flowActor = createActor(flowMachine, {
				systemId: SYSTEM_IDS.flow,
				input: {
					issuer,
					servers,
					config,
					network,
					trace,
					now: () => clock.now(),
					person: {
						name: user.profile.given_name ?? user.username,
						username: user.username,
						password: user.password,
						consent: true
					}
				}
			}).start();
			actors.push(flowActor);
			const { system } = flowActor;
			// Each origin's requests go to the party registered for it in the system.
			const route = (systemId: string) => (request: HttpRequest) =>
				ask(system.get(systemId), request);
			network.register(ISSUER_URL, 'issuer', route(SYSTEM_IDS.issuer));
			network.register(MESSAGES_API.identifier, 'api', route(SYSTEM_IDS.api));
			network.register(REPORTS_API.identifier, 'api', route(SYSTEM_IDS.api));
			network.register(config.origin, 'client', route(SYSTEM_IDS.webApp));
			if (flow.attackerSite)
				network.register(
					flow.attackerSite.origin,
					'attacker',
					flow.attackerSite.serve({ network, issuer: ISSUER_URL, scope: settings.scope })
				);
			const { client } = flowActor.getSnapshot().children;
			if (!client) throw new Error('the flow started without its client');
			const settle = () => waitFor(flowActor, isSettled);

			const script: FlowScript = {
				settings,
				async command(event: ClientEvent, opts = {}) {
					const before = client.getSnapshot();
					if (!before.can(event))
						throw new FlowStopped(
							'client_not_ready',
							`the client cannot ${event.type} while ${String(before.value)}`
						);
					client.send(event);
					await settle();
					const after = client.getSnapshot();
					if (after.matches('error') && !opts.expectError) {
						throw new FlowStopped(
							after.context.error?.error ?? 'client_error',
							after.context.error?.description ?? ''
						);
					}
				},
				async activateDevice(decision = 'allow', lure) {
					const shown = client.getSnapshot().context.session.device?.authorization;
					if (!shown) throw new FlowStopped('no_user_code', 'the TV shows no code to type');
					system.get(SYSTEM_IDS.browser)?.send({
						type: 'ACTIVATE',
						url: shown.verification_uri,
						userCode: shown.user_code,
						decision,
						...(lure !== undefined && { lure })
					});
					await settle();
				},
				async visit(url, step) {
					await trace.push({
						kind: 'action',
						from: 'browser',
						to: 'browser',
						channel: 'front',
						label: step.label,
						note: step.why,
						name: 'person-visit',
						tokens: [],
						failed: false,
						spec: step.spec
					});
					system
						.get(SYSTEM_IDS.browser)
						?.send({ type: 'NAVIGATE', request: { method: 'GET', url, headers: [] } });
					await settle();
				},
				async wait(seconds, why) {
					await trace.wait(seconds, why);
				},
				async rotateKeys() {
					await issuer.rotateKeys();
					await trace.push({
						kind: 'action',
						from: 'issuer',
						to: 'issuer',
						channel: 'back',
						label: 'rotate signing key',
						name: 'rotate-keys',
						note: 'The issuer starts signing with a new key and publishes it in its JWKS beside the old one. Clients that cached the old JWKS do not know the new kid yet.',
						tokens: [],
						failed: false,
						spec: SPEC.kid
					});
				}
			};
			await flow.run(script);

			Object.assign(outcome, { code: 'completed', completed: true });
			// The run ends as its lesson when its last expected refusal (a wait aside) is one.
			const lesson = trace.steps.findLast((s) => s.expected && s.expected !== 'pending');
			if (lesson?.expected) outcome.expected = lesson.expected;
		} catch (error) {
			outcome.stopped = error instanceof Error ? error.message : String(error);
			if (error instanceof FlowStopped) {
				outcome.code = 'stopped';
				outcome.error = error.code;
				const refusal = trace.steps.findLast((s) => s.refusal)?.refusal;
				if (refusal) outcome.refusal = refusal;
			}
		} finally {
			for (const actor of actors) actor.stop();
			trace.finish();
		}
		const unexpected = trace.steps.find((s) => s.refusal && !s.expected)?.refusal;
		if (unexpected) {
			outcome.unexpected = unexpected;
			delete outcome.expected;
		}
		return {
			flow: settings.flow,
			settings,
			steps: trace.steps,
			outcome,
			startedAt,
			...(flow.participants && { participants: flow.participants })
		};
	})();

	return { next: () => trace.next(), steps: trace.steps, done };
}

/**
 * The refusals a flow expects: its own list, an attack's defence, and for a device client the
 * token endpoint's authorization_pending and slow_down, which say "keep polling" (RFC 8628 §3.5).
 */
function expectedRefusals(flow: FlowDefinition): ExpectedRefusal[] {
	const defence =
		flow.defence && !flow.defence.ignored
			? [{ code: flow.defence.check, by: flow.defence.where as ActorName, as: 'defence' as const }]
			: [];
	const polling =
		flow.client.type === 'device'
			? (['authorization_pending', 'slow_down'] as const).map((code) => ({
					code,
					by: 'issuer' as const,
					at: 'token-response' as const,
					as: 'pending' as const
				}))
			: [];
	return [...defence, ...(flow.expected ?? []), ...polling];
}

/** Runs a whole flow and returns its trace. */
export function runFlow(
	input: Partial<FlowSettings>,
	options: Omit<RunOptions, 'stepping'> = {}
): Promise<Trace> {
	return startFlow(input, { ...options, stepping: false }).done;
}

/** Hands a request to a server actor and resolves with its answer. */
function ask(
	actor: { send(event: ServerRequest): void } | undefined,
	request: HttpRequest
): Promise<Served> {
	return new Promise((reply, fail) => {
		if (!actor) return fail(new Error(`no party serves ${request.url}`));
		actor.send({ type: 'REQUEST', request, reply, fail });
	});
}
