/** Saving the drawn diagram: SVG as it is, PNG rendered from it. Browser only. */

export function svgText(svg: SVGSVGElement): string {
	const copy = svg.cloneNode(true) as SVGSVGElement;
	copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
	const box = svg.viewBox.baseVal;
	copy.setAttribute('width', String(Math.ceil(box.width)));
	copy.setAttribute('height', String(Math.ceil(box.height)));
	// The step highlight is a view state, not part of the drawing.
	copy
		.querySelectorAll('[data-step]')
		.forEach((el) => el.classList.remove('ts-past', 'ts-current', 'ts-future'));
	copy.querySelector('.ts-packet')?.remove();
	return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

export function download(name: string, data: Blob): void {
	const url = URL.createObjectURL(data);
	const link = document.createElement('a');
	link.href = url;
	link.download = name;
	document.body.appendChild(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Renders SVG text to a PNG at twice its size (crisp on high-density screens). */
export async function pngBlob(svg: string, background: string): Promise<Blob> {
	const image = new Image();
	const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
	try {
		image.src = url;
		await image.decode();
		const canvas = document.createElement('canvas');
		canvas.width = image.naturalWidth * 2;
		canvas.height = image.naturalHeight * 2;
		const context = canvas.getContext('2d')!;
		context.fillStyle = background;
		context.fillRect(0, 0, canvas.width, canvas.height);
		context.drawImage(image, 0, 0, canvas.width, canvas.height);
		return await new Promise((resolve, reject) =>
			canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png')
		);
	} finally {
		URL.revokeObjectURL(url);
	}
}
