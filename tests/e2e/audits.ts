import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

/** Axe's serious and critical findings (WCAG 2.1 A and AA) on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		// Axe cannot tell what lies behind SVG text; legibility.test.ts measures the drawing's
		// contrast and size itself, on every step of every flow.
		.exclude('[data-testid="diagram"] svg')
		.analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map(
			(v) =>
				`${v.id}: ${v.help} (${v.nodes
					.map((n) => n.target.join(' '))
					.slice(0, 3)
					.join(', ')})`
		);
}

/** The content security policy a built page ships in its <meta> tag ("flow/code-pkce.html"). */
export function builtPolicy(file: string): string {
	const html = readFileSync(`build/${file}`, 'utf8');
	return /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
}

/** Collects each violation of the page's content security policy from the next load on. */
export async function cspViolations(page: Page): Promise<string[]> {
	const violations: string[] = [];
	await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
	await page.addInitScript(() =>
		document.addEventListener('securitypolicyviolation', (e) =>
			(window as unknown as { reportViolation(v: string): void }).reportViolation(
				`${e.violatedDirective} ${e.blockedURI}`
			)
		)
	);
	return violations;
}
