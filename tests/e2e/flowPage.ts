import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { runFlow, type FlowId, type Trace, type TraceStep } from '../../src/lib/sim/index';
import { TID } from '../../src/lib/testids';

/** A step's ref as the inspector writes it: "token-response.1". */
const refOf = (step: TraceStep) => step.ref && `${step.ref.message}.${step.ref.nth}`;

/** Opens a page without a diagram (the decoder) once its handlers are attached, so typing is kept. */
export async function openHydrated(page: Page, path: string) {
	await page.goto(path);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** Drives the simulator page the way a person does, and reads what they see. */
export class FlowPage {
	constructor(readonly page: Page) {}

	/**
	 * On a phone the inspector is a sheet below the diagram, closed at first: opening a page then
	 * opens it, so what a test reads there is on screen, as on a wider page (where it always is).
	 * The phone's own tests set this to false to see the page as a reader first does.
	 */
	openSheet = true;

	/** Opens a simulator or embed page and waits for its diagram. */
	async open(path: string) {
		await this.page.goto(path);
		await this.drawn();
	}

	/** Loads the page again, as a reader's reload does, and waits for its diagram. */
	async reload() {
		await this.page.reload();
		await this.drawn();
	}

	private async drawn() {
		// The first run loads the engine and signs real keys: slow on a busy machine.
		await expect(this.page.getByTestId(TID.diagram).locator('[data-step]').first()).toBeAttached({
			timeout: 20_000
		});
		if (this.openSheet) await this.showInspector();
	}

	/** The step controls' toolbar; on a phone, pinned to the bottom edge. */
	controls = () => this.page.getByTestId(TID.stepControls);
	/** On a phone: the inspector sheet's handle, and the "About" toggle (hidden on wider pages). */
	sheetToggle = () => this.page.getByTestId(TID.sheetToggle);
	aboutToggle = () => this.page.getByTestId(TID.aboutToggle);

	/** On a phone, opens the inspector's sheet (it closes "About"); elsewhere the inspector is shown. */
	async showInspector() {
		await this.unfold(this.sheetToggle());
	}

	/** Taps a phone's toggle open, if the page shows it (a phone) and it is closed. */
	private async unfold(toggle: Locator) {
		if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true')
			await toggle.click();
		if (await toggle.isVisible()) await expect(toggle).toHaveAttribute('aria-expanded', 'true');
	}

	/**
	 * Opens the flow at the first step that matches in the same run made in Node, which numbers
	 * the steps as the page does. `path` may add parameters, or be the flow's embed.
	 */
	async openWhere(
		flow: FlowId,
		match: (step: TraceStep) => boolean,
		path = `/flow/${flow}`
	): Promise<{ trace: Trace; step: TraceStep }> {
		const trace = await runFlow({ flow });
		const step = trace.steps.find(match);
		if (!step) throw new Error(`no such step in ${flow}`);
		await this.open(`${path}${path.includes('?') ? '&' : '?'}step=${step.index + 1}`);
		return { trace, step };
	}

	/** Opens the flow at the first step with this ref ("token-response.1"), shown. */
	async openAt(flow: FlowId, ref: string, path?: string): Promise<TraceStep> {
		const { step } = await this.openWhere(flow, (s) => refOf(s) === ref, path);
		await this.expectRef(ref);
		return step;
	}

	/** Opens the flow at its first refused step. */
	async openAtRefusal(flow: FlowId): Promise<TraceStep> {
		return (await this.openWhere(flow, (s) => !!s.refusal)).step;
	}

	/** Opens a simulator page with its settings open. */
	async openWithSettings(path: string) {
		await this.open(path);
		await this.openSettings();
	}

	/** The settings start folded; opens them (the page remembers this for the next visit). */
	async openSettings() {
		// On a phone they are under "About" (which closes the inspector's sheet).
		await this.unfold(this.aboutToggle());
		const settings = this.page.getByTestId(TID.settings);
		if (!(await settings.evaluate((el) => (el as HTMLDetailsElement).open)))
			await settings.locator('summary').click();
		await expect(this.page.getByTestId(TID.knobs)).toBeVisible();
	}

	counter = () => this.page.getByTestId(TID.stepCounter);
	inspector = () => this.page.getByTestId(TID.inspector);
	inspectorTitle = () => this.page.getByTestId(TID.inspectorTitle);
	current = () => this.page.getByTestId(TID.diagram).locator('text.messageText.ts-current');
	button = (name: string) => this.page.getByRole('button', { name, exact: true });
	/** The settings' id_token lifetime field. */
	lifetime = () => this.page.getByLabel('id_token lifetime (s)');
	/** A party's lane on the diagram, by the name it is drawn with. */
	lane = (name: string) =>
		this.page.getByTestId(TID.diagram).locator('text.actor', { hasText: name });
	/** A token card by its name, wherever the page shows it (inspector or decoder). */
	token = (name: string) => this.page.locator(`[data-testid="${TID.token}"][data-token="${name}"]`);
	/** A check of the checklist shown, by its id. */
	check = (id: string) => this.page.getByTestId(TID.checklist).locator(`li[data-check="${id}"]`);
	/** The verdict that leads the inspector's checklist (data-valid, data-failed-checks). */
	verdict = () => this.inspector().getByTestId(TID.checkVerdict);
	/** A check of the inspector's checklist by its id (data-check-id, data-status, data-picked). */
	checkRow = (id: string) =>
		this.inspector().locator(`[data-testid="${TID.check}"][data-check-id="${id}"]`);
	/** The diagram's message label marked as where the picked check's expected value came from. */
	sourceMarked = () =>
		this.page.getByTestId(TID.diagram).locator('text.messageText[data-source="true"]');

	/** Picks a check by its button, as a reader does: what it reads and its source get marked. */
	async pickCheck(id: string) {
		const button = this.checkRow(id).locator('button[aria-pressed]');
		await button.click();
		await expect(button).toHaveAttribute('aria-pressed', 'true');
	}

	/** Types a value into a field and presses Enter, which applies it at once. */
	async enter(field: Locator, value: string) {
		await field.fill(value);
		await field.press('Enter');
	}

	/** Presses a step key ("End"); the page ignores them while a form field has focus. */
	async press(key: string) {
		await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
		await this.page.keyboard.press(key);
	}

	async expectStep(n: number, of: number) {
		await expect(this.counter()).toHaveText(`Step ${n} of ${of}`);
	}

	async expectMessage(label: string) {
		await expect(this.current()).toHaveCount(1);
		await expect(this.current()).toContainText(label);
		await expect(this.inspectorTitle()).toContainText(label);
	}

	/** Each of these checks has this status ("passed", "failed", "not_applicable"). */
	async expectChecks(status: string, ids: readonly string[]) {
		for (const id of ids) await expect(this.check(id)).toHaveAttribute('data-status', status);
	}

	/**
	 * The step shown is this protocol step (its ref, "token-response.1"), highlighted on the
	 * diagram at the same index the inspector shows. Matches codes, never the label's words.
	 */
	async expectRef(ref: string) {
		// A re-run (after a settings change or a tamper) replaces the whole trace: wait for it.
		await this.settled();
		await expect(this.inspector()).toHaveAttribute('data-ref', ref);
		const index = await this.inspector().getAttribute('data-step');
		await expect(this.current()).toHaveAttribute('data-step', index!);
	}

	/** Steps with a key (by default to the next step), which shows this protocol step. */
	async stepTo(ref: string, key = 'ArrowRight') {
		await this.press(key);
		await this.expectRef(ref);
	}

	/** No run is under way: the trace shown is the one the current settings make. */
	async settled() {
		await expect(this.page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
	}

	/** The step controls' verdict on the step shown: data-expected (its code), data-tone, data-refusal. */
	stepStatus = () => this.page.getByTestId(TID.stepStatus);

	/**
	 * The step shown was refused with this code by this party: drawn in red when it is an error,
	 * in the success colour when the flow expects it (data-expected, a defence that held).
	 */
	async expectRefusal(code: string, by: string) {
		const inspector = this.inspector();
		await expect(inspector).toHaveAttribute('data-refusal', code);
		await expect(inspector).toHaveAttribute('data-refused-by', by);
		await expect(this.stepStatus()).toHaveAttribute('data-refusal', code);
		const expected = await this.stepStatus().getAttribute('data-expected');
		// An expected refusal (a defence that held) reads as such in the inspector too, not as an error.
		await expect(this.inspectorTitle()).toHaveClass(expected ? /expected/ : /failed/);
		await expect(inspector.getByTestId(TID.refusal)).toHaveAttribute(
			'data-tone',
			expected ? (expected === 'pending' ? 'pending' : 'expected') : 'error'
		);
		const index = await inspector.getAttribute('data-step');
		await expect(
			this.page
				.getByTestId(TID.diagram)
				.locator(
					`text.messageText.${expected ? 'ts-expected' : 'ts-failed'}.ts-current[data-step="${index}"]`
				)
		).toHaveCount(1);
	}

	/** The step shown is a refusal the flow expects, with this code (defence, signed-out, …). */
	async expectExpected(expected: string) {
		await expect(this.stepStatus()).toHaveAttribute('data-expected', expected);
		await expect(this.stepStatus()).toHaveAttribute(
			'data-tone',
			expected === 'pending' ? 'pending' : 'expected'
		);
	}

	/** Walks forward from the first step until `found` holds (at most `steps` steps). */
	private async walkUntil(found: () => Promise<boolean>, steps: number): Promise<boolean> {
		await this.press('Home');
		for (let i = 0; i < steps; i++) {
			if (await found()) return true;
			await this.page.keyboard.press('ArrowRight');
		}
		return false;
	}

	/** Walks forward from the first step to the first refused one. */
	async gotoFirstRefusal() {
		const refused = async () => !!(await this.inspector().getAttribute('data-refusal'));
		if (!(await this.walkUntil(refused, 80))) throw new Error('no step was refused');
	}

	/** Walks forward from the first step to the first that shows this token. */
	async gotoStepWithToken(name: string) {
		const shown = async () => (await this.token(name).count()) > 0;
		if (!(await this.walkUntil(shown, 60))) throw new Error(`no step shows a ${name}`);
	}

	/** The claim row of the first token the inspector shows for the current step. */
	claim(name: string) {
		return this.inspector()
			.locator(`[data-testid="${TID.claims}"] tr[data-claim="${name}"]`)
			.first();
	}
}

/** Playwright's test, with `ui`: the simulator page object on the test's page. */
export const test = base.extend<{ ui: FlowPage }>({
	ui: async ({ page }, use) => {
		await use(new FlowPage(page));
	}
});

export { expect };
