import { expect, test } from 'vitest';
import { SPA_CLIENT } from '../../src/lib/core/index';
import { MAX_PARAMETERS } from '../../src/lib/core/issuer/params';
import { body, get, post, setup } from './helpers';
import { inWorkUnits } from './workUnits';

/** A request with the client's own parameters and `extra` more, each named differently. */
function params(extra: number): Record<string, string> {
	const sent: Record<string, string> = {
		response_type: 'code',
		client_id: SPA_CLIENT.client_id,
		redirect_uri: SPA_CLIENT.redirect_uris[0]!,
		scope: 'openid',
		state: 's',
		nonce: 'n',
		code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
		code_challenge_method: 'S256'
	};
	for (let i = 0; i < extra; i++) sent[`x${i}`] = '1';
	return sent;
}

/** About 500 ms on a quiet machine (a unit is about 5 ms): refusing must not parse them all slowly. */
const MAX_REFUSAL_UNITS = 100;

test('the authorization endpoint refuses 30,000 parameters at once, with invalid_request', async () => {
	const { issuer, metadata } = await setup();
	const url = `${metadata.authorization_endpoint}?${new URLSearchParams(params(30_000))}`;
	const { result, units } = await inWorkUnits(() => issuer.handle(get(url)));
	expect(result.status).toBe(400);
	expect(result.body).toContain('invalid_request');
	expect(units).toBeLessThan(MAX_REFUSAL_UNITS);
	// Up to the limit, extra parameters are ignored as before.
	const fine = params(MAX_PARAMETERS - Object.keys(params(0)).length);
	const ok = await issuer.handle(
		get(`${metadata.authorization_endpoint}?${new URLSearchParams(fine)}`)
	);
	expect(ok.status).not.toBe(400);
});

test('the token endpoint refuses 30,000 parameters at once, with invalid_request', async () => {
	const { issuer, metadata } = await setup();
	const sent = { grant_type: 'authorization_code', client_id: SPA_CLIENT.client_id, code: 'c' };
	for (let i = 0; i < 30_000; i++) Object.assign(sent, { [`x${i}`]: '1' });
	const { result, units } = await inWorkUnits(() =>
		issuer.handle(post(metadata.token_endpoint, sent))
	);
	expect(result.status).toBe(400);
	expect(body(result).error).toBe('invalid_request');
	expect(String(body(result).error_description)).toContain(String(MAX_PARAMETERS));
	expect(units).toBeLessThan(MAX_REFUSAL_UNITS);
});
