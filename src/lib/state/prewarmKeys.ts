/**
 * Starts the issuer's first signing key as soon as the page's scripts run, before the engine
 * has even arrived: generating an RSA key takes WebCrypto a while (off the main thread), and the
 * first run cannot sign without it. The kept keys are asked first, as a run would.
 */
import { issuerKeyAlgorithms } from '$lib/core/jwt/algorithms';
import { signingKey } from '$lib/core/jwt/keys';
import { normaliseSettings } from '$lib/sim/settings';
import { SETTINGS_SCHEMA } from '$lib/sim/settingsSchema';
import { keepKeys } from './keyStore';

/** The keys the issuer will want first for the algorithm the URL names, or the default's. */
export function prewarmKeys(params: URLSearchParams): void {
	// Read as a run reads it: a value the schema refuses falls back to the default.
	const { param, parse } = SETTINGS_SCHEMA.algorithm;
	const named = param === undefined ? null : params.get(param);
	const { algorithm } = normaliseSettings({
		algorithm: named === null ? undefined : parse(named)
	}).settings;
	keepKeys();
	for (const alg of issuerKeyAlgorithms(algorithm).all) void signingKey(alg, 0).catch(() => {});
}
