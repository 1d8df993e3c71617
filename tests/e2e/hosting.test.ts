/**
 * The header files the build writes, served as Cloudflare Pages, Netlify and nginx would serve
 * them (tests/e2e/support/hostServer.ts): every page at every path it answers carries the policy
 * and refuses framing (but /embed/*), pages hydrate under that policy, and the web component, the
 * animated SVGs and the oEmbed answers can be used from another origin.
 */
import { readdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { TID } from '../../src/lib/testids';
import { serveAs, serveOtherOrigin, type Host, type Served } from './support/hostServer';

const HOSTS: Host[] = ['cloudflare', 'netlify', 'nginx'];

/** Every path a built page answers at: /x and /x.html, / and /index.html. */
function pagePaths(): { path: string; embed: boolean }[] {
	const files = readdirSync('build', { recursive: true, encoding: 'utf8' }).filter((f) =>
		f.endsWith('.html')
	);
	return files.flatMap((f) => {
		const file = `/${f.replaceAll('\\', '/')}`;
		const route = file === '/index.html' ? '/' : file.replace(/\.html$/, '');
		return [route, file].map((path) => ({ path, embed: route.startsWith('/embed/') }));
	});
}

const cspErrors = (page: Page) => {
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error' && /Content Security Policy|CORS|frame/i.test(m.text()))
			errors.push(m.text());
	});
	return errors;
};

for (const host of HOSTS) {
	test.describe(`served as ${host}`, () => {
		let site: Served;
		test.beforeAll(async () => {
			site = await serveAs(host);
		});
		test.afterAll(async () => {
			await site.close();
		});

		test('every page path carries one policy, with frame-ancestors none but on /embed/*', async () => {
			const paths = pagePaths();
			expect(paths.length).toBeGreaterThan(20);
			for (const { path, embed } of paths) {
				const res = await fetch(`${site.url}${path}`);
				expect(res.status, path).toBe(200);
				const csp = res.headers.get('content-security-policy') ?? '';
				expect(csp, path).toMatch(/^default-src 'self';.*script-src 'self'/);
				// One policy: a second rule's value would be joined after a comma.
				expect(csp, path).not.toContain(',');
				if (embed) expect(csp, path).not.toContain('frame-ancestors');
				else expect(csp, path).toContain("frame-ancestors 'none'");
				expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
				expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
			}
		});

		test('the module, the animated SVGs and the oEmbed answers can be read from any origin', async () => {
			for (const [path, type] of [
				['/tokenstep-flow.js', /^text\/javascript\b/],
				['/animated/code-pkce.svg', /^image\/svg\+xml\b/],
				['/oembed/code-pkce.json', /^application\/json\b/]
			] as const) {
				const res = await fetch(`${site.url}${path}`, {
					headers: { origin: 'https://docs.example' }
				});
				expect(res.status, path).toBe(200);
				expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
				expect(res.headers.get('content-type') ?? '', path).toMatch(type);
			}
		});

		test('a page hydrates under the header policy with no violation', async ({ page }) => {
			const errors = cspErrors(page);
			for (const path of ['/flow/code-pkce?step=3', '/flow/code-pkce.html?step=3']) {
				await page.goto(`${site.url}${path}`);
				await expect(page.getByTestId(TID.stepCounter)).toHaveText('Step 3 of 14');
				await page.getByRole('button', { name: 'Next step' }).click();
				await expect(page.getByTestId(TID.stepCounter)).toHaveText('Step 4 of 14');
			}
			expect(errors).toEqual([]);
		});

		test('another origin can frame /embed/* only, and use <tokenstep-flow>', async ({ page }) => {
			const framed = ['/', '/index.html', '/import', '/import.html', '/flow/code-pkce.html'];
			const other = await serveOtherOrigin(`<!doctype html><title>Docs</title>
${framed.map((p, i) => `<iframe id="f${i}" src="${site.url}${p}" width="300" height="200"></iframe>`).join('\n')}
<iframe id="embed" src="${site.url}/embed/code-pkce.html?step=2" width="600" height="500"></iframe>
<tokenstep-flow flow="code-pkce" step="3" panels="controls"></tokenstep-flow>
<script type="module" src="${site.url}/tokenstep-flow.js"></script>`);
			try {
				await page.goto(other.url);
				await expect(page.frameLocator('#embed').getByTestId(TID.stepCounter)).toHaveText(
					'Step 2 of 14'
				);
				await page.waitForFunction(() => customElements.get('tokenstep-flow'));
				const component = page.frameLocator('tokenstep-flow iframe');
				await expect(component.getByTestId(TID.stepCounter)).toHaveText('Step 3 of 14');
				await expect(page.locator('tokenstep-flow')).toHaveAttribute('data-step', '3');
				// Chromium shows its error page in each frame the policy refuses.
				await expect
					.poll(() => page.frames().filter((f) => f.url().startsWith('chrome-error')).length)
					.toBe(framed.length);
				for (const [i, path] of framed.entries())
					await expect(page.frameLocator(`#f${i}`).locator('main'), path).toHaveCount(0);
			} finally {
				await other.close();
			}
		});
	});
}
