import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
	balancedLines,
	fitLine,
	laidOutLength,
	lineJoins,
	mermaidSafe,
	traceToMermaid,
	wrapWords
} from '../../../src/lib/diagram/mermaidText';
import { FLOWS, runFlow } from '../../../src/lib/sim/index';
import { START } from '../sim/helpers';

describe('trace to Mermaid', () => {
	test('one numbered message per step, notes for validation verdicts, failures drawn with a cross, an expected refusal marked as expected', async () => {
		const trace = await runFlow({ flow: 'call-api' }, { startAt: START });
		const { text, steps } = traceToMermaid(trace);
		expect(steps).toHaveLength(trace.steps.length);
		expect(steps.map((s) => s.message)).toEqual(trace.steps.map((_, i) => i));
		expect(text).toMatchInlineSnapshot(`
			"sequenceDiagram
			    autonumber
			    participant Browser
			    participant Client
			    participant Issuer
			    participant API
			    Client->>Issuer: GET /.well-known/openid-configuration
			    Issuer-->>Client: 200 OK
			    Client->>Issuer: GET /.well-known/jwks.json
			    Issuer-->>Client: 200 OK
			    Browser->>Issuer: GET /authorize
			    Issuer-->>Browser: 200 OK
			    Browser->>Browser: Alice logs in and allows access
			    Browser->>Issuer: POST /login
			    Issuer-->>Browser: 302 Found → /callback
			    Browser->>Client: GET /callback
			    Client-->>Browser: 200 OK
			    Client->>Issuer: POST /oauth/token (authorization_code)
			    Issuer-->>Client: 200 OK
			    Client->>Client: validate id_token ✓
			    Note right of Client: ✓ 16 passed, 4 not applicable
			    Client->>API: GET /messages
			    API->>Issuer: GET /.well-known/jwks.json
			    Issuer-->>API: 200 OK
			    API->>API: validate access token ✓
			    Note left of API: ✓ 15 passed, 1 not applicable
			    API-->>Client: 200 OK
			    Client->>API: GET /messages
			    API-xAPI: validate access token ✓ as expected
			    Note left of API: ✓ refused, as expected, by typ#58;<br/>typ is not #34;at+jwt#34;#58; this looks<br/>like an id_token, which says who<br/>the user is to the client and is<br/>no API credential (also failed#58;<br/>aud, scope)
			    API--xClient: 401 invalid_token ✓ as expected
			"
		`);
	});

	test('hostile text cannot end a statement, open a directive, or carry markup', () => {
		const hostile =
			'x; Alice->>Bob: injected\n%%{init: {"theme":"dark"}}%% <script>alert(1)</script> --> #end';
		const safe = mermaidSafe(hostile, 500);
		// Once Mermaid's own entity codes (#NN;) are taken out, no syntax character is left.
		expect(safe.replace(/#\d+;/g, '')).not.toMatch(/[;\n<>{}%"#:]/);
		expect(safe).toContain('#59;');
		expect(safe).toContain('#60;script#62;');
		expect(safe).not.toContain('%%');
	});

	test('bidirectional overrides and control characters are shown as code points, long text is cut', () => {
		expect(mermaidSafe('abc\u202Edef\u0007')).toBe('abc[U+202E]def[U+0007]');
		expect(mermaidSafe('x'.repeat(200))).toHaveLength(90);
	});

	test('notes wrap onto lines and are never cut; the layout counts the lines Mermaid draws', async () => {
		const trace = await runFlow({ flow: 'call-api' }, { startAt: START });
		const { text, steps } = traceToMermaid(trace);
		const notes = text.split('\n').filter((l) => l.includes('Note '));
		const counted = steps.filter((s) => s.note !== undefined).map((s) => s.noteLines);
		expect(counted).toEqual(notes.map((n) => n.split('<br/>').length));
		expect(text).not.toContain('…');
	});

	test('wrapping keeps every character, in order, on lines no longer than asked', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 1, max: 40 }), (text, width) => {
				const lines = wrapWords(text, width);
				expect(lines.every((l) => l.length <= width)).toBe(true);
				expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
			})
		);
	});
});

