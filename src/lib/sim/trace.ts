import { formatDuration, type Clock } from '../core/index';
import type { Targeting } from './targeting';
import type { ActionName, ExpectedRefusal, StepNote, TraceStep } from './types';

/**
 * A step to record. `note` is a plain explanation; `notes` gives each note its kind. An action
 * a clock jump can aim at passes its `name`, and the recorder counts it.
 */
export type StepInput = Omit<TraceStep, 'index' | 'at' | 'notes'> & {
	notes?: StepNote[];
	name?: ActionName;
};

/**
 * Records the trace. In stepping mode every recorded step holds the flow until `next()` is
 * called again, so the actors really run one message at a time.
 */
export class TraceRecorder {
	readonly steps: TraceStep[] = [];
	#waiting: ((step: TraceStep | undefined) => void) | undefined;
	#release: (() => void) | undefined;
	#buffered: TraceStep[] = [];
	#finished = false;

	constructor(
		private readonly clock: Clock,
		private readonly targeting: Targeting,
		private readonly stepping: boolean,
		/** The refusals the flow expects: a step refused by one of them is coded `expected`. */
		private readonly expectations: readonly ExpectedRefusal[] = []
	) {}

	get nextIndex(): number {
		return this.steps.length;
	}

	async push(input: StepInput): Promise<TraceStep> {
		const { name, notes: given, ...fields } = input;
		const notes = given ?? (input.note ? [{ kind: 'why' as const, text: input.note }] : []);
		const step: TraceStep = {
			...fields,
			note: notes.length ? notes.map((n) => n.text).join(' ') : undefined,
			notes,
			ref: input.ref ?? (name ? this.targeting.count(name) : undefined),
			index: this.steps.length,
			at: this.clock.now()
		};
		step.expected ??= this.expectedFor(step);
		// Absent, not undefined: traces are compared and exported as plain data.
		for (const key of ['ref', 'note', 'refusal', 'change', 'expected'] as const)
			if (step[key] === undefined) delete step[key];
		this.steps.push(step);
		if (this.stepping) await this.#hold(step);
		// A jump "after step X" happens once step X is done.
		for (const jump of this.targeting.jumpsAfter(step.ref))
			await this.wait(jump.seconds, 'clock jump from the settings');
		return step;
	}

	/** Why the flow expects this step's refusal, if it does (see ExpectedRefusal). */
	expectedFor(step: Pick<TraceStep, 'refusal' | 'ref'>): TraceStep['expected'] {
		const { refusal } = step;
		if (!refusal) return undefined;
		return this.expectations.find(
			(e) =>
				e.code === refusal.code &&
				(e.by === undefined || e.by === refusal.by) &&
				(e.at === undefined || e.at === step.ref?.message)
		)?.as;
	}

	/** Time passes: shown as its own step so the diagram says why tokens expire. */
	async wait(seconds: number, why: string): Promise<TraceStep> {
		this.clock.advance(seconds);
		return this.push({
			kind: 'time',
			from: 'client',
			to: 'client',
			channel: 'back',
			label: `${formatWait(seconds)} pass`,
			notes: [{ kind: 'time', text: why }],
			tokens: [],
			failed: false,
			spec: 'https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4'
		});
	}

	#hold(step: TraceStep): Promise<void> {
		if (this.#waiting) {
			const resolve = this.#waiting;
			this.#waiting = undefined;
			resolve(step);
		} else {
			this.#buffered.push(step);
		}
		return new Promise((release) => (this.#release = release));
	}

	/**
	 * Stepping mode: returns the next step. The flow stays held after each step it records, and
	 * only runs on, to its next step, when that step is asked for.
	 */
	next(): Promise<TraceStep | undefined> {
		const buffered = this.#buffered.shift();
		if (buffered) return Promise.resolve(buffered);
		if (this.#finished) return Promise.resolve(undefined);
		const promise = new Promise<TraceStep | undefined>((resolve) => (this.#waiting = resolve));
		const release = this.#release;
		this.#release = undefined;
		release?.();
		return promise;
	}

	finish(): void {
		this.#finished = true;
		this.#waiting?.(undefined);
		this.#waiting = undefined;
	}
}

function formatWait(seconds: number): string {
	if (seconds % 3600 === 0) return `${seconds / 3600} h`;
	if (seconds % 60 === 0) return `${seconds / 60} min`;
	return seconds > 60 ? `${formatDuration(seconds)} (${seconds} s)` : `${seconds} s`;
}
