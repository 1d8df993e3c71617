import type { Handle } from '@sveltejs/kit';
import { ssrDrawing } from '$lib/server/ssrDrawing';

/**
 * /live (a real login against the person's own provider) is the one page that fetches from
 * origins no static file can know: its prerendered <meta> policy alone widens `connect-src` to
 * https and loopback http. The page refuses any origin its provider's discovery document does not
 * name (src/lib/live/http.ts); every other page keeps `connect-src 'self'` (kit.csp).
 * scripts/headers.js gives /live the same policy as a header.
 */
export const LIVE_CONNECT_SRC = "connect-src 'self' https: http://localhost:* http://127.0.0.1:*";

const isLive = (path: string) => path === '/live' || path.startsWith('/live/');

const widenConnectSrc = (html: string) =>
	html.replace(
		/(<meta http-equiv="content-security-policy" content="[^"]*?)connect-src [^;"]*/i,
		`$1${LIVE_CONNECT_SRC}`
	);

/**
 * A flow page's diagram slot (Diagram.svelte marks it `data-prerendered`) gets the flow's
 * prerendered drawing, so the diagram shows at the first paint; see src/lib/server/ssrDrawing.ts.
 */
const PRERENDER_SLOT = /(<div[^>]*\bdata-prerendered="([a-z0-9-]+)"[^>]*>)(<\/div>)/;
const fillDiagramSlot = (html: string) =>
	html.replace(PRERENDER_SLOT, (all, open: string, flow: string, close: string) => {
		const svg = ssrDrawing(flow);
		return svg ? `${open}${svg}${close}` : all;
	});

export const handle: Handle = ({ event, resolve }) => {
	const path = event.url.pathname;
	if (isLive(path))
		return resolve(event, { transformPageChunk: ({ html }) => widenConnectSrc(html) });
	if (path.startsWith('/flow/'))
		return resolve(event, { transformPageChunk: ({ html }) => fillDiagramSlot(html) });
	return resolve(event);
};
