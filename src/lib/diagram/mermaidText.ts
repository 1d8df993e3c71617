import { describeCounts, isFailure } from '../core/checks';
import { visibleText } from '../core/visible';
import { ACTOR_LABELS, type ActorName, type Trace, type TraceStep } from '../sim/types';

/** Participants in diagram order; only those a trace uses are drawn. */
const PARTICIPANTS: { actor: ActorName; name: string }[] = [
	{ actor: 'browser', name: 'Browser' },
	{ actor: 'client', name: 'Client' },
	{ actor: 'issuer', name: 'Issuer' },
	{ actor: 'api', name: 'API' },
	{ actor: 'attacker', name: 'Attacker' }
];

const NAME = ACTOR_LABELS;

/** Which rendered elements show each step: the Nth message, and the Mth note if it has one. */
export interface DiagramLayout {
	text: string;
	steps: { message: number; note?: number }[];
}

const MAX_LABEL = 90;
/** Mermaid's default `maxTextSize`: longer text draws an error box instead of the diagram. */
export const MERMAID_MAX_TEXT = 50_000;
const MAX_NOTE = 44;

/**
 * Makes any text safe inside a Mermaid message or note: no character can end the statement,
 * start a directive or comment, or become markup. Control and bidirectional-override
 * characters are shown as their code point, so a hostile value cannot reorder what is shown.
 */
export function mermaidSafe(text: string, max = MAX_LABEL): string {
	const visible = visibleText(text.replace(/[\n\t]/g, ' '));
	const short = visible.length > max ? `${visible.slice(0, max - 1)}…` : visible;
	// Everything but plain letters, digits, spaces and a few inert marks becomes an entity code (#NN;).
	// `$` is not inert: Mermaid typesets `$$…$$` as math.
	return short.replace(/[^\p{L}\p{N} ./_=,()?!@|'*+~^[\]✓✗⏱→…-]/gu, (c) => `#${c.codePointAt(0)};`);
}

function checkSummary(step: TraceStep): string | undefined {
	const report = step.checks;
	if (!report) return undefined;
	const failed = report.checks.filter(isFailure);
	if (!failed.length) return `✓ ${describeCounts(report)}`;
	const first = failed[0]!;
	return `✗ ${first.id}: ${first.detail}`;
}

function message(step: TraceStep): string {
	const from = NAME[step.from];
	const to = NAME[step.to];
	switch (step.kind) {
		case 'request':
			// A dashed arrow for a message that happened where the capture could not see it.
			return `${from}${step.observed === false ? '-->>' : '->>'}${to}: ${mermaidSafe(step.label)}`;
		case 'response':
			return `${from}${step.failed ? '--x' : '-->>'}${to}: ${mermaidSafe(step.label)}`;
		case 'action': {
			const verdict = step.checks ? (step.checks.valid ? ' ✓' : ' ✗') : '';
			return `${from}${step.failed ? '-x' : '->>'}${to}: ${mermaidSafe(step.label + verdict)}`;
		}
		case 'time':
			return `${from}-->>${to}: ${mermaidSafe(`Clock: ${step.label}`)}`;
	}
}

/** Short flags worth a note on the diagram; the inspector has the whole story. */
function noteFor(step: TraceStep): string | undefined {
	const summary = checkSummary(step);
	if (summary) return summary;
	// Flags for the message itself, not for the attacker's act that changed it.
	const how = step.kind === 'action' ? undefined : step.change?.how;
	if (how === 'tamper' || how === 'alg-none') return '⚠ tampered in transit';
	if (how === 'replay') return '⚠ replayed by an attacker';
	if (step.notes?.some((n) => n.kind === 'deprecated')) return '⚠ deprecated endpoint';
	return undefined;
}

/** The trace as a Mermaid sequenceDiagram: one numbered message per step, notes for verdicts. */
export function traceToMermaid(trace: Trace): DiagramLayout {
	const used = new Set(trace.steps.flatMap((s) => [s.from, s.to]));
	const present = PARTICIPANTS.filter((p) => used.has(p.actor));
	const rightmost = present.at(-1)?.actor;
	const lines = ['sequenceDiagram', '    autonumber'];
	for (const p of present) {
		const shown = trace.participants?.[p.actor];
		lines.push(`    participant ${p.name}${shown ? ` as ${mermaidSafe(shown, 40)}` : ''}`);
	}
	const steps: DiagramLayout['steps'] = [];
	let notes = 0;
	trace.steps.forEach((step, i) => {
		lines.push(`    ${message(step)}`);
		const note = noteFor(step);
		if (note) {
			// Notes stay inside the lanes, so they never widen the diagram past its participants.
			const side = step.from === rightmost ? 'left' : 'right';
			const where =
				step.from === step.to
					? `${side} of ${NAME[step.from]}`
					: `over ${NAME[step.from]},${NAME[step.to]}`;
			lines.push(`    Note ${where}: ${mermaidSafe(note, MAX_NOTE)}`);
			steps.push({ message: i, note: notes++ });
		} else {
			steps.push({ message: i });
		}
	});
	return { text: lines.join('\n') + '\n', steps };
}