/** A Mermaid line's text as drawn: its entity codes (#58;) decoded. */
const decoded = (line: string) =>
	line.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));

describe("the page's fitted drawing", () => {
	test("every flow: message labels and notes wrap at the width its lanes allow (20 at five lanes), and each label's lines join back into the trace's label", async () => {
		for (const flow of FLOWS) {
			const trace = await runFlow({ flow: flow.id }, { startAt: START });
			const lanes = new Set(trace.steps.flatMap((s) => [s.from, s.to])).size;
			const width = fitLine(lanes);
			const { text, steps } = traceToMermaid(trace, { fit: true });
			const statements = text.split('\n').slice(2 + lanes, -1);
			const messages = statements.filter((l) => !l.trimStart().startsWith('Note '));
			const notes = statements.filter((l) => l.trimStart().startsWith('Note '));
			expect(messages, flow.id).toHaveLength(trace.steps.length);
			messages.forEach((statement, i) => {
				const lines = statement.slice(statement.indexOf(': ') + 2).split('<br/>');
				const joins = steps[i]!.messageJoins ?? [];
				expect(joins, `${flow.id} step ${i + 1}`).toHaveLength(lines.length - 1);
				for (const line of lines)
					expect(
						laidOutLength(decoded(line)),
						`${flow.id} step ${i + 1}: ${line}`
					).toBeLessThanOrEqual(width);
				const label = lines.map((line, k) => (k ? joins[k - 1] : '') + decoded(line)).join('');
				expect(label.replace(/\s+/g, ' '), `${flow.id} step ${i + 1}`).toContain(
					trace.steps[i]!.label.replace(/\s+/g, ' ')
				);
			});
			for (const note of notes)
				for (const line of note.slice(note.indexOf(': ') + 2).split('<br/>'))
					expect(laidOutLength(decoded(line)), `${flow.id}: ${line}`).toBeLessThanOrEqual(width);
		}
	});

	test('five-lane flows wrap at 20 characters, three-lane ones at 30; the exported text keeps one line a label', async () => {
		expect([3, 4, 5].map(fitLine)).toEqual([30, 24, 20]);
		const trace = await runFlow({ flow: 'attack-dpop-stolen-token' }, { startAt: START });
		expect(traceToMermaid(trace, { fit: true }).text).toContain(
			'Client->>Issuer: POST /oauth/token<br/>(authorization_code)<br/>+ DPoP proof'
		);
		expect(traceToMermaid(trace).text).not.toContain('<br/>(');
	});

	test('a path breaks after a /, and Mermaid lays out an entity code as its placeholder', () => {
		expect(balancedLines('GET /.well-known/openid-configuration', 20)).toEqual([
			'GET /.well-known/',
			'openid-configuration'
		]);
		expect(
			lineJoins('GET /.well-known/openid-configuration', [
				'GET /.well-known/',
				'openid-configuration'
			])
		).toEqual(['']);
		expect(balancedLines('validate token and DPoP proof ✓ stopped', 26)).toEqual([
			'validate token and',
			'DPoP proof ✓ stopped'
		]);
		// ':' is drawn from #58;, which Mermaid measures as its placeholder ﬂ°°58¶ß.
		expect(laidOutLength('a:b')).toBe(9);
		expect(laidOutLength('GET /x')).toBe(6);
	});

	test('balanced lines: no more lines than plain wrapping, none longer than asked, every character kept in order', () => {
		fc.assert(
			fc.property(
				fc.array(fc.stringMatching(/^[a-z/_:-]{1,12}$/), { maxLength: 12 }).map((w) => w.join(' ')),
				fc.integer({ min: 8, max: 40 }),
				(text, width) => {
					const lines = balancedLines(text, width, laidOutLength);
					expect(lines.length).toBeLessThanOrEqual(wrapWords(text, width, laidOutLength).length);
					expect(lines.every((l) => laidOutLength(l) <= width || l.length === 1)).toBe(true);
					const joins = lineJoins(text, lines);
					expect(lines.map((l, k) => (k ? joins[k - 1] : '') + l).join('')).toBe(
						text.split(/\s+/).filter(Boolean).join(' ')
					);
				}
			)
		);
	});
});
