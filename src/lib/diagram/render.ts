/**
 * Draws a trace's Mermaid diagram once, then moves the current step by changing classes only.
 * Browser-only: Mermaid is loaded lazily on first use.
 */
import { version } from '$app/environment';
import type { Trace } from '../sim/types';
import { whenIdle } from '../idle';
import { browserStorage } from '../storage';
import { importMermaid } from './loadMermaid';
import { ANY_ID, drawingId, drawingKey, keepDrawing, keptDrawing } from './drawingCache';
import { fitViewBox, joinLabelLines } from './fitDrawing';
import { diagramFontReady } from './font';
import { FONT, SEQUENCE, mermaidConfig } from './mermaidConfig';
import type { PrerenderedDrawing } from './prerendered';

// Following a step loads with the renderer, not with the page's first scripts.
export { flashMessage, followStep, markSource, revealMessage } from './follow';
import { MERMAID_MAX_TEXT, traceToMermaid, type DiagramLayout } from './mermaidText';

type Mermaid = (typeof import('mermaid'))['default'];
let loading: Promise<Mermaid> | undefined;

/** Starts loading Mermaid early (it is large), so drawing need not wait for it. */
export function preloadMermaid(): Promise<unknown> {
	return loadMermaid();
}

/**
 * Loads Mermaid once the page is idle: a page showing a drawing it did not draw (prerendered or
 * kept) needs it only for the next settings change, and the network may be gone by then.
 */
export function preloadMermaidWhenIdle(): void {
	whenIdle(() => void loadMermaid().catch(() => {}), { within: 3000, otherwiseAfter: 1500 });
}

/** What a drawing of a trace marks beside its text: the failed and the expected steps. */
function outcome(trace: Trace): StepMarks {
	return {
		// An expected refusal (a defence that held, a logout's login_required) is not drawn as an error.
		failed: trace.steps.map((s) => s.failed && !s.expected),
		expected: trace.steps.map((s) => !!s.expected)
	};
}

/**
 * Draws a trace: its Mermaid text, rendered, with the failed steps marked. A drawing already on
 * show of exactly this text, in this theme (a prerendered one, or the last run's when a setting
 * changed nothing drawn), is kept: only its marks change.
 */
export function renderTrace(
	container: HTMLElement,
	trace: Trace,
	options: { dark: boolean; current?: DiagramView; stale?: () => boolean }
): Promise<DiagramView | undefined> {
	const layout = traceToMermaid(trace, { fit: true });
	const { current } = options;
	if (current && current.text === layout.text && current.dark === options.dark) {
		current.mark(outcome(trace));
		return Promise.resolve(current);
	}
	return renderDiagram(container, layout, {
		dark: options.dark,
		...outcome(trace),
		flow: trace.flow,
		stale: options.stale
	});
}

/**
 * Shows a drawing prerendered at build time for a flow's default settings, before its run ends.
 * Nothing is marked: the run's own text confirms it (renderTrace keeps it) or replaces it.
 */
export function showPrerendered(container: HTMLElement, drawing: PrerenderedDrawing): DiagramView {
	return viewOf(container, drawing.svg.replaceAll(ANY_ID, drawingId()), drawing.layout, {
		dark: drawing.dark,
		source: 'prerendered'
	});
}

function loadMermaid(): Promise<Mermaid> {
	loading ??= importMermaid().then(async (mermaid) => {
		// Mermaid sets up each diagram type on first use: parsing a tiny sequence diagram now does
		// that while the flow runs, instead of inside the first render.
		await mermaid.parse('sequenceDiagram\nA->>B: .').catch(() => {});
		performance.mark('tokenstep:mermaid-loaded');
		return mermaid;
	});
	// A failed download (offline) is tried again next time, not remembered.
	loading.catch(() => (loading = undefined));
	return loading;
}

/** The rendered elements of one message, and its arrow, along which a moving dot travels. */
interface MessageParts {
	elements: Element[];
	line?: SVGGeometryElement;
	/** Points along the arrow, sampled when first animated (sampling asks for geometry). */
	path?: { x: number; y: number }[];
}

/** A participant's box at the top of the diagram, in SVG units, for a sticky copy of the header. */
export interface ActorBox {
	name: string;
	x: number;
	y: number;
	width: number;
	height: number;
}

/** Where a drawing on show came from: Mermaid now, this browser's store, or the build. */
export type DrawingSource = 'mermaid' | 'kept' | 'prerendered';

/** Per step: drawn as failed (a refusal not expected), drawn as an expected refusal. */
export interface StepMarks {
	failed: boolean[];
	expected?: boolean[];
}

