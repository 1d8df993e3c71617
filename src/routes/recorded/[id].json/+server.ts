import { json } from '@sveltejs/kit';
import { flowEntries, loadFlow } from '$lib/routing/flowParam';
import { runFlow } from '$lib/sim/director';
import type { EntryGenerator, RequestHandler } from './$types';

// Each flow's run with default settings, made in Node at build time and shipped as a file:
// a page without WebCrypto (an embed in a plain-http page) replays it instead of running.
export const prerender = true;
export const entries: EntryGenerator = flowEntries;

export const GET: RequestHandler = async ({ params }) => {
	const { flow } = loadFlow({ params });
	return json(await runFlow({ flow }));
};
