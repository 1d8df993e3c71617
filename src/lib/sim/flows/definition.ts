/**
 * What a flow is, as data: its teaching text, the settings it reacts to, how its client is set
 * up, and the script of the person's and the clock's moves. The catalog and every family of
 * flows import this; it imports none of them.
 */
import type { Client } from '../../core/data';
import type { IssuerFaults } from '../../core/index';
import type { AttackerSite } from '../attacker/sites';
import type { ClientEvent } from '../machines/clientMachine';
import type {
	ActorName,
	ClientType,
	ClockJump,
	ExpectedRefusal,
	FlowId,
	FlowSettings,
	Intervention
} from '../types';

/** What a flow script can ask of the world: the person's and the clock's moves, not the protocol's. */
export interface FlowScript {
	/** Sends the client a command and waits until every actor is at rest. */
	command(event: ClientEvent, options?: { expectError?: boolean }): Promise<void>;
	/** The simulated clock jumps forward, shown as a step. */
	wait(seconds: number, why: string): Promise<void>;
	/** The issuer starts signing with a new key. */
	rotateKeys(): Promise<void>;
	/**
	 * The person picks up their phone (the browser), opens the verification URI the TV shows and
	 * types its code, then allows or denies the TV (RFC 8628 §3.3). `lure`: how the code reached
	 * them when it did not come from a screen in front of them (remote phishing, §5.4).
	 */
	activateDevice(decision?: 'allow' | 'deny', lure?: string): Promise<void>;
	/** The person opens a URL in the browser's top window, shown first as their own step. */
	visit(url: string, step: { label: string; why: string; spec: string }): Promise<void>;
	readonly settings: FlowSettings;
}

export type FlowStatus =
	'recommended' | 'legacy' | 'deprecated' | 'not-recommended' | 'pitfall' | 'attack';

export interface FlowDefinition {
	id: FlowId;
	title: string;
	/** One paragraph: what happens and why it matters. */
	summary: string;
	status: FlowStatus;
	/** Why a flow is legacy, deprecated or not recommended, and what to use instead. */
	caveat?: string;
	specs: { label: string; url: string }[];
	/** The settings this flow's run reacts to. */
	honours: (keyof FlowSettings)[];
	/** How the client is set up for this flow. */
	client: {
		/** `device`: the TV client of the device authorization grant (RFC 8628). */
		type: ClientType | 'setting' | 'device';
		responseType?: string;
		responseMode?: 'query' | 'fragment' | 'form_post';
		/** Scopes the flow needs besides the user's choice. */
		extraScopes?: string[];
		audience?: string;
		/** The FAPI client: PAR with a signed request object, private_key_jwt. */
		par?: boolean;
		/** DPoP-bound tokens: a proof with every token and API request. */
		dpop?: boolean;
		/** The registration the client runs as, when not the default SPA or web app. */
		registered?: Client;
	};
	/** Deliberate issuer misbehaviour the scenario shows the client refusing. */
	issuerFaults?: IssuerFaults;
	/** The issuer and the API require DPoP nonces whatever the setting (RFC 9449 §8, §9). */
	dpopNonce?: boolean;
	/** Attacks built into the flow (an attack scenario), before any the person adds. */
	interventions?: Intervention[];
	clockJumps?: ClockJump[];
	/** For attack scenarios: which defence fires, by check id or error code. */
	defence?: {
		check: string;
		where: string;
		/** The attack is not refused but has no effect: the check says what was ignored. */
		ignored?: boolean;
	};
	/**
	 * Refusals that are this flow's point, not errors (an expired access token it shows, a
	 * logout's login_required). An attack's `defence` is expected without being listed.
	 */
	expected?: ExpectedRefusal[];
	/** A server the scenario's attacker runs at its own origin (its app, its authorization server). */
	attackerSite?: AttackerSite;
	/** Names for the lanes where the default (Browser, Client) would mislead: a TV and a phone. */
	participants?: Partial<Record<ActorName, string>>;
	run(world: FlowScript): Promise<void>;
}

/** What a page says about a flow (no run): prerendered into the page, so no script carries it. */
export type FlowInfo = Pick<
	FlowDefinition,
	'id' | 'title' | 'summary' | 'status' | 'caveat' | 'specs' | 'defence' | 'honours'
>;

/** A family's flows, in any order (the catalog orders them by FLOW_IDS). */
export type FlowFamily = readonly FlowDefinition[];

export type { FlowId };
