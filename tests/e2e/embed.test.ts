import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { FLOW_IDS } from '../../src/lib/sim/settings';
import { LABEL_SELECTOR } from '../../src/lib/embed/fitDiagram';
import { TID } from '../../src/lib/testids';

const drawn = (page: Page) => page.getByTestId(TID.diagram).locator('[data-step]').first();

test('<tokenstep-flow> on a plain page under a strict CSP loads when scrolled near, sizes itself to the content and steps', async ({
	page,
	baseURL
}) => {
	// Someone's docs page: strict policy, no inline styles, the element far below the fold.
	await page.route(`${baseURL}/docs/component.html`, (route) =>
		route.fulfill({
			contentType: 'text/html',
			headers: {
				'Content-Security-Policy': `default-src 'none'; script-src ${baseURL}; frame-src ${baseURL}`
			},
			body: `<!doctype html><title>Docs</title><h1>Docs</h1>${'<p>Text.</p>'.repeat(80)}
<tokenstep-flow flow="code-pkce" step="3" panels="controls,title" title="PKCE"></tokenstep-flow><p id="after">After.</p>
<script type="module" src="/tokenstep-flow.js"></script>`
		})
	);
	const violations: string[] = [];
	page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
	await page.goto('/docs/component.html');
	const element = page.locator('tokenstep-flow');
	await page.waitForFunction(() => customElements.get('tokenstep-flow'));
	// Not loaded while far away.
	await expect(element.locator('iframe')).toHaveCount(0);
	await element.scrollIntoViewIfNeeded();
	await expect(element.locator('iframe')).toHaveCount(1);
	await expect(element).toHaveAttribute('data-step', '3');

	const frame = page.frameLocator('tokenstep-flow iframe');
	await expect(frame.getByTestId(TID.stepCounter)).toHaveText('Step 3 of 14');
	await expect(frame.locator('[data-testid="diagram"] [data-step]').first()).toBeAttached();
	// The frame is as tall as what it shows: no inner page scroll, no empty band.
	await expect
		.poll(async () => {
			const outer = await element
				.locator('iframe')
				.evaluate((f) => f.getBoundingClientRect().height);
			const inner = await frame.locator('main').evaluate((m) => m.getBoundingClientRect().height);
			return Math.abs(outer - Math.ceil(inner));
		})
		.toBeLessThanOrEqual(1);
	expect(await frame.locator('html').evaluate((h) => h.scrollHeight <= h.clientHeight + 1)).toBe(
		true
	);

	// Stepping inside reaches the page as an attribute and an event.
	const event = element.evaluate(
		(el) =>
			new Promise((resolve) =>
				el.addEventListener('tokenstep-step', (e) => resolve((e as CustomEvent).detail), {
					once: true
				})
			)
	);
	await frame.getByRole('button', { name: 'Next step' }).click();
	expect(await event).toEqual({ step: 4, count: 14 });
	await expect(element).toHaveAttribute('data-step', '4');

	// A message from anywhere but the embed's frame is not obeyed.
	const before = await element.locator('iframe').evaluate((f) => f.style.height);
	await page.evaluate(() =>
		window.postMessage({ type: 'tokenstep:state', height: 90, step: 9, count: 9 }, '*')
	);
	await page.waitForTimeout(200);
	await expect(element).toHaveAttribute('data-step', '4');
	expect(await element.locator('iframe').evaluate((f) => f.style.height)).toBe(before);
	expect(violations).toEqual([]);
});

test('the embed answers only the origin of a parent that greets it, and sends only height and step', async ({
	page,
	baseURL
}) => {
	await page.route(`${baseURL}/docs/raw.html`, (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: `<!doctype html><iframe src="/embed/code-pkce?step=2" width="600" height="500"></iframe>`
		})
	);
	await page.goto('/docs/raw.html');
	const frame = page.frameLocator('iframe');
	await expect(frame.getByTestId(TID.stepCounter)).toHaveText('Step 2 of 14');
	const received = await page.evaluate(async () => {
		const got: unknown[] = [];
		window.addEventListener('message', (e) => got.push({ origin: e.origin, data: e.data }));
		// Silence before a greeting: nothing is sent unasked.
		await new Promise((r) => setTimeout(r, 300));
		const silent = got.length;
		document.querySelector('iframe')!.contentWindow!.postMessage({ type: 'tokenstep:hello' }, '*');
		await new Promise((r) => setTimeout(r, 300));
		return { silent, got };
	});
	expect(received.silent).toBe(0);
	expect(received.got.length).toBeGreaterThan(0);
	for (const message of received.got as { data: Record<string, unknown> }[])
		expect(Object.keys(message.data).sort()).toEqual(['count', 'height', 'step', 'type']);
});

