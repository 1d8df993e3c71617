import { TID } from '../../src/lib/testids';
import { expect, test } from './flowPage';

// step= names a step by what it is (issue 27 item 3), found once the flow has run.

test('step=<message> opens the first step with that ref; step=<message>.<nth> the nth', async ({
	page,
	ui
}) => {
	await ui.open('/flow/code-pkce?step=validate-id-token');
	await ui.expectRef('validate-id-token.1');
	await expect(page.getByTestId(TID.notice)).toHaveCount(0);

	await ui.open('/flow/refresh?step=token-response.2');
	await ui.expectRef('token-response.2');
	await expect(page.getByTestId(TID.notice)).toHaveCount(0);
	// The page writes the position it shows, as before; reading it back opens the same step.
	await expect.poll(() => new URL(page.url()).searchParams.get('step')).toMatch(/^\d+$/);
	const index = Number(await ui.inspector().getAttribute('data-step'));
	expect(new URL(page.url()).searchParams.get('step')).toBe(String(index + 1));
	await ui.reload();
	await ui.expectRef('token-response.2');
});

test('a step the run does not have shows the first step, with a notice coded for step=', async ({
	page,
	ui
}) => {
	const cases = [
		['device-authorization-request', 'step_not_in_run'],
		['token-response.40', 'step_not_in_run'],
		['validate-id-tokens', 'step_unknown'],
		['__proto__', 'step_malformed'],
		['token-response.0', 'step_malformed'],
		['x'.repeat(10_000), 'step_malformed']
	] as const;
	for (const [value, code] of cases) {
		await ui.open(`/flow/code-pkce?step=${encodeURIComponent(value)}`);
		await expect(ui.inspector(), value.slice(0, 40)).toHaveAttribute('data-step', '0');
		const notice = page.getByTestId(TID.notice);
		await expect(notice.locator('li')).toHaveCount(1);
		await expect(notice.locator(`li[data-param="step"][data-code="${code}"]`)).toHaveCount(1);
		// The page still works: stepping moves on.
		await ui.press('ArrowRight');
		await expect(ui.inspector()).toHaveAttribute('data-step', '1');
	}
});

test('the embed reads step= by name too, and names a bad one in its notice', async ({
	page,
	ui
}) => {
	await ui.open('/embed/refresh?step=token-response.2&panels=controls,inspector');
	await ui.expectRef('token-response.2');
	await expect(page.getByTestId(TID.notice)).toHaveCount(0);

	await ui.open('/embed/code-pkce?step=device-authorization-request&panels=controls,inspector');
	await expect(ui.inspector()).toHaveAttribute('data-step', '0');
	await expect(page.getByTestId(TID.notice).locator('li[data-param="step"]')).toHaveCount(1);
});
