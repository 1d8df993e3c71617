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
