import { type Trace } from '../sim/types';
import { mermaidSafe, traceToMermaid } from './mermaidText';

/**
 * A Mermaid comment line. Mermaid reads `%%{…}%%` directives anywhere, comments included, so the
 * text passes through the labels' escaping: no `%`, `{`, `}` or line break survives.
 */
export function mermaidComment(text: string, max = 300): string {
	return `%% ${mermaidSafe(text, max)}`;
}

/**
 * An imported recording's Mermaid source, named by where it came from (a file name: anything the
 * person, or whoever sent them the file, chose). One function for the /import page and the CLI.
 */
export function importedMermaid(trace: Trace, source: string, masked: boolean): string {
	const note = `${source}, imported by Tokenstep${masked ? ' (secrets masked)' : ''}`;
	return `${mermaidComment(note)}\n${traceToMermaid(trace).text}`;
}
