import type { Page } from '@playwright/test';
import { FLOW_IDS } from '../../src/lib/sim/settings';
import { TID } from '../../src/lib/testids';
import { builtPolicy, cspViolations, seriousAxeViolations } from './audits';
import { expect, test, openHydrated } from './flowPage';

const PAGES = [
	'/',
	'/flow/code-pkce?step=13',
	'/flow/attack-tamper?step=15',
	// A refused token, its failed claim marked.
	'/flow/attack-expired?step=15',
	'/embed/refresh?step=16&panels=controls,inspector,title',
	'/decode#token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9%24.c2ln',
	'/learn'
];

async function settled(page: Page, path: string) {
	await page.goto(path);
	if (path.startsWith('/flow') || path.startsWith('/embed')) {
		await expect(page.getByTestId(TID.diagram).locator('[data-step]').first()).toBeAttached();
		await expect(page.getByTestId(TID.inspector)).toBeVisible();
	}
}

for (const scheme of ['light', 'dark'] as const) {
	for (const path of PAGES) {
		test(`axe finds no serious or critical problem on ${path} (${scheme})`, async ({ page }) => {
			await page.emulateMedia({ colorScheme: scheme });
			await settled(page, path);
			expect(await seriousAxeViolations(page)).toEqual([]);
		});
	}
}

test('keyboard only: tab to the step controls, step, and see the focus and the announcement', async ({
	page,
	ui
}) => {
	await ui.open('/flow/code-pkce');
	const next = ui.button('Next step');
	for (let i = 0; i < 60 && !(await next.evaluate((el) => el === document.activeElement)); i++)
		await page.keyboard.press('Tab');
	await expect(next).toBeFocused();
	const outline = await next.evaluate((el) => getComputedStyle(el).outlineStyle);
	expect(outline).not.toBe('none');
	await page.keyboard.press('Enter');
	await ui.expectStep(2, 14);
	await expect(page.getByTestId(TID.stepNarration)).toHaveText(
		'Step 2 of 14: Issuer answers 200 OK to Client'
	);
	await page.keyboard.press('Space');
	await ui.expectStep(3, 14);
	// Arrow keys work from anywhere but form fields.
	await page.keyboard.press('ArrowRight');
	await ui.expectStep(4, 14);
});

test.describe('with reduced motion', () => {
	test.use({ reducedMotion: 'reduce' });
	test('stepping highlights at once: nothing travels, nothing animates', async ({ page, ui }) => {
		await ui.open('/flow/code-pkce');
		await page.keyboard.press('ArrowRight');
		await ui.expectStep(2, 14);
		expect(await page.evaluate(() => document.getAnimations().length)).toBe(0);
	});
});

test('privacy: every page and every flow makes requests to this site only', async ({
	page,
	baseURL,
	ui
}) => {
	// Every flow page in turn: 27 real runs with real keys, slow on a busy 2-core machine.
	test.setTimeout(180_000);
	const foreign: string[] = [];
	page.on('request', (request) => {
		const url = request.url();
		if (!url.startsWith(`${baseURL}/`) && !url.startsWith('data:') && !url.startsWith('blob:'))
			foreign.push(url);
	});
	for (const flow of FLOW_IDS) {
		await ui.open(`/flow/${flow}`);
		await ui.press('End');
	}
	for (const path of PAGES) await settled(page, path);
	await openHydrated(page, '/decode#token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln');
	await page.getByLabel('A JWK or JWKS').check();
	await page.getByLabel('JWK or JWKS (JSON)').fill('{"kty":"oct","k":"c2VjcmV0"}');
	await page.getByRole('button', { name: 'Verify' }).click();
	expect(foreign).toEqual([]);
});

test('offline: with the network cut after load, the simulator still steps, re-runs and exports', async ({
	page,
	context,
	ui
}) => {
	await ui.open('/flow/code-pkce');
	await page.waitForLoadState('networkidle');
	await context.setOffline(true);
	await ui.press('End');
	await ui.expectStep(14, 14);
	await ui.openSettings();
	await page.getByRole('checkbox', { name: 'phone' }).check();
	await expect(page.getByTestId(TID.diff)).toContainText('phone_number appeared');
	await page.getByRole('button', { name: 'Share / Embed' }).click();
	await expect(
		page.getByRole('dialog', { name: 'Share or embed this view' }).getByLabel(/Mermaid source/)
	).toHaveValue(/sequenceDiagram/);
	await context.setOffline(false);
});

test('content security: a strict policy ships with every page, and nothing it forbids is attempted', async ({
	page,
	ui
}) => {
	for (const file of [
		'index.html',
		'flow/code-pkce.html',
		'embed/code-pkce.html',
		'decode.html',
		'learn.html'
	]) {
		const csp = builtPolicy(file);
		expect(csp).toContain("default-src 'self'");
		// Every page's boot script is a hashed file (scripts/headers.js), so one policy with no
		// inline allowance serves them all.
		expect(csp).toMatch(/script-src 'self'(;|$)/);
		expect(csp).not.toContain('unsafe-eval');
		expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
	}
	const violations = await cspViolations(page);
	for (const path of PAGES) await settled(page, path);
	await ui.open('/flow/attack-key-confusion');
	await ui.press('End');
	await page.getByRole('button', { name: 'Share / Embed' }).click();
	const png = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download PNG' }).click();
	await png;
	expect(violations).toEqual([]);
});
