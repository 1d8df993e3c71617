/**
 * The authorization errors that say the person must interact at the issuer (OIDC Core §3.1.2.6):
 * what a request with prompt=none is answered with when it cannot be completed silently.
 */
export const NEEDS_THE_USER: ReadonlySet<string> = new Set([
	'login_required',
	'interaction_required',
	'consent_required',
	'account_selection_required'
]);
