import { browser } from '$app/environment';
import { preloadDiagram } from '$lib/diagram/lazy';
import { flowEntries } from '$lib/routing/flowParam';
import { preloadEngine } from '$lib/state/simulation.svelte';
import type { EntryGenerator, PageLoad } from './$types';

export const entries: EntryGenerator = flowEntries;
export const load: PageLoad = (event) => {
	// Start fetching the engine and Mermaid now, while the page hydrates, not after it mounts:
	// they, not the page, decide when the diagram appears.
	if (browser) {
		void preloadEngine();
		void import('$lib/state/prewarmKeys').then((keys) =>
			keys.prewarmKeys(new URLSearchParams(location.search))
		);
		void preloadDiagram(event.params.id);
		// The URL reader (limits, message aiming) is not in the page's first scripts.
		void import('$lib/sim/url');
	}
	return event.data;
};
