import { describe, expect, test } from 'vitest';
import { SPEC } from '../../src/lib/core/spec';
import { FLOW_IDS, readView, runFlow } from '../../src/lib/sim/index';
import type { FlowId } from '../../src/lib/sim/index';
import {
	LEARN,
	lessonPath,
	type ChecklistLink,
	type Lesson,
	type LessonBlock
} from '../../src/lib/teach/learn';
import { describeSettings, resolveSeeIt } from '../../src/lib/teach/seeIt';

const lesson = (id: string): Lesson => {
	const found = LEARN.find((l) => l.id === id);
	if (!found) throw new Error(`no lesson ${id}`);
	return found;
};
const cited = (id: string) =>
	lesson(id).body.flatMap((e) => (e.kind === 'rule' ? e.specs.map((s) => s.url) : []));
const KNOWN = new Set<string>(Object.values(SPEC));

/** The rules a block states: a paragraph, each numbered step and its why, each table row. */
const rulesIn = (block: LessonBlock) =>
	block.kind === 'steps'
		? block.items.reduce((n, i) => n + (i.why ? 2 : 1), 0)
		: block.kind === 'table'
			? block.rows.length
			: block.kind === 'rule'
				? 1
				: 0;

describe('/learn is an ordered path of lessons', () => {
	test('the lessons of issue 27 item 3, in order, the first at /learn itself', () => {
		expect(LEARN.map((l) => l.id)).toEqual([
			'parties',
			'code-flow',
			'state-nonce-pkce',
			'validation',
			'account',
			'keys',
			'sessions',
			'renewing',
			'browser-apps',
			'logout',
			'attacks',
			'modern'
		]);
		expect(lessonPath('parties')).toBe('/learn');
		expect(lessonPath('attacks')).toBe('/learn/attacks');
	});

	test('every rule a lesson shows (paragraph, step, table row) is walked, with known sections', () => {
		for (const l of LEARN) {
			const blocks = [...l.blocks, ...(l.more?.blocks ?? [])];
			const shown = blocks.reduce((n, b) => n + rulesIn(b), 0);
			const walked = l.body.filter((e) => e.kind === 'rule');
			expect(walked.length, l.id).toBe(shown);
			for (const entry of walked) {
				expect(entry.kind === 'rule' && entry.specs.length, `${l.id}: ${entry.text}`).toBeTruthy();
				if (entry.kind === 'rule')
					for (const spec of entry.specs) expect(KNOWN.has(spec.url), spec.url).toBe(true);
			}
		}
	});

	test('every lesson ends in see-it links, to flows that exist', () => {
		for (const l of LEARN) {
			expect(l.seeIt.length, l.id).toBeGreaterThan(0);
			for (const link of l.seeIt) expect(FLOW_IDS, `${l.id}: ${link.flow}`).toContain(link.flow);
		}
	});
});

describe('what the lessons teach, by the sections they cite', () => {
	test('validation lists OIDC Core §3.1.3.7’s thirteen steps in its numbering, and clock skew from exp’s definition', () => {
		const steps = lesson('validation').blocks.find((b) => b.kind === 'steps');
		expect(steps?.kind === 'steps' && steps.items.map((i) => i.n)).toEqual([
			'1',
			'2',
			'3',
			'4–5',
			'6',
			'7',
			'8',
			'9',
			'10',
			'11',
			'12',
			'13'
		]);
		if (steps?.kind === 'steps')
			for (const item of steps.items)
				expect(item.rule.specs.map((s) => s.url)).toContain(SPEC.idTokenValidation);
		expect(cited('validation')).toEqual(expect.arrayContaining([SPEC.idToken, SPEC.exp]));
	});

	test('state, nonce and PKCE side by side: one row each, what it binds, who checks, what it stops', () => {
		const table = lesson('state-nonce-pkce').blocks.find((b) => b.kind === 'table');
		expect(table?.kind).toBe('table');
		if (table?.kind !== 'table') return;
		expect(table.columns).toHaveLength(4);
		expect(table.rows.map((r) => r.cells[0])).toEqual([
			'`state`',
			'`nonce`',
			'PKCE (`code_challenge`, `code_verifier`)'
		]);
		const urls = table.rows.map((r) => r.specs.map((s) => s.url));
		expect(urls[0]).toContain(SPEC.csrfCountermeasures);
		expect(urls[1]).toEqual(expect.arrayContaining([SPEC.idToken, SPEC.injectionNonce]));
		expect(urls[2]).toEqual(expect.arrayContaining([SPEC.pkce, SPEC.injectionPkce]));
	});

	test('the missing lessons of issue 27 cite their sections', () => {
		expect(cited('account')).toContain(SPEC.claimStability);
		expect(cited('keys')).toEqual(
			expect.arrayContaining([SPEC.rotateSigKeys, SPEC.httpCacheControl, SPEC.receivedClaims])
		);
		expect(cited('browser-apps')).toEqual(
			expect.arrayContaining([SPEC.browserTokenStorage, SPEC.bff])
		);
		expect(cited('sessions')).toEqual(expect.arrayContaining([SPEC.idToken, SPEC.exp]));
		expect(cited('renewing')).toEqual(expect.arrayContaining([SPEC.refresh, SPEC.authRequest]));
		expect(cited('logout')).toEqual(
			expect.arrayContaining([SPEC.rpLogout, SPEC.logoutToken, SPEC.frontchannelRp])
		);
		expect(cited('attacks')).toEqual(
			expect.arrayContaining([SPEC.mixUp, SPEC.issValidation, SPEC.useAudience])
		);
		const flows = lesson('attacks').seeIt.map((s) => s.flow);
		expect(flows).toEqual(expect.arrayContaining(['attack-mix-up', 'attack-audience-confusion']));
	});
});

