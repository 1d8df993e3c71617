import { describeCounts, isFailure } from '../core/jwt/checks';
import { visibleText } from '../core/visible';
import {
	ACTOR_LABELS,
	type ActorName,
	type ExpectedCode,
	type Trace,
	type TraceStep
} from '../sim/types';

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
	/** `note` counts notes; `noteLines` is how many text lines (rendered elements) that note has. */
	steps: { message: number; note?: number; noteLines?: number }[];
}

const MAX_LABEL = 90;
/** Mermaid's default `maxTextSize`: longer text draws an error box instead of the diagram. */
export const MERMAID_MAX_TEXT = 50_000;
/** Notes wrap at this many characters a line, so they stay narrow and are never cut. */
const NOTE_LINE = 34;

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
	// Every failed check is named, the first with why; the inspector lists the rest with theirs.
	const others =
		failed.length > 1
			? ` (also failed: ${failed
					.slice(1)
					.map((c) => c.id)
					.join(', ')})`
			: '';
	return `${step.expected ? EXPECTED_NOTE[step.expected] : '✗'} ${first.id}: ${first.detail}${others}`;
}

/** An expected refusal's mark on its arrow: it is the flow's point, not an error (see ExpectedCode). */
const EXPECTED_MARK: Record<ExpectedCode, string> = {
	defence: ' ✓ stopped',
	lesson: ' ✓ as expected',
	'signed-out': ' ✓ signed out',
	pending: ' … waiting'
};
/** How an expected refusal's validation note begins, instead of a ✗. */
const EXPECTED_NOTE: Record<ExpectedCode, string> = {
	defence: '✓ stopped by',
	lesson: '✓ refused, as expected, by',
	'signed-out': '✓',
	pending: '…'
};

function message(step: TraceStep): string {
	const from = NAME[step.from];
	const to = NAME[step.to];
	const expected = step.expected ? EXPECTED_MARK[step.expected] : '';
	switch (step.kind) {
		case 'request':
			// A dashed arrow for a message that happened where the capture could not see it.
			return `${from}${step.observed === false ? '-->>' : '->>'}${to}: ${mermaidSafe(step.label)}`;
		case 'response':
			return `${from}${step.failed ? '--x' : '-->>'}${to}: ${mermaidSafe(step.label + expected)}`;
		case 'action': {
			const verdict = expected || (step.checks ? (step.checks.valid ? ' ✓' : ' ✗') : '');
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
	if (step.intercepted) return '⚠ caught by the attacker';
	if (step.notes?.some((n) => n.kind === 'deprecated')) return '⚠ deprecated endpoint';
	return undefined;
}

/** Splits text into lines of at most `width` characters, at spaces where it can. */
export function wrapWords(text: string, width = NOTE_LINE): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		for (let rest = word; rest;) {
			const room = line ? width - line.length - 1 : width;
			if (rest.length <= room) {
				line = line ? `${line} ${rest}` : rest;
				rest = '';
			} else if (line && rest.length <= width) {
				lines.push(line);
				line = '';
			} else {
				// A word longer than a line is split; a full line is pushed first.
				if (line) lines.push(line);
				line = '';
				lines.push(rest.slice(0, width));
				rest = rest.slice(width);
			}
		}
	}
	if (line) lines.push(line);
	return lines.length ? lines : [''];
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
			// Mermaid draws each <br/>-separated line as its own text element.
			const noteLines = wrapWords(note).map((line) => mermaidSafe(line, 400));
			lines.push(`    Note ${where}: ${noteLines.join('<br/>')}`);
			steps.push({ message: i, note: notes++, noteLines: noteLines.length });
		} else {
			steps.push({ message: i });
		}
	});
	return { text: lines.join('\n') + '\n', steps };
}
