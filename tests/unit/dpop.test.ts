import fc from 'fast-check';
import { base64url, calculateJwkThumbprint, SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import {
	codeRedemptionRequest,
	createApi,
	createDpopProof,
	DPOP_NONCE_LIFETIME,
	generateDpopKey,
	getHeader,
	JtiCache,
	readCallback,
	redirectLocation,
	refreshRequest,
	validateDpopProof,
	withDpopProof,
	type DpopKey,
	type HttpRequest
} from '../../src/lib/core/index';
import { authorize, body, get, SPA, setup, START, WEBAPP } from './helpers';

const API = 'https://api.example/';
const MESSAGES = 'https://api.example/messages';

/** A code flow whose token request carries a DPoP proof: the tokens come back bound to `key`. */
async function dpopFlow(key: DpopKey, credentials = SPA) {
	const { issuer, metadata, clock } = await setup();
	const { pending, response } = await authorize(issuer, metadata, {
		credentials,
		scope: 'openid offline_access read:messages',
		audience: API
	});
	const callback = readCallback({ url: redirectLocation(response)! }, pending, issuer.url);
	if (!callback.ok) throw new Error(callback.error);
	const request = await withDpopProof(
		codeRedemptionRequest(metadata, credentials, callback.params.code!, pending),
		key,
		{ now: clock.now() }
	);
	const tokens = body(await issuer.handle(request)) as Record<string, string>;
	const api = createApi({ audience: API, issuer: issuer.url, jwks: () => issuer.jwks(), clock });
	return { issuer, metadata, clock, tokens, api };
}

const apiGet = (url = MESSAGES): HttpRequest => get(url);

function challenge(response: { headers: [string, string][] }) {
	const header = getHeader(response, 'www-authenticate') ?? '';
	return { scheme: header.split(' ')[0], error: /error="([a-z_]+)"/.exec(header)?.[1] };
}

const failed = (report: { checks: { id: string; status: string }[] } | undefined) =>
	report?.checks.filter((c) => c.status === 'failed').map((c) => c.id);

describe('RFC 9449 §5: the token endpoint binds tokens to the proof’s key', () => {
	test('token_type is DPoP and the access token carries cnf.jkt of the proof key', async () => {
		const key = await generateDpopKey();
		const { tokens } = await dpopFlow(key);
		expect(tokens.token_type).toBe('DPoP');
		const claims = JSON.parse(
			Buffer.from(tokens.access_token!.split('.')[1]!, 'base64url').toString()
		);
		expect(claims.cnf).toEqual({ jkt: key.jkt });
		expect(key.jkt).toBe(await calculateJwkThumbprint(key.publicJwk));
	});

	test('discovery advertises dpop_signing_alg_values_supported', async () => {
		const { metadata } = await setup();
		expect(
			(metadata as unknown as Record<string, string[]>).dpop_signing_alg_values_supported
		).toContain('ES256');
	});

	test('an invalid proof at the token endpoint is 400 invalid_dpop_proof', async () => {
		const { issuer, metadata, clock } = await setup();
		const key = await generateDpopKey();
		const proof = await createDpopProof(key, {
			htm: 'POST',
			htu: 'https://issuer.example/elsewhere',
			iat: clock.now()
		});
		const response = await issuer.handle({
			...refreshRequest(metadata, SPA, 'x'),
			headers: [
				['Content-Type', 'application/x-www-form-urlencoded'],
				['DPoP', proof]
			]
		});
		expect([response.status, body(response).error]).toEqual([400, 'invalid_dpop_proof']);
	});

	test('a public client’s refresh token is bound: without the key it is refused, with it it works', async () => {
		const key = await generateDpopKey();
		const { issuer, metadata, clock, tokens } = await dpopFlow(key);
		const plain = await issuer.handle(refreshRequest(metadata, SPA, tokens.refresh_token!));
		expect(body(plain).error).toBe('invalid_grant');
		const thief = await generateDpopKey();
		const stolen = await issuer.handle(
			await withDpopProof(refreshRequest(metadata, SPA, tokens.refresh_token!), thief, {
				now: clock.now()
			})
		);
		expect(body(stolen).error).toBe('invalid_grant');
		const own = await issuer.handle(
			await withDpopProof(refreshRequest(metadata, SPA, tokens.refresh_token!), key, {
				now: clock.now()
			})
		);
		expect(own.status).toBe(200);
		expect(body(own).token_type).toBe('DPoP');
	});

	test('a confidential client’s refresh token is not bound to the key (its credentials protect it)', async () => {
		const key = await generateDpopKey();
		const { issuer, metadata, tokens } = await dpopFlow(key, WEBAPP);
		const plain = await issuer.handle(refreshRequest(metadata, WEBAPP, tokens.refresh_token!));
		expect([plain.status, body(plain).token_type]).toEqual([200, 'Bearer']);
	});
});

describe('RFC 9449 §7.1: the API accepts a DPoP-bound token with a valid proof', () => {
	test('Authorization: DPoP + DPoP proof with ath is 200, and the report lists the proof checks', async () => {
		const key = await generateDpopKey();
		const { api, clock, tokens } = await dpopFlow(key);
		const { response, report } = await api.serve(
			await withDpopProof(apiGet(), key, { now: clock.now(), accessToken: tokens.access_token! })
		);
		expect(response.status).toBe(200);
		expect(report?.valid).toBe(true);
		const ids = report!.checks.map((c) => c.id);
		for (const id of [
			'token_binding',
			'dpop_proof',
			'dpop_htm',
			'dpop_htu',
			'dpop_iat',
			'dpop_jti',
			'dpop_ath',
			'cnf_jkt'
		])
			expect(ids).toContain(id);
	});

	test('userinfo accepts the DPoP-bound token with its proof', async () => {
		const key = await generateDpopKey();
		const { issuer, metadata, clock, tokens } = await dpopFlow(key);
		const response = await issuer.handle(
			await withDpopProof(get(metadata.userinfo_endpoint), key, {
				now: clock.now(),
				accessToken: tokens.access_token!
			})
		);
		expect([response.status, body(response).sub]).toEqual([200, 'auth0|alice']);
	});
});

describe('RFC 9449 §7.2 (attack): a stolen DPoP-bound token without the key is refused', () => {
	test('sent as a Bearer token: 401 invalid_token in a DPoP challenge, token_binding fails', async () => {
		const { api, tokens } = await dpopFlow(await generateDpopKey());
		const { response, report } = await api.serve(
			get(MESSAGES, [['Authorization', `Bearer ${tokens.access_token}`]])
		);
		expect([response.status, challenge(response)]).toEqual([
			401,
			{ scheme: 'DPoP', error: 'invalid_token' }
		]);
		expect(failed(report)).toEqual(['token_binding']);
	});

	test('at userinfo too', async () => {
		const { issuer, metadata, tokens } = await dpopFlow(await generateDpopKey());
		const response = await issuer.handle(
			get(metadata.userinfo_endpoint, [['Authorization', `Bearer ${tokens.access_token}`]])
		);
		expect(response.status).toBe(401);
	});

	test('sent with the DPoP scheme but no proof: 401 invalid_dpop_proof, dpop_proof fails', async () => {
		const { api, tokens } = await dpopFlow(await generateDpopKey());
		const { response, report } = await api.serve(
			get(MESSAGES, [['Authorization', `DPoP ${tokens.access_token}`]])
		);
		expect([response.status, challenge(response)]).toEqual([
			401,
			{ scheme: 'DPoP', error: 'invalid_dpop_proof' }
		]);
		expect(failed(report)).toEqual(['dpop_proof']);
	});

	test('with a proof from the thief’s own key: 401 invalid_token, cnf_jkt fails', async () => {
		const { api, clock, tokens } = await dpopFlow(await generateDpopKey());
		const thief = await generateDpopKey();
		const { response, report } = await api.serve(
			await withDpopProof(apiGet(), thief, { now: clock.now(), accessToken: tokens.access_token! })
		);
		expect([response.status, challenge(response)]).toEqual([
			401,
			{ scheme: 'DPoP', error: 'invalid_token' }
		]);
		expect(failed(report)).toEqual(['cnf_jkt']);
	});

	test('an unbound token sent with the DPoP scheme is refused by token_binding', async () => {
		const { issuer, metadata, clock } = await setup();
		const { pending, response } = await authorize(issuer, metadata, {
			scope: 'openid read:messages',
			audience: API
		});
		const callback = readCallback({ url: redirectLocation(response)! }, pending, issuer.url);
		if (!callback.ok) throw new Error(callback.error);
		const tokens = body(
			await issuer.handle(codeRedemptionRequest(metadata, SPA, callback.params.code!, pending))
		);
		const api = createApi({ audience: API, issuer: issuer.url, jwks: () => issuer.jwks(), clock });
		const key = await generateDpopKey();
		const result = await api.serve(
			await withDpopProof(apiGet(), key, {
				now: clock.now(),
				accessToken: String(tokens.access_token)
			})
		);
		expect(result.response.status).toBe(401);
		expect(failed(result.report)).toContain('token_binding');
	});
});

describe('RFC 9449 §4.3, §11.1 (attack): a proof is for one request, once', () => {
	test('a replayed proof is refused by dpop_jti', async () => {
		const key = await generateDpopKey();
		const { api, clock, tokens } = await dpopFlow(key);
		const request = await withDpopProof(apiGet(), key, {
			now: clock.now(),
			accessToken: tokens.access_token!
		});
		expect((await api.serve(request)).response.status).toBe(200);
		const replay = await api.serve(request);
		expect([replay.response.status, challenge(replay.response).error]).toEqual([
			401,
			'invalid_dpop_proof'
		]);
		expect(failed(replay.report)).toEqual(['dpop_jti']);
	});

	test('a proof for another URL is refused by dpop_htu', async () => {
		const key = await generateDpopKey();
		const { api, clock, tokens } = await dpopFlow(key);
		const proofFor = await withDpopProof(get('https://api.example/admin'), key, {
			now: clock.now(),
			accessToken: tokens.access_token!
		});
		const { response, report } = await api.serve({ ...proofFor, url: MESSAGES });
		expect(challenge(response).error).toBe('invalid_dpop_proof');
		expect(failed(report)).toEqual(['dpop_htu']);
	});

	test('query and fragment are not part of htu (§4.3 check 9)', async () => {
		const key = await generateDpopKey();
		const { api, clock, tokens } = await dpopFlow(key);
		const request = await withDpopProof(get(`${MESSAGES}?page=2`), key, {
			now: clock.now(),
			accessToken: tokens.access_token!
		});
		expect((await api.serve(request)).response.status).toBe(200);
	});

	test('a proof made for another method is refused by dpop_htm', async () => {
		const key = await generateDpopKey();
		const { api, clock, tokens } = await dpopFlow(key);
		const proofFor = await withDpopProof({ ...apiGet(), method: 'POST' }, key, {
			now: clock.now(),
			accessToken: tokens.access_token!
		});
		const { report } = await api.serve({ ...proofFor, method: 'GET' });
		expect(failed(report)).toEqual(['dpop_htm']);
	});

	test('a proof older than the accepted window is refused by dpop_iat', async () => {
		const key = await generateDpopKey();
		const { api, clock, tokens } = await dpopFlow(key);
		const request = await withDpopProof(apiGet(), key, {
			now: clock.now(),
			accessToken: tokens.access_token!
		});
		clock.advance(301);
		expect(failed((await api.serve(request)).report)).toEqual(['dpop_iat']);
	});

	test('a proof without ath, or for another token, is refused by dpop_ath', async () => {
		const key = await generateDpopKey();
		const { api, clock, tokens } = await dpopFlow(key);
		const noAth = await createDpopProof(key, { htm: 'GET', htu: MESSAGES, iat: clock.now() });
		const other = await createDpopProof(key, {
			htm: 'GET',
			htu: MESSAGES,
			iat: clock.now(),
			accessToken: 'other'
		});
		for (const proof of [noAth, other]) {
			const { report } = await api.serve(
				get(MESSAGES, [
					['Authorization', `DPoP ${tokens.access_token}`],
					['DPoP', proof]
				])
			);
			expect(failed(report)).toEqual(['dpop_ath']);
		}
	});
});

describe('RFC 9449 §4.3: proof structure', () => {
	const expected = () => ({ method: 'GET', url: MESSAGES, now: START, replay: new JtiCache() });

	test('a proof made by createDpopProof passes; nonce and ath are n/a without a nonce or token', async () => {
		const key = await generateDpopKey();
		const report = await validateDpopProof(
			[await createDpopProof(key, { htm: 'GET', htu: MESSAGES, iat: START })],
			expected()
		);
		expect(report.valid).toBe(true);
		const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
		expect(status).toMatchObject({
			dpop_nonce: 'not_applicable',
			dpop_ath: 'not_applicable',
			cnf_jkt: 'not_applicable'
		});
	});

	test('typ other than dpop+jwt is refused by dpop_typ; a private key in jwk by dpop_jwk', async () => {
		const key = await generateDpopKey('ES256');
		const claims = { htm: 'GET', htu: MESSAGES, iat: START, jti: 'j1' };
		const wrongTyp = await new SignJWT(claims)
			.setProtectedHeader({ alg: 'ES256', typ: 'JWT', jwk: key.publicJwk })
			.sign(key.privateKey);
		expect(failed(await validateDpopProof([wrongTyp], expected()))).toEqual(['dpop_typ']);
		// A header jwk that leaks the private part (d); built apart, as jose's types rightly forbid it.
		const withPrivate = { ...key.publicJwk, d: 'secret' };
		const leaked = await new SignJWT({ ...claims, jti: 'j2' })
			.setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: withPrivate })
			.sign(key.privateKey);
		expect(failed(await validateDpopProof([leaked], expected()))).toEqual(['dpop_jwk']);
	});

	test('two DPoP headers are refused by dpop_proof', async () => {
		const key = await generateDpopKey();
		const proof = await createDpopProof(key, { htm: 'GET', htu: MESSAGES, iat: START });
		expect(failed(await validateDpopProof([proof, proof], expected()))).toEqual(['dpop_proof']);
	});

	test('a signature by another key than the header jwk is refused by dpop_signature', async () => {
		const key = await generateDpopKey();
		const other = await generateDpopKey();
		const forged = await new SignJWT({ htm: 'GET', htu: MESSAGES, iat: START, jti: 'j3' })
			.setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.publicJwk })
			.sign(other.privateKey);
		expect(failed(await validateDpopProof([forged], expected()))).toEqual(['dpop_signature']);
	});

	test('a required server nonce must be echoed (dpop_nonce)', async () => {
		const key = await generateDpopKey();
		const proof = await createDpopProof(key, { htm: 'GET', htu: MESSAGES, iat: START });
		expect(failed(await validateDpopProof([proof], { ...expected(), nonce: 'n-1' }))).toEqual([
			'dpop_nonce'
		]);
	});
});