describe('the spec review of the lessons (review-learn items 4, 6, 10, 12, 14, 15, 16)', () => {
	/** The rules of a lesson that name a code span (`x`), with the sections each cites. */
	const rulesNaming = (id: string, code: string) =>
		lesson(id).body.flatMap((e) =>
			e.kind === 'rule' && e.text.includes(`\`${code}\``) ? [e.specs.map((s) => s.url)] : []
		);

	test('a refreshed id_token’s nonce is taught with errata 2’s refresh response rule (Core §12.2)', () => {
		const nonceRules = rulesNaming('renewing', 'nonce');
		expect(nonceRules.length).toBeGreaterThan(0);
		expect(nonceRules.some((urls) => urls.includes(SPEC.refreshResponse))).toBe(true);
	});

	test('auth_time is tied to max_age (Core §2), and a DPoP proof’s ath to an access token (RFC 9449 §4.2)', () => {
		const authTime = rulesNaming('account', 'auth_time');
		expect(authTime.length).toBeGreaterThan(0);
		expect(rulesNaming('account', 'max_age').length).toBeGreaterThan(0);
		expect(rulesNaming('modern', 'ath').length).toBeGreaterThan(0);
	});

	test('nonce is a CSRF defence too (RFC 9700 §4.7.1), in the table and in the attacks list', () => {
		const table = lesson('state-nonce-pkce').blocks.find((b) => b.kind === 'table');
		if (table?.kind !== 'table') throw new Error('no table');
		const nonceRow = table.rows.find((r) => r.cells[0] === '`nonce`')!;
		expect(nonceRow.specs.map((s) => s.url)).toContain(SPEC.csrfCountermeasures);
		const csrfRows = lesson('attacks')
			.blocks.flatMap((b) => (b.kind === 'table' ? b.rows : []))
			.filter((r) => r.specs.some((s) => s.url === SPEC.csrfCountermeasures));
		expect(csrfRows).toHaveLength(1);
		expect(csrfRows[0]!.cells.join(' ')).toContain('`nonce`');
	});

	test('sign-then-encrypt cites RFC 7519 §11.2 and Core §2, not §5.2 (the cty header)', () => {
		const modern = cited('modern');
		expect(modern).toEqual(expect.arrayContaining([SPEC.jwtSignThenEncrypt, SPEC.idToken]));
		expect(modern).not.toContain(SPEC.nestedJwt);
	});

	test('the jwks_uri is cited from Discovery; the id_token-posting endpoint is weighed against the BFF', () => {
		const jwksUri = rulesNaming('keys', 'jwks_uri');
		expect(jwksUri.some((urls) => urls.includes(SPEC.discovery))).toBe(true);
		expect(cited('attacks')).toContain(SPEC.bff);
	});
});

describe('lesson 4 maps §3.1.3.7 to the flow’s checklist at validate-id-token', () => {
	/** The check ids a flow's (first) id_token validation reports, run with default settings. */
	async function reported(flow: string): Promise<string[]> {
		const { view } = readView(flow as FlowId, new URLSearchParams());
		const trace = await runFlow(view.settings);
		const step = trace.steps.find((s) => s.ref?.message === 'validate-id-token' && s.checks);
		return step?.checks?.checks.map((c) => c.id) ?? [];
	}
	const blocks = lesson('validation').blocks;
	const steps = blocks.flatMap((b) => (b.kind === 'steps' ? b.items : []));
	const links: ChecklistLink[] = [
		...steps.flatMap((i) => (i.checklist ? [i.checklist] : [])),
		...blocks.flatMap((b) =>
			b.kind === 'table' ? b.rows.flatMap((r) => (r.checklist ? [r.checklist] : [])) : []
		)
	];

	test('every §3.1.3.7 step names its checklist ids (or says why it has none) and why it is there, with sections', () => {
		expect(steps).toHaveLength(12);
		for (const item of steps) {
			expect(item.checklist, item.n).toBeDefined();
			expect(item.checklist!.checks.length || item.checklist!.note?.length, item.n).toBeTruthy();
			expect(item.why?.kind, item.n).toBe('rule');
			expect(item.why!.specs.length, item.n).toBeGreaterThan(0);
		}
	});

	test('every check the code-pkce validation reports appears in the lesson, and every id the lesson names is reported by its flow', async () => {
		const named = new Set(links.flatMap((l) => l.checks));
		const pkce = await reported('code-pkce');
		expect(pkce.length).toBeGreaterThan(12);
		for (const id of pkce) expect(named, `lesson names ${id}`).toContain(id);
		for (const link of links) {
			const flow = link.flow ?? 'code-pkce';
			expect(FLOW_IDS).toContain(flow);
			const ids = await reported(flow);
			for (const id of link.checks) expect(ids, `${flow} reports ${id}`).toContain(id);
		}
	});

	test('the flow’s additions to §3.1.3.7 are rows of their own, none also a numbered step', () => {
		const inSteps = new Set(steps.flatMap((i) => i.checklist?.checks ?? []));
		const rows = blocks.flatMap((b) => (b.kind === 'table' ? b.rows : []));
		const extra = rows.flatMap((r) => r.checklist?.checks ?? []);
		expect(extra).toEqual(expect.arrayContaining(['typ', 'sub', 'at_hash', 'crit', 'nbf']));
		for (const id of extra) expect(inSteps.has(id), id).toBe(false);
		for (const row of rows) expect(row.specs.length).toBeGreaterThan(0);
	});
});

