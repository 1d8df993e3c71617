import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { readKeyInput } from '../../src/lib/core/jwt/keyInput';
import { claimInfo, HEADER_INFO, CLAIM_INFO, SCOPE_CLAIMS } from '../../src/lib/core/index';
import { decodeJwt, MAX_JSON_DEPTH } from '../../src/lib/core/jwt/decode';
import { ruleProblem } from '../../src/lib/core/issuer/rules';
import { validateIdToken } from '../../src/lib/core/client/idToken';
import { displayValue, visibleText } from '../../src/lib/core/visible';
import { mermaidSource } from '../../src/lib/diagram/exportText';
import { MERMAID_MAX_TEXT, mermaidSafe, traceToMermaid } from '../../src/lib/diagram/mermaidText';
import { diffClaims, normaliseSettings, readView, runFlow } from '../../src/lib/sim/index';
import { LIMITS } from '../../src/lib/sim/settings';
import { MESSAGE_NAMES, STEP_NAMES } from '../../src/lib/sim/types';
import { forgeJwt } from '../../src/lib/sim/tokens';
import { START } from './sim/helpers';
import { inWorkUnits } from './workUnits';

/** Names every plain object inherits: as data they must act like any other unknown name. */
const INHERITED = Object.getOwnPropertyNames(Object.prototype);

const view = (query: string) => readView('code-pkce', new URLSearchParams(query));
const jwtOf = (header: string, payload: string) =>
	`${Buffer.from(header).toString('base64url')}.${Buffer.from(payload).toString('base64url')}.AAAA`;

describe('1. malformed rules never throw and fall back with a problem', () => {
	test.each([
		'[null]',
		'[{"kind":"addScopes"}]',
		'[{"kind":"removeScopes","scopes":"openid"}]',
		'[{"kind":"addClaim","namespace":"https://x/","name":{"a":1},"value":"v"}]',
		'[{"kind":"addClaim","namespace":"https://x/","name":"n","value":"v","kind2":[]},7]',
		'[{"kind":{"toString":1}}]',
		'[{"kind":"setLifetime"}]',
		'[{"kind":"__proto__"}]'
	])('rules=%s', (rules) => {
		const { view: read, problems } = view(`rules=${encodeURIComponent(rules)}`);
		expect(read.settings.rules).toEqual([]);
		expect(problems).toHaveLength(1);
		expect(normaliseSettings({ rules: JSON.parse(rules) }).problems[0]?.field).toBe('rules');
	});

	test('a rule check takes anything', () => {
		for (const rule of [null, undefined, 1, 'x', [], {}, { kind: 'addScopes', scopes: [null] }])
			expect(typeof ruleProblem(rule)).toBe('string');
	});
});

