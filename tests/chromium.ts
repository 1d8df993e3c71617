/**
 * Debian's Chromium, as the tests and benchmarks launch it. Playwright's own browser download
 * does not work on these machines; the networking flags stop Chromium calling home.
 */
export const CHROMIUM = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: [
		'--headless',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync'
	]
};
