import { flowById } from '../sim/flows/index';
import { type Trace } from '../sim/types';
import { mermaidSafe, traceToMermaid } from './mermaidText';

/** Mermaid source for docs: the diagram with a comment naming the flow and its settings. */
export function mermaidSource(trace: Trace): string {
	const flow = flowById(trace.flow);
	const s = trace.settings;
	// Mermaid reads `%%{…}%%` directives anywhere, comments included, so settings pass through
	// the same escaping as labels: no `%`, `{` or line break survives.
	const header = [
		`%% ${mermaidSafe(flow.title, 200)}, drawn by Tokenstep from a real run.`,
		`%% scope: ${mermaidSafe(s.scope, 1000)}; id_token lifetime: ${mermaidSafe(String(s.idTokenLifetime))} s; alg: ${mermaidSafe(s.algorithm)}`
	];
	return `${header.join('\n')}\n${traceToMermaid(trace).text}`;
}
