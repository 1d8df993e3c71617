import { formatDuration, type Clock } from '../core/index';
import type { ClockJump, TraceStep } from './types';

export type StepInput = Omit<TraceStep, 'index' | 'at'>;

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
		private readonly jumps: ClockJump[],
		private readonly stepping: boolean
	) {}

	get nextIndex(): number {
		return this.steps.length;
	}

	async push(input: StepInput): Promise<TraceStep> {
		const step: TraceStep = { ...input, index: this.steps.length, at: this.clock.now() };
		this.steps.push(step);
		if (this.stepping) await this.#hold(step);
		// A jump "after step k" happens once step k is done.
		for (const jump of this.jumps.filter((j) => j.afterStep === step.index))
			await this.wait(jump.seconds, 'clock jump from the settings');
		return step;
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
			note: why,
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
