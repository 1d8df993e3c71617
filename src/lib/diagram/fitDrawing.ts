/**
 * What the page does to Mermaid's drawing once, before it is shown: a wrapped label made one
 * element again, and the drawing's sides set to what it draws. Browser only (DOM and geometry).
 */
import type { DiagramLayout } from './mermaidText';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Mermaid draws a wrapped label as one text element a line: each becomes a line (a tspan, where
 * Mermaid put it) of the first, so every message has one label again, whose text is the trace's
 * label (its lines joined by the spaces they broke at, which take no room). Once per drawing,
 * never on a step.
 */
export function joinLabelLines(root: SVGSVGElement, layout: DiagramLayout) {
	const texts = [...root.querySelectorAll('text.messageText')];
	let next = 0;
	for (const step of layout.steps) {
		const joins = step.messageJoins ?? [];
		const lines = texts.slice(next, next + 1 + joins.length);
		next += lines.length;
		if (lines.length < 2) continue;
		const spans = lines.map((line, k) => {
			const span = document.createElementNS(SVG_NS, 'tspan');
			for (const name of ['x', 'y', 'dy']) {
				const value = line.getAttribute(name);
				if (value !== null) span.setAttribute(name, value);
			}
			const join = k ? joins[k - 1] : '';
			if (join) {
				// The space the label broke at is in its text, but takes no room: a centred line
				// stays exactly where Mermaid drew it (and where the prerendered drawing shows it).
				const joiner = document.createElementNS(SVG_NS, 'tspan');
				joiner.setAttribute('font-size', '0');
				joiner.textContent = join;
				span.append(joiner);
			}
			span.append(line.textContent ?? '');
			return span;
		});
		lines[0]!.replaceChildren(...spans);
		for (const line of lines.slice(1)) line.remove();
	}
}

/** Room kept beside the drawing's outermost mark, in SVG units (a label's halo, a loop). */
const SIDE_PAD = 8;

/**
 * Sets the drawing's sides to what it draws: Mermaid's box can leave a label (a self-message
 * left of the first lane, a long one on the last) hanging outside it, or keep wide empty margins
 * that shrink every label. Skipped while the drawing is hidden (it has no geometry then).
 */
export function fitViewBox(root: SVGSVGElement) {
	const drawn = root.getBBox();
	const box = root.viewBox.baseVal;
	if (!drawn.width || !box.height) return;
	const x = Math.floor(drawn.x - SIDE_PAD);
	const width = Math.ceil(drawn.x + drawn.width + SIDE_PAD) - x;
	root.setAttribute('viewBox', `${x} ${box.y} ${width} ${box.height}`);
}
