/**
 * What the reference page draws: the Mermaid text the flow page draws for a flow at its default
 * settings, and the Mermaid config the site draws it with.
 */
import { mermaidConfig } from '../../../src/lib/diagram/mermaidConfig';
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

/** The site's Mermaid config: the module the page draws with. */
export function siteMermaidConfig(options: { dark: boolean }) {
	return mermaidConfig(options);
}
