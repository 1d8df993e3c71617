/**
 * Serves the benchmark's reference page (index.html, with the diagram's text and config put in)
 * and Mermaid's own files from node_modules/mermaid/dist, on 127.0.0.1 and a free port: the same
 * Mermaid the site bundles, loaded as a plain page would load it from a CDN (Mermaid's files
 * cached for a year, the page revalidated), uncompressed over loopback.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';

const DIST = resolve('node_modules/mermaid/dist');
const TYPES: Record<string, string> = {
	'.mjs': 'text/javascript; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.map': 'application/json; charset=utf-8'
};

/** The page's mark, set once the SVG is in the DOM. */
export const REFERENCE_READY = 'reference:diagram-ready';

export async function startReference(source: {
	text: string;
	config: unknown;
}): Promise<{ url: string; close(): Promise<void> }> {
	// JSON in a <script> element: no `<` may close it early.
	const payload = JSON.stringify(source).replace(/</g, '\\u003c');
	const template = readFileSync(new URL('index.html', import.meta.url), 'utf8');
	if (template.split('DIAGRAM_SOURCE').length !== 2)
		throw new Error('the reference page needs one DIAGRAM_SOURCE, where the diagram goes');
	const html = template.replace('DIAGRAM_SOURCE', () => payload);
	const server = createServer((req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		if (path === '/') {
			res.writeHead(200, {
				'Content-Type': 'text/html; charset=utf-8',
				'Cache-Control': 'no-cache'
			});
			res.end(html);
			return;
		}
		const file = path.startsWith('/mermaid/')
			? resolve(DIST, `.${path.slice('/mermaid'.length)}`)
			: '';
		const type = TYPES[extname(file)];
		if (!file.startsWith(DIST + sep) || !type) {
			res.writeHead(404).end();
			return;
		}
		readFile(file).then(
			(body) => {
				res.writeHead(200, {
					'Content-Type': type,
					'Cache-Control': 'public, max-age=31536000, immutable'
				});
				res.end(body);
			},
			() => res.writeHead(404).end()
		);
	});
	await new Promise<void>((done, fail) => {
		server.once('error', fail);
		server.listen(0, '127.0.0.1', done);
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/`,
		close: () =>
			new Promise((done) => {
				server.close(() => done());
				server.closeAllConnections();
			})
	};
}