for (const width of [320, 400, 700, 1200]) {
	test(`an embed ${width} px wide: labels at least 11 px, no sideways page scroll, lane headers and the current message in view`, async ({
		page
	}) => {
		await page.setViewportSize({ width, height: 700 });
		await page.goto('/embed/refresh?step=9&panels=controls,inspector,title');
		await expect(drawn(page)).toBeAttached({ timeout: 15_000 });
		await page.keyboard.press('End');
		await expect(page.getByTestId(TID.stepCounter)).toHaveText('Step 27 of 27');
		await page.waitForTimeout(300);
		const measure = await page.evaluate((selector) => {
			const svg = document.querySelector<SVGSVGElement>('[data-testid="diagram"] > svg')!;
			const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
			const sizes = [...svg.querySelectorAll(selector)].map(
				(t) => parseFloat(getComputedStyle(t).fontSize) * scale
			);
			const frame = document.querySelector('.frame')!.getBoundingClientRect();
			const inside = (r: DOMRect) =>
				r.top >= frame.top - 1 &&
				r.bottom <= frame.bottom + 1 &&
				r.left >= frame.left - 1 &&
				r.right <= frame.right + 1;
			const lanes = [...document.querySelectorAll('.ts-lanes text.actor')].map((t) =>
				t.getBoundingClientRect()
			);
			const current = document
				.querySelector('[data-testid="diagram"] text.messageText.ts-current')!
				.getBoundingClientRect();
			const doc = document.documentElement;
			return {
				smallest: Math.min(...sizes),
				labels: sizes.length,
				pageScrollsSideways: doc.scrollWidth > doc.clientWidth,
				laneHeaderVisible: lanes.some((r) => r.width > 0 && inside(r)),
				laneTopNearFrameTop: lanes.every((r) => r.top - frame.top < 80),
				currentVisible: inside(current)
			};
		}, LABEL_SELECTOR);
		expect(measure.labels).toBeGreaterThan(27);
		expect(measure.smallest).toBeGreaterThanOrEqual(11);
		expect(measure.pageScrollsSideways).toBe(false);
		expect(measure.laneHeaderVisible).toBe(true);
		expect(measure.laneTopNearFrameTop).toBe(true);
		expect(measure.currentVisible).toBe(true);
		// The inspector is beside the diagram when there is room, else one tab away.
		const tabs = page.getByRole('tab');
		if (width >= 1000) {
			await expect(tabs).toHaveCount(0);
			await expect(page.getByTestId(TID.inspectorTitle)).toBeVisible();
		} else {
			await expect(page.getByTestId(TID.inspectorTitle)).toBeHidden();
			await tabs.nth(1).click();
			await expect(page.getByTestId(TID.inspectorTitle)).toBeVisible();
			await expect(page.getByTestId(TID.diagram)).toBeHidden();
		}
		const doc = await page.evaluate(() => ({
			w: document.documentElement.scrollWidth,
			c: document.documentElement.clientWidth
		}));
		expect(doc.w).toBeLessThanOrEqual(doc.c);
	});
}

for (const width of [700, 1000]) {
	test(`a five-lane flow in an embed ${width} px wide shows every lane, no sideways scrolling, labels at least 11 px`, async ({
		page
	}) => {
		await page.setViewportSize({ width, height: 700 });
		await page.goto('/embed/attack-dpop-stolen-token?step=23');
		await expect(drawn(page)).toBeAttached({ timeout: 15_000 });
		await page.waitForTimeout(300);
		const measure = await page.evaluate((selector) => {
			const svg = document.querySelector<SVGSVGElement>('[data-testid="diagram"] > svg')!;
			const frame = svg.closest<HTMLElement>('.frame')!;
			const box = frame.getBoundingClientRect();
			const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
			const lanes = [...svg.querySelectorAll('rect.actor-top')].map((r) =>
				r.getBoundingClientRect()
			);
			return {
				lanes: lanes.length,
				lanesInside: lanes.every((r) => r.left >= box.left && r.right <= box.right),
				scrollWidth: frame.scrollWidth,
				clientWidth: frame.clientWidth,
				smallest: Math.min(
					...[...svg.querySelectorAll(selector)].map(
						(t) => parseFloat(getComputedStyle(t).fontSize) * scale
					)
				)
			};
		}, LABEL_SELECTOR);
		expect(measure.lanes).toBe(5);
		expect(measure.lanesInside).toBe(true);
		expect(measure.scrollWidth).toBeLessThanOrEqual(measure.clientWidth);
		expect(measure.smallest).toBeGreaterThanOrEqual(11);
	});
}

