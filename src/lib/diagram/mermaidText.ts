import { describeCounts, isFailure } from '../core/jwt/checks';
import { visibleText } from '../core/visible';
import {
	CLOCK_LABEL,
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
	/**
	 * `note` counts notes; `noteLines` is how many text lines (rendered elements) that note has.
	 * A message label that wraps is drawn as one text element a line: `messageJoins` are what
	 * joins its lines back into its text (a space, or nothing inside a split word).
	 */
	steps: { message: number; messageJoins?: string[]; note?: number; noteLines?: number }[];
}

/**
 * How the text is laid out. `fit`: for the page's drawing, whose lanes must fit a laptop's
 * frame and whose labels a phone's: message labels and notes wrap at `fitLine` characters.
 * Without it (exported Mermaid text) each label stays on one line.
 */
export interface MermaidOptions {
	fit?: boolean;
}

/**
 * Characters a line of a fitted drawing: fewer as lanes are added, since the widest line between
 * two lanes sets their gap (five lanes then fit a 1280 px laptop's frame at 12 px labels), and
 * at most 30, so a whole label fits a 320 px phone. Only the drawing breaks a label, at spaces
 * (or after a / in a long path); the trace's label is unchanged and the inspector shows it.
 */
export function fitLine(lanes: number): number {
	return lanes <= 3 ? 30 : lanes === 4 ? 24 : 20;
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
	return escapeLine(shown(text, max));
}

/** The text as drawn: invisible characters made visible, on one line, cut at `max`. */
function shown(text: string, max: number): string {
	const visible = visibleText(text.replace(/[\n\t]/g, ' '));
	return visible.length > max ? `${visible.slice(0, max - 1)}…` : visible;
}