describe('RFC 9449 §4.3 check 6 (property): a proof altered after signing is refused', () => {
	test('any claim changed to any JSON value fails dpop_signature, and the report never throws', async () => {
		const key = await generateDpopKey();
		const proof = await createDpopProof(key, { htm: 'GET', htu: MESSAGES, iat: START });
		const [header, payload] = proof.split('.');
		const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!)));
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom('htm', 'htu', 'iat', 'jti', 'ath', 'nonce'),
				fc.jsonValue(),
				async (name, value) => {
					fc.pre(JSON.stringify(claims[name]) !== JSON.stringify(value));
					const altered = base64url.encode(JSON.stringify({ ...claims, [name]: value }));
					const report = await validateDpopProof([`${header}.${altered}.${proof.split('.')[2]}`], {
						method: 'GET',
						url: MESSAGES,
						now: START,
						replay: new JtiCache()
					});
					expect(report.valid).toBe(false);
					expect(failed(report)).toContain('dpop_signature');
				}
			),
			{ numRuns: 100, seed: 17 }
		);
	});
});

describe('RFC 9449 §8: an issuer that requires a DPoP nonce', () => {
	/** A code ready to redeem at an issuer that requires nonces. */
	async function nonceIssuer() {
		const { issuer, metadata, clock } = await setup({ dpopNonce: true });
		const { pending, response } = await authorize(issuer, metadata, {
			credentials: SPA,
			scope: 'openid offline_access read:messages',
			audience: API
		});
		const callback = readCallback({ url: redirectLocation(response)! }, pending, issuer.url);
		if (!callback.ok) throw new Error(callback.error);
		const redeem = codeRedemptionRequest(metadata, SPA, callback.params.code!, pending);
		return { issuer, metadata, clock, redeem };
	}

	test('a proof without a nonce: 400 use_dpop_nonce with a DPoP-Nonce header; with it: 200', async () => {
		const { issuer, clock, redeem } = await nonceIssuer();
		const key = await generateDpopKey();
		const first = await issuer.handle(await withDpopProof(redeem, key, { now: clock.now() }));
		expect([first.status, body(first).error]).toEqual([400, 'use_dpop_nonce']);
		const nonce = getHeader(first, 'dpop-nonce');
		expect(nonce).toMatch(/^[\x21\x23-\x5B\x5D-\x7E]+$/);
		const second = await issuer.handle(
			await withDpopProof(redeem, key, { now: clock.now(), nonce })
		);
		expect([second.status, body(second).token_type]).toEqual([200, 'DPoP']);
	});

	test('a nonce the issuer never gave, or one long replaced, is use_dpop_nonce again', async () => {
		const { issuer, clock, redeem } = await nonceIssuer();
		const key = await generateDpopKey();
		const made = await issuer.handle(
			await withDpopProof(redeem, key, { now: clock.now(), nonce: 'made-up' })
		);
		expect(body(made).error).toBe('use_dpop_nonce');
		const nonce = getHeader(made, 'dpop-nonce')!;
		// Two lifetimes later the nonce is neither current nor the one just before it.
		clock.advance(2 * DPOP_NONCE_LIFETIME);
		const stale = await issuer.handle(
			await withDpopProof(redeem, key, { now: clock.now(), nonce })
		);
		expect(body(stale).error).toBe('use_dpop_nonce');
		expect(getHeader(stale, 'dpop-nonce')).not.toBe(nonce);
	});

	test('without the setting a proof needs no nonce (the default: nonces are a MAY)', async () => {
		const { tokens } = await dpopFlow(await generateDpopKey());
		expect(tokens.token_type).toBe('DPoP');
	});
});

