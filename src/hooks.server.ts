import type { Handle } from '@sveltejs/kit';

/**
 * /live (a real login against the person's own provider) is the one page that fetches from
 * origins no static file can know: its prerendered <meta> policy alone widens `connect-src` to
 * https and loopback http. The page refuses any origin its provider's discovery document does not
 * name (src/lib/live/http.ts); every other page keeps `connect-src 'self'` (kit.csp).
 * scripts/headers.js gives /live the same policy as a header.
 */
export const LIVE_CONNECT_SRC = "connect-src 'self' https: http://localhost:* http://127.0.0.1:*";

const isLive = (path: string) => path === '/live' || path.startsWith('/live/');

export const handle: Handle = ({ event, resolve }) =>
	resolve(
		event,
		isLive(event.url.pathname)
			? {
					transformPageChunk: ({ html }) =>
						html.replace(
							/(<meta http-equiv="content-security-policy" content="[^"]*?)connect-src [^;"]*/i,
							`$1${LIVE_CONNECT_SRC}`
						)
				}
			: undefined
	);
