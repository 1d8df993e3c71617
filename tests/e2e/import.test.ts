import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { importHar } from '../../src/lib/har/index';
import { TID } from '../../src/lib/testids';
import { builtPolicy, cspViolations, seriousAxeViolations } from './audits';
import { expect, test } from './flowPage';

const FIXTURES = new URL('../fixtures/har/', import.meta.url);
const path = (name: string) => new URL(name, FIXTURES).pathname;

/** Each fixture, the flow it is recognised as, and whether a check fails in it. */
const CASES = [
	{ file: 'code-pkce.har', flow: 'logout', refused: false },
	{ file: 'code-pkce-sanitized.har', flow: 'logout', refused: false },
	{ file: 'refresh.har', flow: 'refresh', refused: false },
	{ file: 'es256.har', flow: 'code-pkce', refused: false },
	{ file: 'implicit.har', flow: 'implicit', refused: false },
	{ file: 'form-post.har', flow: 'hybrid', refused: false },
	{ file: 'state-mismatch.har', flow: 'code-pkce', refused: true }
];

const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]+/;

async function load(page: Page, file: string) {
	await page.goto('/import');
	// Enabled once the page's script runs: a file chosen before would be lost.
	await expect(page.getByTestId(TID.importFile)).toBeEnabled();
	await page.getByTestId(TID.importFile).setInputFiles(path(file));
	await expect(page.getByTestId(TID.diagram).locator('[data-step]').first()).toBeAttached({
		timeout: 20_000
	});
}

for (const { file, flow, refused } of CASES) {
	test(`${file}: imports on /import and steps through with the simulator's keys`, async ({
		page,
		ui
	}) => {
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		// The same import in Node gives the labels the page must show, step by step.
		const { trace } = await importHar(readFileSync(path(file), 'utf8'));
		const total = trace.steps.length;
		await load(page, file);
		const summary = page.getByTestId(TID.importSummary);
		await expect(summary).toHaveAttribute('data-flow', flow);
		await expect(summary).toHaveAttribute('data-steps', String(total));
		expect(Number(await summary.getAttribute('data-failed')) > 0).toBe(refused);

		for (const [i, step] of trace.steps.entries()) {
			await ui.expectStep(i + 1, total);
			await ui.expectMessage(step.label);
			if (i < total - 1) await page.keyboard.press('ArrowRight');
		}
		await page.keyboard.press('Home');
		await ui.expectStep(1, total);
		// Nothing of the recording ever reaches the URL.
		expect(new URL(page.url()).search + new URL(page.url()).hash).toBe('');
		expect(errors).toEqual([]);
	});
}

test('state mismatch: the callback check fails on the state, and the login is shown as stopped', async ({
	page,
	ui
}) => {
	await load(page, 'state-mismatch.har');
	await expect(page.getByTestId(TID.outcome)).toBeVisible();
	await ui.press('End');
	await expect(ui.inspectorTitle()).toHaveClass(/failed/);
	await ui.expectChecks('failed', ['state']);
});

test('form_post web app: the back channel is drawn as a not-observed message whose checks do not apply', async ({
	page
}) => {
	await load(page, 'form-post.har');
	await page.keyboard.press('End');
	const checks = page.getByTestId(TID.checklist).locator('li');
	await expect(checks).toHaveCount(3);
	await expect(checks.and(page.locator('[data-status="not_applicable"]'))).toHaveCount(3);
	// Nothing checked is not "valid": the verdict says so.
	await expect(page.getByTestId(TID.checkVerdict)).toHaveAttribute('data-verdict', 'not-checked');
});

