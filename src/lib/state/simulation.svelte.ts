import { flowById } from '$lib/sim/catalog';
import { diffIdTokens, lastIdToken, type ClaimChange } from '$lib/sim/diff';
import type { FlowSettings, Trace, TraceStep } from '$lib/sim/types';
import type { View } from '$lib/sim/url';

/** The engine (XState, jose, the issuer) loads after the page shows, not with it. */
const engine = () => import('$lib/sim/director');

/** Steps per second at speed 1 while playing. */
const BASE_RATE = 0.8;

/**
 * A running simulation for the UI: settings, the trace they produce, and the step shown.
 * Every write goes through a method; components read the fields.
 */
export class Simulation {
	settings = $state.raw<FlowSettings>() as FlowSettings;
	trace = $state.raw<Trace | undefined>();
	step = $state(0);
	playing = $state(false);
	speed = $state(1);
	running = $state(false);
	/** What changed in the id_token after the last settings change. */
	changes = $state.raw<ClaimChange[] | undefined>();
	error = $state<string | undefined>();

	readonly current: TraceStep | undefined = $derived(this.trace?.steps[this.step]);
	readonly count: number = $derived(this.trace?.steps.length ?? 0);
	readonly flow = $derived(flowById(this.settings.flow));

	/** Runs start at one simulated instant, so re-runs differ only by what the settings change. */
	readonly #startAt = Math.floor(Date.now() / 1000);
	#run = 0;
	#timer: ReturnType<typeof setInterval> | undefined;

	constructor(view: View) {
		this.settings = view.settings;
		this.step = view.step;
	}

	/** Runs the flow with the current settings; keeps the step where it still exists. */
	async load(): Promise<{ clamped: boolean }> {
		const run = ++this.#run;
		this.running = true;
		if (!globalThis.crypto?.subtle) {
			// WebCrypto exists only in secure contexts: https pages, and frames whose every parent is one.
			this.error =
				'this page is not in a secure context (https), so the browser offers no WebCrypto to sign tokens with. Embed it in an https page.';
			this.running = false;
			return { clamped: false };
		}
		try {
			const { runFlow } = await engine();
			const trace = await runFlow(this.settings, { startAt: this.#startAt });
			if (run !== this.#run) return { clamped: false };
			const before = this.trace;
			this.trace = trace;
			this.error = undefined;
			this.changes =
				before && before.flow === trace.flow
					? diffIdTokens(lastIdToken(before), lastIdToken(trace))
					: undefined;
			const clamped = this.step > trace.steps.length - 1;
			if (clamped) this.step = Math.max(0, trace.steps.length - 1);
			return { clamped };
		} catch (e) {
			this.error = e instanceof Error ? e.message : String(e);
			return { clamped: false };
		} finally {
			if (run === this.#run) this.running = false;
		}
	}

	apply(patch: Partial<FlowSettings>): Promise<{ clamped: boolean }> {
		this.settings = { ...this.settings, ...patch };
		return this.load();
	}

	goto(index: number): void {
		const last = this.count - 1;
		this.step = Math.max(0, Math.min(index, last));
		if (this.step >= last) this.pause();
	}

	next = (): void => this.goto(this.step + 1);
	back = (): void => this.goto(this.step - 1);
	first = (): void => this.goto(0);
	last = (): void => this.goto(this.count - 1);

	play(): void {
		if (this.step >= this.count - 1) this.step = 0;
		this.playing = true;
		this.#schedule();
	}

	pause(): void {
		this.playing = false;
		clearInterval(this.#timer);
		this.#timer = undefined;
	}

	toggle = (): void => (this.playing ? this.pause() : this.play());

	setSpeed(speed: number): void {
		this.speed = speed;
		if (this.playing) this.#schedule();
	}

	#schedule(): void {
		clearInterval(this.#timer);
		this.#timer = setInterval(() => this.next(), 1000 / (BASE_RATE * this.speed));
	}

	destroy(): void {
		this.pause();
	}
}
