/**
 * Starts the issuer's first signing key as soon as the page's scripts run, before the engine
 * has even arrived: generating an RSA key takes WebCrypto a while (off the main thread), and the
 * first run cannot sign without it. The kept keys are asked first, as a run would.
 */
import { isSigningAlgorithm } from '$lib/core/algorithms';
import { signingKey } from '$lib/core/keys';
import { DEFAULT_SETTINGS } from '$lib/sim/settings';
import { keepKeys } from './keyStore';

/** The key the issuer will want first for the algorithm the URL names (`alg`), or the default. */
export function prewarmKeys(params: URLSearchParams): void {
	const named = params.get('alg');
	const algorithm = named && isSigningAlgorithm(named) ? named : DEFAULT_SETTINGS.algorithm;
	keepKeys();
	// HS256 id_tokens still get RS256-signed access tokens (see core/issuer).
	void signingKey(algorithm === 'HS256' ? 'RS256' : algorithm, 0).catch(() => {});
}
