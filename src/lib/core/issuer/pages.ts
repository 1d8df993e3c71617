import type { User } from '../data';
import { escapeHtml as e } from '../http';

/** The issuer's own HTML: small, self-contained pages, every value escaped. */
function page(title: string, body: string): string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title></head><body>${body}</body></html>`;
}

export function loginPage(opts: {
	action: string;
	transaction: string;
	clientName: string;
	scopes: string[];
	users: User[];
	error?: string;
	username?: string;
}): string {
	const accounts = opts.users
		.map((u) => `<li><code>${e(u.username)}</code> / <code>${e(u.password)}</code></li>`)
		.join('');
	return page(
		'Log in',
		`<h1>Log in to ${e(opts.clientName)}</h1>` +
			(opts.error ? `<p role="alert">${e(opts.error)}</p>` : '') +
			`<form method="post" action="${e(opts.action)}">` +
			`<input type="hidden" name="transaction" value="${e(opts.transaction)}">` +
			`<label>Username <input name="username" autocomplete="username" value="${e(opts.username ?? '')}"></label>` +
			`<label>Password <input name="password" type="password" autocomplete="current-password"></label>` +
			`<p>${e(opts.clientName)} asks for: ${opts.scopes.map((s) => `<code>${e(s)}</code>`).join(' ')}</p>` +
			`<button name="decision" value="allow">Log in and allow</button>` +
			`<button name="decision" value="deny">Deny</button>` +
			`</form><p>Demo accounts:</p><ul>${accounts}</ul>`
	);
}

export function errorPage(error: string, description: string): string {
	return page('Error', `<h1>${e(error)}</h1><p>${e(description)}</p>`);
}

/** OAuth 2.0 Form Post Response Mode: the browser posts the parameters to the client itself. */
export function formPostPage(action: string, params: Record<string, string>): string {
	const inputs = Object.entries(params)
		.map(([k, v]) => `<input type="hidden" name="${e(k)}" value="${e(v)}">`)
		.join('');
	return page(
		'Submit this form',
		`<form method="post" action="${e(action)}">${inputs}<noscript><button>Continue</button></noscript></form>` +
			`<script>document.forms[0].submit()</script>`
	);
}

export function signedOutPage(): string {
	return page(
		'Signed out',
		'<h1>You are signed out</h1><p>Your session at the issuer has ended.</p>'
	);
}

/** RFC 8628 §3.3: the verification page, where the person types the code and approves it. */
export function activationPage(opts: {
	action: string;
	form: string;
	userCode: string;
	/** Known once the code is: the page names the application, against remote phishing (§5.4). */
	clientName?: string;
	scopes: string[];
	needsLogin: boolean;
	error?: string;
}): string {
	const asking = opts.clientName
		? `<p>${e(opts.clientName)} on your device asks for: ${opts.scopes.map((s) => `<code>${e(s)}</code>`).join(' ')}</p>` +
			`<p>Only continue if you started this on your own device.</p>`
		: '<p>Enter the code your device shows.</p>';
	const login = opts.needsLogin
		? `<label>Username <input name="username" autocomplete="username"></label>` +
			`<label>Password <input name="password" type="password" autocomplete="current-password"></label>`
		: '';
	const buttons = opts.clientName
		? `<button name="decision" value="allow">Allow</button><button name="decision" value="deny">Deny</button>`
		: `<button>Continue</button>`;
	return page(
		'Connect a device',
		`<h1>Connect a device</h1>` +
			(opts.error ? `<p role="alert">${e(opts.error)}</p>` : '') +
			asking +
			`<form method="post" action="${e(opts.action)}">` +
			`<input type="hidden" name="form" value="${e(opts.form)}">` +
			`<label>Code <input name="user_code" value="${e(opts.userCode)}" autocomplete="off"></label>` +
			(opts.clientName ? login : '') +
			buttons +
			`</form>`
	);
}

export function deviceDonePage(clientName: string, approved: boolean): string {
	return page(
		approved ? 'Device connected' : 'Access denied',
		approved
			? `<h1>Device connected</h1><p>${e(clientName)} can now sign you in. Return to your device.</p>`
			: `<h1>Access denied</h1><p>${e(clientName)} was not connected.</p>`
	);
}

/**
 * Front-Channel Logout §3: the signed-out page loads each client's logout URI in an iframe,
 * then moves on to the post-logout redirect, if any.
 */
export function frontchannelLogoutPage(iframes: string[], continueTo?: string): string {
	const frames = iframes
		.map((src) => `<iframe src="${e(src)}" title="Signing out" hidden></iframe>`)
		.join('');
	const next = continueTo
		? `<p><a id="continue" href="${e(continueTo)}">Continue</a></p>` +
			`<script>window.addEventListener('load', () => location.replace(document.getElementById('continue').href))</script>`
		: '';
	return page(
		'Signed out',
		`<h1>You are signed out</h1><p>Your session at the issuer has ended; signing you out of your applications.</p>${frames}${next}`
	);
}
