// @vitest-environment jsdom
import mermaid from 'mermaid';
import { expect, test } from 'vitest';
import { traceToMermaid } from '../../../src/lib/diagram/mermaidText';
import { importHar } from '../../../src/lib/har/index';
import { FIXTURES, fixtureText } from './fixtures';

test.each(FIXTURES)('%s: the diagram parses with Mermaid, one message per step', async (name) => {
	const { trace } = await importHar(fixtureText(name));
	const { text, steps } = traceToMermaid(trace);
	expect(await mermaid.parse(text)).toBeTruthy();
	expect(steps).toHaveLength(trace.steps.length);
});

test('participants are named by origin, and a message the capture could not see is dashed', async () => {
	const { trace } = await importHar(fixtureText('form-post'));
	const { text } = traceToMermaid(trace);
	expect(text).toContain('participant Client as Client localhost#58;4402');
	expect(text).toContain('participant Issuer as Issuer localhost#58;4401');
	expect(text).toMatch(/Client-->>Issuer: POST \/token \(authorization_code\), not observed/);
});
