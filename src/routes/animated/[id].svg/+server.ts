import { animatedSvg } from '$lib/diagram/animatedSvg';
import { flowEntries, loadFlow } from '$lib/routing/flowParam';
import { runFlow } from '$lib/sim/director';
import type { EntryGenerator, RequestHandler } from './$types';

// Each flow's animated SVG with default settings, made at build time: what a Markdown snippet
// (a README, which runs no script and no iframe) shows as an image.
export const prerender = true;
export const entries: EntryGenerator = flowEntries;

export const GET: RequestHandler = async ({ params }) => {
	const { flow } = loadFlow({ params });
	return new Response(animatedSvg(await runFlow({ flow })), {
		headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' }
	});
};
