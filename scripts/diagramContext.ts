/** What shapes a prerendered drawing besides its text and theme, read from this checkout. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { drawingContext } from '../src/lib/diagram/mermaidConfig';

/** Mermaid's installed version, the shipped font's digest, the site's configuration. */
export function currentContext(): string {
	const mermaid = JSON.parse(
		readFileSync(new URL('../node_modules/mermaid/package.json', import.meta.url), 'utf8')
	) as { version: string };
	const font = readFileSync(new URL('../src/lib/assets/diagram-sans.woff2', import.meta.url));
	return drawingContext(mermaid.version, createHash('sha256').update(font).digest('hex'));
}