describe('2. inherited property names are plain data', () => {
	test('lookup tables have no prototype', () => {
		for (const table of [HEADER_INFO, CLAIM_INFO, SCOPE_CLAIMS])
			expect(Object.getPrototypeOf(table)).toBeNull();
	});

	test('a claim named like an inherited member is explained as a custom claim with a spec link', () => {
		for (const name of INHERITED) {
			const info = claimInfo(name);
			expect(info.spec).toMatch(/^https:\/\//);
			expect(info.explain.length).toBeGreaterThan(10);
		}
	});

	test.each(['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty'])(
		'scope "openid %s" and an addScopes rule for it run the flow to the end',
		async (name) => {
			const trace = await runFlow({ scope: `openid ${name}` }, { startAt: START });
			expect(trace.outcome).toEqual({ code: 'completed', completed: true });
			const ruled = await runFlow(
				{ rules: [{ kind: 'addScopes', scopes: [name] }] },
				{ startAt: START }
			);
			expect(ruled.outcome).toEqual({ code: 'completed', completed: true });
		}
	);

	test('the claim diff sees claims named toString or constructor as added', () => {
		const changes = diffClaims({ sub: 'a' }, { sub: 'a', toString: 'x', constructor: 1 });
		expect(changes).toEqual([
			{ claim: 'toString', kind: 'added', after: 'x' },
			{ claim: 'constructor', kind: 'added', after: 1 }
		]);
	});

	test('tampering __proto__ really changes the token, and its signature then fails', async () => {
		const token = jwtOf('{"alg":"RS256"}', '{"sub":"a"}');
		const forged = forgeJwt(token, (_, payload) => (payload['__proto__'] = 'evil'))!;
		expect(forged).not.toBe(token);
		expect(Object.hasOwn(decodeJwt(forged).payload!, '__proto__')).toBe(true);

		// In the default code + PKCE run the id_token arrives in the (first) token response.
		for (const claim of ['__proto__', 'toString']) {
			const trace = await runFlow(
				{
					interventions: [{ kind: 'tamper', message: 'token-response', nth: 1, claim, value: 'x' }]
				},
				{ startAt: START }
			);
			const validation = trace.steps.find((s) => s.checks);
			expect(validation?.checks?.valid).toBe(false);
			expect(validation?.checks?.checks.find((c) => c.status === 'failed')?.id).toBe('signature');
		}
	});
});

describe('3. and 4. nothing becomes Mermaid math or a directive', () => {
	test('$$…$$ is escaped in labels and notes', () => {
		expect(mermaidSafe('$$x^x^x$$')).not.toContain('$');
	});

	test('the exported source carries no directive, even from a hostile scope', async () => {
		const scope = "openid %%{init:{'theme':'dark','themeCSS':'x'}}%% $$x^x$$";
		const { settings, problems } = normaliseSettings({ scope });
		expect(problems).toEqual([]);
		const trace = await runFlow(settings, { startAt: START });
		const text = mermaidSource(trace);
		expect(text).not.toMatch(/%%\s*\{/);
		expect(text).not.toContain('{');
		expect(text).not.toContain('$');
	});
});

/** About 1 s on a quiet machine, where a work unit takes about 5 ms. */
const AT_ONCE_UNITS = 200;

describe('5. deep JSON is refused before it is parsed or drawn', () => {
	test.each([4000, 5000])('%i nested arrays', async (depth) => {
		const token = jwtOf('{"alg":"RS256"}', `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`);
		const { result: decoded, units } = await inWorkUnits(async () => decodeJwt(token));
		expect(units).toBeLessThan(AT_ONCE_UNITS);
		expect(decoded.errors.map((e) => e.code)).toContain('ERR_JSON_TOO_DEEP');
		expect(decoded.payload).toBeUndefined();
	});

	test('brackets inside strings do not count, and real nesting up to the limit is read', () => {
		const nested = `${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}`;
		const token = jwtOf('{"alg":"RS256"}', `{"a":"${'['.repeat(500)}","b":${nested}}`);
		expect(decodeJwt(token).ok).toBe(true);
	});

	test('a shown value is cut at its cap', () => {
		expect(displayValue('x'.repeat(50_000)).length).toBeLessThan(2100);
		expect(displayValue(Object.create(null))).toBe('{}');
	});
});

describe('6. hostile keys and PEM with kid', () => {
	test('{"keys":[null]} is refused with a code, and the validator never throws on it', async () => {
		const read = await readKeyInput('jwk', '{"keys":[null]}', 'RS256');
		expect(read).toMatchObject({ code: 'KEY_BAD_ENTRY' });
		const report = await validateIdToken(jwtOf('{"alg":"RS256","kid":"k"}', '{"sub":"a"}'), {
			issuer: 'https://i/',
			clientId: 'c',
			jwks: { keys: [null as never] },
			now: START
		});
		expect(report.valid).toBe(false);
	});

	test('a 5 MB PEM is refused at once', async () => {
		const pem = `-----BEGIN PUBLIC KEY-----\n${'A'.repeat(5 * 1024 * 1024)}\n-----END PUBLIC KEY-----`;
		const { result, units } = await inWorkUnits(() => readKeyInput('pem', pem, 'RS256'));
		expect(result).toMatchObject({ code: 'KEY_TOO_LARGE' });
		expect(units).toBeLessThan(AT_ONCE_UNITS);
	});

	test('the right PEM verifies a token that carries a kid', async () => {
		const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
		const token = await new SignJWT({
			iss: 'https://i/',
			sub: 'a',
			aud: 'c',
			iat: START,
			exp: START + 600
		})
			.setProtectedHeader({ alg: 'RS256', kid: 'key-1', typ: 'JWT' })
			.sign(privateKey);
		const read = await readKeyInput('pem', await exportSPKI(publicKey), 'RS256', 'key-1');
		if (!('jwks' in read)) throw new Error(read.problem);
		expect(read.jwks.keys[0]).toMatchObject({ kid: 'key-1', n: (await exportJWK(publicKey)).n });
		const report = await validateIdToken(token, {
			issuer: 'https://i/',
			clientId: 'c',
			jwks: read.jwks,
			now: START
		});
		expect(report.checks.find((c) => c.id === 'signature')?.passed).toBe(true);
	});
});

describe('7. every list has a limit, named in the problem', () => {
	test.each([
		['rules', 10_000, { kind: 'addClaim', namespace: 'https://x/', name: 'n', value: 'v' }],
		['clockJumps', 1_500, { message: 'token-response', nth: 1, seconds: 60 }],
		['interventions', 600, { kind: 'replay', message: 'token-request', nth: 1 }]
	] as const)('%s × %i', async (field, count, item) => {
		const {
			result: { settings, problems },
			units
		} = await inWorkUnits(async () => normaliseSettings({ [field]: Array(count).fill(item) }));
		expect(units).toBeLessThan(AT_ONCE_UNITS);
		expect(problems).toEqual([{ field, limit: field, message: expect.any(String) }]);
		expect(settings[field]).toEqual([]);
	});

	test('scope values and lengths are limited', () => {
		const many = Array.from({ length: LIMITS.scopeValues + 1 }, (_, i) => `s${i}`).join(' ');
		expect(normaliseSettings({ scope: many }).problems[0]?.limit).toBe('scopeValues');
		expect(normaliseSettings({ scope: 'x'.repeat(2000) }).problems[0]?.limit).toBe('scopeLength');
		const claim = 'c'.repeat(LIMITS.claimName + 1);
		expect(
			normaliseSettings({
				interventions: [{ kind: 'tamper', message: 'token-response', nth: 1, claim, value: 'v' }]
			}).problems[0]?.limit
		).toBe('claimName');
	});

	test('a run at every limit at once stays well under Mermaid’s text limit', async () => {
		const { settings, problems } = normaliseSettings({
			flow: 'refresh',
			rules: Array.from({ length: LIMITS.rules }, (_, i) => ({
				kind: 'addClaim',
				namespace: 'https://tokenstep.example/',
				name: `c${i}`,
				value: '\u202E'.repeat(300)
			})),
			// Aimed at every message the refresh flow sends, several times over.
			clockJumps: Array.from({ length: LIMITS.clockJumps }, (_, i) => ({
				message: STEP_NAMES[i % STEP_NAMES.length],
				nth: 1 + (i % 3),
				seconds: 3600
			})),
			interventions: Array.from({ length: LIMITS.interventions }, (_, i) => ({
				kind: 'replay',
				message: MESSAGE_NAMES.filter((m) => m.endsWith('-request'))[i % 8],
				nth: 1 + (i % 2)
			}))
		});
		expect(problems).toEqual([]);
		const started = performance.now();
		const trace = await runFlow(settings, { startAt: START });
		expect(performance.now() - started).toBeLessThan(20_000);
		expect(traceToMermaid(trace).text.length).toBeLessThan(MERMAID_MAX_TEXT / 2);
		expect(mermaidSource(trace).length).toBeLessThan(MERMAID_MAX_TEXT / 2);
	});
});

describe('8. invisible and direction-changing characters are shown', () => {
	test('a right-to-left override cannot make "nimda" read as admin', () => {
		expect(visibleText('\u202Enimda\u202C')).toBe('[U+202E]nimda[U+202C]');
		expect(displayValue({ sub: '\u2066x\u200B' })).toContain('[U+2066]x[U+200B]');
		expect(visibleText('line\nnext\ttab')).toBe('line\nnext\ttab');
	});
});
