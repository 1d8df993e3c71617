import { flowById } from '$lib/sim/flows/index';
import type { FlowId } from '$lib/sim/types';

/** The iframe size an oEmbed consumer is offered; the embed fits any width from 320 px. */
export const OEMBED_SIZE = { width: 800, height: 640 };

/** oEmbed 1.0 "rich" response (https://oembed.com/ §2.3.4, §2.3.5) for one flow's embed. */
export interface OEmbedRich {
	type: 'rich';
	version: '1.0';
	title: string;
	provider_name: string;
	provider_url: string;
	html: string;
	width: number;
	height: number;
	cache_age: number;
}

const attribute = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function oembedFor(flow: FlowId, origin: string): OEmbedRich {
	const { title } = flowById(flow);
	const src = `${origin}/embed/${flow}`;
	return {
		type: 'rich',
		version: '1.0',
		title: `${title} (Tokenstep)`,
		provider_name: 'Tokenstep',
		provider_url: `${origin}/`,
		html: `<iframe src="${attribute(src)}" title="${attribute(title)} (Tokenstep)" width="${OEMBED_SIZE.width}" height="${OEMBED_SIZE.height}" style="border:0;max-width:100%" loading="lazy"></iframe>`,
		width: OEMBED_SIZE.width,
		height: OEMBED_SIZE.height,
		cache_age: 86400
	};
}
