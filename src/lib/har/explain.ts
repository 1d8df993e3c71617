import { lookupTable } from '../core/lookup';
/** What each authorization request parameter asks for, in one line each. */
const PARAMETERS = lookupTable<string>({
	response_type:
		'what the provider sends back: code (a one-time code for the token endpoint), id_token and/or token (straight to the browser)',
	client_id: 'which registered application is asking',
	redirect_uri: 'where the browser returns with the answer; must match a registered URI exactly',
	scope:
		'what is asked for: openid makes it OpenID Connect; profile, email… add claims; offline_access asks for a refresh token',
	state:
		'a random value the client checks on return: ties the answer to this browser (CSRF defence)',
	nonce:
		'a random value the provider copies into the id_token: ties the token to this request (replay defence)',
	code_challenge: 'PKCE: a hash of a secret verifier the client sends later with the code',
	code_challenge_method: 'how the challenge was made: S256 (SHA-256) is the one to use',
	response_mode:
		'how the answer travels: query, fragment, form_post (an auto-submitted form) or web_message (posted to the window that opened or framed the page); without it, query for code and fragment when tokens come back',
	prompt:
		'whether to force a login (login), a consent screen (consent), or no page at all (none: a silent renewal, answered login_required when the user must sign in)',
	max_age: 'the oldest login the client accepts, in seconds',
	login_hint: 'who is expected to log in',
	audience: 'the API the access token is for (Auth0)',
	resource: 'the API the access token is for (RFC 8707)',
	ui_locales: 'preferred languages for the provider’s pages',
	acr_values: 'the strength of authentication asked for',
	claims: 'specific claims asked for, by location',
	id_token_hint: 'an earlier id_token naming who the client thinks is logged in',
	request: 'the whole request as a signed JWT',
	request_uri: 'a reference to a request pushed earlier (PAR)',
	display: 'how the provider should show its pages'
});

/** One line per parameter of an authorization request, in the order the request lists them. */
export function explainAuthorizationRequest(params: URLSearchParams): string {
	const lines = [...params.keys()].map((name) => {
		const meaning = PARAMETERS[name] ?? 'not a standard OpenID Connect parameter';
		return `${name}: ${meaning}.`;
	});
	return `Authorization request. ${lines.join(' ')}`;
}
