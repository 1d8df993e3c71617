import { waitFor } from 'xstate';
import { html, json, type HttpRequest } from '../../core/index';
import type { Served } from '../network';
import { ID_TOKEN_SESSION_PATH } from './clientSession';
import { serveLogoutNotification } from './logoutOperations';
import { serverMachine } from './serverMachine';
import type { WebAppInput } from './webAppInput';

/**
 * The client's pages. A web server handles its callback itself, while the browser waits for its
 * answer; an SPA's server only hands out the page whose script reads the callback URL.
 */
async function serveWebApp(input: WebAppInput, request: HttpRequest): Promise<Served> {
	const logout = await serveLogoutNotification(input, request);
	if (logout) return logout;
	const { config, client: findClient } = input;
	if (config.kind === 'spa')
		return {
			response: html(
				200,
				'<!doctype html><title>Tokenstep SPA</title><script type="module" src="/app.js"></script>'
			)
		};
	const client = findClient();
	if (request.method === 'POST' && new URL(request.url).pathname === ID_TOKEN_SESSION_PATH)
		return openSessionForIdToken(client, request);
	const now = client.getSnapshot();
	if (!now.matches('awaitingCallback') && !now.matches('awaitingLogout'))
		return {
			response: html(200, '<!doctype html><title>Tokenstep Web App</title><h1>Home</h1>')
		};
	const body = request.method === 'POST' ? request.body : undefined;
	client.send({ type: 'CALLBACK', url: request.url, body });
	const state = await waitFor(client, (s) => s.hasTag('settled'));
	if (state.matches('signedIn')) {
		return {
			response: {
				status: 302,
				headers: [
					['Location', `${config.origin}/`],
					['Set-Cookie', 'app_session=1; Path=/; Secure; HttpOnly; SameSite=Lax']
				],
				body: ''
			}
		};
	}
	if (state.matches('signedOut'))
		return {
			response: html(200, '<!doctype html><title>Signed out</title><h1>You are signed out</h1>')
		};
	return {
		response: html(
			400,
			`<!doctype html><title>Sign-in failed</title><p>${state.context.error?.error ?? 'error'}</p>`
		)
	};
}

/**
 * POST /session: the web app's own front end posts the id_token it got from the issuer, and the
 * server opens a session once the client has validated it (401 when it is refused).
 */
async function openSessionForIdToken(
	client: ReturnType<WebAppInput['client']>,
	request: HttpRequest
): Promise<Served> {
	const idToken = new URLSearchParams(request.body ?? '').get('id_token');
	if (!idToken)
		return {
			response: json(400, { error: 'invalid_request', error_description: 'id_token is missing' })
		};
	const event = { type: 'ID_TOKEN_SIGN_IN', idToken } as const;
	if (!client.getSnapshot().can(event))
		return {
			response: json(503, {
				error: 'temporarily_unavailable',
				error_description: 'a sign-in is in progress'
			})
		};
	client.send(event);
	const state = await waitFor(client, (s) => s.hasTag('settled'));
	if (state.matches('signedIn'))
		return {
			response: json(200, { signed_in: true }, [
				['Set-Cookie', 'app_session=1; Path=/; Secure; HttpOnly; SameSite=Lax']
			])
		};
	return {
		response: json(401, {
			error: state.context.error?.error ?? 'invalid_id_token',
			error_description: state.context.error?.description ?? 'the id_token was refused'
		})
	};
}

/** The web app's server, as an actor answering one request at a time like the issuer and the API. */
export const webAppMachine = serverMachine('webApp', 'handling', serveWebApp);
