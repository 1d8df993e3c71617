/**
 * The attacker's moves against PAR and DPoP, with real keys and real proofs, so the defences
 * that stop them are the real ones.
 */
import {
	decodeJwt,
	generateDpopKey,
	getHeader,
	REQUEST_URI_PREFIX,
	withDpopProof,
	type DpopKey,
	type HttpRequest,
	type HttpResponse
} from '../../core/index';

let attackerDpopKey: Promise<DpopKey> | undefined;

/** The token a request carries in the DPoP scheme, if any. */
function dpopToken(request: HttpRequest): string | undefined {
	return getHeader(request, 'authorization')?.match(/^DPoP\s+(\S+)$/i)?.[1];
}

export async function forgeFapi<T extends HttpRequest | HttpResponse>(
	recipe: 'par-front-channel' | 'dpop-stolen-token' | 'dpop-wrong-url',
	message: T,
	attackerOrigin: string
): Promise<T | undefined> {
	if (!('method' in message)) return undefined;
	const request: HttpRequest = message;
	switch (recipe) {
		case 'par-front-channel': {
			const url = new URL(request.url);
			if (!url.searchParams.get('request_uri')?.startsWith(REQUEST_URI_PREFIX)) return undefined;
			// What a classic request would obey: the attacker's callback and more than was asked.
			url.searchParams.set('redirect_uri', `${attackerOrigin}/callback`);
			url.searchParams.set('scope', 'openid profile email phone address offline_access');
			return { ...request, url: url.href } as T;
		}
		case 'dpop-stolen-token': {
			const token = dpopToken(request);
			const proof = getHeader(request, 'dpop');
			if (!token || !proof) return undefined;
			// A proof right in every claim (same method, URL and time, ath of this token), but the attacker's key.
			const iat = decodeJwt(proof).payload?.iat;
			attackerDpopKey ??= generateDpopKey('ES256');
			return (await withDpopProof(request, await attackerDpopKey, {
				now: typeof iat === 'number' ? iat : 0,
				accessToken: token
			})) as T;
		}
		case 'dpop-wrong-url': {
			if (!dpopToken(request) || !getHeader(request, 'dpop')) return undefined;
			const url = new URL(request.url);
			url.pathname = `${url.pathname.replace(/\/$/, '')}/archive`;
			return { ...request, url: url.href } as T;
		}
	}
}
