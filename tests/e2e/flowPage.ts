import { expect, type Page } from '@playwright/test';
import { TID } from '../../src/lib/testids';

/** Drives the simulator page the way a person does, and reads what they see. */
export class FlowPage {
	constructor(readonly page: Page) {}

	async open(path: string) {
		await this.page.goto(path);
		// The first run loads the engine and signs real keys: slow on a busy machine.
		await expect(this.page.getByTestId(TID.diagram).locator('[data-step]').first()).toBeAttached({
			timeout: 20_000
		});
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

	/**
	 * The step shown is this protocol step (its ref, "token-response.1"), highlighted on the
	 * diagram at the same index the inspector shows. Matches codes, never the label's words.
	 */
	async expectRef(ref: string) {
		// A re-run (after a settings change or a tamper) replaces the whole trace: wait for it.
		await this.settled();
		const inspector = this.page.getByTestId(TID.inspector);
		await expect(inspector).toHaveAttribute('data-ref', ref);
		const index = await inspector.getAttribute('data-step');
		await expect(this.current()).toHaveAttribute('data-step', index!);
	}

	/** No run is under way: the trace shown is the one the current settings make. */
	async settled() {
		await expect(this.page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
	}

	/** The step shown was refused with this code by this party, and is drawn in red. */
	async expectRefusal(code: string, by: string) {
		const inspector = this.page.getByTestId(TID.inspector);
		await expect(inspector).toHaveAttribute('data-refusal', code);
		await expect(inspector).toHaveAttribute('data-refused-by', by);
		await expect(this.inspectorTitle()).toHaveClass(/failed/);
		const index = await inspector.getAttribute('data-step');
		await expect(
			this.page
				.getByTestId(TID.diagram)
				.locator(`text.messageText.ts-failed.ts-current[data-step="${index}"]`)
		).toHaveCount(1);
	}

	/** Walks forward from the first step to the first refused one. */
	async gotoFirstRefusal() {
		await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
		await this.page.keyboard.press('Home');
		const inspector = this.page.getByTestId(TID.inspector);
		for (let i = 0; i < 80; i++) {
			if (await inspector.getAttribute('data-refusal')) return;
			await this.page.keyboard.press('ArrowRight');
		}
		throw new Error('no step was refused');
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
