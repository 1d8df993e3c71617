import type { Page } from '@playwright/test';
import { GUIDE, LEARN } from '../../src/lib/teach/index';
import { lessonPath } from '../../src/lib/teach/learn';
import { readView, type FlowId } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { seriousAxeViolations } from './audits';
import { expect, test } from './flowPage';

const rulesOf = (index: number) => LEARN[index]!.body.filter((e) => e.kind === 'rule').length;

/** The lesson shown: its place in the numbered path, its rules with their sections, its links. */
async function expectLesson(page: Page, index: number) {
	const lesson = LEARN[index]!;
	await expect(page.locator('main')).toHaveAttribute('data-lesson', lesson.id);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(`${index + 1}.`);
	const path = page.getByRole('navigation', { name: 'Lessons' });
	await expect(path.locator('li')).toHaveCount(LEARN.length);
	await expect(path.locator('[aria-current="step"]')).toHaveAttribute('data-lesson', lesson.id);
	// Every rule (paragraph, numbered step, table row) is shown with at least one section link.
	const rules = page.locator('article [data-kind="rule"]');
	await expect(rules).toHaveCount(rulesOf(index));
	for (const rule of await rules.all())
		expect(await rule.locator('a[data-spec]').count()).toBeGreaterThan(0);
	await expect(page.locator('a[data-see-it]')).toHaveCount(lesson.seeIt.length);
}

test('the home page’s newcomer link opens lesson 1, and Next walks the whole path in order', async ({
	page
}) => {
	await page.goto('/');
	await page
		.locator('main')
		.getByRole('link', { name: /learn the ideas first/i })
		.click();
	await expect(page).toHaveURL(/\/learn$/);
	for (let i = 0; i < LEARN.length; i++) {
		await expectLesson(page, i);
		if (i + 1 < LEARN.length) {
			await page.locator('a[data-nav="next"]').click();
			await expect(page).toHaveURL(new RegExp(`${lessonPath(LEARN[i + 1]!.id)}$`));
		}
	}
	await expect(page.locator('a[data-nav="next"]')).toHaveCount(0);
	await page.locator('a[data-nav="previous"]').click();
	await expectLesson(page, LEARN.length - 2);
	// The numbered list goes straight to any lesson.
	await page
		.getByRole('navigation', { name: 'Lessons' })
		.locator(`a[data-lesson="${LEARN[3]!.id}"]`)
		.click();
	await expectLesson(page, 3);
});

test('each of the guide’s outdated passages is shown once on the path, with what replaced it', async ({
	page
}) => {
	const seen = new Map<string, number>();
	for (const lesson of LEARN) {
		await page.goto(lessonPath(lesson.id));
		for (const note of await page.locator('aside[data-kind="outdated"]').all()) {
			const id = (await note.getAttribute('data-guide'))!;
			seen.set(id, (seen.get(id) ?? 0) + 1);
			expect(await note.locator('a[data-spec]').count(), id).toBeGreaterThan(0);
		}
	}
	expect(Object.fromEntries(seen)).toEqual(
		Object.fromEntries(Object.keys(GUIDE).map((id) => [id, 1]))
	);
	// The SPA advice is corrected where validation is taught.
	await page.goto(lessonPath('validation'));
	await expect(
		page.locator('aside[data-guide="spaValidation"] a[data-spec]').first()
	).toHaveAttribute('href', /#IDTokenValidation$/);
});

test('lesson 4: each §3.1.3.7 step shows the flow checklist’s ids and why, and they are the ids the flow shows', async ({
	page,
	ui
}) => {
	await page.goto(lessonPath('validation'));
	const steps = page.locator('ol.steps > li[data-n]');
	const items = LEARN.find((l) => l.id === 'validation')!.blocks.flatMap((b) =>
		b.kind === 'steps' ? b.items : []
	);
	await expect(steps).toHaveCount(items.length);
	const named = new Set<string>();
	for (const [i, item] of items.entries()) {
		const step = steps.nth(i);
		await expect(step).toHaveAttribute('data-n', item.n);
		const line = step.locator('[data-checks]');
		await expect(line).toHaveAttribute('data-checks', item.checklist!.checks.join(' '));
		await expect(line.locator('code')).toHaveCount(item.checklist!.checks.length);
		await expect(step.locator('[data-why] a[data-spec]').first()).toBeVisible();
		if ((await line.getAttribute('data-flow')) === 'code-pkce')
			for (const id of item.checklist!.checks) named.add(id);
	}
	for (const row of await page.locator('tr[data-checks]').all())
		for (const id of (await row.getAttribute('data-checks'))!.split(' ')) named.add(id);
	// The checklist the flow shows at validate-id-token holds exactly these ids.
	await ui.open('/flow/code-pkce?step=validate-id-token');
	await ui.expectRef('validate-id-token.1');
	for (const id of named) await expect(ui.check(id), id).toHaveCount(1);
	await expect(page.getByTestId(TID.checklist).locator('li[data-check]')).toHaveCount(named.size);
	// See-it settings read as words, with the parameters kept in data-with.
	await page.goto(lessonPath('validation'));
	for (const link of await page
		.locator('li:has(a[data-see-it][data-with]:not([data-with=""]))')
		.all()) {
		const words = link.locator('[data-described]');
		await expect(words).toBeVisible();
		await expect(words).not.toContainText('=');
	}
});

test('at 390 px every lesson fits the screen: no sideways scrolling, tables as cards', async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	for (const lesson of LEARN) {
		await page.goto(lessonPath(lesson.id));
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, lesson.id).toBeLessThanOrEqual(0);
	}
});

