// A flow page's HTML holds the drawing prerendered for the flow's default settings. This runs
// before that drawing is painted (a blocking script in the page's head, after the diagram font's
// @font-face; src/lib/components/Diagram.svelte):
// - an address that asks for other settings marks the page, and the drawing stays hidden
//   (src/app.css) until the run draws its own. The same rule as src/lib/diagram/prerendered.ts
//   `asksDefaults`: only `step` may be given;
// - otherwise the font's load starts now, not at the first layout, so the drawing's labels show
//   at the first paint, and the drawing's file in the reader's theme (a stored choice, else the
//   system's; src/lib/state/theme.svelte.ts) is fetched for the page's scripts, which show it.
(function () {
	var script = document.currentScript;
	var names = new URLSearchParams(location.search).keys();
	for (var name = names.next(); !name.done; name = names.next())
		if (name.value !== 'step') {
			document.documentElement.setAttribute('data-settings-asked', '');
			return;
		}
	if (document.fonts) document.fonts.load('16px "Tokenstep Diagram"', 'A').catch(function () {});
	// Only while the page is first parsed: a page the app navigates to fetches its own.
	if (!script || document.readyState !== 'loading') return;
	var stored = null;
	try {
		stored = localStorage.getItem(script.dataset.themeKey);
	} catch {
		// storage refused: the system's theme
	}
	var dark =
		stored === 'dark' ||
		(stored !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
	var link = document.createElement('link');
	link.rel = 'preload';
	link.as = 'fetch';
	link.crossOrigin = 'anonymous';
	link.href = dark ? script.dataset.dark : script.dataset.light;
	document.head.appendChild(link);
})();
