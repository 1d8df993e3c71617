import type { FlowInfo } from '$lib/sim/flows/index';
import type { RunChanges } from '$lib/sim/diff';
import type { FlowSettings, StepRef, Trace, TraceStep } from '$lib/sim/types';
import type { LegacyAims } from '$lib/sim/aimUrl';
import type { View } from '$lib/sim/url';

/**
 * The engine (XState, jose, the issuer) loads after the page shows, not with it. The key store
 * comes with it, so the first run already signs with the keys a previous visit kept.
 */
const engine = (keepKeys: boolean) =>
	Promise.all([preloadEngine(), keepKeys && import('./keyStore')]).then(([director, keys]) => {
		if (keys) keys.keepKeys();
		return director;
	});

let engineLoading: Promise<typeof import('$lib/sim/director')> | undefined;

/** Starts fetching the engine before a Simulation needs it (a page's load function calls it). */
export function preloadEngine(): Promise<typeof import('$lib/sim/director')> {
	engineLoading ??= import('$lib/sim/director');
	return engineLoading;
}

/** A page that names no flow of its own (an imported recording) shows only the id. */
function placeholderInfo(id: FlowSettings['flow']): FlowInfo {
	return { id, title: id, summary: '', status: 'recommended', specs: [], honours: [] };
}

/** Steps per second at speed 1 while playing. */
const BASE_RATE = 0.8;

/**
 * A running simulation for the UI: settings, the trace they produce, and the step shown.
 * Sealed: every field is read-only from outside, and every change goes through a method.
 */
export class Simulation {
	/** The flow the page was built for, as its prerendered data describes it. */
	#info: FlowInfo | undefined;
	#settings = $state.raw<FlowSettings>() as FlowSettings;
	#trace = $state.raw<Trace | undefined>();
	#step = $state(0);
	#playing = $state(false);
	#speed = $state(1);
	#running = $state(false);
	#changes = $state.raw<RunChanges | undefined>();
	#error = $state<string | undefined>();
	#recorded = $state(false);
	/** Where a page labels it (the embed), a recorded run stands in when this page cannot sign. */
	readonly allowRecorded: boolean;
	/**
	 * Keep the issuer's keys in this browser for later visits (the site's own pages, whose
	 * /learn page offers to forget them); an embed, in someone else's page, makes fresh ones.
	 */
	readonly keepKeys: boolean;

	get settings(): FlowSettings {
		return this.#settings;
	}
	get trace(): Trace | undefined {
		return this.#trace;
	}
	/** The step shown, 0-based. */
	get step(): number {
		return this.#step;
	}
	get playing(): boolean {
		return this.#playing;
	}
	get speed(): number {
		return this.#speed;
	}
	/** True while a run is under way. */
	get running(): boolean {
		return this.#running;
	}
	/** What changed in the id_token and in the checks' results after the last settings change. */
	get changes(): RunChanges | undefined {
		return this.#changes;
	}
	get error(): string | undefined {
		return this.#error;
	}
	/** True when the trace shown is the build's recorded run, not one made in this page. */
	get recorded(): boolean {
		return this.#recorded;
	}

