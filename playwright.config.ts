import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './tests/chromium';

// E2E_PORT lets several checkouts run their end-to-end tests at once on one machine.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	forbidOnly: true,
	retries: 0,
	reporter: process.env.CI ? 'line' : 'list',
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		browserName: 'chromium',
		launchOptions: CHROMIUM,
		trace: 'off'
	},
	webServer: {
		command: `npm run build && npm run preview -- --host 127.0.0.1 --port ${port} --strictPort`,
		url: `http://127.0.0.1:${port}`,
		// The built site names itself (oEmbed, discovery links) by the origin it is served from.
		env: { TOKENSTEP_ORIGIN: `http://127.0.0.1:${port}` },
		reuseExistingServer: false,
		timeout: 180_000
	}
});