export interface DiagramView {
	readonly count: number;
	/** The Mermaid text drawn, and in which theme: a drawing of the same pair is the same SVG. */
	readonly text: string;
	readonly dark: boolean;
	readonly source: DrawingSource;
	/**
	 * Numbers the steps for a run and marks its failed and expected ones (replacing earlier
	 * marks): attributes and classes only, no redrawing.
	 */
	mark(marks: StepMarks): void;
	/** The SVG's own width and the height of its participant row, in SVG units. */
	readonly size: { width: number; header: number };
	readonly actors: ActorBox[];
	/** Marks step `index` current, earlier ones past, later ones future; O(steps changed). */
	show(index: number, options: { animate: boolean }): void;
	/** The elements to scroll into view for a step: its label, and its note's box if it has one. */
	anchor(index: number): Element[];
}

const STATES = ['ts-past', 'ts-current', 'ts-future'] as const;

/** Nine points along an arrow, for the dot to travel through. */
function sample(line: SVGGeometryElement): { x: number; y: number }[] {
	const length = line.getTotalLength();
	return Array.from({ length: 9 }, (_, k) => {
		const p = line.getPointAtLength((length * k) / 8);
		return { x: p.x, y: p.y };
	});
}

let box: HTMLElement | undefined;
/**
 * Mermaid measures every label by drawing it into the page: in a box that is its own layout
 * boundary, each measurement lays out only the box, not the whole page around it.
 */
function measuringBox(): HTMLElement {
	if (box?.isConnected) return box;
	box = document.createElement('div');
	box.setAttribute('aria-hidden', 'true');
	box.style.cssText =
		'position:fixed;left:0;top:0;width:4000px;height:4000px;contain:strict;visibility:hidden;pointer-events:none;z-index:-1';
	document.body.append(box);
	return box;
}

/** Mermaid's SVG for the text: the kept drawing of this exact text if there is one, else drawn. */
async function drawSvg(text: string, options: { dark: boolean; flow: string }, id: string) {
	// Hashing needs WebCrypto, which insecure pages lack: they always draw afresh.
	const storage = globalThis.crypto?.subtle ? browserStorage() : undefined;
	const key = storage
		? await drawingKey({
				text,
				dark: options.dark,
				context: `${version}\n${FONT}\n${JSON.stringify(SEQUENCE)}`
			})
		: '';
	const kept = keptDrawing(storage, key, id);
	if (kept) {
		preloadMermaidWhenIdle();
		return { svg: kept, source: 'kept' as const };
	}
	const mermaid = await loadMermaid();
	mermaid.initialize(mermaidConfig(options));
	// Labels are measured in the shipped font, as the prerendered drawings were.
	await diagramFontReady();
	const started = performance.now();
	const { svg } = await mermaid.render(id, text, measuringBox());
	// Mermaid's own cost, for DevTools and the benchmark's step-versus-redraw ratio.
	performance.measure('tokenstep:mermaid-render', { start: started });
	keepDrawing(storage, { key, flow: options.flow }, svg, id);
	return { svg, source: 'mermaid' as const };
}

/**
 * Draws Mermaid text into the container, unless the draw has gone `stale` meanwhile (a newer
 * one asked for): then the container keeps what it shows and nothing is returned.
 */
export async function renderDiagram(
	container: HTMLElement,
	layout: DiagramLayout,
	options: StepMarks & { dark: boolean; flow: string; stale?: () => boolean }
): Promise<DiagramView | undefined> {
	// Past its limit Mermaid silently draws an error box instead; say so instead.
	if (layout.text.length > MERMAID_MAX_TEXT)
		throw new Error(
			`its text is ${layout.text.length} characters, over Mermaid's limit of ${MERMAID_MAX_TEXT}`
		);
	const { svg, source } = await drawSvg(layout.text, options, drawingId());
	if (options.stale?.()) return undefined;
	const view = viewOf(container, svg, layout, { dark: options.dark, source });
	view.mark(options);
	return view;
}

