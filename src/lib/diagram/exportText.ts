import { flowById } from '../sim/catalog';
import { type Trace } from '../sim/types';
import { traceToMermaid } from './mermaidText';

/** Mermaid source for docs: the diagram with a comment naming the flow and its settings. */
export function mermaidSource(trace: Trace): string {
	const flow = flowById(trace.flow);
	const s = trace.settings;
	const header = [
		`%% ${flow.title}, drawn by Tokenstep from a real run.`,
		`%% scope: ${s.scope}; id_token lifetime: ${s.idTokenLifetime} s; alg: ${s.algorithm}`
	].map((line) => line.replace(/[\r\n]/g, ' '));
	return `${header.join('\n')}\n${traceToMermaid(trace).text}`;
}
