/**
 * /learn, as data: each section's paragraphs, every rule-stating one with the sections it rests
 * on, and the seed guide's outdated advice named at the point where the same thing is taught.
 * The page renders these; tests/unit/teaching.test.ts walks them.
 */
import { CITE } from './cite';
import type { TeachEntry } from './types';

export interface LearnSection {
	/** The section's anchor on /learn (stable: pages and tests link to it). */
	id: string;
	title: string;
	body: TeachEntry[];
	/** Something live the section shows after its text: the kept keys and drawings. */
	widget?: 'kept-keys';
}

export const LEARN_INTRO =
	'A short guide to the OpenID Connect id_token. Each section ends with a flow that shows it live: real messages, real keys, real signatures. Where the Auth0 guide this site grew from is outdated, the section says so and names what replaced it.';

export const LEARN: LearnSection[] = [
	{
		id: 'parts',
		title: 'Three parts',
		body: [
			{
				kind: 'rule',
				text: 'An id_token is a JSON Web Token (JWT). Signed, it is three base64url segments joined by dots. The [header](part:h) says how it is signed (`alg`) and with which key (`kid`). The [payload](part:p) holds the claims: statements about the person and about the token itself. The [signature](part:s) covers header and payload, so anyone holding the issuer’s public key (or, for an HS256 token, the client secret) can tell whether a single character changed on the way. An id_token is signed (the one exception: an unsigned id_token a client explicitly registered for, from the token endpoint only); it may also be encrypted.',
				specs: [CITE.jwtFormat, CITE.jwsCompact, CITE.jwsSigning, CITE.idToken]
			},
			{
				kind: 'try',
				text: 'See it: the id_token of [Authorization code + PKCE](flow:code-pkce) in its token response, or paste any token into the [decoder](page:/decode).'
			}
		]
	},
	{
		id: 'claims',
		title: 'Claims',
		body: [
			{
				kind: 'rule',
				text: 'Every id_token carries `iss` (who issued it), `sub` (who it is about), `aud` (who it is for: it must contain the client’s `client_id`), `exp` (on or after which the client must not accept it) and `iat` (when it was issued). `auth_time` (when the person actually logged in) is required when the client asked for it (with `max_age`, or as an essential claim), optional otherwise; `nonce` must be there, echoing the client’s value, whenever the authentication request carried one. Claims a client does not understand must be ignored.',
				specs: [CITE.idToken]
			},
			{ kind: 'outdated', note: 'registeredClaims' },
			{
				kind: 'rule',
				text: 'Other claims can be added. Names that could clash with someone else’s should be collision-resistant, for example namespaced with a URL the issuer controls. The inspector explains every claim it shows.',
				specs: [CITE.additionalClaims, CITE.publicClaimNames]
			},
			{ kind: 'outdated', note: 'urlSize' }
		]
	},
	{
		id: 'scope',
		title: 'Scope asks for claims',
		body: [
			{
				kind: 'rule',
				text: 'The client asks for claims with the `scope` parameter. `openid` makes it an OpenID Connect request; `profile`, `email`, `address` and `phone` each ask for a set of standard claims, which the issuer may decline: they are voluntary.',
				specs: [CITE.authRequest, CITE.scopeClaims]
			},
			{
				kind: 'rule',
				text: 'Where those claims arrive depends on the response. When an access token is issued (the code flow, or `id_token token`), they are returned from the **UserInfo endpoint**; only when no access token is issued (`response_type=id_token`) do they go in the id_token. An issuer may put them in the id_token as well, but that is the provider’s choice: Auth0 does, and so does this simulator’s issuer. A client that needs particular claims in the id_token asks for them with the `claims` parameter, if the issuer supports it (this one does not: its discovery document says `claims_parameter_supported: false`).',
				specs: [CITE.scopeClaims, CITE.claimsParameter, CITE.userInfoResponse, CITE.discovery]
			},
			{ kind: 'outdated', note: 'scopeControlsIdToken' },
			{ kind: 'outdated', note: 'responseTypeToken' },
			{
				kind: 'simulator',
				text: 'This simulator honours the guide’s attribute scopes too (`scope=openid name email`), and its rules can add or remove scopes before the id_token is made, as the guide’s `context.jwtConfiguration.scopes` did.'
			},
			{ kind: 'outdated', note: 'rules' },
			{
				kind: 'try',
				text: 'Try it: in [any flow](flow:code-pkce), tick or untick scopes and watch “What changed in the id_token”; the [profile lookup](flow:profile) shows the same claims coming from `/userinfo`.'
			}
		]
	},
	{
		id: 'lifetime',
		title: 'Lifetime: exp is not the session',
		body: [
			{
				kind: 'rule',
				text: '`exp` is the time on or after which the client must not accept the id_token when it signs the person in. It is not how long the person stays signed in: once the client has validated the id_token, it runs its own session, with its own lifetime, and the id_token expiring later changes nothing about that session.',
				specs: [CITE.idToken, CITE.idTokenValidation]
			},
			{
				kind: 'rule',
				text: 'The client compares `exp` with its own clock, and may allow a small leeway for clock skew, usually no more than a few minutes. Without leeway a token is refused at `exp` itself: the current time must be before it. How old an `iat` it still accepts is the client’s choice: the spec names no number.',
				specs: [CITE.idToken, CITE.exp, CITE.idTokenValidation]
			},
			{ kind: 'outdated', note: 'lifetime' },
			{
				kind: 'simulator',
				text: 'Here the id_token lifetime is a setting; a “Set lifetime” rule changes it for one login, as the guide’s `context.jwtConfiguration.lifetimeInSeconds = 3600` did. Watch `exp` move.'
			},
			{
				kind: 'try',
				text: 'See an [expired id_token refused](flow:attack-expired) at sign-in.'
			}
		]
	},
	{
		id: 'renewal',
		title: 'Renewal',
		body: [
			{
				kind: 'rule',
				text: 'What a client renews is its access, not its id_token. With a **refresh token** (here, as at Auth0, asked for with `offline_access`, OpenID Connect’s scope for access that goes on while the person is away; other issuers may hand one out without it) it gets a new access token at the token endpoint. The response may carry a new id_token as well, or not; if it does, its `iss`, `sub` and `aud` equal the original’s, its `auth_time` is still the original login, and a `nonce`, if there is one at all, equals the original’s.',
				specs: [CITE.offlineAccess, CITE.refreshGrant, CITE.refresh, CITE.refreshResponse]
			},
			{
				kind: 'rule',
				text: 'A browser app’s refresh tokens must be rotated on every use or bound to a key (sender-constrained), so a stolen one is caught or useless.',
				specs: [CITE.bcpRefreshTokens, CITE.refreshRotation, CITE.browserRefreshTokens]
			},
			{
				kind: 'rule',
				text: '**Silent renew** is fragile. It sends a new authentication request with `prompt=none` from a hidden iframe, and works only while the issuer’s login-session cookie reaches that iframe. Browsers that block or partition third-party cookies (Safari and Firefox by default) do not send it, so the answer is `login_required`. For browser apps the current advice is rotated refresh tokens, or better a backend-for-frontend, a server that is the OAuth client and keeps every token out of the browser.',
				specs: [CITE.authRequest, CITE.authError, CITE.browserRefreshTokens, CITE.bff]
			},
			{ kind: 'outdated', note: 'renewIdToken' },
			{
				kind: 'try',
				text: 'See it: [a refresh token, rotated](flow:refresh), [silent renew](flow:silent-renew), and the guide’s [renewIdToken and /delegation](flow:legacy-renew).'
			}
		]
	},
	{
		id: 'revocation',
		title: 'Revocation, and what it cannot reach',
		body: [
			{
				kind: 'rule',
				text: 'An issuer can revoke tokens: one with a revocation endpoint (RFC 7009) must be able to revoke refresh tokens and should be able to revoke access tokens. A refresh token is checked at the issuer on every use, so revoking it, or the grant behind it, takes effect at once.',
				specs: [CITE.revocation, CITE.tokenLifetime]
			},
			{
				kind: 'rule',
				text: 'A self-contained JWT access token is different. A server that checks it locally, with keys alone, never asks the issuer whether it still stands: that is what makes it fast, and it means a copy keeps working after logout or revocation until its `exp`, unless the server asks the issuer (introspection). Hence short-lived access tokens, renewed while the person stays active.',
				specs: [CITE.revocationNote, CITE.introspection, CITE.tokenLifetime]
			},
			{
				kind: 'rule',
				text: 'An id_token is not a credential for anything after sign-in, so there is nothing to revoke: to end a sign-in, the client ends its own session and asks the issuer to end the person’s session there (logout).',
				specs: [CITE.idToken, CITE.rpLogout]
			},
			{ kind: 'outdated', note: 'noRevocation' },
			{
				kind: 'try',
				text: 'See it: [an access token copied before logout](flow:no-revocation), [logout](flow:logout), and [a replayed refresh token](flow:attack-refresh-replay), refused at the issuer.'
			}
		]
	},
	{
		id: 'backchannel-logout',
		title: 'Back-channel logout',
		body: [
			{
				kind: 'rule',
				text: 'A client’s session can be ended from the issuer’s side. With Back-Channel Logout the issuer tells each client directly, server to server, when the person signs out: it POSTs a `logout_token`, a JWT signed with the id_token keys and recommended to be typed `logout+jwt`. It carries an `events` claim naming back-channel logout, a `jti`, a `sid`, a `sub` or both, and never a `nonce`, so that it cannot pass for an id_token.',
				specs: [CITE.logoutToken]
			},
			{
				kind: 'rule',
				text: 'The client checks its signature, `iss`, `aud`, `iat` and `exp` the way it checks an id_token’s, then that it names a `sub` or a `sid`, carries the event and no `nonce`, and may refuse a `jti` it has seen recently. It ends that session and answers 200.',
				specs: [CITE.logoutTokenValidation, CITE.backchannelResponse]
			},
			{
				kind: 'try',
				text: 'See it: [Back-channel logout](flow:backchannel-logout), and what the client refuses: [a replayed logout token](flow:attack-logout-replay), [one carrying a nonce](flow:attack-logout-nonce), [an id_token posted as one](flow:attack-id-token-as-logout-token).'
			}
		]
	},
	{
		id: 'frontchannel-logout',
		title: 'Front-channel logout',
		body: [
			{
				kind: 'rule',
				text: 'Front-Channel Logout goes through the browser instead: the issuer’s signed-out page loads each client’s `frontchannel_logout_uri` in a hidden iframe, and may add `iss` and `sid` to it. The client may check that both match its session, then clears that session’s state.',
				specs: [CITE.frontchannelRp, CITE.frontchannelOp]
			},
			{
				kind: 'rule',
				text: 'It needs no server for the client, but it depends on the browser letting that iframe reach the client’s cookies or storage, which browsers that block third-party state may not do. Back-channel logout is not affected.',
				specs: [CITE.frontchannelThirdParty]
			},
			{ kind: 'try', text: 'See it: [Front-channel logout](flow:frontchannel-logout).' }
		]
	},
	{
		id: 'profile',
		title: 'The profile: /userinfo, /tokeninfo and /delegation',
		body: [
			{
				kind: 'rule',
				text: 'The standard way to ask for the person’s claims is the **UserInfo endpoint**: the client sends its access token, and the issuer answers with the claims that token’s scope allows, always with `sub`, which the client must check equals the id_token’s `sub` before using the rest.',
				specs: [CITE.userInfo, CITE.userInfoResponse]
			},
			{ kind: 'outdated', note: 'tokeninfo' },
			{ kind: 'outdated', note: 'delegation' },
			{
				kind: 'try',
				text: 'See it: [Profile lookup](flow:profile) (which claims come from where), and [/delegation next to token exchange](flow:other-api).'
			}
		]
	},
	{
		id: 'device',
		title: 'Signing in on a TV: the device grant',
		body: [
			{
				kind: 'rule',
				text: 'A TV or a console has no browser to redirect and no keyboard worth typing a password on. The device authorization grant splits the work: the TV asks the issuer for a **device code**, which it keeps, and a short **user code**, which it shows with a web address. The person types the code on their phone, logs in there and allows the TV. Meanwhile the TV polls the token endpoint: `authorization_pending` means keep waiting, `slow_down` means wait 5 s longer from now on. Once allowed, the TV receives its tokens; an id_token among them (it has no `nonce`: no authentication request carried one) is validated like any other.',
				specs: [CITE.deviceGrant, CITE.devicePolling, CITE.idTokenValidation]
			},
			{
				kind: 'rule',
				text: 'The protocol cannot know whether the person typing a code is the one in front of the TV: an attacker can start a flow and send a victim its code (remote phishing). The guard is the verification page: it should tell the person they are authorizing a device, and show which one, so they can refuse a code that is not theirs.',
				specs: [CITE.devicePhishing]
			},
			{
				kind: 'try',
				text: 'See it: [the device flow](flow:device), [a phished code](flow:attack-device-phishing), and [a code used too late](flow:attack-device-code-expired).'
			}
		]
	},
	{
		id: 'validation',
		title: 'Validating the id_token',
		body: [
			{
				kind: 'rule',
				text: 'Every client that receives an id_token validates it before trusting who the person is, a single-page app included: `iss` exactly the issuer’s identifier, `aud` containing its `client_id` and no audience it does not trust, the current time before `exp`, the `nonce` it sent, and the signature, with only the algorithm it expects (never `none`, unless it registered for unsigned id_tokens from the token endpoint) and a key from the issuer’s published keys, found by `kid` (or, for an HS256 token, its own client secret), never one the token brings along. An id_token that comes through the browser (implicit, or the front-channel one of the hybrid flow) must have its signature and `nonce` checked without exception, and `at_hash` or `c_hash` binds the tokens that came with it. Only a token received straight from the token endpoint over TLS may rely on TLS instead of its signature; this simulator checks the signature anyway.',
				specs: [
					CITE.idTokenValidation,
					CITE.implicitIdTokenValidation,
					CITE.idToken,
					CITE.algVerification,
					CITE.validateIssuer
				]
			},
			{ kind: 'outdated', note: 'spaValidation' },
			{
				kind: 'rule',
				text: 'The id_token is addressed to the client (`aud`) and goes no further. An API takes access tokens, here JWTs explicitly typed `at+jwt`, and refuses an id_token offered as one.',
				specs: [CITE.idToken, CITE.jwtAccessTokenHeader, CITE.jwtAccessToken, CITE.explicitTyping]
			},
			{
				kind: 'try',
				text: 'See it: [an API refusing the id_token](flow:call-api). The attacks show what each check stops: [tampering](flow:attack-tamper), [alg none](flow:attack-alg-none), [key confusion](flow:attack-key-confusion), [embedded keys](flow:attack-embedded-key), [CSRF](flow:attack-csrf), [code injection](flow:attack-code-injection), and more on the [home page](page:/).'
			}
		]
	},
	{
		id: 'par',
		title: 'Pushed, signed requests (PAR)',
		body: [
			{
				kind: 'rule',
				text: 'In the classic flow the whole authorization request rides in the browser’s address bar, where anything on the way can read or change it. With PAR the client first pushes the request to the issuer over the back channel, authenticating as it would at the token endpoint, and gets back a short-lived `request_uri` to use once; the browser carries only that and the `client_id`.',
				specs: [CITE.par]
			},
			{
				kind: 'rule',
				text: 'Here the pushed request is also a request object signed with the client’s own key (JAR), and the client authenticates with a `client_assertion` JWT signed with its key instead of a secret (`private_key_jwt`).',
				specs: [CITE.jar, CITE.jwtClientAuth]
			},
			{
				kind: 'try',
				text: 'See it: [PAR + JAR + private_key_jwt](flow:par-jar); the attacks: [parameters added next to the request_uri](flow:attack-par-front-channel-params) (ignored) and [a request_uri used twice](flow:attack-par-reuse) (refused).'
			}
		]
	},
	{
		id: 'dpop',
		title: 'Tokens bound to a key (DPoP)',
		body: [
			{
				kind: 'rule',
				text: 'A bearer token works for whoever holds it. With DPoP the client keeps a key pair and signs a fresh proof for every request: the method, the URL, the time and a unique `jti`, plus the hash of the access token it goes with; the proof carries the public key it is checked with. The issuer binds the tokens to that key’s thumbprint (`cnf.jkt`), and the API checks each proof against the request and the token.',
				specs: [CITE.dpopOverview, CITE.dpopCheck, CITE.dpopJkt]
			},
			{
				kind: 'rule',
				text: 'A copied token without the key, or a proof for another method or URL, is refused. A replayed proof is refused once its short acceptance window has passed; a server that remembers the `jti` of each proof, as this API does, refuses it at once. DPoP does not help against script running inside the app itself, which can make proofs with the app’s key.',
				specs: [CITE.dpopCheck, CITE.dpopReplay, CITE.dpopUntrustedCode]
			},
			{
				kind: 'try',
				text: 'See it: [DPoP](flow:dpop); the attacks: [a stolen token](flow:attack-dpop-stolen-token), [a replayed proof](flow:attack-dpop-replay), [a proof for another URL](flow:attack-dpop-wrong-url).'
			}
		]
	},
	{
		id: 'encryption',
		title: 'Encryption for sensitive claims',
		body: [
			{
				kind: 'rule',
				text: 'A signed token is only encoded: anyone who holds it can read the payload. Encrypted as a JWE it has five segments instead of three and is readable only with the recipient’s key. Most tokens need no encryption; the better habit is to keep out of tokens any claim the client does not use.',
				specs: [CITE.jweCompact, CITE.tokenClaimsMinimal]
			},
			{
				kind: 'rule',
				text: 'OpenID Connect does it by registration: the client registers a public encryption key and `id_token_encrypted_response_alg` (here `RSA-OAEP-256`, with `A256GCM` for the content), and the discovery document lists what the issuer supports. The issuer signs the id_token as usual, then encrypts it: a nested JWT. The five parts are a readable protected header, the content key wrapped for the client, an IV, the ciphertext and a tag that makes any change fail. The client decrypts first and then validates the signed token inside exactly as before.',
				specs: [CITE.encryption, CITE.clientMetadata, CITE.nestedJwt, CITE.idTokenValidation]
			},
			{
				kind: 'rule',
				text: 'Encryption hides claims; it does not prove who wrote them. The client’s public key is public, so anyone can encrypt a token to it: only the signature inside tells the issuer’s tokens from an attacker’s.',
				specs: [CITE.encryption, CITE.idTokenValidation]
			},
			{
				kind: 'simulator',
				text: 'The [decoder](page:/decode) decrypts a pasted JWE with the simulator’s client keys or a private key you paste, then verifies the token inside.'
			},
			{
				kind: 'try',
				text: 'See it: [Encrypted id_token](flow:encrypted-id-token), and the [encrypted forgery](flow:attack-jwe-forged-signature) it refuses.'
			}
		]
	},
	{
		id: 'keys',
		title: 'What this browser keeps: keys and drawings',
		widget: 'kept-keys',
		body: [
			{
				kind: 'simulator',
				text: 'The simulated issuer signs with RSA or elliptic-curve keys that this page generates with WebCrypto. Generating an RSA key takes a moment, so the issuer’s keys are kept in this browser (IndexedDB) and reused on later visits: their private halves are non-extractable, so pages can sign with them but nothing can read them out. Every token is still signed and checked afresh in each run; the attacker’s keys are never kept, so every visit makes new ones.'
			},
			{
				kind: 'simulator',
				text: 'Drawing a diagram with Mermaid takes a moment too, so the drawings of the last few diagrams are kept (localStorage), each under a hash of its exact Mermaid text and theme. A run whose messages come out the same shows the kept drawing; any other run is drawn afresh. The run itself always happens in the page: only its picture is reused.'
			}
		]
	}
];
