/**
 * npm run diagram-font: writes the diagram's font, src/lib/assets/diagram-sans.woff2, a subset of
 * DejaVu Sans (the dejavu-fonts-ttf package; Bitstream Vera licence, DejaVu changes public domain),
 * and ships that licence beside it as static/diagram-font-LICENSE.txt.
 *
 * Mermaid lays a diagram out by measuring its labels in the browser's font. The site ships this
 * one font so that a drawing prerendered at build time and one drawn in a reader's browser
 * measure every label alike, on any system. DejaVu Sans is what Debian's Chromium draws
 * system-ui with, so the layouts the tests were tuned on do not move.
 *
 * The subset is every character a diagram's labels use (tests/unit/diagram/prerendered.test.ts
 * checks each flow's text against DIAGRAM_FONT_RANGES), with room for what a reader types.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import subsetFont from 'subset-font';
import { DIAGRAM_FONT_RANGES } from '../src/lib/diagram/font';

const require = createRequire(import.meta.url);
const source = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const OUT = new URL('../src/lib/assets/diagram-sans.woff2', import.meta.url);

const text = DIAGRAM_FONT_RANGES.flatMap(([from, to]) =>
	Array.from({ length: to - from + 1 }, (_, k) => String.fromCodePoint(from + k))
).join('');
const woff2 = await subsetFont(readFileSync(source), text, { targetFormat: 'woff2' });
writeFileSync(OUT, woff2);
copyFileSync(
	require.resolve('dejavu-fonts-ttf/LICENSE'),
	new URL('../static/diagram-font-LICENSE.txt', import.meta.url)
);
console.log(`${OUT.pathname}: ${woff2.length} bytes, ${text.length} characters`);
