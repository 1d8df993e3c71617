/**
 * Where an authorization answer travels, read from what a browser capture holds: the query of
 * the callback, the form a `form_post` page submits, the fragment of the provider's redirect (a
 * fragment never reaches the wire, so it is read from the `Location` header), or the script of a
 * `web_message` page, which posts the answer to its parent window.
 */

/** The fragment of a URL, without `#`. */
export function fragmentOf(location: string): string | undefined {
	const hash = location.indexOf('#');
	return hash >= 0 ? location.slice(hash + 1) : undefined;
}

/** Parameters an authorization answer carries; one of them makes a page an answer. */
const ANSWER_NAMES = [
	'code',
	'state',
	'id_token',
	'access_token',
	'token_type',
	'expires_in',
	'scope',
	'error',
	'error_description',
	'error_uri',
	'iss',
	'session_state'
];

const MEMBER = new RegExp(
	`"(${ANSWER_NAMES.join('|')})"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|\\d+)`,
	'g'
);

/**
 * The answer inside a `web_message` page: the JSON members of the authorization response the
 * page's script posts to its parent (`{"code": …, "state": …}`), wherever the page puts them.
 */
export function webMessageAnswer(html: string): URLSearchParams | undefined {
	const params = new URLSearchParams();
	for (const [, name, raw] of html.matchAll(MEMBER)) {
		if (params.has(name!)) continue;
		try {
			const value: unknown = JSON.parse(raw!);
			params.set(name!, String(value));
		} catch {
			// Not JSON after all: not part of the answer.
		}
	}
	return params.has('state') || params.has('code') || params.has('error') || params.has('id_token')
		? params
		: undefined;
}
