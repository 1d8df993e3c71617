/**
 * The four ways to put a flow in docs, from one description of the embed: HTML (an iframe),
 * MDX (the same iframe as JSX: no style string, which MDX refuses), Markdown (an animated image
 * linking to the simulator: GitHub READMEs run no script and no iframe), and the
 * <tokenstep-flow> web component.
 */
import { writeEmbedOptions, type EmbedOptions } from './params';

export interface EmbedDescription {
	/** Where the site is served, e.g. https://tokenstep.example (no trailing slash). */
	origin: string;
	flow: string;
	title: string;
	/** The view's own query: settings and step, as `writeView` makes it. */
	view: URLSearchParams;
	options: EmbedOptions;
}

export interface Snippets {
	embedUrl: string;
	pageUrl: string;
	imageUrl: string;
	html: string;
	mdx: string;
	markdown: string;
	webComponent: string;
}

/** Escapes text for a double-quoted HTML or JSX attribute. */
export const attr = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A URL in an attribute: kept readable, since URLSearchParams already percent-encodes quotes and
 * angle brackets, and a bare & before a parameter name is not a character reference in HTML,
 * JSX or MDX attribute values.
 */
const urlAttr = (url: string) => url.replace(/"/g, '%22').replace(/</g, '%3C');

/** Markdown link text and image alt text: brackets and backslashes would end or escape them. */
const markdownText = (text: string) => text.replace(/[\\[\]]/g, (c) => `\\${c}`);

/** A view's query with the step the embed starts at (1-based; 1 is left out). */
export function withStep(view: URLSearchParams | undefined, step: number): URLSearchParams {
	const params = new URLSearchParams(view);
	params.delete('step');
	if (Number.isFinite(step) && step > 1) params.set('step', String(Math.floor(step)));
	return params;
}

/** A Markdown link destination: a parenthesis would end it early. */
const markdownUrl = (url: string) => url.replace(/\(/g, '%28').replace(/\)/g, '%29');

/** The iframe height for a snippet: the chosen one, or a roomy default for 'auto'. */
const frameHeight = (options: EmbedOptions) =>
	options.height === 'auto' ? (options.panels.includes('inspector') ? 900 : 640) : options.height;

export function embedSnippets(d: EmbedDescription): Snippets {
	const embedQuery = writeEmbedOptions({ ...d.options, height: 640 }, new URLSearchParams(d.view));
	const withQuery = (path: string, query: URLSearchParams) =>
		`${d.origin}${path}${query.toString() ? `?${query}` : ''}`;
	const embedUrl = withQuery(`/embed/${d.flow}`, embedQuery);
	const pageUrl = withQuery(`/flow/${d.flow}`, d.view);
	const imageUrl = `${d.origin}/animated/${d.flow}.svg`;
	const title = `${d.title} (Tokenstep)`;
	const height = frameHeight(d.options);

	const html = `<iframe src="${urlAttr(embedUrl)}" title="${attr(title)}" width="100%" height="${height}" style="border:0" loading="lazy"></iframe>`;
	const mdx = `<iframe src="${urlAttr(embedUrl)}" title="${attr(title)}" width="100%" height="${height}" style={{ border: 0 }} loading="lazy" />`;
	const markdown = `[![${markdownText(title)}](${markdownUrl(imageUrl)})](${markdownUrl(pageUrl)})`;

	// The element's attributes are the embed's parameters, one each.
	const attributes = [`flow="${attr(d.flow)}"`];
	for (const [name, value] of embedQuery) attributes.push(`${name}="${attr(value)}"`);
	if (d.options.height !== 'auto') attributes.push(`height="${d.options.height}"`);
	attributes.push(`title="${attr(title)}"`);
	const webComponent = `<script type="module" src="${urlAttr(d.origin)}/tokenstep-flow.js"></script>\n<tokenstep-flow ${attributes.join(' ')}></tokenstep-flow>`;

	return { embedUrl, pageUrl, imageUrl, html, mdx, markdown, webComponent };
}
