/**
 * /live against a real provider: `oidc-provider` started on a second loopback origin, logged into
 * through its own pages. The login is drawn and its id_token checked; nothing leaves the site
 * before Connect, and after it only the origins the discovery document names; each failure shows
 * its LIVE_* code.
 */
import { expect, test, type Page, type Request } from '@playwright/test';
import { TID } from '../../src/lib/testids';
import { builtPolicy, cspViolations, seriousAxeViolations } from './audits';
import { CLIENTS, startLiveProviders, type LiveProviders } from './support/liveProvider';

const SITE_PORT = Number(process.env.E2E_PORT ?? 4173);
const SITE = `http://127.0.0.1:${SITE_PORT}`;

test.describe.configure({ mode: 'serial' });

let providers: LiveProviders;
test.beforeAll(async () => {
	providers = await startLiveProviders(SITE, SITE_PORT + 1);
});
test.afterAll(async () => {
	await providers?.close();
});

interface Seen {
	url: string;
	/** The document that made the request (for a navigation: the one it leaves). */
	from: string;
	navigation: boolean;
}

/** Records every request the page makes; the provider's own page font is answered locally. */
async function recordRequests(page: Page): Promise<Seen[]> {
	const seen: Seen[] = [];
	await page.route(
		(url) => url.hostname === 'fonts.googleapis.com',
		(route) => route.fulfill({ status: 200, contentType: 'text/css', body: '' })
	);
	page.on('request', (r: Request) => {
		let from = '';
		try {
			from = r.frame().url();
		} catch {
			// a worker's request has no frame
		}
		seen.push({ url: r.url(), from, navigation: r.isNavigationRequest() });
	});
	return seen;
}

const originOf = (url: string) => (URL.canParse(url) ? new URL(url).origin : url);

async function fill(
	page: Page,
	issuer: string,
	clientId: string,
	options: { userinfo?: boolean } = {}
) {
	await page.goto('/live');
	await expect(page.getByTestId(TID.liveConnect)).toBeEnabled();
	const form = page.getByTestId(TID.liveForm);
	await form.getByLabel('Issuer').fill(issuer);
	await form.getByLabel('client_id').fill(clientId);
	if (options.userinfo) await form.getByLabel('Ask UserInfo').check();
}

/** Logs in on the provider's own pages: the login form, then consent. */
async function login(page: Page, issuer: string) {
	await page.waitForURL(`${issuer}/interaction/**`);
	await page.fill('input[name=login]', 'jane');
	await page.fill('input[name=password]', 'any password');
	const first = page.url();
	await page.click('button[type=submit]');
	await page.waitForURL((url) => url.href !== first);
	if (page.url().startsWith(`${issuer}/interaction/`)) await page.click('button[type=submit]');
}

test('the built /live page alone may connect beyond its own origin', () => {
	expect(builtPolicy('live.html')).toContain("connect-src 'self' https: http://localhost:*");
	expect(builtPolicy('live/callback.html')).toContain("connect-src 'self' https:");
	expect(builtPolicy('import.html')).toMatch(/connect-src 'self'(;|$)/);
	expect(builtPolicy('index.html')).toMatch(/connect-src 'self'(;|$)/);
});