describe('RFC 9449 §9: a resource server that requires its own DPoP nonce', () => {
	test('401 with WWW-Authenticate DPoP error="use_dpop_nonce" and a DPoP-Nonce; its nonce then passes', async () => {
		const key = await generateDpopKey();
		const { issuer, clock, tokens } = await dpopFlow(key);
		const api = createApi({
			audience: API,
			issuer: issuer.url,
			jwks: () => issuer.jwks(),
			clock,
			dpopNonce: true
		});
		const call = (nonce?: string) =>
			withDpopProof(apiGet(), key, { now: clock.now(), accessToken: tokens.access_token!, nonce });
		const first = await api.serve(await call());
		expect(first.response.status).toBe(401);
		expect(challenge(first.response)).toEqual({ scheme: 'DPoP', error: 'use_dpop_nonce' });
		expect(failed(first.report)).toEqual(['dpop_nonce']);
		const nonce = getHeader(first.response, 'dpop-nonce');
		expect(nonce).toBeDefined();
		const second = await api.serve(await call(nonce));
		expect(second.response.status).toBe(200);
		expect(second.report?.checks.find((c) => c.id === 'dpop_nonce')?.status).toBe('passed');
	});

	test('a nonce from another server (the issuer’s) is not accepted here', async () => {
		const key = await generateDpopKey();
		const { issuer, clock, tokens } = await dpopFlow(key);
		const api = createApi({
			audience: API,
			issuer: issuer.url,
			jwks: () => issuer.jwks(),
			clock,
			dpopNonce: true
		});
		const { response } = await api.serve(
			await withDpopProof(apiGet(), key, {
				now: clock.now(),
				accessToken: tokens.access_token!,
				nonce: 'issuer-nonce'
			})
		);
		expect(challenge(response).error).toBe('use_dpop_nonce');
	});
});
