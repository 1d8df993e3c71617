import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mermaidSafe, traceToMermaid, wrapWords } from '../../../src/lib/diagram/mermaidText';
import { runFlow } from '../../../src/lib/sim/index';
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