for (const lesson of LEARN)
	test(`axe finds no serious or critical problem on lesson “${lesson.id}”, light or dark, folded text open`, async ({
		page
	}) => {
		for (const scheme of ['light', 'dark'] as const) {
			await page.emulateMedia({ colorScheme: scheme });
			await page.goto(lessonPath(lesson.id));
			if (lesson.more) await page.locator('details.more summary').click();
			expect(await seriousAxeViolations(page), scheme).toEqual([]);
		}
	});

// Every "see it" link, followed: the flow opens at the step whose ref the link names (read from
// the page, as the inspector writes it), with the link's settings applied (the page writes the
// settings it runs with back into its address) and showing what the link says it shows.
for (const lesson of LEARN) {
	test(`lesson “${lesson.id}”: every see-it link opens its flow at its step, with its settings`, async ({
		page,
		ui
	}) => {
		test.setTimeout(30_000 + lesson.seeIt.length * 30_000);
		await page.goto(lessonPath(lesson.id));
		const links = page.locator('a[data-see-it]');
		await expect(links).toHaveCount(lesson.seeIt.length);
		const targets = [];
		for (const link of await links.all())
			targets.push({
				href: (await link.getAttribute('href'))!,
				ref: (await link.getAttribute('data-ref'))!,
				settings: (await link.getAttribute('data-with')) ?? '',
				check: await link.getAttribute('data-check'),
				status: await link.getAttribute('data-status'),
				refusal: await link.getAttribute('data-refusal')
			});
		for (const target of targets) {
			// The link names its step by what it is (step=token-response.2), not by position.
			const [message, nth] = target.ref.split('.');
			const step = new URL(target.href, page.url()).searchParams.get('step');
			expect(step, target.href).toBe(nth === '1' ? message : target.ref);
			await ui.open(target.href);
			await ui.expectRef(target.ref);
			await expect(page.getByTestId(TID.notice)).toHaveCount(0);
			// The page writes the settings it runs with into its address: the link's, read alike.
			const flow = new URL(target.href, page.url()).pathname.split('/').pop() as FlowId;
			const asRead = (query: string) => readView(flow, new URLSearchParams(query)).view.settings;
			await expect
				.poll(() => asRead(new URL(page.url()).search), target.href)
				.toEqual(asRead(target.settings));
			if (target.settings) expect(asRead(target.settings), target.href).not.toEqual(asRead(''));
			if (target.check)
				await expect(ui.check(target.check), target.href).toHaveAttribute(
					'data-status',
					target.status!
				);
			if (target.refusal)
				await expect(ui.inspector(), target.href).toHaveAttribute('data-refusal', target.refusal);
		}
	});
}
