import mermaid from 'mermaid';
import { expect, it } from 'vitest';
import { importedMermaid, mermaidComment } from '../../../src/lib/diagram/importedText';
import { importHar } from '../../../src/lib/har/index';
import { fixtureText } from '../har/fixtures';

const HOSTILE = 'a %%{init: {"theme":"forest"}}%%\r\n%%{init:{}}%%\u2028b.har';

it('a comment holds no directive, brace or line break, whatever it quotes', () => {
	const line = mermaidComment(HOSTILE);
	expect(line.startsWith('%% ')).toBe(true);
	expect(line.slice(3)).not.toMatch(/[%{}\r\n\u2028]/u);
});

it('an import names its source in one inert comment line, then the diagram', async () => {
	const { trace } = await importHar(fixtureText('code-pkce'));
	const text = importedMermaid(trace, HOSTILE, true);
	const [first, second] = text.split('\n');
	expect(first).toMatch(/^%% a .*imported by Tokenstep \(secrets masked\)$/);
	expect(first!.slice(3)).not.toMatch(/[%{}]/);
	expect(second).toBe('sequenceDiagram');
	expect(importedMermaid(trace, 'x.har', false).split('\n')[0]).toBe(
		'%% x.har, imported by Tokenstep'
	);
	expect(await mermaid.parse(text)).toBeTruthy();
});
