/**
 * A self-contained animated SVG of a trace, for READMEs and slides: lanes, numbered arrows,
 * and a CSS animation that lights each message in turn and loops. No script, no external
 * reference, so it animates as an <img> (GitHub included) and is static with every message
 * visible under prefers-reduced-motion.
 *
 * Drawn here from the trace rather than by Mermaid: Mermaid needs a DOM with layout to measure
 * text, which Node has not, and this must run in the CLI on a clean machine.
 */
import { flowById } from '../sim/flows/index';
import { ACTOR_LABELS, type ActorName, type Trace, type TraceStep } from '../sim/types';

const ORDER: ActorName[] = ['browser', 'client', 'issuer', 'api', 'attacker'];

/** Geometry, in SVG user units (pixels at 1:1). */
const G = {
	font: 13,
	/** Average advance of a character at `font`, enough for sizing a label's room. */
	charWidth: 7.2,
	minLaneGap: 170,
	margin: 16,
	titleHeight: 30,
	headerHeight: 34,
	row: 34,
	selfLoop: 26
};

/** Seconds each message stays lit. */
export const SECONDS_PER_MESSAGE = 1.2;

export interface AnimatedSvgOptions {
	/** Seconds each message stays lit (default SECONDS_PER_MESSAGE). */
	secondsPerMessage?: number;
}

