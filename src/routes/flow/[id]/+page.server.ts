import { loadFlow } from '$lib/routing/flowParam';
import { flowInfo } from '$lib/sim/flows/index';
import { DEFAULT_SETTINGS } from '$lib/sim/settings';
import { ssrDrawingWidth } from '$lib/server/ssrDrawing';
import type { PageServerLoad } from './$types';

// Runs at build time only (every page is prerendered): the flow's title, summary and specs
// arrive in the HTML, so the catalog's text for all flows stays out of the page's scripts.
export const load: PageServerLoad = (event) => {
	const { flow } = loadFlow(event);
	// The width of the drawing prerendered into the page (hooks.server.ts), which sizes its frame.
	const width = ssrDrawingWidth(flow);
	return {
		flow,
		info: flowInfo(flow),
		// The settings the page starts from (its address may change them): in the HTML, so the
		// settings' rules and sample data are not among the page's first scripts.
		settings: { ...DEFAULT_SETTINGS, flow },
		prerendered: width ? { flow, width } : undefined
	};
};
