/**
 * Aiming: the one place that names steps, counts their occurrences, and finds the
 * interventions and clock jumps aimed at each. Everything else asks here.
 */
import { lookupTable } from '../core/lookup';
import type { HttpRequest } from '../core/index';
import {
	MESSAGE_NAMES,
	type ActorName,
	type Change,
	type ClockJump,
	type Intervention,
	type MessageEndpoint,
	type MessageName,
	type StepName,
	type StepRef,
	type TraceStep
} from './types';

/** An intervention and who made it: the scenario's attacker, or the person at the simulator. */
export interface Aimed {
	intervention: Intervention;
	by: Change['by'];
}

/** Issuer paths, as the mock issuer serves them, by the endpoint they are. */
const ISSUER_PATHS = lookupTable<MessageEndpoint>({
	'/authorize': 'authorize',
	'/login': 'login',
	'/oauth/token': 'token',
	'/.well-known/openid-configuration': 'discovery',
	'/.well-known/jwks.json': 'jwks',
	'/userinfo': 'userinfo',
	'/tokeninfo': 'tokeninfo',
	'/delegation': 'delegation',
	'/oidc/logout': 'logout',
	'/oauth/par': 'par',
	'/oauth/device/code': 'device-authorization',
	'/activate': 'activate'
});

/** The client's own endpoints that are not its redirect URI: the logout notifications it receives. */
const CLIENT_PATHS = lookupTable<MessageEndpoint>({
	'/backchannel-logout': 'backchannel-logout',
	'/frontchannel-logout': 'frontchannel-logout'
});

/** What endpoint a request goes to, from the party that answers it and its path. */
export function endpointOf(request: HttpRequest, to: ActorName): MessageEndpoint {
	if (to === 'api') return 'api';
	if (to === 'client') return CLIENT_PATHS[new URL(request.url).pathname] ?? 'callback';
	// An attacker's authorization server (mix-up) serves the same endpoints as the issuer.
	if (to === 'issuer' || to === 'attacker')
		return ISSUER_PATHS[new URL(request.url).pathname] ?? 'page';
	return 'page';
}

export function isMessageName(name: string): name is MessageName {
	return (MESSAGE_NAMES as string[]).includes(name);
}

export function sameStep(a: StepRef | undefined, b: StepRef | undefined): boolean {
	return !!a && !!b && a.message === b.message && a.nth === b.nth;
}

/** Where this step is in a trace: the index of the step whose ref it is, or -1. */
export function indexOfRef(steps: readonly TraceStep[], ref: StepRef): number {
	return steps.findIndex((s) => sameStep(s.ref, ref));
}

export class Targeting {
	readonly #counts = new Map<StepName, number>();
	readonly #used = new Set<Aimed>();

	constructor(
		private readonly interventions: readonly Aimed[],
		private readonly jumps: readonly ClockJump[]
	) {}

	/** Counts one more occurrence of a protocol step and returns its name and number. */
	count<N extends StepName>(message: N): StepRef<N> {
		const nth = (this.#counts.get(message) ?? 0) + 1;
		this.#counts.set(message, nth);
		return { message, nth };
	}

	/**
	 * The interventions aimed at this message that change it in transit (not replays), each
	 * handed out once: a recipe may send requests of its own, which must not trigger it again.
	 */
	changesFor(ref: StepRef<MessageName> | undefined): Aimed[] {
		return this.#take(ref, (i) => i.kind !== 'replay');
	}

	/** The replays of this request, each handed out once. */
	replaysOf(ref: StepRef<MessageName> | undefined): Aimed[] {
		return this.#take(ref, (i) => i.kind === 'replay');
	}

	/** The clock jumps that happen once this step is done. */
	jumpsAfter(ref: StepRef | undefined): ClockJump[] {
		return this.jumps.filter((j) => sameStep(j, ref));
	}

	#take(ref: StepRef | undefined, which: (i: Intervention) => boolean): Aimed[] {
		const aimed = this.interventions.filter(
			(a) => !this.#used.has(a) && which(a.intervention) && sameStep(a.intervention, ref)
		);
		for (const a of aimed) this.#used.add(a);
		return aimed;
	}
}

/**
 * What a step the person is looking at aims at: its own ref, or for steps that have none
 * (time passing, the attacker's own acts) the nearest protocol step before it.
 */
export function refAtOrBefore(steps: readonly TraceStep[], index: number): StepRef | undefined {
	for (let i = Math.min(index, steps.length - 1); i >= 0; i--) {
		const ref = steps[i]!.ref;
		if (ref) return ref;
	}
	return undefined;
}

/** "1st token response", "2nd api request": a step as a person reads it. */
export function describeRef(ref: StepRef): string {
	const n = ref.nth;
	const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
	return `${n}${suffix} ${ref.message.replaceAll('-', ' ')}`;
}
