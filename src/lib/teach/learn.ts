/**
 * /learn, as data: an ordered path of short lessons. Each lesson's blocks are rules with the
 * sections they rest on (paragraphs, numbered steps, a table's rows), the seed guide's outdated
 * advice where the same thing is taught, and "see it" links that open a flow at one step, by its
 * ref, with the settings that show the point. Longer material sits in a lesson's `more`, folded.
 * The pages render these; tests/unit/teaching.test.ts walks every entry (`body`), and
 * tests/unit/teachLearn.test.ts runs every "see it" link.
 */
import { SPEC } from '../core/spec';
import { CITE } from './cite';
import type { RuleEntry, SpecLink, TeachEntry } from './types';

/** A check's status as a validation step reports it. */
export type SeeItStatus = 'passed' | 'failed' | 'not_applicable';

/**
 * A link that opens a flow at one step. `at` names the step by ref, as the flow's URL parameters
 * do ("validate-id-token", "token-response.2"); `with` is the settings that show the point, as
 * the flow page's own query parameters ("wait=token-response+36000&skew=60"); `shows` is what the
 * step then shows, so the tests can tell the settings took effect.
 */
export interface SeeIt {
	label: string;
	flow: string;
	at: string;
	with?: string;
	shows?: { check: string; status: SeeItStatus } | { refusal: string };
}

/**
 * Where a lesson's step or row meets a flow's checklist: the ids of the checks the validation
 * step reports for it (`iss`, `signature`), in the run of `flow` (code-pkce unless named), and a
 * line for a step the flow has no check for. Tests hold the ids to what the validator reports.
 */
export interface ChecklistLink {
	checks: string[];
	flow?: string;
	note?: string;
}

/** One numbered step: its rule, the flow checklist's ids for it, and why it is there. */
export interface StepItem {
	n: string;
	rule: RuleEntry;
	checklist?: ChecklistLink;
	/** The attack or mistake the step stops, with the sections that say so. */
	why?: RuleEntry;
}

/** Numbered steps, each a rule; `n` is the number shown (a spec's own numbering, "4–5"). */
export interface StepsBlock {
	kind: 'steps';
	items: StepItem[];
}

/** A table whose rows each state a rule, with the sections that row rests on. */
export interface TableBlock {
	kind: 'table';
	caption: string;
	columns: string[];
	rows: { cells: string[]; specs: SpecLink[]; checklist?: ChecklistLink }[];
}

export type LessonBlock = TeachEntry | StepsBlock | TableBlock;

export interface Lesson {
	/** The lesson's path segment (/learn/<id>; the first lesson is /learn itself). */
	id: string;
	title: string;
	/** What a reader knows after it, in a line: shown in the list of lessons. */
	gist: string;
	blocks: LessonBlock[];
	/** Further reading, folded under the lesson. */
	more?: { title: string; blocks: LessonBlock[] };
	seeIt: SeeIt[];
	/** Something live the lesson shows in its folded text: the keys and drawings this browser keeps. */
	widget?: 'kept-keys';
	/** Every teaching entry of the lesson, table rows and steps included: what the tests walk. */
	body: TeachEntry[];
}

/** /learn's sections are its lessons (the name the teaching index exports). */
export type LearnSection = Lesson;

export const LEARN_INTRO =
	'Twelve short lessons, about ten minutes in all, from who is who to the attacks each check stops. Every rule links the section of the spec it comes from, and every lesson ends in “see it” links that open a live flow at the step that shows it: real messages, real keys, real signatures. Where the Auth0 guide this site grew from is outdated, the lesson says so and names what replaced it.';

const rule = (text: string, specs: SpecLink[]): RuleEntry => ({ kind: 'rule', text, specs });

/** Sections /learn cites that the shared CITE list does not name. */
const LINK = {
	keyConfusion: { label: 'RFC 8725 §2.1', url: SPEC.keyConfusion },
	jwk: { label: 'RFC 7515 §4.1.3', url: SPEC.jwk },
	kid: { label: 'RFC 7515 §4.1.4', url: SPEC.kid },
	crit: { label: 'RFC 7515 §4.1.11', url: SPEC.crit },
	nbf: { label: 'RFC 7519 §4.1.5', url: SPEC.nbf },
	iat: { label: 'RFC 7519 §4.1.6', url: SPEC.iat },
	nonceNotes: { label: 'OIDC Core §15.5.2', url: SPEC.nonceNotes }
} as const satisfies Record<string, SpecLink>;

/** The entries a block holds, for the walkers. */
function entriesOf(block: LessonBlock): TeachEntry[] {
	if (block.kind === 'steps')
		return block.items.flatMap((i) => (i.why ? [i.rule, i.why] : [i.rule]));
	if (block.kind === 'table') return block.rows.map((r) => rule(r.cells.join(' · '), r.specs));
	return [block];
}

function lesson(l: Omit<Lesson, 'body'>): Lesson {
	const blocks = [...l.blocks, ...(l.more?.blocks ?? [])];
	return { ...l, body: blocks.flatMap(entriesOf) };
}