test('logs in live: nothing sent before Connect, the trace drawn, the id_token validated', async ({
	page
}) => {
	const violations = await cspViolations(page);
	const seen = await recordRequests(page);
	await fill(page, providers.issuer, CLIENTS.spa, { userinfo: true });
	await expect(page.getByTestId(TID.liveRedirectUri)).toHaveText(`${SITE}/live/callback`);
	// Before Connect: every request stayed on the site's origin.
	expect(seen.length).toBeGreaterThan(0);
	expect(seen.filter((s) => originOf(s.url) !== SITE)).toEqual([]);
	const before = seen.length;

	await page.getByTestId(TID.liveConnect).click();
	await login(page, providers.issuer);
	await page.waitForURL(`${SITE}/live/callback**`);
	const summary = page.getByTestId(TID.liveSummary);
	await expect(summary).toHaveAttribute('data-outcome', 'completed', { timeout: 15_000 });
	await expect(summary).toHaveAttribute('data-failed', '0');
	await expect(summary).toHaveAttribute(
		'data-messages',
		[
			'discovery-request',
			'discovery-response',
			'authorize-request',
			'person-login',
			'authorize-response',
			'callback-request',
			'token-request',
			'token-response',
			'jwks-request',
			'jwks-response',
			'validate-id-token',
			'userinfo-request',
			'userinfo-response'
		].join(' ')
	);
	await expect(page.getByTestId(TID.liveOrigins)).toContainText(providers.issuer);
	// The code left the address bar.
	expect(new URL(page.url()).search).toBe('');

	// The diagram draws every step; the inspector opens on the id_token's checklist.
	await expect(page.getByTestId(TID.diagram).locator('[data-step]').first()).toBeAttached({
		timeout: 20_000
	});
	await expect(page.getByTestId(TID.inspector)).toHaveAttribute('data-step', '10');
	for (const id of ['signature', 'iss', 'aud', 'exp', 'iat', 'nonce', 'alg']) {
		await expect(
			page.getByTestId(TID.check).and(page.locator(`[data-check-id="${id}"]`)),
			id
		).toHaveAttribute('data-status', 'passed');
	}

	expect(await seriousAxeViolations(page)).toEqual([]);

	// After Connect: the site's pages talked to the site and the named provider only.
	const after = seen.slice(before).filter((s) => s.navigation || originOf(s.from) === SITE);
	const origins = new Set(after.map((s) => originOf(s.url)));
	expect([...origins].sort()).toEqual([providers.issuer, SITE].sort());
	expect(violations).toEqual([]);
});

test('asks offline_access with an extra parameter, and redeems the refresh token once', async ({
	page
}) => {
	await recordRequests(page);
	await fill(page, providers.issuer, CLIENTS.spa);
	const form = page.getByTestId(TID.liveForm);
	await form.getByLabel('scope').fill('openid offline_access');
	await form.getByLabel('Extra parameters').fill('prompt=consent');
	await form.getByLabel('Redeem the refresh token').check();
	await page.getByTestId(TID.liveConnect).click();
	await login(page, providers.issuer);
	const summary = page.getByTestId(TID.liveSummary);
	await expect(summary).toHaveAttribute('data-outcome', 'completed', { timeout: 15_000 });
	await expect(summary).toHaveAttribute('data-failed', '0');
	await expect(summary).toHaveAttribute(
		'data-messages',
		/ validate-id-token token-request token-response validate-id-token$/
	);
});

test('in a popup: the login there, the drawing here', async ({ page }) => {
	await recordRequests(page);
	await fill(page, providers.issuer, CLIENTS.spa);
	await page.getByTestId(TID.liveForm).getByLabel('Log in in a popup').check();
	const opened = page.waitForEvent('popup');
	await page.getByTestId(TID.liveConnect).click();
	const popup = await opened;
	const closed = popup.waitForEvent('close');
	await login(popup, providers.issuer);
	const summary = page.getByTestId(TID.liveSummary);
	await expect(summary).toHaveAttribute('data-outcome', 'completed', { timeout: 15_000 });
	await expect(summary).toHaveAttribute(
		'data-messages',
		/^discovery-request .* validate-id-token$/
	);
	await closed;
	expect(new URL(page.url()).pathname).toBe('/live');
});

test('a token endpoint without CORS for this origin: LIVE_CORS at the token request', async ({
	page
}) => {
	await recordRequests(page);
	await fill(page, providers.issuer, CLIENTS.noCors);
	await page.getByTestId(TID.liveConnect).click();
	await login(page, providers.issuer);
	const failure = page.getByTestId(TID.liveFailure);
	await expect(failure).toHaveAttribute('data-code', 'LIVE_CORS', { timeout: 15_000 });
	await expect(failure).toHaveAttribute('data-at', 'token-request');
});

