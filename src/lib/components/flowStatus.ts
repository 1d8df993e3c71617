import type { FlowInfo, FlowStatus } from '$lib/sim/flows/index';
import {
	actorName,
	type ActorName,
	type ExpectedCode,
	type Trace,
	type TraceStep
} from '$lib/sim/types';

/** How each kind of flow is labelled in the gallery and on its page. */
export const STATUS_LABEL: Record<FlowStatus, string> = {
	recommended: 'Recommended',
	legacy: 'Legacy',
	deprecated: 'Deprecated parts',
	'not-recommended': 'Not recommended',
	pitfall: 'Pitfall',
	attack: 'Attack'
};

/** How a refused step reads: an expected refusal is the point of the flow, an error is not. */
export type VerdictTone = 'expected' | 'pending' | 'error';

export interface StepVerdict {
	tone: VerdictTone;
	icon: string;
	words: string;
	/** The refusal's code (a check id or an OAuth error), shown beside the words. */
	code: string;
}

/** Words and icon for each expected code: what the refusal means for the person watching. */
export const EXPECTED_WORDS: Record<ExpectedCode, { icon: string; words: string }> = {
	defence: { icon: '✓', words: 'Stopped, as it should be' },
	'signed-out': { icon: '✓', words: 'Signed out, as it should be' },
	lesson: { icon: '✓', words: 'Refused, as this flow shows' },
	pending: { icon: '…', words: 'Waiting for the person' }
};

/** The verdict of a refused step, by its codes (never its words); undefined when nothing was refused. */
export function stepVerdict(
	step: Pick<TraceStep, 'refusal' | 'expected' | 'from'>,
	participants?: Trace['participants']
): StepVerdict | undefined {
	if (!step.refusal) return undefined;
	const code = step.refusal.code;
	if (step.expected) {
		const { icon, words } = EXPECTED_WORDS[step.expected];
		return { tone: step.expected === 'pending' ? 'pending' : 'expected', icon, words, code };
	}
	return {
		tone: 'error',
		icon: '✗',
		words: `Refused by the ${actorName(step.refusal.by, participants)}`,
		code
	};
}

/** The check that fired as an attack's defence, in words with its id: from the run when there is one. */
export function defenceCheck(
	defence: NonNullable<FlowInfo['defence']>,
	trace?: Pick<Trace, 'steps' | 'participants'>
): { id: string; label?: string; by: string } {
	const by = actorName(defence.where as ActorName, trace?.participants);
	const steps = trace?.steps ?? [];
	// The check that failed where the defence held, else any check of that id the run made.
	for (const step of steps)
		if (step.expected === 'defence' && step.checks) {
			const failed = step.checks.checks.find((c) => c.status === 'failed');
			if (failed) return { id: failed.id, label: failed.label, by };
		}
	for (const step of steps) {
		const check = step.checks?.checks.find((c) => c.id === defence.check);
		if (check) return { id: check.id, label: check.label, by };
	}
	return { id: defence.check, by };
}

/** Most characters a home-page card's text runs to before it stops, always at a sentence's end. */
export const CARD_TEXT = 260;
/** A lead shorter than this takes the next sentence too, whatever its length. */
const CARD_MIN = 100;

/**
 * A flow's summary for its card: its opening sentences, whole, as many as fit in `max`
 * characters (a short lead takes one more, however long), never cut inside a sentence.
 */
export function cardText(summary: string, max = CARD_TEXT): string {
	// A sentence ends at . ! or ? followed by a space and a capital or an opening mark; "§4.7.1"
	// and "e.g. x" are not ends.
	const sentences = summary.split(/(?<=[.!?])\s+(?=[A-Z“"(‘])/);
	let text = sentences[0] ?? '';
	for (const next of sentences.slice(1)) {
		if (text.length >= CARD_MIN && text.length + 1 + next.length > max) break;
		text = `${text} ${next}`;
	}
	return text;
}