test('a code that reached a third party is a warning, not a refusal, and the sign-in still completes', async ({
	page,
	ui
}) => {
	const result = await importHar(readFileSync(path('providers/google.har'), 'utf8'));
	const leak = result.trace.steps.findIndex((s) =>
		s.checks?.checks.some((c) => c.id === 'leak_third_party')
	);
	expect(leak).toBeGreaterThan(0);
	await load(page, 'providers/google.har');
	const summary = page.getByTestId(TID.importSummary);
	await expect(summary).toHaveAttribute('data-warnings', '1');
	await expect(summary).toHaveAttribute('data-failed', '0');
	await expect(page.getByTestId(TID.outcome)).toHaveCount(0);
	for (let i = 0; i < leak; i++) await page.keyboard.press('ArrowRight');
	await ui.expectStep(leak + 1, result.trace.steps.length);
	await expect(page.getByTestId(TID.checkVerdict)).toHaveAttribute('data-verdict', 'warning');
	await ui.expectChecks('failed', ['leak_third_party']);
});

test('secrets are masked until revealed, and revealing stays in the page', async ({ page, ui }) => {
	await load(page, 'code-pkce.har');
	const inspector = page.getByTestId(TID.inspector);
	// The token response (step with the id_token) shows masked values by default.
	await ui.gotoStepWithToken('id_token');
	// The raw message is built when its fold is opened.
	await inspector.locator('details.raw > summary').click();
	await expect(inspector.getByTestId(TID.response)).toContainText('[masked]');
	expect(JWT.test((await page.locator('main').textContent()) ?? '')).toBe(false);
	await page.getByLabel('Reveal secrets').check();
	await expect(inspector.getByTestId(TID.response)).toContainText(JWT);
	expect(new URL(page.url()).search).toBe('');
});

test('"Open in decoder": a masked token is not offered; revealed, it is handed over outside the address', async ({
	page,
	ui
}) => {
	await load(page, 'code-pkce.har');
	await ui.gotoStepWithToken('id_token');
	const card = ui.token('id_token');
	// Masked: no link to a useless "[masked]" token, a note instead.
	await expect(card.getByTestId(TID.decoderMasked)).toBeVisible();
	await expect(card.getByRole('link', { name: 'Open in decoder' })).toHaveCount(0);
	await page.getByLabel('Reveal secrets').check();
	await expect(card.getByTestId(TID.decoderMasked)).toHaveCount(0);
	const link = card.getByRole('link', { name: 'Open in decoder' });
	expect(await link.getAttribute('href')).not.toMatch(/token=|eyJ/);
	await link.click();
	await page.waitForURL(/\/decode/);
	expect(page.url()).not.toMatch(/token=|eyJ/);
	await expect(page.getByLabel('Token')).toHaveValue(JWT);
	await expect(page).toHaveURL(/\/decode$/);
	expect(
		await page.evaluate(() =>
			Object.keys(sessionStorage).filter((k) => k.startsWith('tokenstep:handover:'))
		)
	).toEqual([]);
});

test('unrelated requests are hidden and counted, and a switch shows them', async ({ page }) => {
	await load(page, 'code-pkce.har');
	const summary = page.getByTestId(TID.importSummary);
	const before = Number(await summary.getAttribute('data-steps'));
	const hidden = Number(await summary.getAttribute('data-hidden'));
	expect(hidden).toBeGreaterThan(0);
	await page.locator('input[data-option=unrelated]').check();
	await expect(summary).toHaveAttribute('data-hidden', '0');
	expect(Number(await summary.getAttribute('data-steps'))).toBeGreaterThanOrEqual(
		before + 2 * hidden
	);
});

test('a 50 MB file and a file that is not a HAR get a clear message fast, and nothing is drawn', async ({
	page
}) => {
	await page.goto('/import');
	const input = page.getByTestId(TID.importFile);
	await expect(input).toBeEnabled();
	// Playwright passes a file this size by path, not as a buffer.
	const huge = test.info().outputPath('huge.har');
	writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, 0x20));
	await input.setInputFiles(huge);
	const started = Date.now();
	await expect(page.getByTestId(TID.notice)).toContainText('huge.har');
	expect(Date.now() - started).toBeLessThan(2000);
	await input.setInputFiles({
		name: 'photo.png',
		mimeType: 'image/png',
		buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
	});
	await expect(page.getByTestId(TID.notice)).toContainText('photo.png');
	await expect(page.getByTestId(TID.diagram)).toHaveCount(0);
});

