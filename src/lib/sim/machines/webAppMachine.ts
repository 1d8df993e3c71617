import { waitFor } from 'xstate';
import { html, type HttpRequest } from '../../core/index';
import type { Served } from '../network';
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

/** The web app's server, as an actor answering one request at a time like the issuer and the API. */
export const webAppMachine = serverMachine('webApp', 'handling', serveWebApp);