test('bad embed parameters each get a visible notice naming the parameter, and the embed still runs', async ({
	page
}) => {
	await page.goto('/embed/code-pkce?theme=neon&panels=bogus&step=99&speed=9');
	await expect(drawn(page)).toBeAttached({ timeout: 15_000 });
	const notice = page.getByTestId(TID.notice);
	await expect(notice).toBeVisible();
	await expect(notice.locator('li')).toHaveCount(4);
	for (const param of ['theme', 'panels', 'step', 'speed'])
		await expect(notice.locator(`li[data-param="${param}"]`)).toHaveCount(1);
	// panels=bogus leaves no controls; the narration still says where the embed is.
	await expect(page.getByTestId(TID.stepNarration)).toContainText('Step 14 of 14');
});

test('an embed in a page that is not a secure context replays the recorded run, labelled as such', async ({
	page,
	baseURL
}) => {
	// A plain-http docs site embedding a plain-http copy of Tokenstep (both served through the
	// test's router from the built site): frames there get no WebCrypto.
	await page.route('http://docs.insecure.test/page.html', (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: `<!doctype html><title>Staging docs</title><iframe src="http://tokenstep.insecure.test/embed/code-pkce?step=3" width="900" height="700" title="flow"></iframe>`
		})
	);
	await page.route('http://tokenstep.insecure.test/**', async (route) => {
		const url = new URL(route.request().url());
		const response = await route.fetch({ url: `${baseURL}${url.pathname}${url.search}` });
		await route.fulfill({ response });
	});
	await page.goto('http://docs.insecure.test/page.html');
	const frame = page.frameLocator('iframe');
	await expect(frame.getByTestId(TID.recorded)).toBeVisible();
	expect(await frame.locator('html').evaluate(() => window.isSecureContext)).toBe(false);
	await expect(frame.getByTestId(TID.stepCounter)).toHaveText('Step 3 of 14');
	await expect(frame.locator('[data-testid="diagram"] [data-step]').first()).toBeAttached();
	await expect(frame.getByRole('alert')).toHaveCount(0);
	await frame.getByRole('button', { name: 'Next step' }).click();
	await expect(frame.getByTestId(TID.stepCounter)).toHaveText('Step 4 of 14');
	await expect(frame.locator('text.messageText.ts-current')).toHaveCount(1);
	// In a secure context the same embed runs live, with no recorded label.
	await page.goto('/embed/code-pkce?step=3');
	await expect(drawn(page)).toBeAttached({ timeout: 15_000 });
	await expect(page.getByTestId(TID.recorded)).toHaveCount(0);
});

test('oEmbed: every embed page links its oEmbed JSON, which has the fields the spec requires of a rich type', async ({
	page,
	request
}) => {
	await page.goto('/embed/refresh');
	const href = await page
		.locator('link[rel="alternate"][type="application/json+oembed"]')
		.getAttribute('href');
	expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oembed\/refresh\.json$/);
	for (const flow of FLOW_IDS) {
		const html = readFileSync(`build/embed/${flow}.html`, 'utf8');
		const link = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(
			html
		)?.[1];
		expect(link).toBe(href!.replace('refresh', flow));
		const response = await request.get(new URL(link!).pathname);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toContain('application/json');
		const o = (await response.json()) as Record<string, unknown>;
		// oEmbed 1.0 §2.3.4: type and version always; §2.3.4.4: rich needs html, width and height.
		expect(o.type).toBe('rich');
		expect(o.version).toBe('1.0');
		expect(typeof o.html).toBe('string');
		for (const size of [o.width, o.height])
			expect(Number.isInteger(size) && (size as number) > 0).toBe(true);
		expect(o.html).toMatch(new RegExp(`^<iframe src="http://127\\.0\\.0\\.1:\\d+/embed/${flow}" `));
		expect(typeof o.title).toBe('string');
		expect(o.provider_name).toBe('Tokenstep');
	}
});

/** Where the animated SVG's accent colour is, as an image row: the lit message. */
async function litRow(page: Page): Promise<number> {
	const png = (await page.locator('img').screenshot()).toString('base64');
	return page.evaluate(async (data) => {
		const image = new Image();
		image.src = `data:image/png;base64,${data}`;
		await image.decode();
		const canvas = document.createElement('canvas');
		canvas.width = image.width;
		canvas.height = image.height;
		const context = canvas.getContext('2d')!;
		context.drawImage(image, 0, 0);
		const { data: px, width, height } = context.getImageData(0, 0, image.width, image.height);
		const rows: number[] = [];
		// The accent (#c2410c) is the only strongly orange ink in the drawing.
		for (let y = 0; y < height; y++)
			for (let x = 0; x < width; x++) {
				const i = (y * width + x) * 4;
				if (px[i]! > 170 && px[i + 1]! < 100 && px[i + 2]! < 60) {
					rows.push(y);
					break;
				}
			}
		return rows.length ? rows[Math.floor(rows.length / 2)]! : -1;
	}, png);
}