/** Everything but plain letters, digits, spaces and a few inert marks: `$` is not inert (math). */
const ESCAPED = /[^\p{L}\p{N} ./_=,()?!@|'*+~^[\]✓✗⏱→…-]/gu;

/** Every character that is not plainly inert becomes an entity code (#NN;). */
function escapeLine(text: string): string {
	return text.replace(ESCAPED, (c) => `#${c.codePointAt(0)};`);
}

/**
 * How many characters wide Mermaid lays a line out: it measures each entity code as the
 * placeholder it stands in for until the drawing is made (`#58;` as seven characters), so a
 * line with a colon or quotes takes more room between the lanes than it shows.
 */
export function laidOutLength(text: string): number {
	return text.replace(ESCAPED, (c) => `ﬂ°°${c.codePointAt(0)}¶ß`).length;
}

/**
 * A message label, safe for Mermaid, on lines of at most `width` characters (joined by `<br/>`,
 * which Mermaid draws as one text element a line), as even in length as that many lines allow.
 */
function labelLines(text: string, width?: number): { lines: string[]; joins: string[] } {
	const short = shown(text, MAX_LABEL);
	if (!width || laidOutLength(short) <= width) return { lines: [escapeLine(short)], joins: [] };
	const lines = balancedLines(short, width, laidOutLength);
	return { lines: lines.map(escapeLine), joins: lineJoins(short, lines) };
}

/**
 * Splits text into as few lines of at most `width` characters as `wrapWords` would, but evens
 * them out: the narrowest width that needs no more lines and splits no word, so a label's two
 * lines are alike.
 */
export function balancedLines(text: string, width: number, measure = length): string[] {
	const lines = wrapWords(text, width, measure);
	const split = (wrapped: string[]) => lineJoins(text, wrapped).some((j) => !j);
	// A split word (a long path) keeps its best break, after a /: only whole words are evened.
	if (split(lines)) return lines;
	for (let w = Math.ceil(measure(text) / lines.length); w < width; w++) {
		const even = wrapWords(text, w, measure);
		if (even.length <= lines.length && !split(even)) return even;
	}
	return lines;
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

/** A step's arrow and label; the label on as many lines as `wrap` asks for. */
function message(step: TraceStep, wrap?: number): { text: string; joins: string[] } {
	const from = NAME[step.from];
	const to = NAME[step.to];
	const expected = step.expected ? EXPECTED_MARK[step.expected] : '';
	let arrow: string;
	let label: string;
	switch (step.kind) {
		case 'request':
			// A dashed arrow for a message that happened where the capture could not see it.
			[arrow, label] = [step.observed === false ? '-->>' : '->>', step.label];
			break;
		case 'response':
			[arrow, label] = [step.failed ? '--x' : '-->>', step.label + expected];
			break;
		case 'action': {
			const verdict = expected || (step.checks ? (step.checks.valid ? ' ✓' : ' ✗') : '');
			[arrow, label] = [step.failed ? '-x' : '->>', step.label + verdict];
			break;
		}
		case 'time':
			[arrow, label] = ['-->>', `${CLOCK_LABEL}: ${step.label}`];
			break;
	}
	const { lines, joins } = labelLines(label, wrap);
	return { text: `${from}${arrow}${to}: ${lines.join('<br/>')}`, joins };
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

/** How wide a line is, in characters. */
type Measure = (text: string) => number;
const length: Measure = (text) => text.length;

/**
 * Where to split a word that does not fit in `room`: after its last / that fits (a path breaks
 * between its segments), else its last _ - . ? & =; without one, at `room` when `hard`, else 0.
 */
function breakAt(word: string, room: number, hard: boolean, measure: Measure): number {
	let fits = Math.min(word.length, Math.max(0, room));
	while (fits > 1 && measure(word.slice(0, fits)) > room) fits--;
	const head = word.slice(0, fits);
	for (const marks of ['/', '_-.?&=']) {
		const mark = Math.max(...[...marks].map((c) => head.lastIndexOf(c)));
		// Not before the word's second character: a path's leading / stays with it.
		if (mark >= 1) return mark + 1;
	}
	return hard ? Math.max(1, fits) : 0;
}

/** Splits text into lines of at most `width` characters, at spaces where it can. */
export function wrapWords(text: string, width = NOTE_LINE, measure = length): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		for (let rest = word; rest;) {
			const room = line ? width - measure(line) - 1 : width;
			if (measure(rest) <= room) {
				line = line ? `${line} ${rest}` : rest;
				rest = '';
			} else if (line && measure(rest) <= width) {
				lines.push(line);
				line = '';
			} else {
				// A word longer than a line is split, as much of it as fits on this line; where
				// nothing fits, the line is pushed and the word starts the next.
				const cut = breakAt(rest, room, !line, measure);
				if (cut > 0) {
					const piece = rest.slice(0, cut);
					line = line ? `${line} ${piece}` : piece;
					rest = rest.slice(cut);
				}
				lines.push(line);
				line = '';
			}
		}
	}
	if (line) lines.push(line);
	return lines.length ? lines : [''];
}

/**
 * What joins wrapped lines back into the text they came from: a space where the text broke at
 * one, nothing where a long word was split.
 */
export function lineJoins(text: string, lines: string[]): string[] {
	const flat = text.split(/\s+/).filter(Boolean).join(' ');
	let at = 0;
	return lines.slice(0, -1).map((line) => {
		at += line.length;
		if (flat[at] !== ' ') return '';
		at++;
		return ' ';
	});
}

/** The trace as a Mermaid sequenceDiagram: one numbered message per step, notes for verdicts. */
export function traceToMermaid(trace: Trace, options: MermaidOptions = {}): DiagramLayout {
	const used = new Set(trace.steps.flatMap((s) => [s.from, s.to]));
	const present = PARTICIPANTS.filter((p) => used.has(p.actor));
	const rightmost = present.at(-1)?.actor;
	const lines = ['sequenceDiagram', '    autonumber'];
	for (const p of present) {
		const shown = trace.participants?.[p.actor];
		lines.push(`    participant ${p.name}${shown ? ` as ${mermaidSafe(shown, 40)}` : ''}`);
	}
	const steps: DiagramLayout['steps'] = [];
	const wrap = options.fit ? fitLine(present.length) : undefined;
	let notes = 0;
	trace.steps.forEach((step, i) => {
		const drawn = message(step, wrap);
		lines.push(`    ${drawn.text}`);
		const messageLines = drawn.joins.length ? { messageJoins: drawn.joins } : {};
		const note = noteFor(step);
		if (note) {
			// Notes stay inside the lanes, so they never widen the diagram past its participants.
			const side = step.from === rightmost ? 'left' : 'right';
			const where =
				step.from === step.to
					? `${side} of ${NAME[step.from]}`
					: `over ${NAME[step.from]},${NAME[step.to]}`;
			// Mermaid draws each <br/>-separated line as its own text element.
			const noteLines = (wrap ? wrapWords(note, wrap, laidOutLength) : wrapWords(note)).map(
				(line) => mermaidSafe(line, 400)
			);
			lines.push(`    Note ${where}: ${noteLines.join('<br/>')}`);
			steps.push({ message: i, ...messageLines, note: notes++, noteLines: noteLines.length });
		} else {
			steps.push({ message: i, ...messageLines });
		}
	});
	return { text: lines.join('\n') + '\n', steps };
}
