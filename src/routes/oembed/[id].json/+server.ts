import { json } from '@sveltejs/kit';
import { oembedFor } from '$lib/embed/oembed';
import { flowEntries, loadFlow } from '$lib/routing/flowParam';
import type { EntryGenerator, RequestHandler } from './$types';

// Static oEmbed answers, one per flow, found through the embed page's discovery link.
export const prerender = true;
export const entries: EntryGenerator = flowEntries;

export const GET: RequestHandler = ({ params, url }) => {
	const { flow } = loadFlow({ params });
	return json(oembedFor(flow, url.origin));
};