test('under the strict CSP: parsed in a worker, no violation, no request to another origin', async ({
	page,
	baseURL
}) => {
	const csp = builtPolicy('import.html');
	expect(csp).toContain("default-src 'self'");
	expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
	const violations = await cspViolations(page);
	const foreign: string[] = [];
	page.on('request', (request) => {
		const url = request.url();
		if (!url.startsWith(`${baseURL}/`) && !/^(data|blob):/.test(url)) foreign.push(url);
	});
	const worker = page.waitForEvent('worker');
	await load(page, 'code-pkce.har');
	expect((await worker).url()).toContain(baseURL!);
	await page.keyboard.press('End');
	expect(violations).toEqual([]);
	expect(foreign).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const) {
	test(`axe finds no serious or critical problem on /import with a login loaded (${scheme})`, async ({
		page
	}) => {
		await page.emulateMedia({ colorScheme: scheme });
		await load(page, 'form-post.har');
		await expect(page.getByTestId(TID.inspector)).toBeVisible();
		expect(await seriousAxeViolations(page)).toEqual([]);
	});
}

/** Everything this origin keeps in the browser: localStorage, sessionStorage and IndexedDB. */
async function browserStore(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const dump = (s: Storage) =>
			Array.from({ length: s.length }, (_, i) => s.key(i)!).map((k) => [k, s.getItem(k)]);
		const request = <T>(r: IDBRequest<T>) =>
			new Promise<T>((resolve, reject) => {
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
		const databases: unknown[] = [];
		for (const { name } of await indexedDB.databases()) {
			if (!name) continue;
			const db = await request(indexedDB.open(name));
			for (const store of Array.from(db.objectStoreNames)) {
				const tx = db.transaction(store, 'readonly');
				databases.push([
					name,
					store,
					await request(tx.objectStore(store).getAllKeys()),
					await request(tx.objectStore(store).getAll())
				]);
			}
			db.close();
		}
		return JSON.stringify([dump(localStorage), dump(sessionStorage), databases]);
	});
}

test('nothing of an import is kept in the browser, and drawings older versions kept are dropped', async ({
	page,
	ui
}) => {
	// An older version kept an import's drawing (with its hosts) under the drawing cache's keys.
	await page.goto('/import');
	await page.evaluate(() => {
		localStorage.setItem('tokenstep:drawings', JSON.stringify([{ key: 'old', flow: 'logout' }]));
		localStorage.setItem('tokenstep:drawing:old', '<svg><text>localhost:4401</text></svg>');
	});
	await load(page, 'code-pkce.har');
	await page.getByLabel('Reveal secrets').check();
	await ui.gotoStepWithToken('id_token');
	await page.keyboard.press('End');
	await page.waitForTimeout(500);
	const kept = await browserStore(page);
	const har = readFileSync(path('code-pkce.har'), 'utf8');
	const secrets = [
		'localhost:4401',
		'localhost:4402',
		'/interaction/',
		'yjAnmOgWyNtzNeL3HPNPJt5CniRFY2qMIwQaDktuteG',
		'S_8LF74C5I91rRvHvc1GbtTWYhkWl2thyogbgOcdy0W',
		'-AideGXNKoVswret0I-UlmRELgwElFg1NBD4RhZmixw'
	];
	for (const secret of secrets) {
		expect(har).toContain(secret);
		expect(kept, secret).not.toContain(secret);
	}
	expect(kept).not.toMatch(JWT);
	expect(kept).not.toContain('tokenstep:drawing:old');
});

test('the Mermaid download names the file in an inert comment, whatever the name', async ({
	page
}) => {
	await page.goto('/import');
	await expect(page.getByTestId(TID.importFile)).toBeEnabled();
	await page.getByTestId(TID.importFile).setInputFiles({
		name: `login %%{init: {"theme":"forest"}}%% {x}.har`,
		mimeType: 'application/json',
		buffer: readFileSync(path('code-pkce.har'))
	});
	await expect(page.getByTestId(TID.diagram).locator('[data-step]').first()).toBeAttached({
		timeout: 20_000
	});
	const [saved] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Mermaid' }).click()
	]);
	const text = readFileSync(await saved.path(), 'utf8');
	const [comment, diagram] = text.split('\n');
	expect(comment).toMatch(/^%% login /);
	expect(comment!.slice(3)).not.toMatch(/[%{}]/);
	expect(diagram).toBe('sequenceDiagram');
});

