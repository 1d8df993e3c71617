import { expect, test } from '@playwright/test';
import { GUIDE, LEARN } from '../../src/lib/teach/index';

test('/learn shows every section, every rule with its sections, and the guide outdated where it is', async ({
	page
}) => {
	await page.goto('/learn');
	for (const section of LEARN) {
		const shown = page.locator(`section#${section.id}`);
		await expect(shown.locator('h2')).toHaveText(section.title);
		const rules = section.body.filter((e) => e.kind === 'rule').length;
		await expect(shown.locator('p[data-kind="rule"]')).toHaveCount(rules);
		// Every rule paragraph ends with at least one link to a section.
		for (const rule of await shown.locator('p[data-kind="rule"]').all())
			expect(await rule.locator('a[data-spec]').count()).toBeGreaterThan(0);
	}
	// Each of the guide's outdated passages is shown once, marked, with what replaced it.
	for (const id of Object.keys(GUIDE)) {
		const note = page.locator(`aside[data-kind="outdated"][data-guide="${id}"]`);
		await expect(note).toHaveCount(1);
		expect(await note.locator('a[data-spec]').count()).toBeGreaterThan(0);
	}
	// The SPA advice is corrected where validation is taught.
	await expect(
		page.locator('section#validation aside[data-guide="spaValidation"] a[data-spec]').first()
	).toHaveAttribute('href', /#IDTokenValidation$/);
});