test('a redirect URI the provider does not know: back on /live, LIVE_REDIRECT_URI', async ({
	page
}) => {
	await recordRequests(page);
	await fill(page, providers.issuer, CLIENTS.otherRedirect);
	await page.getByTestId(TID.liveConnect).click();
	// The provider shows its own error page and never redirects (RFC 6749 §3.1.2.4).
	await page.waitForURL(`${providers.issuer}/**`);
	await expect(page.locator('body')).toContainText('redirect_uri');
	await page.goBack();
	const failure = page.getByTestId(TID.liveFailure);
	await expect(failure).toHaveAttribute('data-code', 'LIVE_REDIRECT_URI');
	await expect(failure).toHaveAttribute('data-at', 'authorize-request');
	await expect(failure).toContainText(`${SITE}/live/callback`);
});

test('the person cancels at the provider: LIVE_ACCESS_DENIED', async ({ page }) => {
	await recordRequests(page);
	await fill(page, providers.issuer, CLIENTS.spa);
	await page.getByTestId(TID.liveConnect).click();
	await page.waitForURL(`${providers.issuer}/interaction/**`);
	await page.getByRole('link', { name: '[ Cancel ]' }).click();
	const failure = page.getByTestId(TID.liveFailure);
	await expect(failure).toHaveAttribute('data-code', 'LIVE_ACCESS_DENIED', { timeout: 15_000 });
	await expect(failure).toHaveAttribute('data-at', 'callback-request');
	await expect(
		page.getByTestId(TID.check).and(page.locator('[data-check-id="state"]'))
	).toHaveAttribute('data-status', 'passed');
});

test('a provider that is down: LIVE_PROVIDER_DOWN, and the page stays', async ({ page }) => {
	await fill(page, providers.down, CLIENTS.spa);
	await page.getByTestId(TID.liveConnect).click();
	const failure = page.getByTestId(TID.liveFailure);
	await expect(failure).toHaveAttribute('data-code', 'LIVE_PROVIDER_DOWN');
	await expect(failure).toHaveAttribute('data-at', 'discovery-request');
	expect(new URL(page.url()).pathname).toBe('/live');
});

test('a hostile discovery document: LIVE_BAD_DISCOVERY, and none of its URLs is used', async ({
	page
}) => {
	const dialogs: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	const seen = await recordRequests(page);
	await fill(page, providers.hostile, CLIENTS.spa);
	const before = seen.length;
	await page.getByTestId(TID.liveConnect).click();
	const failure = page.getByTestId(TID.liveFailure);
	await expect(failure).toHaveAttribute('data-code', 'LIVE_BAD_DISCOVERY');
	await expect(failure).toHaveAttribute('data-at', 'discovery-response');
	expect(new URL(page.url()).pathname).toBe('/live');
	expect(dialogs).toEqual([]);
	// Only the discovery document was fetched from the hostile origin.
	expect(
		seen
			.slice(before)
			.filter((s) => originOf(s.url) !== SITE)
			.map((s) => new URL(s.url).pathname)
	).toEqual(['/.well-known/openid-configuration']);
	await expect(
		page.getByTestId(TID.check).and(page.locator('[data-check-id="authorization_endpoint"]'))
	).toHaveAttribute('data-status', 'failed');
});

for (const scheme of ['light', 'dark'] as const) {
	test(`axe finds no serious problem on /live, nor on a stopped login (${scheme})`, async ({
		page
	}) => {
		await page.emulateMedia({ colorScheme: scheme });
		await fill(page, providers.down, CLIENTS.spa);
		expect(await seriousAxeViolations(page)).toEqual([]);
		await page.getByTestId(TID.liveConnect).click();
		await expect(page.getByTestId(TID.liveFailure)).toHaveAttribute(
			'data-code',
			'LIVE_PROVIDER_DOWN'
		);
		await expect(page.getByTestId(TID.diagram).locator('[data-step]').first()).toBeAttached({
			timeout: 20_000
		});
		expect(await seriousAxeViolations(page)).toEqual([]);
	});
}
