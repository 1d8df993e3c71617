/**
 * Embed-only adjustments to a drawn diagram, made from outside the diagram component: labels
 * never shrink below a legible size (the frame scrolls sideways instead, never the page), the
 * lane headers stay in view while the frame scrolls, and the current message is followed
 * sideways as well as down. Browser only.
 */

/** The smallest on-screen size of any label, in CSS pixels. */
export const MIN_LABEL_PX = 11.5;

/** Labels whose size the bound applies to: messages, notes and lane (actor) names. */
export const LABEL_SELECTOR = 'text.messageText, text.noteText, text.actor, text.actor tspan';

/** Stops the SVG scaling below the width at which its smallest label is MIN_LABEL_PX tall. */
export function keepLabelsLegible(svg: SVGSVGElement): void {
	const natural = svg.viewBox.baseVal.width;
	const sizes = [...svg.querySelectorAll(LABEL_SELECTOR)]
		.map((t) => parseFloat(getComputedStyle(t).fontSize))
		.filter((n) => n > 0);
	if (!natural || !sizes.length) return;
	const scale = Math.min(1, MIN_LABEL_PX / Math.min(...sizes));
	svg.style.minWidth = `${Math.ceil(natural * scale)}px`;
}

/**
 * A copy of the diagram's top band (the lane boxes) that sticks to the top of the scrolling
 * frame. It is the same SVG cropped by its viewBox, so it scales and scrolls sideways with it.
 */
export function stickyLaneHeader(svg: SVGSVGElement): HTMLElement | undefined {
	const actors = [...svg.querySelectorAll<SVGGraphicsElement>('rect.actor')];
	if (!actors.length) return undefined;
	const box = svg.viewBox.baseVal;
	const bottom = Math.max(...actors.map((a) => a.getBBox().y + a.getBBox().height));
	const band = Math.ceil(bottom - box.y + 4);
	const copy = svg.cloneNode(true) as SVGSVGElement;
	// One id per document: rename the copy's root (its <style> is scoped by it), drop the rest.
	const id = svg.id;
	copy.querySelectorAll('[id]').forEach((el) => el.removeAttribute('id'));
	copy.id = `${id}-lanes`;
	copy.querySelectorAll('style').forEach((s) => {
		s.textContent = (s.textContent ?? '').replaceAll(`#${id}`, `#${id}-lanes`);
	});
	copy.querySelectorAll('[data-step], .ts-packet').forEach((el) => el.remove());
	copy.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${band}`);
	copy.removeAttribute('role');
	copy.removeAttribute('aria-roledescription');
	copy.removeAttribute('aria-labelledby');
	copy.setAttribute('aria-hidden', 'true');
	copy.setAttribute('focusable', 'false');
	const holder = document.createElement('div');
	holder.className = 'ts-lanes';
	holder.appendChild(copy);
	return holder;
}

/** Scrolls the frame so the element is in view horizontally and below the sticky header. */
export function followSideways(frame: HTMLElement, element: Element, headerHeight: number): void {
	const box = element.getBoundingClientRect();
	const view = frame.getBoundingClientRect();
	const margin = 24;
	if (box.left < view.left + margin || box.right > view.right - margin) {
		// Centre it, or show its start when it is wider than the frame.
		const centre = box.left + box.width / 2 - (view.left + view.width / 2);
		const startShift = box.left - (view.left + margin);
		frame.scrollLeft += box.width > view.width - 2 * margin ? startShift : centre;
	}
	if (box.top < view.top + headerHeight + 8)
		frame.scrollTop -= view.top + headerHeight + 8 - box.top;
}
