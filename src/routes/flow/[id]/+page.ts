import { browser } from '$app/environment';
import { asset } from '$app/paths';
import { asksDefaults, fetchPrerendered, prerenderedPath } from '$lib/diagram/prerendered';
import { preloadDiagram } from '$lib/diagram/lazy';
import { flowEntries } from '$lib/routing/flowParam';
import { preloadEngine } from '$lib/state/simulation.svelte';
import { startsDark } from '$lib/state/theme.svelte';
import type { EntryGenerator, PageLoad } from './$types';

export const entries: EntryGenerator = flowEntries;
export const load: PageLoad = (event) => {
	if (!browser) return { ...event.data, early: undefined };
	const search = new URLSearchParams(location.search);
	// At the flow's default settings its drawing was prerendered: asked for first (the page's
	// head preloads it), and shown as soon as it arrives, before the run ends, which then
	// confirms it or draws its own. Mermaid then waits until the page is idle.
	const prerendered = asksDefaults(search);
	const flow = event.params.id;
	const dark = startsDark();
	const early = prerendered
		? fetchPrerendered(asset(prerenderedPath(flow, dark)), flow, dark)
		: undefined;
	void preloadDiagram(flow, { prerendered });
	// Start fetching the engine now, while the page hydrates, not after it mounts: the run, not
	// the page, decides when the diagram can be stepped.
	void preloadEngine();
	void import('$lib/state/prewarmKeys').then((keys) => keys.prewarmKeys(search));
	// The URL reader (limits, message aiming) is not in the page's first scripts.
	void import('$lib/sim/url');
	return { ...event.data, early };
};