describe('every see-it link opens its flow at the step it names, showing its point', () => {
	const links = LEARN.flatMap((l) => l.seeIt.map((link) => ({ lesson: l.id, link })));

	test('each resolves to a step with its ref, and the step shows what the link says', async () => {
		const problems: string[] = [];
		for (const { lesson: id, link } of links) {
			const resolved = await resolveSeeIt(link);
			if (resolved.problem) problems.push(`${id} ${link.flow} ${link.at}: ${resolved.problem}`);
			// The step by its ref, as the flow page reads it: the link survives steps added before it.
			else expect(resolved.query, link.label).toMatch(/(^|&)step=[a-z-]+(\.[1-9]\d*)?$/);
		}
		expect(problems).toEqual([]);
	}, 120_000);

	test('a link’s settings are read as settings, and change the run', () => {
		const withSettings = links.filter(({ link }) => link.with);
		expect(withSettings.length).toBeGreaterThan(4);
		for (const { link } of withSettings) {
			const flow = link.flow as FlowId;
			const { view, problems } = readView(flow, new URLSearchParams(link.with));
			expect(problems, link.with).toEqual([]);
			expect(view.settings, link.with).not.toEqual(
				readView(flow, new URLSearchParams()).view.settings
			);
		}
	});

	test('a link’s settings are shown in words, one phrase per setting, never as raw parameters', async () => {
		for (const { link } of links.filter(({ link }) => link.with)) {
			const resolved = await resolveSeeIt(link);
			const params = [...new URLSearchParams(resolved.settings)];
			expect(params.length, link.label).toBeGreaterThan(0);
			expect(resolved.described, link.label).toHaveLength(params.length);
			for (const phrase of resolved.described) {
				expect(phrase, link.label).not.toMatch(/=|\+/);
				for (const [name] of params) expect(phrase, link.label).not.toContain(`${name}=`);
			}
		}
		for (const { link } of links.filter(({ link }) => !link.with))
			expect((await resolveSeeIt(link)).described, link.label).toEqual([]);
	}, 120_000);

	test('each setting is described from the settings data: a user by name, a wait by its span, a change by claim', () => {
		const words = (flow: FlowId, query: string) =>
			describeSettings(readView(flow, new URLSearchParams(query)).view.settings);
		expect(words('code-pkce', '')).toEqual([]);
		// The same setting written two ways reads the same; different values read differently.
		expect(words('code-pkce', 'skew=60')).toEqual(words('code-pkce', 'skew=060'));
		expect(words('code-pkce', 'skew=60')).not.toEqual(words('code-pkce', 'skew=30'));
		const [wait] = words('code-pkce', 'wait=token-response+36000');
		expect(wait).toMatch(/\b10\b/);
		expect(wait).not.toContain('36000');
		const [bob] = words('code-pkce', 'user=auth0|bob');
		expect(bob).not.toContain('auth0|bob');
		const [tamper] = words('code-pkce', 'tamper=token-response:sub=auth0|mallory');
		expect(tamper).toContain('sub');
		expect(tamper).toContain('auth0|mallory');
	});

	test('a clock jump past exp is what refuses the token: without it the same step passes exp', async () => {
		const jumps = links.filter(
			({ link }) =>
				link.with?.includes('wait=') &&
				link.shows &&
				'check' in link.shows &&
				link.shows.check === 'exp' &&
				link.shows.status === 'failed'
		);
		expect(jumps.length).toBeGreaterThan(0);
		for (const { link } of jumps) {
			const without = await resolveSeeIt({ ...link, with: undefined });
			expect(without.problem, link.label).toBe('check exp is passed, not failed');
		}
	});
});
