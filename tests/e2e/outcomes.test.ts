import { FLOWS } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';
import { expect, test } from './flowPage';

/** Both widths, both themes: the verdict's colour changed, so each is looked at. */
const VIEWS = [
	{ name: 'wide, light', viewport: { width: 1280, height: 900 }, scheme: 'light' },
	{ name: 'narrow, dark', viewport: { width: 390, height: 844 }, scheme: 'dark' },
	{ name: 'wide, dark', viewport: { width: 1280, height: 900 }, scheme: 'dark' },
	{ name: 'narrow, light', viewport: { width: 390, height: 844 }, scheme: 'light' }
] as const;

/** The colour a CSS variable resolves to in the page, as computed colours are written. */
async function resolved(page: import('@playwright/test').Page, variable: string) {
	return page.evaluate((v) => {
		const probe = document.createElement('span');
		probe.style.color = `var(${v})`;
		document.body.append(probe);
		const colour = getComputedStyle(probe).color;
		probe.remove();
		return colour;
	}, variable);
}

for (const view of VIEWS) {
	test(`${view.name}: front-channel logout's last step, login_required, is coded expected and drawn as success`, async ({
		page,
		ui
	}) => {
		await page.setViewportSize(view.viewport);
		await page.emulateMedia({ colorScheme: view.scheme });
		await ui.open('/flow/frontchannel-logout');
		await ui.press('End');
		await ui.expectRefusal('login_required', 'client');
		await ui.expectExpected('signed-out');
		const words = ui.stepStatus().locator('.status-text');
		await expect(words).toBeVisible();
		// Green like a passed check, not red like an error.
		const colour = await words.evaluate((el) => getComputedStyle(el).color);
		expect(colour).toBe(await resolved(page, '--ok'));
		expect(colour).not.toBe(await resolved(page, '--bad'));
		const index = await ui.inspector().getAttribute('data-step');
		await expect(
			page.getByTestId(TID.diagram).locator(`text.messageText.ts-failed[data-step="${index}"]`)
		).toHaveCount(0);
	});
}

test('elsewhere in the run, the verdict row points to the refused step, and takes the reader there', async ({
	ui
}) => {
	await ui.open('/flow/frontchannel-logout');
	await expect(ui.stepStatus()).not.toHaveAttribute('data-refusal');
	await ui.stepStatus().getByRole('button').click();
	await ui.expectExpected('signed-out');
	await expect(ui.inspector()).toHaveAttribute('data-refusal', 'login_required');
});

test('an unexpected refusal stays an error: a tampered id_token in the code flow', async ({
	ui
}) => {
	await ui.open(`/flow/code-pkce?tamper=${encodeURIComponent('token-response:sub=x')}`);
	await ui.gotoFirstRefusal();
	await ui.expectRefusal('signature', 'client');
	await expect(ui.stepStatus()).toHaveAttribute('data-tone', 'error');
	await expect(ui.stepStatus()).not.toHaveAttribute('data-expected');
});

test('an attack names its defence by the check’s words, its id second', async ({ page, ui }) => {
	await ui.open('/flow/attack-dpop-stolen-token');
	const defence = page.locator('p.defence');
	await expect(defence).toHaveAttribute('data-defence', 'cnf_jkt');
	await expect(defence.locator('code.check-id')).toHaveText('cnf_jkt');
	await ui.gotoFirstRefusal();
	await ui.expectExpected('defence');
});

for (const viewport of [
	{ width: 1280, height: 900 },
	{ width: 390, height: 844 }
]) {
	test(`${viewport.width} px: a clock jump that makes exp fail shows in the change summary as the exp check`, async ({
		page,
		ui
	}) => {
		await page.setViewportSize(viewport);
		// At the token response, which carries the id_token.
		await ui.openWithSettings('/flow/code-pkce?step=13');
		await ui.expectRef('token-response.1');
		await page.locator('#knob-wait').fill('11');
		await page.getByRole('button', { name: 'Advance', exact: true }).click();
		await ui.settled();
		const exp = page
			.getByTestId(TID.diff)
			.locator(`[data-testid="${TID.diffCheck}"][data-check="exp"]`);
		await expect(exp).toHaveAttribute('data-step', 'validate-id-token.1');
		await expect(exp).toHaveAttribute('data-before', 'passed');
		await expect(exp).toHaveAttribute('data-after', 'failed');
		// On a phone the change summary is in the inspector's sheet, closed while "About" is open.
		await ui.showInspector();
		await expect(exp).toBeVisible();
	});
}

for (const viewport of [
	{ width: 1280, height: 900 },
	{ width: 390, height: 844 }
]) {
	test(`${viewport.width} px: every home-page card shows whole sentences of its flow’s summary, nothing clipped`, async ({
		page
	}) => {
		await page.setViewportSize(viewport);
		await page.goto('/');
		const cards = page.getByTestId(TID.gallery).locator('a');
		await expect(cards).toHaveCount(FLOWS.length);
		const shown = await cards.evaluateAll((links) =>
			links.map((a) => {
				const text = a.querySelector('.summary') as HTMLElement;
				return {
					href: a.getAttribute('href') ?? '',
					text: text.textContent ?? '',
					clipped: text.scrollHeight > text.clientHeight + 1
				};
			})
		);
		for (const card of shown) {
			const flow = FLOWS.find((f) => card.href.endsWith(`/flow/${f.id}`))!;
			expect(card.clipped, flow.id).toBe(false);
			expect(flow.summary.startsWith(card.text), flow.id).toBe(true);
			expect(card.text, flow.id).toMatch(/[.!?)”"]$/);
		}
	});
}
