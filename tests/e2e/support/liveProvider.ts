/**
 * A real OpenID provider for /live's end-to-end tests: `oidc-provider` (OpenID-certified) on a
 * second loopback origin, with its development login pages, CORS for the site's origin only, and
 * public clients registered with the site's /live/callback. Beside it, a server with a hostile
 * discovery document, and a port where nothing answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

export interface LiveProviders {
	/** The issuer identifier (http://localhost:port): another origin than the site's. */
	issuer: string;
	/** An issuer whose discovery document names a javascript: authorization endpoint. */
	hostile: string;
	/** An issuer where nothing listens. */
	down: string;
	close(): Promise<void>;
}

/** Public clients: the good one, one whose token endpoint refuses this origin, one with another redirect URI. */
export const CLIENTS = {
	spa: 'live-spa',
	noCors: 'live-no-cors',
	otherRedirect: 'live-other-redirect'
} as const;

function listen(
	port: number,
	handler: (req: IncomingMessage, res: ServerResponse) => void
): Promise<Server> {
	const server = createServer(handler);
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, 'localhost', () => resolve(server));
	});
}

const close = (server: Server) =>
	new Promise<void>((resolve) => {
		server.closeAllConnections();
		server.close(() => resolve());
	});

/**
 * Starts the provider on `port`, the hostile issuer on `port + 1`; `port + 2` stays closed.
 * `site` is the origin the site is served from (CORS and redirect URIs are for it).
 */
export async function startLiveProviders(site: string, port: number): Promise<LiveProviders> {
	const issuer = `http://localhost:${port}`;
	const hostile = `http://localhost:${port + 1}`;
	const callback = `${site}/live/callback`;
	const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
		format: 'jwk'
	});
	const publicClient = (client_id: string, redirect: string) => ({
		client_id,
		token_endpoint_auth_method: 'none',
		grant_types: ['authorization_code', 'refresh_token'],
		response_types: ['code'],
		redirect_uris: [redirect]
	});
	const provider = new Provider(issuer, {
		clients: [
			publicClient(CLIENTS.spa, callback),
			publicClient(CLIENTS.noCors, callback),
			publicClient(CLIENTS.otherRedirect, `${site}/elsewhere/callback`)
		],
		jwks: { keys: [{ ...rsa, kid: 'rsa-1', use: 'sig', alg: 'RS256' }] },
		scopes: ['openid', 'offline_access', 'email', 'profile'],
		claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
		features: { devInteractions: { enabled: true } },
		// The token and UserInfo endpoints answer the site's origin, but not for the no-CORS client.
		clientBasedCORS: (_ctx: unknown, origin: string, client: { clientId: string }) =>
			origin === site && client.clientId !== CLIENTS.noCors,
		findAccount: async (_ctx: unknown, sub: string) => ({
			accountId: sub,
			claims: async () => ({ sub, email: `${sub}@example.com`, email_verified: true, name: 'Jane' })
		})
	});
	const servers = [await listen(port, provider.callback())];
	servers.push(
		await listen(port + 1, (_req, res) => {
			res
				.writeHead(200, {
					'content-type': 'application/json',
					'access-control-allow-origin': '*'
				})
				.end(
					JSON.stringify({
						issuer: hostile,
						authorization_endpoint: 'javascript:alert(document.domain)',
						token_endpoint: `${hostile}/token`,
						jwks_uri: `${hostile}/jwks`,
						response_types_supported: ['code'],
						id_token_signing_alg_values_supported: ['RS256']
					})
				);
		})
	);
	return {
		issuer,
		hostile,
		down: `http://localhost:${port + 2}`,
		close: async () => {
			await Promise.all(servers.map(close));
		}
	};
}
