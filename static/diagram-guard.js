// A flow page's HTML holds the drawing prerendered for the flow's default settings. This runs
// before that drawing is painted (a blocking script in the page's head, after the diagram font's
// @font-face): an address that asks for other settings marks the page, and the drawing stays
// hidden (src/app.css) until the run draws its own. The same rule as
// src/lib/diagram/prerendered.ts `asksDefaults`: only `step` may be given. Otherwise the font's
// load starts now, not at the first layout, so the drawing's labels show at the first paint.
(function () {
	var names = new URLSearchParams(location.search).keys();
	for (var name = names.next(); !name.done; name = names.next())
		if (name.value !== 'step') {
			document.documentElement.setAttribute('data-settings-asked', '');
			return;
		}
	if (document.fonts) document.fonts.load('16px "Tokenstep Diagram"', 'A').catch(function () {});
})();