/** Escapes text for XML character data and attribute values. */
export function xmlText(text: string): string {
	return (
		text
			// Control characters are not allowed in XML 1.0 at all.
			// eslint-disable-next-line no-control-regex -- removing control characters is the point
			.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
			.replace(/&/g, '&amp;')
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;')
			.replace(/"/g, '&quot;')
			.replace(/'/g, '&#39;')
	);
}

function labelOf(step: TraceStep): string {
	const verdict = step.checks ? (step.checks.valid ? ' ✓' : ' ✗') : '';
	const text = step.kind === 'time' ? `Clock: ${step.label}` : step.label + verdict;
	return text.length > 70 ? `${text.slice(0, 69)}…` : text;
}

const width = (text: string) => text.length * G.charWidth;
const round = (n: number) => Math.round(n * 10) / 10;

/** Where each row of the animated diagram sits: exposed for tests. */
export interface AnimatedLayout {
	width: number;
	height: number;
	/** y of each message's arrow, by step index. */
	rows: number[];
}

export function animatedSvg(trace: Trace, options: AnimatedSvgOptions = {}): string {
	return build(trace, options).svg;
}

export function animatedLayout(trace: Trace): AnimatedLayout {
	return build(trace, {}).layout;
}

function build(trace: Trace, options: AnimatedSvgOptions): { svg: string; layout: AnimatedLayout } {
	const slot = options.secondsPerMessage ?? SECONDS_PER_MESSAGE;
	const used = new Set(trace.steps.flatMap((s) => [s.from, s.to]));
	const lanes = ORDER.filter((a) => used.has(a));
	const labels = trace.steps.map((s, i) => `${i + 1}. ${labelOf(s)}`);

	// Lanes far enough apart that a label fits between the two lanes its arrow joins.
	const gaps = lanes.slice(1).map(() => G.minLaneGap);
	trace.steps.forEach((step, i) => {
		const a = lanes.indexOf(step.from);
		const b = lanes.indexOf(step.to);
		if (a === b) return;
		const [lo, hi] = a < b ? [a, b] : [b, a];
		const need = width(labels[i]!) + 24;
		const have = gaps.slice(lo, hi).reduce((sum, g) => sum + g, 0);
		if (have < need) for (let k = lo; k < hi; k++) gaps[k]! += (need - have) / (hi - lo);
	});
	const x: Partial<Record<ActorName, number>> = {};
	let left = G.margin + Math.max(60, width(ACTOR_LABELS[lanes[0] ?? 'browser']) / 2 + 12);
	lanes.forEach((lane, i) => {
		x[lane] = round(left);
		left += gaps[i] ?? 0;
	});
	const lastX = x[lanes.at(-1) ?? 'browser'] ?? left;
	// Self-messages draw a loop to the right of their lane with the label beside it.
	const selfRight = trace.steps
		.filter((s) => s.from === s.to)
		.map((s) => (x[s.from] ?? 0) + G.selfLoop + 8 + width(labels[s.index] ?? ''));
	const total = Math.ceil(Math.max(lastX + 80, ...selfRight) + G.margin);

	const top = G.titleHeight + G.headerHeight + 24;
	const rows = trace.steps.map((_, i) => top + i * G.row);
	const height = Math.ceil((rows.at(-1) ?? top) + G.row);
	const cycle = round(Math.max(1, trace.steps.length) * slot);
	// Lit for the first 1/n of the cycle (as keyframe percentages).
	const share = 100 / Math.max(1, trace.steps.length);
	const lit = [(share - 0.001).toFixed(3), share.toFixed(3)] as const;

	const title = `${flowById(trace.flow).title}: ${trace.steps.length} messages, drawn by Tokenstep from a real run`;
	const parts: string[] = [];
	parts.push(
		// No fixed size: it scales with its container (an <img> in a README, a 320 px phone) by its
		// viewBox, its height following from its width.
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${total} ${height}" width="100%" role="img" aria-labelledby="ts-title" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="${G.font}">`,
		`<title id="ts-title">${xmlText(title)}</title>`,
		`<style>${style(trace, slot, cycle, lit)}</style>`,
		`<rect class="bg" width="100%" height="100%"/>`,
		`<text class="title" x="${G.margin}" y="${G.titleHeight - 10}" font-size="15" font-weight="700">${xmlText(flowById(trace.flow).title)}</text>`
	);
	for (const lane of lanes) {
		const cx = x[lane]!;
		const name = ACTOR_LABELS[lane];
		const boxWidth = Math.max(84, width(name) + 24);
		parts.push(
			`<line class="lane" x1="${cx}" y1="${G.titleHeight + G.headerHeight}" x2="${cx}" y2="${height - 6}"/>`,
			`<rect class="actor" x="${round(cx - boxWidth / 2)}" y="${G.titleHeight}" width="${round(boxWidth)}" height="${G.headerHeight}" rx="5"/>`,
			`<text class="actor-name" x="${cx}" y="${G.titleHeight + G.headerHeight / 2 + 5}" text-anchor="middle" font-weight="600">${xmlText(name)}</text>`
		);
	}
	trace.steps.forEach((step, i) => {
		const y = rows[i]!;
		const from = x[step.from]!;
		const to = x[step.to]!;
		const dashed = step.kind === 'response' || step.kind === 'time';
		const classes = `m m${i}${step.failed ? ' failed' : ''}`;
		parts.push(`<g class="${classes}">`);
		if (from === to) {
			const r = G.selfLoop;
			parts.push(
				`<path class="arrow${dashed ? ' dashed' : ''}" d="M${from} ${y - 10} h${r} v14 h${-r + 6}" fill="none"/>`,
				`<path class="head" d="M${from} ${y + 4} l8 -4 v8 z"/>`,
				`<text x="${from + r + 8}" y="${y}" dominant-baseline="middle">${xmlText(labels[i]!)}</text>`
			);
		} else {
			const dir = to > from ? 1 : -1;
			const tip = to - dir * 1;
			parts.push(
				`<line class="arrow${dashed ? ' dashed' : ''}" x1="${from}" y1="${y}" x2="${round(tip - dir * 8)}" y2="${y}"/>`,
				`<path class="head" d="M${tip} ${y} l${-dir * 9} -5 v10 z"/>`,
				`<text x="${round((from + to) / 2)}" y="${y - 7}" text-anchor="middle">${xmlText(labels[i]!)}</text>`
			);
			if (step.failed)
				parts.push(
					`<path class="cross" d="M${tip - dir * 16} ${y - 5} l8 10 m0 -10 l-8 10" fill="none"/>`
				);
		}
		parts.push('</g>');
	});
	parts.push('</svg>');
	return { svg: `${parts.join('\n')}\n`, layout: { width: total, height, rows } };
}

/**
 * Every message is drawn in full by default. Where motion is welcome, each message runs the same
 * keyframes (lit for its slot, dimmed for the rest of the cycle), started at a negative delay so
 * message i is lit from i × slot seconds after load, looping forever.
 */
function style(trace: Trace, slot: number, cycle: number, lit: readonly [string, string]): string {
	const delays = trace.steps
		.map((_, i) => `.m${i}{animation-delay:${round(i * slot - cycle)}s}`)
		.join('');
	return [
		`svg{--ink:#1b1d24;--muted:#555b6b;--bg:#ffffff;--box:#eff1f6;--accent:#c2410c;--bad:#b4232a;color:var(--ink)}`,
		`@media (prefers-color-scheme:dark){svg{--ink:#e6e8ee;--muted:#a3a9b8;--bg:#171a21;--box:#1f232c;--accent:#fb923c;--bad:#ff7a7e}}`,
		`.bg{fill:var(--bg)}.title{fill:var(--ink)}`,
		`.lane{stroke:var(--muted);stroke-dasharray:3 4}`,
		`.actor{fill:var(--box);stroke:var(--muted)}.actor-name{fill:var(--ink)}`,
		`.m{color:var(--ink)}.m text{fill:currentColor;stroke:var(--bg);stroke-width:4px;paint-order:stroke;stroke-linejoin:round}.m .arrow,.m .cross{stroke:currentColor;stroke-width:1.5}.m .head{fill:currentColor}`,
		`.m .dashed{stroke-dasharray:5 4}.m.failed .cross{stroke:var(--bad);stroke-width:2.5}`,
		// Dimmed is the muted ink, not a faded one: at least 4.5:1 on the background in both schemes.
		`@keyframes ts-light{0%,${lit[0]}%{color:var(--accent);font-weight:700}${lit[1]}%,100%{color:var(--muted);font-weight:400}}`,
		`@media (prefers-reduced-motion:no-preference){.m{animation:ts-light ${cycle}s step-end infinite}.m .arrow{stroke-width:2}${delays}}`
	].join('\n');
}
