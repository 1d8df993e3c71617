import { expect, type Page } from '@playwright/test';
import { TID } from '../../src/lib/testids';

/** Drives the simulator page the way a person does, and reads what they see. */
export class FlowPage {
	constructor(readonly page: Page) {}

	async open(path: string) {
		await this.page.goto(path);
		await expect(this.page.getByTestId(TID.diagram).locator('[data-step]').first()).toBeAttached();
	}

	/** The settings start folded; opens them (the page remembers this for the next visit). */
	async openSettings() {
		const settings = this.page.getByTestId(TID.settings);
		if (!(await settings.evaluate((el) => (el as HTMLDetailsElement).open)))
			await settings.locator('summary').click();
		await expect(this.page.getByTestId(TID.knobs)).toBeVisible();
	}

	counter = () => this.page.getByTestId(TID.stepCounter);
	inspectorTitle = () => this.page.getByTestId(TID.inspectorTitle);
	current = () => this.page.getByTestId(TID.diagram).locator('text.messageText.ts-current');
	button = (name: string) => this.page.getByRole('button', { name, exact: true });

	async expectStep(n: number, of: number) {
		await expect(this.counter()).toHaveText(`Step ${n} of ${of}`);
	}

	async expectMessage(label: string) {
		await expect(this.current()).toHaveCount(1);
		await expect(this.current()).toContainText(label);
		await expect(this.inspectorTitle()).toContainText(label);
	}

	/** The claim row of the first token the inspector shows for the current step. */
	claim(name: string) {
		return this.page
			.getByTestId(TID.inspector)
			.locator(`[data-testid="${TID.claims}"] tr[data-claim="${name}"]`)
			.first();
	}

	async gotoStepWithToken(name: string) {
		// Step keys are ignored while a form field has focus, as they should be.
		await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
		await this.page.keyboard.press('Home');
		for (let i = 0; i < 60; i++) {
			if (await this.page.locator(`[data-testid="${TID.token}"][data-token="${name}"]`).count())
				return;
			await this.page.keyboard.press('ArrowRight');
		}
		throw new Error(`no step shows a ${name}`);
	}
}