	readonly current: TraceStep | undefined = $derived(this.#trace?.steps[this.#step]);
	readonly count: number = $derived(this.#trace?.steps.length ?? 0);
	/** The catalog (every flow's text) loads beside the engine; until then, the page's own flow. */
	#catalog = $state.raw<typeof import('$lib/sim/flows/index')>();
	/** What the page says about the flow being run: its title, summary, specs and defence. */
	get flow(): FlowInfo {
		const id = this.#settings.flow;
		return (
			this.#catalog?.flowInfo(id) ??
			(this.#info?.id === id ? this.#info : undefined) ??
			placeholderInfo(id)
		);
	}

	/** Runs start at one simulated instant, so re-runs differ only by what the settings change. */
	readonly #startAt = Math.floor(Date.now() / 1000);
	#run = 0;
	#timer: ReturnType<typeof setInterval> | undefined;

	constructor(
		view: View,
		options: { allowRecorded?: boolean; keepKeys?: boolean; info?: FlowInfo } = {}
	) {
		this.#settings = view.settings;
		this.#step = view.step;
		this.allowRecorded = options.allowRecorded ?? false;
		this.keepKeys = options.keepKeys ?? true;
		this.#info = options.info;
		if (typeof window !== 'undefined')
			void import('$lib/sim/flows/index').then((catalog) => (this.#catalog = catalog));
	}

	/** Shows the view a URL names: its settings and step. Call `load` to run it. */
	restore(view: View): void {
		this.#settings = view.settings;
		this.#step = view.step;
	}

	/** Shows a trace made elsewhere (an imported recording), not run here. */
	showTrace(trace: Trace | undefined, settings: FlowSettings, step = 0): void {
		this.pause();
		this.#run++;
		this.#running = false;
		this.#settings = settings;
		this.#trace = trace;
		this.#changes = undefined;
		this.#error = undefined;
		this.goto(step);
	}

	/** Runs the flow with the current settings; keeps the step where it still exists. */
	async load(): Promise<{ clamped: boolean }> {
		const run = ++this.#run;
		this.#running = true;
		// WebCrypto exists only in secure contexts: https pages, and frames whose every parent is one.
		if (!globalThis.crypto?.subtle) {
			if (this.allowRecorded) return this.#replayRecorded(run);
			this.#error =
				'this page is not in a secure context (https), so the browser offers no WebCrypto to sign tokens with. Embed it in an https page.';
			this.#running = false;
			return { clamped: false };
		}
		try {
			// The run's differences from the last one are worked out beside the engine, not before it.
			const [{ runFlow }, { diffRuns }] = await Promise.all([
				engine(this.keepKeys),
				import('$lib/sim/diff')
			]);
			const trace = await runFlow(this.#settings, { startAt: this.#startAt });
			if (run !== this.#run) return { clamped: false };
			// A User Timing mark: when the run's trace exists, for DevTools and the benchmark.
			performance.mark('tokenstep:trace-ready');
			const before = this.#trace;
			this.#trace = trace;
			this.#error = undefined;
			this.#changes = before && before.flow === trace.flow ? diffRuns(before, trace) : undefined;
			const clamped = this.#step > trace.steps.length - 1;
			if (clamped) this.#step = Math.max(0, trace.steps.length - 1);
			return { clamped };
		} catch (e) {
			this.#error = e instanceof Error ? e.message : String(e);
			return { clamped: false };
		} finally {
			if (run === this.#run) this.#running = false;
		}
	}

	/** Shows the run the build recorded for this flow with default settings. */
	async #replayRecorded(run: number): Promise<{ clamped: boolean }> {
		try {
			const { loadRecordedTrace } = await import('$lib/embed/recorded');
			const trace = await loadRecordedTrace(this.#settings.flow);
			if (run !== this.#run) return { clamped: false };
			this.#trace = trace;
			this.#settings = trace.settings;
			this.#recorded = true;
			this.#error = undefined;
			const clamped = this.#step > trace.steps.length - 1;
			if (clamped) this.#step = Math.max(0, trace.steps.length - 1);
			return { clamped };
		} catch {
			this.#error =
				'this page is not in a secure context (https), so the browser offers no WebCrypto to sign tokens with, and the recorded run could not be loaded. Embed it in an https page.';
			return { clamped: false };
		} finally {
			if (run === this.#run) this.#running = false;
		}
	}

	/**
	 * Converts an old link's position-based attacks and clock jumps to message-based ones, and
	 * says so in a notice.
	 */
	async upgradeLegacy(legacy: LegacyAims): Promise<string> {
		const { upgradeLegacy } = await import('$lib/sim/legacy');
		const { settings, converted, dropped } = await upgradeLegacy(this.#settings, legacy, {
			startAt: this.#startAt
		});
		this.#settings = settings;
		const lost = dropped ? ` ${dropped} named no message of this flow and were left out.` : '';
		return `This link is in an older form that counted steps; its ${converted} attack(s) and clock jump(s) now name the messages they act on.${lost}`;
	}

	/** Runs another flow from its first step, keeping the other settings. */
	switchFlow(flow: FlowSettings['flow']): Promise<{ clamped: boolean }> {
		this.#step = 0;
		return this.apply({ flow });
	}

	apply(patch: Partial<FlowSettings>): Promise<{ clamped: boolean }> {
		this.#settings = { ...this.#settings, ...patch };
		return this.load();
	}

	goto(index: number): void {
		const last = this.count - 1;
		this.#step = Math.max(0, Math.min(index, last));
		if (this.#step >= last) this.pause();
	}

	/** Shows the step that is this protocol step, if the trace has it. */
	show(ref: StepRef): void {
		// targeting.ts's sameStep, written out: importing it would bring the settings' rules into
		// the page's first scripts (they share a chunk).
		const index =
			this.#trace?.steps.findIndex(
				(s) => s.ref?.message === ref.message && s.ref.nth === ref.nth
			) ?? -1;
		if (index >= 0) this.goto(index);
	}

	next = (): void => this.goto(this.#step + 1);
	back = (): void => this.goto(this.#step - 1);
	first = (): void => this.goto(0);
	last = (): void => this.goto(this.count - 1);

	play(): void {
		if (this.#step >= this.count - 1) this.#step = 0;
		this.#playing = true;
		this.#schedule();
	}

	pause(): void {
		this.#playing = false;
		clearInterval(this.#timer);
		this.#timer = undefined;
	}

	toggle = (): void => (this.#playing ? this.pause() : this.play());

	setSpeed(speed: number): void {
		this.#speed = speed;
		if (this.#playing) this.#schedule();
	}

	#schedule(): void {
		clearInterval(this.#timer);
		this.#timer = setInterval(() => this.next(), 1000 / (BASE_RATE * this.#speed));
	}

	destroy(): void {
		this.pause();
	}
}