test('the animated SVG as an <img> lights a different message at 0 s and 2 s, parses as XML and has no script', async ({
	page,
	baseURL,
	request
}) => {
	const text = await (await request.get('/animated/code-pkce.svg')).text();
	await page.route(`${baseURL}/docs/readme.html`, (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: `<!doctype html><body style="margin:0"><img src="/animated/code-pkce.svg" alt="flow">`
		})
	);
	await page.goto('/docs/readme.html');
	await page.waitForFunction(() => document.querySelector('img')!.complete);
	const start = Date.now();
	const first = await litRow(page);
	await page.waitForTimeout(Math.max(0, 2000 - (Date.now() - start)));
	const second = await litRow(page);
	expect(first).toBeGreaterThan(0);
	expect(second).toBeGreaterThan(first);

	const parsed = await page.evaluate((svg) => {
		const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
		return {
			error: doc.querySelector('parsererror')?.textContent ?? null,
			root: doc.documentElement.nodeName,
			scripts: doc.getElementsByTagName('script').length,
			handlers: [...doc.querySelectorAll('*')].flatMap((el) =>
				[...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)
			),
			messages: doc.querySelectorAll('g.m').length
		};
	}, text);
	expect(parsed).toEqual({ error: null, root: 'svg', scripts: 0, handlers: [], messages: 14 });
});

test('under reduced motion the animated SVG is still, with every message drawn and none lit', async ({
	page
}) => {
	await page.emulateMedia({ reducedMotion: 'reduce' });
	await page.goto('/animated/code-pkce.svg');
	const styles = await page.evaluate(() =>
		[...document.querySelectorAll('g.m')].map((g) => {
			const style = getComputedStyle(g);
			return `${style.animationName} ${style.opacity} ${style.color}`;
		})
	);
	expect(styles).toHaveLength(14);
	expect(new Set(styles)).toEqual(new Set(['none 1 rgb(27, 29, 36)']));
	await page.emulateMedia({ reducedMotion: 'no-preference' });
	expect(
		await page.evaluate(() => getComputedStyle(document.querySelector('g.m')!).animationName)
	).toBe('ts-light');
});

test('the embed builder: options change the preview and all four snippets; the animated SVG downloads', async ({
	page
}) => {
	await page.goto('/flow/code-pkce?lifetime=3600&step=5');
	await expect(drawn(page)).toBeAttached({ timeout: 15_000 });
	await page.getByRole('button', { name: 'Share / Embed' }).click();
	const dialog = page.getByRole('dialog', { name: 'Share or embed this view' });
	const builder = dialog.getByTestId(TID.embedBuilder);
	await builder.getByLabel('Theme').selectOption('dark');
	await builder.getByLabel('Start at step').fill('7');
	await builder.getByRole('checkbox', { name: 'inspector' }).check();
	await builder.getByRole('checkbox', { name: 'Autoplay' }).check();
	await builder.getByLabel('Height (px)').fill('720');

	const url =
		/\/embed\/code-pkce\?lifetime=3600&step=7&theme=dark&autoplay=1&panels=controls%2Cinspector$/;
	await expect(builder.getByTestId(TID.embedPreview)).toHaveAttribute('src', url);
	const preview = page.frameLocator(`[data-testid="${TID.embedPreview}"]`);
	await expect(preview.locator('html')).toHaveAttribute('data-theme', 'dark');

	const html = await builder.getByLabel('Embed in a page (iframe)').inputValue();
	expect(html).toMatch(/height="720" style="border:0"/);
	const mdx = await builder.getByLabel(/MDX/).inputValue();
	expect(mdx).not.toContain('style="');
	expect(mdx).toContain('style={{ border: 0 }}');
	expect(mdx.trimEnd().endsWith('/>')).toBe(true);
	expect(await builder.getByLabel(/Markdown/).inputValue()).toMatch(
		/^\[!\[.+\]\(http:\/\/127\.0\.0\.1:\d+\/animated\/code-pkce\.svg\)\]\(http:\/\/127\.0\.0\.1:\d+\/flow\/code-pkce\?lifetime=3600&step=7\)$/
	);
	const element = await builder.getByLabel(/Web component/).inputValue();
	expect(element).toMatch(
		/<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/tokenstep-flow\.js"><\/script>/
	);
	expect(element).toContain(
		'<tokenstep-flow flow="code-pkce" lifetime="3600" step="7" theme="dark" autoplay="1" panels="controls,inspector" height="720"'
	);

	const download = page.waitForEvent('download');
	await dialog.getByRole('button', { name: 'Download animated SVG' }).click();
	const svg = readFileSync((await (await download).path())!, 'utf8');
	expect(svg).toContain('@keyframes');
	expect(svg).not.toContain('<script');
});
