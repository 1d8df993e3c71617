import { base64url, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import {
	countChecks,
	halfHash,
	SPEC,
	validateAccessToken,
	validateIdToken,
	type IdTokenExpectations,
	type ValidationReport
} from '../../src/lib/core/index';

const NOW = 1_780_000_000;
const ISS = 'https://issuer.example/';
const CLIENT = 'tokenstep-spa';
const SECRET = 'webapp-secret-0123456789abcdefghijklmnop';

let privateKey: CryptoKey;
let publicJwk: JWK;
let otherKey: CryptoKey;

beforeAll(async () => {
	const pair = await generateKeyPair('RS256');
	privateKey = pair.privateKey;
	publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
	otherKey = (await generateKeyPair('RS256')).privateKey;
});

const claims = (extra: JWTPayload = {}): JWTPayload => ({
	iss: ISS,
	sub: 'auth0|alice',
	aud: CLIENT,
	exp: NOW + 36_000,
	iat: NOW,
	auth_time: NOW,
	nonce: 'n-0S6_WzA2Mj',
	...extra
});

async function sign(
	payload: JWTPayload = claims(),
	header: Record<string, unknown> = {},
	key: CryptoKey | Uint8Array = privateKey
) {
	return new SignJWT(payload)
		.setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT', ...header } as never)
		.sign(key);
}

const expect_ = (extra: Partial<IdTokenExpectations> = {}): IdTokenExpectations => ({
	issuer: ISS,
	clientId: CLIENT,
	jwks: { keys: [publicJwk] },
	nonce: 'n-0S6_WzA2Mj',
	now: NOW + 60,
	...extra
});

function failed(report: ValidationReport): string[] {
	return report.checks.filter((c) => c.status === 'failed').map((c) => c.id);
}

describe('validateIdToken', () => {
	test('accepts a well-formed token and lists every check in the order of OIDC Core 3.1.3.7', async () => {
		const report = await validateIdToken(await sign(), expect_());
		expect(report.valid).toBe(true);
		expect(report.checks.map((c) => c.id)).toEqual([
			'size',
			'format',
			'decode',
			'typ',
			'crit',
			'alg',
			'header_key',
			'kid',
			'signature',
			'iss',
			'sub',
			'aud',
			'azp',
			'exp',
			'nbf',
			'iat',
			'nonce',
			'auth_time',
			'at_hash',
			'c_hash'
		]);
		for (const check of report.checks) expect(check.spec).toMatch(/^https:\/\//);
		expect(report.claims?.sub).toBe('auth0|alice');
	});

	test('refuses a token whose payload was changed after signing', async () => {
		const token = await sign();
		const [h, , s] = token.split('.');
		const forged = `${h}.${base64url.encode(JSON.stringify(claims({ sub: 'auth0|mallory' })))}.${s}`;
		const report = await validateIdToken(forged, expect_());
		expect(report.valid).toBe(false);
		expect(failed(report)).toEqual(['signature']);
	});

	test('refuses a token signed by a key the issuer does not publish', async () => {
		expect(failed(await validateIdToken(await sign(claims(), {}, otherKey), expect_()))).toEqual([
			'signature'
		]);
	});

	test('refuses alg none in any case spelling, with the signature never tried', async () => {
		for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
			const header = base64url.encode(JSON.stringify({ alg, typ: 'JWT' }));
			const report = await validateIdToken(
				`${header}.${base64url.encode(JSON.stringify(claims()))}.`,
				expect_()
			);
			expect(failed(report)[0]).toBe('alg');
			expect(report.checks.find((c) => c.id === 'signature')?.skipped).toBe(true);
		}
	});

	test('refuses HS256 made with the public key (key confusion) when no client secret is configured', async () => {
		const publicBytes = new TextEncoder().encode(JSON.stringify(publicJwk));
		const token = await sign(claims(), { alg: 'HS256' }, publicBytes);
		const report = await validateIdToken(token, expect_({ algorithms: ['RS256', 'HS256'] }));
		expect(failed(report)).toContain('alg');
	});

	test('accepts HS256 signed with the client secret, and refuses it with the wrong secret', async () => {
		const token = await sign(
			claims(),
			{ alg: 'HS256', kid: undefined },
			new TextEncoder().encode(SECRET)
		);
		expect((await validateIdToken(token, expect_({ clientSecret: SECRET }))).valid).toBe(true);
		const wrong = await validateIdToken(token, expect_({ clientSecret: `${SECRET}x` }));
		expect(failed(wrong)).toEqual(['signature']);
	});

	test('refuses an algorithm outside the allowed list', async () => {
		const report = await validateIdToken(await sign(), expect_({ algorithms: ['ES256'] }));
		expect(failed(report)[0]).toBe('alg');
	});

	test('refuses a kid that is not in the JWKS, including path traversal attempts', async () => {
		for (const kid of ['unknown', '../../../../dev/null']) {
			const report = await validateIdToken(await sign(claims(), { kid }), expect_());
			expect(failed(report)).toEqual(['kid']);
			expect(report.checks.find((c) => c.id === 'signature')?.skipped).toBe(true);
		}
	});

	test('refuses a token that brings its own key in jwk, jku, x5u or x5c', async () => {
		for (const param of ['jwk', 'jku', 'x5u', 'x5c']) {
			const value =
				param === 'jwk' ? publicJwk : param === 'x5c' ? ['MIIB'] : 'https://attacker.example/keys';
			const report = await validateIdToken(await sign(claims(), { [param]: value }), expect_());
			expect(failed(report)).toEqual(['header_key']);
		}
	});

	test('refuses access tokens and logout tokens presented as id_tokens', async () => {
		for (const typ of ['at+jwt', 'application/at+jwt', 'logout+jwt']) {
			expect(failed(await validateIdToken(await sign(claims(), { typ }), expect_()))).toEqual([
				'typ'
			]);
		}
	});

	test('refuses a critical header extension it does not implement', async () => {
		// jose will not sign an unknown crit, so the header is swapped into a signed token.
		const [, payload, signature] = (await sign()).split('.');
		const header = base64url.encode(
			JSON.stringify({ alg: 'RS256', kid: 'k1', crit: ['tokenstep-ext'], 'tokenstep-ext': 1 })
		);
		const report = await validateIdToken(`${header}.${payload}.${signature}`, expect_());
		expect(failed(report)).toEqual(['crit', 'signature']);
	});

	test('refuses a wrong issuer', async () => {
		expect(
			failed(await validateIdToken(await sign(claims({ iss: 'https://evil.example/' })), expect_()))
		).toEqual(['iss']);
	});

	test('refuses a missing or oversized sub', async () => {
		expect(
			failed(await validateIdToken(await sign(claims({ sub: undefined })), expect_()))
		).toEqual(['sub']);
		expect(
			failed(await validateIdToken(await sign(claims({ sub: 'x'.repeat(256) })), expect_()))
		).toEqual(['sub']);
	});

	test('refuses a token for another audience, and an extra audience the client does not trust', async () => {
		expect(
			failed(await validateIdToken(await sign(claims({ aud: 'other-client' })), expect_()))
		).toEqual(['aud']);
		const extra = await sign(claims({ aud: [CLIENT, 'https://evil.example'], azp: CLIENT }));
		expect(failed(await validateIdToken(extra, expect_()))).toEqual(['aud']);
		expect(
			(await validateIdToken(extra, expect_({ trustedAudiences: ['https://evil.example'] }))).valid
		).toBe(true);
	});

	test('azp, an extension claim since OIDC Core errata set 2, is ignored: several audiences need none, and another party named in it fails nothing', async () => {
		const many = await sign(claims({ aud: [CLIENT, 'api'] }));
		const severalAudiences = await validateIdToken(many, expect_({ trustedAudiences: ['api'] }));
		expect(failed(severalAudiences)).toEqual([]);
		expect(severalAudiences.checks.find((c) => c.id === 'azp')?.status).toBe('not_applicable');
		expect(severalAudiences.valid).toBe(true);
		const otherParty = await validateIdToken(await sign(claims({ azp: 'other' })), expect_());
		expect(failed(otherParty)).toEqual([]);
		expect(otherParty.checks.find((c) => c.id === 'azp')?.status).toBe('not_applicable');
		expect(otherParty.valid).toBe(true);
	});

	test('refuses an expired token, honouring the clock tolerance', async () => {
		const token = await sign(claims({ exp: NOW + 100 }));
		const report = await validateIdToken(token, expect_({ now: NOW + 101 }));
		expect(failed(report)).toEqual(['exp']);
		expect(report.checks.find((c) => c.id === 'exp')?.detail).toContain('expired 1 s ago');
		expect(
			(await validateIdToken(token, expect_({ now: NOW + 101, clockTolerance: 5 }))).valid
		).toBe(true);
	});

	test('refuses a token not yet valid (nbf) and one issued in the future', async () => {
		expect(
			failed(await validateIdToken(await sign(claims({ nbf: NOW + 600 })), expect_()))
		).toEqual(['nbf']);
		expect(
			failed(await validateIdToken(await sign(claims({ iat: NOW + 600 })), expect_()))
		).toEqual(['iat']);
	});

	test('refuses a missing, wrong or unexpected-absent nonce', async () => {
		expect(
			failed(await validateIdToken(await sign(claims({ nonce: undefined })), expect_()))
		).toEqual(['nonce']);
		expect(
			failed(await validateIdToken(await sign(claims({ nonce: 'replayed' })), expect_()))
		).toEqual(['nonce']);
		const implicit = await validateIdToken(
			await sign(),
			expect_({ nonce: undefined, responseType: 'id_token' })
		);
		expect(failed(implicit)).toEqual(['nonce']);
	});

	test('requires auth_time within max_age when max_age was sent', async () => {
		const old = await sign(claims({ auth_time: NOW - 4000 }));
		expect(failed(await validateIdToken(old, expect_({ maxAge: 3600 })))).toEqual(['auth_time']);
		expect(
			failed(
				await validateIdToken(
					await sign(claims({ auth_time: undefined })),
					expect_({ maxAge: 3600 })
				)
			)
		).toEqual(['auth_time']);
		expect((await validateIdToken(old, expect_({ maxAge: 5000 }))).valid).toBe(true);
	});

	test('checks at_hash against the access token, and requires it in the implicit flow', async () => {
		const accessToken = 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y';
		const good = await sign(claims({ at_hash: await halfHash(accessToken, 'RS256') }));
		expect(
			(await validateIdToken(good, expect_({ accessToken, responseType: 'id_token token' }))).valid
		).toBe(true);
		expect(
			failed(
				await validateIdToken(
					good,
					expect_({ accessToken: 'swapped', responseType: 'id_token token' })
				)
			)
		).toEqual(['at_hash']);
		expect(
			failed(
				await validateIdToken(
					await sign(),
					expect_({ accessToken, responseType: 'id_token token' })
				)
			)
		).toEqual(['at_hash']);
	});

	test('checks c_hash against the code, and requires it in the hybrid flow', async () => {
		const code = 'Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk';
		const good = await sign(claims({ c_hash: await halfHash(code, 'RS256') }));
		expect(
			(await validateIdToken(good, expect_({ code, responseType: 'code id_token' }))).valid
		).toBe(true);
		expect(
			failed(
				await validateIdToken(good, expect_({ code: 'injected', responseType: 'code id_token' }))
			)
		).toEqual(['c_hash']);
		expect(
			failed(await validateIdToken(await sign(), expect_({ code, responseType: 'code id_token' })))
		).toEqual(['c_hash']);
	});

	test('stops at the structure checks for malformed input, marking later checks skipped', async () => {
		for (const [input, id] of [
			['not-a-jwt', 'format'],
			['a.b', 'format'],
			['x'.repeat(20_000), 'size'],
			['e30.e30$.', 'decode'],
			[42, 'format']
		] as const) {
			const report = await validateIdToken(input, expect_());
			expect(report.valid).toBe(false);
			expect(failed(report)).toEqual([id]);
			expect(report.checks.at(-1)?.skipped).toBe(true);
		}
	});
});

describe('validateIdToken with the RFC 7515 Appendix A.1 example', () => {
	const token =
		'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
	const key = {
		kty: 'oct',
		k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow'
	};

	test('verifies the signature with the spec’s symmetric JWK, and reports it expired in 2011', async () => {
		const report = await validateIdToken(token, {
			issuer: 'joe',
			clientId: 'x',
			jwks: { keys: [key] },
			now: NOW
		});
		const byId = Object.fromEntries(report.checks.map((c) => [c.id, c.passed]));
		expect(byId).toMatchObject({ alg: true, kid: true, signature: true, iss: true, exp: false });
	});

	test('refuses HS256 when the key set holds only public keys', async () => {
		const report = await validateIdToken(token, {
			issuer: 'joe',
			clientId: 'x',
			jwks: { keys: [publicJwk] },
			now: NOW
		});
		expect(failed(report)[0]).toBe('alg');
	});
});

describe('checks that do not apply say so', () => {
	const statusOf = (report: ValidationReport, id: string) =>
		report.checks.find((c) => c.id === id)?.status;

	test('azp is not applicable to a single-audience token without azp', async () => {
		const report = await validateIdToken(await sign(), expect_());
		expect(statusOf(report, 'azp')).toBe('not_applicable');
		expect(report.valid).toBe(true);
	});

	test('azp is not applicable when present either: this client uses no extension that defines it', async () => {
		const report = await validateIdToken(await sign(claims({ azp: CLIENT })), expect_());
		expect(statusOf(report, 'azp')).toBe('not_applicable');
		expect(report.checks.find((c) => c.id === 'azp')?.spec).toBe(SPEC.idTokenValidation);
	});

	test('nbf is not applicable without an nbf claim, and checked with one', async () => {
		expect(statusOf(await validateIdToken(await sign(), expect_()), 'nbf')).toBe('not_applicable');
		const future = await validateIdToken(await sign(claims({ nbf: NOW + 3600 })), expect_());
		expect(statusOf(future, 'nbf')).toBe('failed');
	});

	test('nonce is not applicable when none was sent and the token came from the token endpoint', async () => {
		const report = await validateIdToken(
			await sign(claims({ nonce: undefined })),
			expect_({ nonce: undefined })
		);
		expect(statusOf(report, 'nonce')).toBe('not_applicable');
	});

	test('nonce is still required for an id_token from the authorization endpoint', async () => {
		const report = await validateIdToken(
			await sign(claims({ nonce: undefined })),
			expect_({ nonce: undefined, responseType: 'id_token' })
		);
		expect(statusOf(report, 'nonce')).toBe('failed');
	});

	test('auth_time is not applicable when no max_age was requested, checked when one was', async () => {
		expect(statusOf(await validateIdToken(await sign(), expect_()), 'auth_time')).toBe(
			'not_applicable'
		);
		const stale = await validateIdToken(
			await sign(claims({ auth_time: NOW - 7200 })),
			expect_({ maxAge: 60 })
		);
		expect(statusOf(stale, 'auth_time')).toBe('failed');
	});

	test('at_hash and c_hash are not applicable when no access token or code came with the token', async () => {
		const report = await validateIdToken(await sign(), expect_());
		expect(statusOf(report, 'at_hash')).toBe('not_applicable');
		expect(statusOf(report, 'c_hash')).toBe('not_applicable');
	});

	test('an optional hash that is absent is not applicable, not passed', async () => {
		const report = await validateIdToken(await sign(), expect_({ accessToken: 'opaque-at' }));
		expect(statusOf(report, 'at_hash')).toBe('not_applicable');
	});

	test('passed is true only for the passed status, and counts never fold n/a into passed', async () => {
		const report = await validateIdToken(await sign(), expect_());
		for (const check of report.checks) expect(check.passed).toBe(check.status === 'passed');
		const counts = countChecks(report);
		expect(counts.not_applicable).toBeGreaterThanOrEqual(5);
		expect(counts.passed + counts.not_applicable).toBe(report.checks.length);
		expect(counts.failed).toBe(0);
	});

	test('an access token’s scope is not applicable where the request needs none, checked where it does', async () => {
		const token = await sign(
			{ iss: ISS, sub: 'auth0|alice', aud: 'https://api.example/', exp: NOW + 600, iat: NOW },
			{ typ: 'at+jwt' }
		);
		const expected = {
			issuer: ISS,
			audience: 'https://api.example/',
			jwks: { keys: [publicJwk] },
			now: NOW + 60
		};
		const open = await validateAccessToken(token, expected);
		expect(statusOf(open, 'scope')).toBe('not_applicable');
		expect(open.valid).toBe(true);
		const guarded = await validateAccessToken(token, {
			...expected,
			requiredScopes: ['read:messages']
		});
		expect(statusOf(guarded, 'scope')).toBe('failed');
	});

	test('later checks after a structural failure are skipped', async () => {
		const report = await validateIdToken('not-a-jwt', expect_());
		expect(statusOf(report, 'format')).toBe('failed');
		expect(statusOf(report, 'signature')).toBe('skipped');
		expect(report.valid).toBe(false);
	});
});

describe('a refreshed id_token (OIDC Core §12.2)', () => {
	// The id_token of the original sign-in, as the client kept its claims.
	const original = claims();
	const refreshed = (extra: JWTPayload = {}) =>
		claims({ iat: NOW + 3600, exp: NOW + 39_600, nonce: undefined, ...extra });
	const later = (extra: Partial<IdTokenExpectations> = {}) =>
		expect_({ nonce: undefined, now: NOW + 3601, original, ...extra });
	const statusOf = (report: ValidationReport, id: string) =>
		report.checks.find((c) => c.id === id)?.status;

	test('is accepted with the same iss, sub, aud and auth_time, a new iat and no nonce', async () => {
		const report = await validateIdToken(await sign(refreshed()), later());
		expect(report.valid).toBe(true);
		for (const id of [
			'refresh_iss',
			'refresh_sub',
			'refresh_aud',
			'refresh_iat',
			'refresh_auth_time',
			'refresh_nonce'
		])
			expect(statusOf(report, id)).toBe('passed');
		// It answers no authentication request: no request's nonce is compared (and none is "unsent").
		expect(statusOf(report, 'nonce')).toBeUndefined();
	});

	test('refuses another user, issuer or audience than the original sign-in’s', async () => {
		expect(
			failed(await validateIdToken(await sign(refreshed({ sub: 'auth0|bob' })), later()))
		).toEqual(['refresh_sub']);
		// The issuer the client trusts changed too: both the iss and the §12.2 checks refuse it.
		const otherIssuer = await validateIdToken(
			await sign(refreshed({ iss: 'https://other.example/' })),
			later({ issuer: 'https://other.example/' })
		);
		expect(failed(otherIssuer)).toEqual(['refresh_iss']);
		const widened = await validateIdToken(
			await sign(refreshed({ aud: [CLIENT, 'api'] })),
			later({ trustedAudiences: ['api'] })
		);
		expect(failed(widened)).toContain('refresh_aud');
		// "c" and ["c"] name the same audience.
		expect((await validateIdToken(await sign(refreshed({ aud: [CLIENT] })), later())).valid).toBe(
			true
		);
	});

	test('refuses an auth_time other than the original’s: refreshing is not signing in again', async () => {
		const report = await validateIdToken(await sign(refreshed({ auth_time: NOW + 3600 })), later());
		expect(failed(report)).toEqual(['refresh_auth_time']);
		const absent = await validateIdToken(await sign(refreshed({ auth_time: undefined })), later());
		expect(statusOf(absent, 'refresh_auth_time')).toBe('not_applicable');
		// §12.2 asks only that a present auth_time be the original sign-in's: with none to compare
		// with, the client cannot tell, and does not refuse (review C7).
		const unknown = await validateIdToken(
			await sign(refreshed({ auth_time: NOW })),
			later({ original: { ...original, auth_time: undefined } })
		);
		expect(statusOf(unknown, 'refresh_auth_time')).toBe('not_applicable');
		expect(unknown.valid).toBe(true);
	});

	test('a nonce SHOULD NOT be there, but if it is, it must be the original’s', async () => {
		const same = await validateIdToken(await sign(refreshed({ nonce: original.nonce })), later());
		expect(statusOf(same, 'refresh_nonce')).toBe('passed');
		const other = await validateIdToken(await sign(refreshed({ nonce: 'fresh-nonce' })), later());
		expect(failed(other)).toEqual(['refresh_nonce']);
	});

	test('refuses an iat older than the original id_token’s', async () => {
		const report = await validateIdToken(await sign(refreshed({ iat: NOW - 60 })), later());
		expect(failed(report)).toEqual(['refresh_iat']);
	});
});

describe('clock skew (RFC 7519 §4.1.4, OIDC Core §2: "some small leeway")', () => {
	const check = (report: ValidationReport, id: string) => report.checks.find((c) => c.id === id);

	test('exp: expired at exp itself with no leeway; accepted within the leeway, refused past it', async () => {
		const token = await sign(claims({ exp: NOW + 100 }));
		expect(failed(await validateIdToken(token, expect_({ now: NOW + 100 })))).toEqual(['exp']);
		const within = await validateIdToken(token, expect_({ now: NOW + 159, clockTolerance: 60 }));
		expect(check(within, 'exp')?.status).toBe('passed');
		const past = await validateIdToken(token, expect_({ now: NOW + 160, clockTolerance: 60 }));
		expect(failed(past)).toEqual(['exp']);
	});

	test('nbf and iat a little ahead are accepted within the leeway only', async () => {
		const ahead = await sign(claims({ nbf: NOW + 90, iat: NOW + 90 }));
		expect(failed(await validateIdToken(ahead, expect_({ now: NOW + 60 })))).toEqual([
			'nbf',
			'iat'
		]);
		expect(
			(await validateIdToken(ahead, expect_({ now: NOW + 60, clockTolerance: 30 }))).valid
		).toBe(true);
	});

	test('the exp check links OIDC Core §2, where the leeway and the NOTE on sessions are', async () => {
		const report = await validateIdToken(await sign(), expect_());
		expect(check(report, 'exp')?.spec).toBe(SPEC.idToken);
	});
});
