import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Each page's styles are a few small files: inlined, they do not queue beside the scripts
		// for the browser's few connections (CSP allows inline styles already, for Mermaid).
		inlineStyleThreshold: 8192,
		adapter: adapter({ fallback: undefined, strict: true }),
		// Where the site is served: oEmbed answers and discovery links need absolute URLs.
		prerender: { origin: process.env.TOKENSTEP_ORIGIN ?? 'http://localhost:4173' },
		// A strict policy in a <meta> tag of every prerendered page: scripts only from this site
		// (SvelteKit hashes its own boot script), nothing fetched from anywhere else, no eval.
		// Styles allow inline: Mermaid writes a <style> into each SVG it draws.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'frame-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