test('a recording with a sign-in and a logout offers each flow on its own, with its own steps and checks', async ({
	page,
	ui
}) => {
	const result = await importHar(readFileSync(path('code-pkce.har'), 'utf8'));
	const logout = result.flows.findIndex((f) => f.kind === 'logout');
	await load(page, 'code-pkce.har');
	const flows = page.getByTestId(TID.importFlows).locator('input[type=radio]');
	await expect(flows).toHaveCount(result.flows.length + 1);
	await expect(flows.first()).toBeChecked();
	await ui.expectStep(1, result.trace.steps.length);

	// The logout alone: its steps from the first, ending with its checks.
	await page.getByTestId(TID.importFlows).locator('input[data-kind=logout]').check();
	const steps = result.flows[logout]!.steps.length;
	await ui.expectStep(1, steps);
	await ui.expectMessage(result.trace.steps[result.flows[logout]!.steps[0]!]!.label);
	await ui.press('End');
	await ui.expectChecks('passed', ['logout_id_token_hint', 'logout_redirect']);

	// Back to the whole recording by keyboard: the radio group is one tab stop.
	await page.getByTestId(TID.importFlows).locator('input[data-kind=all]').focus();
	await page.keyboard.press('Space');
	await ui.expectStep(1, result.trace.steps.length);
	// In the group the arrows move between flows, as in any radio group, rather than step.
	await page.keyboard.press('ArrowRight');
	await expect(page.getByTestId(TID.importFlows).locator('input[data-kind=login]')).toBeChecked();
	await ui.expectStep(1, result.flows[0]!.steps.length);
	await expect(page.getByTestId(TID.importSummary)).toHaveAttribute(
		'data-steps',
		String(result.flows[0]!.steps.length)
	);
	// An option that re-imports the file keeps the flow on show.
	await page.locator('input[data-option=unrelated]').check();
	await expect(page.getByTestId(TID.importFlows).locator('input[data-kind=login]')).toBeChecked();
});

test('Clock leeway: a recording whose computer clock ran behind the provider’s fails on iat at 0 s and passes with leeway', async ({
	page
}) => {
	// The recording computer's clock 5 s behind the provider's: every id_token is "from the future".
	const har = JSON.parse(readFileSync(path('providers/google.har'), 'utf8'));
	for (const entry of har.log.entries)
		entry.startedDateTime = new Date(Date.parse(entry.startedDateTime) - 5000).toISOString();
	await page.goto('/import');
	await expect(page.getByTestId(TID.importFile)).toBeEnabled();
	await page.getByTestId(TID.importFile).setInputFiles({
		name: 'behind.har',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(har))
	});
	const summary = page.getByTestId(TID.importSummary);
	await expect(summary).toHaveAttribute('data-failed', /^[1-9]/);
	const skew = page.getByTestId(TID.importSkew);
	await expect(skew).toHaveAttribute('data-used', '0');
	await skew.fill('10');
	await skew.press('Enter');
	await skew.blur();
	await expect(skew).toHaveAttribute('data-used', '10');
	await expect(summary).toHaveAttribute('data-failed', '0');
	// An impossible value is taken as the nearest allowed one, and nothing breaks.
	await skew.fill('-999');
	await skew.blur();
	await expect(skew).toHaveAttribute('data-used', '0');
	await expect(summary).toHaveAttribute('data-failed', /^[1-9]/);
});
