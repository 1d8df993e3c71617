/**
 * What the reference page draws: the Mermaid text the flow page draws for a flow at its default
 * settings, and the Mermaid config the site draws it with.
 */
import { readFileSync } from 'node:fs';
import { traceToMermaid } from '../../../src/lib/diagram/mermaidText';
import { runFlow, type FlowId } from '../../../src/lib/sim/index';
import { DEFAULT_SETTINGS } from '../../../src/lib/sim/settings';

/**
 * The flow page's text: its own run at DEFAULT_SETTINGS, laid out as the page lays it out
 * (`fit`: labels wrapped for the frame). `npm run export` prints the same run, unwrapped and
 * under a comment naming the settings; the runs are deterministic, so this is the page's text.
 */
export async function flowMermaidText(flow: FlowId): Promise<string> {
	const trace = await runFlow({ ...DEFAULT_SETTINGS, flow });
	return traceToMermaid(trace, { fit: true }).text;
}

/**
 * The site's Mermaid config, read from src/lib/diagram/render.ts (its SEQUENCE and FONT are the
 * module's own, and it imports SvelteKit's $app, so it cannot be imported here): read rather
 * than copied, so the reference follows the site. Fails loudly if render.ts changes shape.
 */
export function siteMermaidConfig(options: { dark: boolean }) {
	const source = readFileSync(
		new URL('../../../src/lib/diagram/render.ts', import.meta.url),
		'utf8'
	);
	const sequence = /const SEQUENCE = (\{[\s\S]*?\}) as const;/.exec(source)?.[1];
	const font = /const FONT = '([^']*)';/.exec(source)?.[1];
	const theme = /theme: options\.dark \? '(\w+)' : '(\w+)'/.exec(source);
	if (!sequence || !font || !theme || !/securityLevel: 'strict'/.test(source))
		throw new Error('src/lib/diagram/render.ts no longer has the config the reference reads');
	// A TypeScript object literal of plain values, made JSON: no comments, keys and strings quoted.
	const json = sequence
		.replace(/\/\/.*$/gm, '')
		.replace(/'([^']*)'/g, '"$1"')
		.replace(/([{,]\s*)(\w+):/g, '$1"$2":')
		.replace(/,(\s*\})/g, '$1');
	return {
		startOnLoad: false,
		securityLevel: 'strict',
		theme: options.dark ? theme[1] : theme[2],
		fontFamily: font,
		sequence: JSON.parse(json) as Record<string, unknown>
	};
}