/** Puts Mermaid's SVG in the container, made the page's (labels joined, sides fitted), and indexes its steps. */
function viewOf(
	container: HTMLElement,
	svg: string,
	layout: DiagramLayout,
	meta: { dark: boolean; source: DrawingSource }
): DiagramView {
	container.innerHTML = svg;
	const root = container.querySelector('svg')!;
	joinLabelLines(root, layout);
	fitViewBox(root);
	// The container sizes the drawing (fit the width, never below a readable scale); see Diagram.
	const box = root.viewBox.baseVal;
	root.removeAttribute('style');
	root.setAttribute('width', '100%');
	root.setAttribute('role', 'img');
	const actors: ActorBox[] = [...root.querySelectorAll('rect.actor.actor-top')].map((rect) => {
		const r = rect as SVGRectElement;
		return {
			name: rect.parentElement?.querySelector('text.actor')?.textContent?.trim() ?? '',
			x: r.x.baseVal.value - box.x,
			y: r.y.baseVal.value - box.y,
			width: r.width.baseVal.value,
			height: r.height.baseVal.value
		};
	});
	const header = Math.max(
		0,
		...[...root.querySelectorAll('rect.actor.actor-top')].map(
			(r) =>
				(r as SVGRectElement).y.baseVal.value + (r as SVGRectElement).height.baseVal.value - box.y
		)
	);

	const texts = root.querySelectorAll('text.messageText');
	const lines = root.querySelectorAll('.messageLine0, .messageLine1');
	const numbers = root.querySelectorAll('text.sequenceNumber');
	const noteRects = root.querySelectorAll('rect.note');
	const noteTexts = root.querySelectorAll('text.noteText');

	// A note of n lines is drawn as n text elements: find where each note's lines start.
	const noteStart: number[] = [];
	let nextLine = 0;
	for (const step of layout.steps)
		if (step.note !== undefined) {
			noteStart[step.note] = nextLine;
			nextLine += step.noteLines ?? 1;
		}

	const parts: MessageParts[] = layout.steps.map((step) => {
		const line = lines[step.message] as SVGGeometryElement | undefined;
		const elements = [texts[step.message], line, numbers[step.message]];
		if (step.note !== undefined) {
			elements.push(noteRects[step.note]);
			const first = noteStart[step.note]!;
			for (let k = 0; k < (step.noteLines ?? 1); k++) elements.push(noteTexts[first + k]);
		}
		const present = elements.filter((e): e is Element => !!e);
		for (const el of present) el.classList.add('ts-future');
		return { elements: present, line };
	});

	const dot = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
	dot.setAttribute('r', '6');
	dot.setAttribute('class', 'ts-packet');
	dot.setAttribute('aria-hidden', 'true');
	root.appendChild(dot);

	let current = -1;
	// Kept by reference: asking the element for its animations would force a style recalculation.
	let travel: Animation | undefined;
	let starting = 0;
	const set = (i: number, state: (typeof STATES)[number]) => {
		for (const el of parts[i]?.elements ?? []) {
			el.classList.remove(...STATES);
			el.classList.add(state);
		}
		// The test contract and assistive technology: the current message's label is marked.
		const label = parts[i]?.elements[0];
		if (state === 'ts-current') label?.setAttribute('aria-current', 'step');
		else label?.removeAttribute('aria-current');
	};

	return {
		count: parts.length,
		text: layout.text,
		dark: meta.dark,
		source: meta.source,
		mark({ failed, expected }) {
			parts.forEach((part, i) => {
				for (const el of part.elements) {
					// Steps are numbered once a run has confirmed the drawing: clicks and tests wait for it.
					el.setAttribute('data-step', String(i));
					el.classList.toggle('ts-failed', !!failed[i]);
					el.classList.toggle('ts-expected', !!expected?.[i]);
				}
			});
		},
		size: { width: box.width, header },
		actors,
		show(index, { animate }) {
			const target = Math.max(-1, Math.min(index, parts.length - 1));
			const from = Math.min(current, target);
			const to = Math.max(current, target);
			// Only the steps between the old and the new position change state.
			for (let i = Math.max(0, from); i <= to; i++)
				set(i, i < target ? 'ts-past' : i === target ? 'ts-current' : 'ts-future');
			current = target;
			travel?.cancel();
			travel = undefined;
			cancelAnimationFrame(starting);
			const part = parts[target];
			if (!animate || !part?.line?.getTotalLength) {
				dot.style.opacity = '0';
				return;
			}
			// Started in the next frame, not in the step's own work (a step only changes classes).
			starting = requestAnimationFrame(() => {
				const path = (part.path ??= sample(part.line!));
				dot.style.opacity = '1';
				travel = dot.animate(
					path.map((p) => ({ transform: `translate(${p.x}px, ${p.y}px)` })),
					{ duration: 450, easing: 'ease-in-out', fill: 'forwards' }
				);
				travel.finished.then(
					() => (dot.style.opacity = '0'),
					() => {}
				);
			});
		},
		anchor: (index) => {
			const [label, ...rest] = parts[index]?.elements ?? [];
			const note = rest.find((e) => e.matches('rect.note'));
			return label ? (note ? [label, note] : [label]) : [];
		}
	};
}