export const LEARN: Lesson[] = [
	lesson({
		id: 'parties',
		title: 'Who is who: the parties and their tokens',
		gist: 'Browser, client, issuer, API; what an id_token is for, and what an access token is for.',
		blocks: [
			rule(
				'Four parties take part. The **browser** carries the person’s requests and the redirects between the others. The **client** is the app the person uses; OpenID Connect calls it the Relying Party (RP). The **issuer** signs the person in and issues tokens: the OpenID Provider (OP), in OAuth terms the authorization server. The **API** is a resource server: it serves data to whoever presents an access token it accepts.',
				[CITE.terminology, CITE.oauthRoles]
			),
			{
				kind: 'table',
				caption: 'Two tokens, two audiences',
				columns: ['Token', 'Addressed to', 'Says', 'Checked by'],
				rows: [
					{
						cells: [
							'id_token',
							'the client: its `aud` holds the client’s `client_id`',
							'who signed in, at which issuer, when',
							'the client, once, when it arrives'
						],
						specs: [CITE.idToken, CITE.idTokenValidation]
					},
					{
						cells: [
							'access token',
							'the API (to the client it is usually opaque)',
							'what its holder may do there (`scope`)',
							'the API, on every request'
						],
						specs: [CITE.accessToken, CITE.bearerHeader]
					}
				]
			},
			rule(
				'The id_token goes no further than the client. An API takes access tokens, here JWTs explicitly typed `at+jwt`, and refuses an id_token offered as one.',
				[CITE.idToken, CITE.jwtAccessTokenHeader, CITE.jwtAccessToken, CITE.explicitTyping]
			)
		],
		more: {
			title: 'Inside a token, and the guide on passing it on',
			blocks: [
				rule(
					'An id_token is a JSON Web Token (JWT). Signed, it is three base64url segments joined by dots. The [header](part:h) says how it is signed (`alg`) and with which key (`kid`). The [payload](part:p) holds the claims: statements about the person and about the token itself. The [signature](part:s) covers header and payload, so anyone holding the issuer’s public key (or, for an HS256 token, the client secret) can tell whether a single character changed on the way. An id_token is signed (the one exception: an unsigned id_token a client explicitly registered for, from the token endpoint only); it may also be encrypted.',
					[CITE.jwtFormat, CITE.jwsCompact, CITE.jwsSigning, CITE.idToken]
				),
				{
					kind: 'simulator',
					text: 'Paste any token into the [decoder](page:/decode) to see its three parts.'
				},
				{ kind: 'outdated', note: 'urlSize' },
				{ kind: 'outdated', note: 'delegation' }
			]
		},
		seeIt: [
			{
				label: 'The token response: an id_token for the client, an access token for the API',
				flow: 'code-pkce',
				at: 'token-response'
			},
			{
				label: 'The client calls the API with its access token',
				flow: 'call-api',
				at: 'validate-access-token',
				shows: { check: 'typ', status: 'passed' }
			},
			{
				label: 'The API refuses the id_token',
				flow: 'call-api',
				at: 'validate-access-token.2',
				shows: { refusal: 'typ' }
			}
		]
	}),
	lesson({
		id: 'code-flow',
		title: 'The code flow with PKCE',
		gist: 'The five moves of a sign-in, and why the code is useless to anyone who steals it.',
		blocks: [
			{
				kind: 'steps',
				items: [
					{
						n: '1',
						rule: rule(
							'The client makes a random `code_verifier` and keeps it. It sends the browser to the issuer’s authorization endpoint with `response_type=code`, its `client_id` and `redirect_uri`, `scope=openid …`, a `state`, a `nonce`, and the verifier’s SHA-256 hash as `code_challenge` (`code_challenge_method=S256`).',
							[CITE.authRequest, CITE.pkceProtocol]
						)
					},
					{
						n: '2',
						rule: rule(
							'The person signs in at the issuer, which sends the browser back to the `redirect_uri` with a short-lived, one-time `code` and the same `state`.',
							[CITE.authResponse, CITE.authorizationResponse]
						)
					},
					{
						n: '3',
						rule: rule(
							'The client posts the `code` and the `code_verifier` to the token endpoint in a direct request: a POST the client itself makes (from its server, or from the app’s own script in the browser), not a redirect the browser follows.',
							[CITE.tokenEndpoint, CITE.pkceProtocol]
						)
					},
					{
						n: '4',
						rule: rule(
							'The issuer hashes the verifier and compares it with the challenge it kept with the code; only if they match does it answer, with the id_token and the access token.',
							[CITE.pkceVerify, CITE.tokenResponse]
						)
					},
					{
						n: '5',
						rule: rule('The client validates the id_token (lesson 4) before it trusts it.', [
							CITE.idTokenValidation
						])
					}
				]
			},
			rule(
				'A stolen code is useless without the verifier, which never left the client. Public clients, which have no secret (a single-page app, a mobile app), must use PKCE; for confidential clients it is recommended.',
				[CITE.pkce, CITE.injectionPkce]
			),
			rule('Browser apps must use the code flow, not the implicit flow, to get access tokens.', [
				CITE.browserImplicit,
				CITE.implicitDeprecated
			])
		],
		more: {
			title: 'The implicit flow, and the guide’s `responseType: token`',
			blocks: [{ kind: 'outdated', note: 'responseTypeToken' }]
		},
		seeIt: [
			{
				label: 'The authorization request: code_challenge, state, nonce',
				flow: 'code-pkce',
				at: 'authorize-request'
			},
			{ label: 'The code comes back to the client', flow: 'code-pkce', at: 'callback-request' },
			{ label: 'The code and its verifier, sent', flow: 'code-pkce', at: 'token-request' },
			{
				label: 'The id_token validated',
				flow: 'code-pkce',
				at: 'validate-id-token',
				shows: { check: 'signature', status: 'passed' }
			}
		]
	}),
	lesson({
		id: 'state-nonce-pkce',
		title: 'state, nonce and PKCE, side by side',
		gist: 'Three random values: what each binds, who checks it, what it stops.',
		blocks: [
			rule(
				'Three random values travel in the authorization request; each comes back by another way and is checked there:',
				[CITE.authRequest, CITE.pkceProtocol]
			),
			{
				kind: 'table',
				caption: 'What each value binds, who checks it, and the attack it stops',
				columns: ['Value', 'Binds', 'Checked by', 'Stops'],
				rows: [
					{
						cells: [
							'`state`',
							'the answer to the request this browser started (the client keeps it, bound to the browser)',
							'the client, when the callback arrives',
							'cross-site request forgery: an attacker’s answer planted in the victim’s browser'
						],
						specs: [CITE.oauthCsrf, CITE.csrf]
					},
					{
						cells: [
							'`nonce`',
							'the id_token to this sign-in (the issuer copies it into the id_token)',
							'the client, when it validates the id_token',
							'a replayed id_token, and, checked in the id_token from the token endpoint, an injected code; also login forgery (CSRF)'
						],
						specs: [CITE.idToken, CITE.idTokenValidation, CITE.injectionNonce, CITE.csrf]
					},
					{
						cells: [
							'PKCE (`code_challenge`, `code_verifier`)',
							'the code to the client instance that asked for it',
							'the issuer, at the token endpoint',
							'a stolen code redeemed or [injected](flow:attack-code-injection) by someone else; also forgery'
						],
						specs: [CITE.pkceVerify, CITE.injectionPkce, CITE.csrf]
					}
				]
			},
			rule(
				'They overlap without replacing each other. PKCE protects against forgery only where the issuer supports it, and `nonce` does not protect a public client’s code, which an attacker can redeem at the token endpoint directly. This site’s client sends all three.',
				[CITE.csrf, CITE.injectionNonce]
			)
		],
		seeIt: [
			{
				label: 'A forged callback without the state: refused',
				flow: 'attack-csrf',
				at: 'reject-response',
				shows: { refusal: 'state_missing' }
			},
			{
				label: 'The state leaked: PKCE still stops it',
				flow: 'attack-csrf-leaked-state',
				at: 'token-response',
				shows: { refusal: 'invalid_grant' }
			},
			{
				label: 'The nonce compared with the one sent',
				flow: 'code-pkce',
				at: 'validate-id-token',
				shows: { check: 'nonce', status: 'passed' }
			},
			{
				label: 'A stolen code injected: the victim’s own sign-in still works',
				flow: 'attack-code-injection',
				at: 'validate-id-token',
				shows: { check: 'nonce', status: 'passed' }
			}
		]
	}),
	lesson({
		id: 'validation',
		title: 'Validating an id_token',
		gist: 'The thirteen checks of OIDC Core §3.1.3.7: what each compares, what it stops, its ids in the flow’s checklist; and clock skew.',
		blocks: [
			rule(
				'Every client that receives an id_token validates it before it trusts who signed in, a single-page app included. The checks, as OpenID Connect numbers them, each with the ids the flow’s checklist at “validate id_token” uses for it and the attack or mistake it stops:',
				[CITE.idTokenValidation, CITE.implicitIdTokenValidation]
			),
			{
				kind: 'steps',
				items: [
					{
						n: '1',
						rule: rule(
							'Encrypted? Decrypt it with the keys and algorithms the client registered; an unencrypted one, when encryption was registered, should be refused.',
							[CITE.idTokenValidation, CITE.encryption]
						),
						checklist: {
							checks: ['jwe', 'jwe_alg', 'decrypt'],
							flow: 'encrypted-id-token',
							note: 'only for a client that registered for encryption, as in the encrypted-id-token flow'
						},
						why: rule(
							'The claims stay private from whatever sees the token response on its way (extensions, proxies, logs), and a plaintext token where encryption was registered means something skipped it.',
							[CITE.encryption, CITE.idTokenValidation]
						)
					},
					{
						n: '2',
						rule: rule(
							'`iss` must exactly equal the issuer identifier the client knows, usually from discovery.',
							[CITE.idTokenValidation, CITE.discovery]
						),
						checklist: { checks: ['iss'] },
						why: rule(
							'A token from any other issuer, one an attacker runs included, cannot sign anyone in; and the keys of step 6 must be that issuer’s.',
							[CITE.validateIssuer, CITE.idTokenValidation]
						)
					},
					{
						n: '3',
						rule: rule(
							'`aud` must contain the client’s own `client_id`; a token that does not, or that lists audiences the client does not trust, is refused.',
							[CITE.idTokenValidation]
						),
						checklist: { checks: ['aud'] },
						why: rule(
							'A genuine token the same issuer made for another app (one the attacker runs, say) cannot be replayed here to sign in as its user.',
							[CITE.useAudience, CITE.substitution]
						)
					},
					{
						n: '4–5',
						rule: rule(
							'`azp` matters only with extensions beyond OpenID Connect Core; otherwise it should be ignored (errata set 2 dropped the old rule about several audiences).',
							[CITE.idTokenValidation, CITE.idToken]
						),
						checklist: { checks: ['azp'] },
						why: rule(
							'Nothing to stop without extensions: the checklist reports `azp` as not applicable, and a client enforcing the 2014 rule would refuse valid tokens with several audiences and no `azp`.',
							[CITE.idTokenValidation, CITE.idToken]
						)
					},
					{
						n: '6',
						rule: rule(
							'The signature must verify with a key the issuer published (its JWK Set, by `kid`), using the `alg` in the header. A token received straight from the token endpoint over TLS may rely on TLS instead; this site’s client checks the signature anyway.',
							[CITE.idTokenValidation, CITE.validateIssuer]
						),
						checklist: { checks: ['header_key', 'kid', 'signature'] },
						why: rule(
							'Only the issuer can have written the token. The key comes from the issuer’s JWK Set, never from the token’s own `jwk`, `jku` or `x5u` header, which an attacker fills with a key of their own.',
							[CITE.validateIssuer, LINK.jwk, LINK.kid, CITE.jwsValidation]
						)
					},
					{
						n: '7',
						rule: rule(
							'`alg` should be RS256 or the algorithm the client registered; a client accepts only the algorithms it expects, and `none` only if it registered for unsigned id_tokens from the token endpoint.',
							[CITE.idTokenValidation, CITE.algVerification, CITE.idToken]
						),
						checklist: { checks: ['alg'] },
						why: rule(
							'Stops `alg: none` (no signature at all) and RS256→HS256 confusion, where the issuer’s public key is used as an HMAC secret anyone can sign with.',
							[CITE.algVerification, LINK.keyConfusion]
						)
					},
					{
						n: '8',
						rule: rule(
							'For an HMAC `alg` (HS256, HS384, HS512) the key is the client’s own `client_secret`.',
							[CITE.idTokenValidation]
						),
						checklist: { checks: ['alg', 'signature'] },
						why: rule(
							'The secret is the only key the issuer and the client share; any other HMAC key, the issuer’s public key above all, is the confusion of step 7.',
							[CITE.idTokenValidation, CITE.algVerification]
						)
					},
					{
						n: '9',
						rule: rule('The current time must be before `exp`.', [CITE.idTokenValidation]),
						checklist: { checks: ['exp'] },
						why: rule(
							'A token found later (in a log, a cache, a stolen copy) can no longer sign anyone in.',
							[CITE.exp, CITE.idToken]
						)
					},
					{
						n: '10',
						rule: rule(
							'`iat` may be used to refuse a token issued too far from now; how far is the client’s choice.',
							[CITE.idTokenValidation]
						),
						checklist: { checks: ['iat'] },
						why: rule(
							'It bounds how long the client must remember nonces to catch replays; this site’s client refuses a token without `iat` or issued in the future (past its leeway).',
							[CITE.idTokenValidation, LINK.iat]
						)
					},
					{
						n: '11',
						rule: rule(
							'If the request carried a `nonce`, the id_token’s `nonce` must be present and equal to it.',
							[CITE.idTokenValidation]
						),
						checklist: { checks: ['nonce'] },
						why: rule(
							'Ties the token to this sign-in in this browser: a replayed id_token, or a stolen code injected into another session, brings a nonce that does not match.',
							[CITE.authRequest, CITE.injectionNonce, LINK.nonceNotes]
						)
					},
					{
						n: '12',
						rule: rule(
							'If `acr` was requested, the client should check that its value is appropriate.',
							[CITE.idTokenValidation]
						),
						checklist: { checks: [], note: 'none: this site’s client never requests acr' },
						why: rule(
							'A weaker sign-in than the one asked for (a password where a second factor was required) is not taken for the stronger one.',
							[CITE.idTokenValidation, CITE.claimsParameter]
						)
					},
					{
						n: '13',
						rule: rule(
							'If `auth_time` was requested (or `max_age` sent), the client should check it and ask the person to sign in again when too much time has passed.',
							[CITE.idTokenValidation]
						),
						checklist: { checks: ['auth_time'] },
						why: rule(
							'An old session (someone else’s, left open on a shared computer) cannot pass for the fresh sign-in `max_age` asked for.',
							[CITE.idTokenValidation, CITE.authRequest]
						)
					}
				]
			},
			{
				kind: 'table',
				caption: 'Checks the flow adds to §3.1.3.7',
				columns: ['Check', 'Why it is there'],
				rows: [
					{
						cells: [
							'`size`, `format`, `decode`',
							'The token is input an attacker can shape: it is bounded in size and parsed strictly as a compact JWS before anything in it is used.'
						],
						specs: [CITE.jwsValidation, CITE.jwsCompact, CITE.receivedClaims],
						checklist: { checks: ['size', 'format', 'decode'] }
					},
					{
						cells: [
							'`typ`',
							'An access token (`at+jwt`) or a logout token (`logout+jwt`) from the same issuer, signed with the same key, cannot pass for an id_token.'
						],
						specs: [CITE.explicitTyping, CITE.logoutTokenCrossJwt],
						checklist: { checks: ['typ'] }
					},
					{
						cells: [
							'`crit`',
							'A header extension the token says must be understood, and the client does not, makes the token invalid rather than ignored.'
						],
						specs: [LINK.crit],
						checklist: { checks: ['crit'] }
					},
					{
						cells: [
							'`sub`',
							'An id_token must say who signed in: `sub` is required, at most 255 ASCII characters, and the client keys the account on `iss` and `sub` together.'
						],
						specs: [CITE.idToken, CITE.claimStability],
						checklist: { checks: ['sub'] }
					},
					{
						cells: ['`nbf`', 'A token that says it is not valid yet is refused until it is.'],
						specs: [LINK.nbf],
						checklist: { checks: ['nbf'] }
					},
					{
						cells: [
							'`at_hash`, `c_hash`',
							'Bind the access token or code that came with the id_token, so neither can be swapped for another; required when the id_token comes through the browser, checked here when present.'
						],
						specs: [CITE.atHash, CITE.cHash, CITE.implicitIdTokenValidation],
						checklist: { checks: ['at_hash', 'c_hash'] }
					}
				]
			},
			rule(
				'**Clock skew.** Clocks differ, so a client may allow a small leeway when it compares `exp`, usually no more than a few minutes. That allowance is in the definition of `exp`, not in the list above; without it a token is refused at `exp` itself.',
				[CITE.idToken, CITE.exp]
			),
			{
				kind: 'simulator',
				text: 'This site’s client takes its leeway from the clock-skew setting (0 to 300 seconds), and uses it for `exp`, `nbf` and `iat`.'
			},
			{ kind: 'outdated', note: 'spaValidation' }
		],
		more: {
			title: 'Tokens that come through the browser',
			blocks: [
				rule(
					'An id_token that comes through the browser (the implicit flow, or the hybrid flow’s front channel) must have its signature and `nonce` checked without exception, and `at_hash` or `c_hash` binds the access token or code that came with it.',
					[CITE.implicitIdTokenValidation, CITE.atHash, CITE.cHash]
				)
			]
		},
		seeIt: [
			{
				label: 'Every check of a valid id_token',
				flow: 'code-pkce',
				at: 'validate-id-token',
				shows: { check: 'exp', status: 'passed' }
			},
			{
				label: 'Ten hours on (a clock jump to exp): refused',
				flow: 'code-pkce',
				at: 'validate-id-token',
				with: 'wait=token-response+36000',
				shows: { check: 'exp', status: 'failed' }
			},
			{
				label: '30 s past exp with 60 s of leeway: accepted',
				flow: 'code-pkce',
				at: 'validate-id-token',
				with: 'skew=60&wait=token-response+36030',
				shows: { check: 'exp', status: 'passed' }
			},
			{
				label: 'One claim changed (sub): the signature fails',
				flow: 'code-pkce',
				at: 'validate-id-token',
				with: 'tamper=token-response:sub=auth0|mallory',
				shows: { check: 'signature', status: 'failed' }
			},
			{
				label: 'alg none: refused',
				flow: 'attack-alg-none',
				at: 'validate-id-token',
				shows: { refusal: 'alg' }
			}
		]
	}),
	lesson({
		id: 'account',
		title: 'Who signed in: claims, and iss + sub as the account key',
		gist: 'What the claims say, which two of them name an account, and where the others come from.',
		blocks: [
			rule(
				'Every id_token carries `iss` (who issued it), `sub` (who it is about), `aud` (who it is for), `exp` (on or after which the client must not accept it) and `iat` (when it was issued). `auth_time` is required when the request carried `max_age` or asked for `auth_time` as an essential claim, `nonce` whenever the request carried one. Claims a client does not understand must be ignored.',
				[CITE.idToken]
			),
			rule(
				'`sub` is unique and never reassigned only within one issuer, so the key of an account is the pair `iss` + `sub`. Other claims, `email`, `phone_number`, `preferred_username`, `name`, must not be used as unique identifiers: an issuer may give an email address to someone else later, and a person’s address may change.',
				[CITE.claimStability, CITE.idToken]
			),
			rule(
				'The client asks for claims with `scope`: `openid` makes it an OpenID Connect request; `profile`, `email`, `address` and `phone` each ask for a set of standard claims, which the issuer may decline. When an access token is issued, those claims come from the **UserInfo endpoint**, whose answer always carries `sub`, and the client must check it equals the id_token’s `sub` before using the rest.',
				[CITE.authRequest, CITE.scopeClaims, CITE.userInfo, CITE.userInfoResponse]
			)
		],
		more: {
			title: 'Scope, the claims parameter, and the guide',
			blocks: [
				{ kind: 'outdated', note: 'registeredClaims' },
				rule(
					'OIDC Core returns the scope claims in the id_token only when no access token is issued (`response_type=id_token`); otherwise they come from UserInfo, though an issuer may add them to the id_token too: that is the provider’s choice, and Auth0 does, as does this simulator’s issuer. A client that needs particular claims in the id_token asks for them with the `claims` parameter, if the issuer supports it (this one does not: its discovery document says `claims_parameter_supported: false`).',
					[CITE.scopeClaims, CITE.claimsParameter, CITE.userInfoResponse, CITE.discovery]
				),
				rule(
					'Other claims can be added. Names that could clash with someone else’s should be collision-resistant, for example namespaced with a URL the issuer controls.',
					[CITE.additionalClaims, CITE.publicClaimNames]
				),
				{ kind: 'outdated', note: 'scopeControlsIdToken' },
				{
					kind: 'simulator',
					text: 'This simulator honours the guide’s attribute scopes too (`scope=openid name email`), and its rules can add or remove scopes before the id_token is made, as the guide’s `context.jwtConfiguration.scopes` did.'
				},
				{ kind: 'outdated', note: 'rules' },
				{ kind: 'outdated', note: 'tokeninfo' }
			]
		},
		seeIt: [
			{
				label: 'The id_token’s iss and sub',
				flow: 'code-pkce',
				at: 'validate-id-token',
				shows: { check: 'sub', status: 'passed' }
			},
			{
				label: 'Another person signs in: another sub',
				flow: 'code-pkce',
				at: 'validate-id-token',
				with: 'user=auth0|bob',
				shows: { check: 'sub', status: 'passed' }
			},
			{
				label: 'UserInfo answers with sub and the claims',
				flow: 'profile',
				at: 'userinfo-response'
			},
			{
				label: 'Only the scopes asked for: no email claims',
				flow: 'profile',
				at: 'userinfo-response',
				with: 'scope=openid+profile'
			}
		]
	}),
	lesson({
		id: 'keys',
		title: 'Keys: the JWK Set, caching and rotation',
		gist: 'Where the client finds the issuer’s keys, how long it keeps them, and how keys change.',
		widget: 'kept-keys',
		blocks: [
			rule(
				'The client finds the issuer’s public keys at the `jwks_uri` of its discovery document, a JWK Set, and picks the key whose `kid` the token’s header names. It uses only keys that belong to the issuer, never a key or a key address the token brings along (`jwk`, `jku`, `x5u`).',
				[CITE.jwkSet, CITE.discovery, CITE.idToken, CITE.validateIssuer, CITE.receivedClaims]
			),
			rule(
				'Issuers rotate keys by adding new keys to the set and starting to sign with one when they choose, naming it by `kid`. A client that meets a `kid` it does not know fetches the set again. The issuer should keep recently retired keys in the set for a while, so tokens signed before the switch still verify.',
				[CITE.rotateSigKeys]
			),
			rule(
				'How long a client caches the set is not fixed by OpenID Connect; the response’s `Cache-Control` is the usual signal (this issuer sends `max-age=300`), and the refetch on an unknown `kid` keeps a cache from going stale at a rotation. An issuer that adds its next key longer before signing with it than clients cache the set finds every cached copy ready.',
				[CITE.httpCacheControl, CITE.rotateSigKeys]
			),
			{
				kind: 'simulator',
				text: 'This site’s client fetches the set again once for an unknown `kid`, then not again so soon, so a token under a `kid` nobody published cannot make it fetch on every request.'
			}
		],
		more: {
			title: 'What this browser keeps: keys and drawings',
			blocks: [
				{
					kind: 'simulator',
					text: 'The simulated issuer signs with RSA or elliptic-curve keys that this page generates with WebCrypto. Generating an RSA key takes a moment, so the issuer’s keys are kept in this browser (IndexedDB) and reused on later visits: their private halves are non-extractable, so pages can sign with them but nothing can read them out. The encrypting client’s private key is kept the same way, so the [decoder](page:/decode), even after a reload, decrypts and verifies the tokens of the flows run here. Every token is still signed and checked afresh in each run; the attacker’s keys are never kept, so every visit makes new ones.'
				},
				{
					kind: 'simulator',
					text: 'Drawing a diagram with Mermaid takes a moment too, so the drawings of the last few diagrams are kept (localStorage), each under a hash of its exact Mermaid text and theme. A run whose messages come out the same shows the kept drawing; any other run is drawn afresh. The run itself always happens in the page: only its picture is reused.'
				}
			]
		},
		seeIt: [
			{ label: 'The JWK Set and its Cache-Control', flow: 'code-pkce', at: 'jwks-response' },
			{
				label: 'A new kid after a rotation: the client fetches the set again',
				flow: 'key-rotation',
				at: 'jwks-request.2'
			},
			{
				label: 'A kid nobody published: refused',
				flow: 'key-rotation',
				at: 'validate-id-token.3',
				shows: { refusal: 'kid' }
			},
			{
				label: 'A key address in the token (jku): ignored, refused',
				flow: 'attack-jku',
				at: 'validate-id-token',
				shows: { refusal: 'header_key' }
			}
		]
	}),
	lesson({
		id: 'sessions',
		title: 'Sessions and token lifetimes',
		gist: '`exp` is not how long someone stays signed in: four clocks, each its own.',
		blocks: [
			rule(
				'`exp` is the time on or after which the client must not accept the id_token when it signs the person in. It is not how long the person stays signed in: once the client has validated the id_token, it runs its own session, with its own lifetime, and the id_token expiring later changes nothing about that session.',
				[CITE.idToken, CITE.exp, CITE.idTokenValidation]
			),
			rule(
				'So four clocks run apart: the client’s session (the app’s choice; here eight hours), the access token’s, which should be short because it may not be revocable, the refresh token’s, and the issuer’s own login session.',
				[CITE.idToken, CITE.tokenLifetime]
			),
			{ kind: 'outdated', note: 'lifetime' },
			{
				kind: 'simulator',
				text: 'Here the id_token lifetime is a setting; a “Set lifetime” rule changes it for one login, as the guide’s `context.jwtConfiguration.lifetimeInSeconds = 3600` did. Watch `exp` move.'
			}
		],
		seeIt: [
			{
				label: 'An expired id_token at sign-in: refused',
				flow: 'attack-expired',
				at: 'validate-id-token',
				shows: { refusal: 'exp' }
			},
			{
				label: 'A one-minute id_token, checked after two: refused at sign-in',
				flow: 'code-pkce',
				at: 'validate-id-token',
				with: 'lifetime=60&wait=token-response+120',
				shows: { check: 'exp', status: 'failed' }
			},
			{
				label: 'Hours later: the session still runs',
				flow: 'refresh',
				at: 'check-session',
				shows: { check: 'session_active', status: 'passed' }
			},
			{
				label: 'The access token has expired: the API refuses it',
				flow: 'refresh',
				at: 'validate-access-token',
				shows: { refusal: 'exp' }
			}
		]
	}),
	lesson({
		id: 'renewing',
		title: 'Renewing: refresh tokens and silent renew',
		gist: 'A client renews its access, not its id_token; how, and why the iframe way breaks.',
		blocks: [
			rule(
				'What a client renews is its access, not its id_token. With a **refresh token** (here, as at Auth0, asked for with `offline_access`; other issuers may hand one out without it) it gets a new access token at the token endpoint. The response may carry a new id_token as well, or not; if it does, its `iss`, `sub` and `aud` equal the original’s, its `auth_time` is still the original sign-in, and it should carry no `nonce`, though one that does must equal the original’s.',
				[CITE.offlineAccess, CITE.refreshGrant, CITE.refresh, CITE.refreshResponse]
			),
			rule(
				'A browser app’s refresh tokens must be rotated on every use or bound to a key (sender-constrained), so a stolen one is caught or useless.',
				[CITE.bcpRefreshTokens, CITE.refreshRotation, CITE.browserRefreshTokens]
			),
			rule(
				'**Silent renew** is fragile. It sends a new authentication request with `prompt=none` from a hidden iframe, and works only while the issuer’s login-session cookie reaches that iframe. Browsers that block or partition third-party cookies do not send it, so the answer is `login_required`.',
				[CITE.authRequest, CITE.authError, CITE.browserRefreshTokens]
			),
			{ kind: 'outdated', note: 'renewIdToken' }
		],
		seeIt: [
			{ label: 'The refresh request', flow: 'refresh', at: 'token-request.2' },
			{
				label: 'The refreshed id_token: same iss, sub and aud',
				flow: 'refresh',
				at: 'validate-id-token.2',
				shows: { check: 'refresh_sub', status: 'passed' }
			},
			{
				label: 'A replayed refresh token: refused, and its family revoked',
				flow: 'attack-refresh-replay',
				at: 'token-response.3',
				shows: { refusal: 'invalid_grant' }
			},
			{ label: 'prompt=none in a hidden iframe', flow: 'silent-renew', at: 'authorize-request.2' },
			{
				label: 'Third-party cookies blocked: login_required',
				flow: 'silent-renew',
				at: 'reject-response',
				shows: { refusal: 'login_required' }
			}
		]
	}),
	lesson({
		id: 'browser-apps',
		title: 'Where a browser app keeps its tokens',
		gist: 'Storage in the page, what script can reach, and the backend-for-frontend.',
		blocks: [
			rule(
				'The advice here is OAuth 2.0 for Browser-Based Applications. It was an Internet-Draft for years (this site read draft -27) and was published in August 2026 as RFC 10017, a Best Current Practice; the section numbers cited here are draft -27’s.',
				[CITE.browserTokenStorage, CITE.bff]
			),
			rule(
				'An app that holds tokens in the page keeps them where script can reach them, and so can any script that gets into the page. `localStorage` and `sessionStorage` are open to every script of the origin; memory alone is lost on reload; a Web Worker can keep the refresh token from the page, but not the access token it hands out; and a token put in a cookie by script is sent to the app’s server too, which is not recommended. No storage stops injected script from starting a sign-in of its own.',
				[CITE.browserTokenStorage]
			),
			rule(
				'A **backend-for-frontend** (BFF) keeps every token out of the browser: a small server of the app’s own is the OAuth client, a confidential one, keeps the tokens with its session, and gives the browser only a `Secure`, `HttpOnly` session cookie; the app’s API calls go through it. RFC 10017 strongly recommends it for business applications, sensitive applications and applications that handle personal data.',
				[CITE.bff]
			),
			rule(
				'An app that keeps its tokens in the browser is a public client: it must use PKCE, and its refresh tokens must be rotated or sender-constrained.',
				[CITE.pkce, CITE.bcpRefreshTokens, CITE.browserRefreshTokens]
			)
		],
		seeIt: [
			{
				label: 'A single-page app receives its tokens in the browser',
				flow: 'code-pkce',
				at: 'token-response'
			},
			{
				label: 'A server-side client: the browser gets a session cookie, not tokens',
				flow: 'code-webapp',
				at: 'callback-response'
			},
			{
				label: 'The next request: the cookie, and no token',
				flow: 'code-webapp',
				at: 'callback-request.2'
			}
		]
	}),
	lesson({
		id: 'logout',
		title: 'Logging out',
		gist: 'RP-initiated, back-channel and front-channel logout, and what logout cannot reach.',
		blocks: [
			rule(
				'**RP-initiated:** the client asks the issuer to end the person’s session there by sending the browser to the issuer’s logout endpoint (`end_session_endpoint`), with `id_token_hint` recommended. Its own session it ends itself.',
				[CITE.rpLogout]
			),
			rule(
				'**Back-channel:** the issuer tells each client directly, server to server, when the person signs out: it POSTs a `logout_token`, a JWT signed like an id_token, with an `events` claim naming back-channel logout, a `jti`, a `sid` or a `sub`, and never a `nonce`, so that it cannot pass for an id_token.',
				[CITE.logoutToken]
			),
			rule(
				'The client checks its signature, `iss`, `aud`, `iat` and `exp` the way it checks an id_token’s, then that it names a `sub` or a `sid`, carries the event and no `nonce`, and may refuse a `jti` it has seen recently ([a replayed logout token](flow:attack-logout-replay)); an id_token posted in its place is refused ([see it](flow:attack-id-token-as-logout-token)). It ends that session and answers 200.',
				[CITE.logoutTokenValidation, CITE.backchannelResponse]
			),
			rule(
				'**Front-channel:** the issuer’s signed-out page loads each client’s `frontchannel_logout_uri` in a hidden iframe, and may add `iss` and `sid`; the client may check both match its session, then clears it. It depends on the browser letting that iframe reach the client’s cookies, which browsers that block third-party state may not do.',
				[CITE.frontchannelRp, CITE.frontchannelOp, CITE.frontchannelThirdParty]
			)
		],
		more: {
			title: 'Revocation, and what it cannot reach',
			blocks: [
				rule(
					'An issuer can revoke tokens: one with a revocation endpoint (RFC 7009) must be able to revoke refresh tokens and should be able to revoke access tokens. A refresh token is checked at the issuer on every use, so revoking it, or the grant behind it, takes effect at once.',
					[CITE.revocation, CITE.tokenLifetime]
				),
				rule(
					'A self-contained JWT access token is different. A server that checks it locally, with keys alone, never asks the issuer whether it still stands: a copy keeps working after logout or revocation until its `exp`, unless the server asks the issuer (introspection). Hence short-lived access tokens.',
					[CITE.revocationNote, CITE.introspection, CITE.tokenLifetime]
				),
				rule(
					'An id_token is not a credential for anything after sign-in, so there is nothing to revoke: to end a sign-in, the client ends its own session and asks the issuer to end the person’s session there.',
					[CITE.idToken, CITE.rpLogout]
				),
				{ kind: 'outdated', note: 'noRevocation' }
			]
		},
		seeIt: [
			{
				label: 'The client sends the browser to end_session',
				flow: 'logout',
				at: 'logout-request'
			},
			{
				label: 'Afterwards a silent sign-in gets login_required',
				flow: 'logout',
				at: 'reject-response',
				shows: { refusal: 'login_required' }
			},
			{
				label: 'A logout token, checked',
				flow: 'backchannel-logout',
				at: 'validate-logout-token',
				shows: { check: 'events', status: 'passed' }
			},
			{
				label: 'A logout token carrying a nonce: refused',
				flow: 'attack-logout-nonce',
				at: 'validate-logout-token',
				shows: { refusal: 'nonce_absent' }
			},
			{
				label: 'The front-channel iframe request, checked',
				flow: 'frontchannel-logout',
				at: 'check-frontchannel-logout'
			},
			{
				label: 'After logout, a copied JWT access token still works',
				flow: 'no-revocation',
				at: 'validate-access-token.2',
				shows: { check: 'exp', status: 'passed' }
			}
		]
	}),
	lesson({
		id: 'attacks',
		title: 'Attacks, and the check that stops each',
		gist: 'Forgery, injection, replay, mix-up and audience confusion, each against its defence.',
		blocks: [
			{
				kind: 'table',
				caption: 'What each defence stops',
				columns: ['Attack', 'The attacker', 'Stopped by', 'Checked by'],
				rows: [
					{
						cells: [
							'Tampering',
							'changes a claim in a signed token',
							'the signature',
							'the client'
						],
						specs: [CITE.idTokenValidation, CITE.jwsValidation]
					},
					{
						cells: [
							'`alg` none, key confusion',
							'strips the signature, or signs HS256 with the issuer’s public key',
							'accepting only the algorithms expected',
							'the client'
						],
						specs: [CITE.algVerification, CITE.idTokenValidation]
					},
					{
						cells: [
							'Embedded key, `jku`',
							'signs with its own key and puts that key, or its address, in the header',
							'keys only from the issuer’s JWK Set',
							'the client'
						],
						specs: [CITE.validateIssuer, CITE.receivedClaims, CITE.idToken]
					},
					{
						cells: [
							'Audience confusion',
							'presents an id_token the issuer minted for another client',
							'`aud` must name this client',
							'the client'
						],
						specs: [CITE.idTokenValidation, CITE.useAudience, CITE.substitution]
					},
					{
						cells: [
							'Mix-up',
							'runs an issuer of its own that the client also uses, and makes the client send the honest issuer’s code to it',
							'the `iss` parameter of the authorization response, compared with the issuer the client started with',
							'the client'
						],
						specs: [CITE.mixUp, CITE.issValidation]
					},
					{
						cells: [
							'Login forgery (CSRF)',
							'plants its own callback in the victim’s browser',
							'`state`, or PKCE, or `nonce`',
							'the client; the issuer'
						],
						specs: [CITE.csrf]
					},
					{
						cells: [
							'Code injection',
							'puts a stolen code into its own sign-in',
							'PKCE',
							'the issuer'
						],
						specs: [CITE.codeInjection, CITE.injectionPkce]
					},
					{
						cells: [
							'Redirect URI swap',
							'asks for the code to be sent to its own address',
							'exact matching of `redirect_uri`',
							'the issuer'
						],
						specs: [CITE.bcpRedirectFlows]
					},
					{
						cells: [
							'Refresh token replay',
							'uses a copied refresh token',
							'rotation: a used token refused, its family revoked',
							'the issuer'
						],
						specs: [CITE.refreshRotation]
					}
				]
			},
			rule(
				'**Mix-up.** It needs a client that works with more than one issuer, one of them the attacker’s. The honest issuer’s answer comes back to a client that believes it is talking to the attacker’s issuer, so it would redeem the code there. Since RFC 9207 the issuer names itself in the authorization response (`iss`); the client compares it with the issuer it sent the person to, and refuses a mismatch, or a missing `iss` from an issuer that announced it sends one.',
				[CITE.mixUp, CITE.issParameter, CITE.issValidation]
			),
			rule(
				'A client that can talk to more than one issuer must defend against mix-up, preferably with the `iss` parameter.',
				[CITE.bcpRedirectFlows]
			),
			rule(
				'**Audience confusion.** Another app registered at the same issuer gets valid, signed id_tokens for its own `client_id`. A client that accepted such a token would let that app’s owner sign in as its users; the `aud` check refuses it: the token must name this client.',
				[CITE.idTokenValidation, CITE.useAudience, CITE.substitution]
			),
			rule(
				'A server that signs people in with an id_token its own front end posts to it has no `nonce` of its own to compare, so any id_token for its `client_id`, leaked or replayed, signs in until its `exp`. A backend that runs the code flow itself, as a backend-for-frontend, has no such endpoint.',
				[CITE.idTokenValidation, CITE.bff]
			),
			{
				kind: 'simulator',
				text: 'Every attack this site runs, with its defence named, is on the [home page](page:/).'
			}
		],
		seeIt: [
			{
				label: 'Audience confusion: a token for another client, refused at aud',
				flow: 'attack-audience-confusion',
				at: 'validate-id-token',
				shows: { check: 'aud', status: 'failed' }
			},
			{
				label: 'Mix-up: the honest issuer’s answer, with its iss, reaches the client',
				flow: 'attack-mix-up',
				at: 'callback-request'
			},
			{
				label: 'The iss is not the issuer the client started with: refused',
				flow: 'attack-mix-up',
				at: 'reject-response',
				shows: { refusal: 'issuer_mismatch' }
			},
			{
				label: 'Tampering: the signature fails',
				flow: 'attack-tamper',
				at: 'validate-id-token',
				shows: { refusal: 'signature' }
			},
			{
				label: 'Key confusion: HS256 refused',
				flow: 'attack-key-confusion',
				at: 'validate-id-token',
				shows: { refusal: 'alg' }
			},
			{
				label: 'An embedded key: refused',
				flow: 'attack-embedded-key',
				at: 'validate-id-token',
				shows: { refusal: 'header_key' }
			},
			{
				label: 'An access token passed off as an id_token: refused',
				flow: 'attack-access-token-as-id-token',
				at: 'validate-id-token',
				shows: { refusal: 'typ' }
			},
			{
				label: 'Another redirect_uri: refused by the issuer',
				flow: 'attack-redirect-uri',
				at: 'authorize-response',
				shows: { refusal: 'invalid_request' }
			}
		]
	}),
	lesson({
		id: 'modern',
		title: 'Newer additions: PAR, JAR, DPoP, the device grant, encryption',
		gist: 'What each adds to the code flow, in a sentence or two.',
		blocks: [
			rule(
				'**PAR.** Instead of the whole request riding in the browser’s address, the client first pushes it to the issuer over the back channel, authenticating as at the token endpoint, and gets a short-lived `request_uri` to use once; the browser carries only that and the `client_id`.',
				[CITE.par]
			),
			rule(
				'**JAR.** The request can also be a request object, a JWT signed with the client’s own key, so the issuer knows it is the client’s and unchanged.',
				[CITE.jar]
			),
			rule(
				'**DPoP.** A bearer token works for whoever holds it. With DPoP the client signs a fresh proof with its own key for every request, the issuer binds the tokens to that key’s thumbprint (`cnf.jkt`), and the API checks each proof against the request and the token, so a copied token is useless without the key.',
				[CITE.dpopOverview, CITE.dpopCheck, CITE.dpopJkt]
			),
			rule(
				'**Device grant.** A TV shows a short user code; the person types it on their phone and signs in there, while the TV polls the token endpoint (`authorization_pending` means keep waiting, `slow_down` means add 5 s to the polling interval, from then on).',
				[CITE.deviceGrant, CITE.devicePolling]
			),
			rule(
				'**Encryption (JWE).** A client that registered an encryption key gets its id_token signed and then encrypted to it: five parts instead of three, readable only with the client’s key. It decrypts first, then validates as before; encryption hides claims but proves nothing about who wrote them.',
				[CITE.encryption, CITE.jweCompact, CITE.idTokenValidation]
			)
		],
		more: {
			title: 'PAR, DPoP, the device grant and encryption in detail',
			blocks: [
				rule(
					'Here the client also authenticates with a `client_assertion`, a JWT signed with its key instead of a secret (`private_key_jwt`). The issuer uses only the parameters of the signed request, so parameters added beside its `request_uri` are ignored ([see it](flow:attack-par-front-channel-params)), and a `request_uri` is for one use ([used twice](flow:attack-par-reuse)).',
					[CITE.jwtClientAuth, CITE.requestObjectParams, CITE.parAuthorize]
				),
				rule(
					'A DPoP proof carries the method, the URL, the time, a unique `jti`, and, when it goes with an access token, that token’s hash (`ath`). A replayed proof is refused once its short acceptance window has passed; a server that remembers the `jti` of each proof, as this API does, refuses it at once ([a replayed proof](flow:attack-dpop-replay), [a stolen token](flow:attack-dpop-stolen-token)). DPoP does not help against script running inside the app itself, which can make proofs with the app’s key.',
					[CITE.dpopCheck, CITE.dpopReplay, CITE.dpopUntrustedCode]
				),
				rule(
					'The device flow cannot know whether the person typing a code is the one in front of the TV: an attacker can start a flow and send a victim its code ([a phished code](flow:attack-device-phishing)); a code not used in time is refused ([too late](flow:attack-device-code-expired)). The verification page should say a device is being authorized, and which one, so the person can refuse a code that is not theirs. An id_token from the device flow has no `nonce` (no authentication request carried one) and is validated like any other.',
					[CITE.devicePhishing, CITE.devicePolling, CITE.deviceGrant, CITE.idTokenValidation]
				),
				rule(
					'Most tokens need no encryption; the better habit is to keep out of tokens any claim the client does not use. OpenID Connect sets encryption up by registration (`id_token_encrypted_response_alg`, here `RSA-OAEP-256` with `A256GCM`), and the id_token is a nested JWT: signed, then encrypted.',
					[CITE.tokenClaimsMinimal, CITE.clientMetadata, CITE.signThenEncrypt, CITE.idToken]
				)
			]
		},
		seeIt: [
			{
				label: 'PAR: the request pushed over the back channel',
				flow: 'par-jar',
				at: 'par-request'
			},
			{
				label: 'The browser carries only the request_uri',
				flow: 'par-jar',
				at: 'authorize-request'
			},
			{
				label: 'DPoP: the API checks the proof against the request and the token',
				flow: 'dpop',
				at: 'validate-access-token',
				shows: { check: 'dpop_htu', status: 'passed' }
			},
			{
				label: 'A proof made for another URL: refused',
				flow: 'attack-dpop-wrong-url',
				at: 'validate-access-token.2',
				shows: { refusal: 'dpop_htu' }
			},
			{
				label: 'The TV polls: authorization_pending',
				flow: 'device',
				at: 'token-response',
				shows: { refusal: 'authorization_pending' }
			},
			{
				label: 'An encrypted id_token, decrypted and validated',
				flow: 'encrypted-id-token',
				at: 'validate-id-token',
				shows: { check: 'signature', status: 'passed' }
			}
		]
	})
];

/** The lesson's page: /learn for the first, /learn/<id> for the others. */
export function lessonPath(id: string): string {
	return id === LEARN[0]!.id ? '/learn' : `/learn/${id}`;
}
