import { discoveryRequest, jwksRequest, readDiscovery, readJwks } from '../../core/index';
import type { ClientDeps, ClientSession } from './clientSession';
import { discoveryNote, requireEncryptionSupport } from './encryptedIdToken';

/**
 * The issuer's metadata and keys, fetched the first time a client needs them and kept after.
 * Every flow's first step (authorization, device authorization) starts here.
 */
export async function ensureProvider(deps: ClientDeps, session: ClientSession) {
	const metadata =
		session.metadata ??
		readDiscovery(
			await deps.network.send(
				'client',
				discoveryRequest(deps.config.issuer),
				discoveryNote(deps.config)
			),
			deps.config.issuer
		);
	requireEncryptionSupport(deps.config, metadata);
	if (session.jwks) return { metadata, jwks: session.jwks };
	const jwks = readJwks(await deps.network.send('client', jwksRequest(metadata)));
	return { metadata, jwks, jwksFetchedAt: deps.now() };
}
