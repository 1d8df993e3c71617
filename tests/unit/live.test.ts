/**
 * /live's trace builder and fetchers against a fake provider: the requests it makes (and the
 * ones it refuses to make), the trace it draws by `ref.message`, and each failure by its code.
 */
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { halfHash } from '../../src/lib/core/jwt/hashes';
import {
	checkDiscovery,
	namedOrigins,
	usableUrl,
	type ProviderMetadata
} from '../../src/lib/live/discovery';
import { EXPLANATIONS, LIVE_CODES, PROVIDER_HINTS, providerOf } from '../../src/lib/live/explain';
import { send, type Fetcher } from '../../src/lib/live/http';
import { settingsFrom } from '../../src/lib/live/store';
import {
	abandoned,
	acceptedAlgorithms,
	connect,
	DEFAULT_LIVE_SETTINGS,
	extraParams,
	finish,
	orphanCallback,
	type LiveSettings,
	type PendingLogin
} from '../../src/lib/live/run';

const ISSUER = 'https://id.example';
const SITE = 'https://tokenstep.example';
const REDIRECT = `${SITE}/live/callback`;
const NOW = 1_800_000_000;

let privateKey: CryptoKey;
let jwk: JWK;

beforeAll(async () => {
	const pair = await generateKeyPair('RS256', { extractable: true });
	privateKey = pair.privateKey;
	jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
});

interface Provider {
	discovery?: Record<string, unknown>;
	/** How the token endpoint answers, given the form. */
	token?: (form: URLSearchParams) => { status: number; body: unknown };
	/** CORS refused at these paths (the fetch throws, a no-cors probe answers). */
	cors?: string[];
	down?: boolean;
	userinfoSub?: string;
	claims?: Record<string, unknown>;
	/** Issue a refresh token; a refresh answers an id_token with these claims changed. */
	refresh?: Record<string, unknown>;
	iat?: number;
}

interface Recorded {
	url: string;
	mode?: RequestMode;
	method: string;
}

function metadata(): Record<string, unknown> {
	return {
		issuer: ISSUER,
		authorization_endpoint: `${ISSUER}/authorize`,
		token_endpoint: `${ISSUER}/token`,
		jwks_uri: `${ISSUER}/jwks`,
		userinfo_endpoint: `${ISSUER}/me`,
		response_types_supported: ['code'],
		code_challenge_methods_supported: ['S256'],
		id_token_signing_alg_values_supported: ['RS256'],
		authorization_response_iss_parameter_supported: true
	};
}

function fakeProvider(p: Provider = {}): { fetcher: Fetcher; sent: Recorded[]; nonce?: string } {
	const sent: Recorded[] = [];
	const state: { nonce?: string } = {};
	const json = (status: number, body: unknown) =>
		new Response(JSON.stringify(body), {
			status,
			headers: { 'content-type': 'application/json' }
		});
	const fetcher: Fetcher = async (input, init) => {
		const url = new URL(input);
		sent.push({ url: input, mode: init?.mode, method: init?.method ?? 'GET' });
		if (p.down) throw new TypeError('Failed to fetch');
		if (p.cors?.includes(url.pathname) && init?.mode !== 'no-cors')
			throw new TypeError('Failed to fetch');
		if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
		switch (url.pathname) {
			case '/.well-known/openid-configuration':
				return json(200, p.discovery ?? metadata());
			case '/jwks':
				return json(200, { keys: [jwk] });
			case '/me':
				return json(200, { sub: p.userinfoSub ?? 'alice', name: 'Alice' });
			case '/token': {
				const form = new URLSearchParams(String(init?.body));
				if (p.token) {
					const { status, body } = p.token(form);
					return json(status, body);
				}
				const accessToken = 'at-123';
				const iat = p.iat ?? NOW;
				const refreshing = form.get('grant_type') === 'refresh_token';
				const idToken = await new SignJWT({
					// A refreshed id_token carries no nonce of a request (OIDC Core §12.2).
					...(!refreshing && { nonce: state.nonce }),
					at_hash: await halfHash(accessToken, 'RS256'),
					...p.claims,
					...(refreshing && p.refresh)
				})
					.setProtectedHeader({ alg: 'RS256', kid: 'k1' })
					.setIssuer(ISSUER)
					.setSubject(refreshing && typeof p.refresh?.sub === 'string' ? p.refresh.sub : 'alice')
					.setAudience('spa')
					.setIssuedAt(iat)
					.setExpirationTime(iat + 300)
					.sign(privateKey);
				return json(200, {
					access_token: accessToken,
					token_type: 'Bearer',
					id_token: idToken,
					expires_in: 300,
					...(p.refresh && { refresh_token: 'rt-1' })
				});
			}
		}
		return json(404, {});
	};
	return {
		fetcher,
		sent,
		get nonce() {
			return state.nonce;
		},
		set nonce(v) {
			state.nonce = v;
		}
	};
}

const SETTINGS: LiveSettings = { ...DEFAULT_LIVE_SETTINGS, issuer: ISSUER, clientId: 'spa' };
const ctx = (fetcher: Fetcher, now = NOW) => ({ fetcher, now: () => now });

async function started(
	provider: ReturnType<typeof fakeProvider>,
	settings = SETTINGS
): Promise<PendingLogin> {
	const out = await connect(settings, REDIRECT, ctx(provider.fetcher));
	expect(out.result?.failure).toBeUndefined();
	provider.nonce = out.pending!.nonce;
	return out.pending!;
}

const callback = (params: Record<string, string>) =>
	`${REDIRECT}?${new URLSearchParams(params).toString()}`;

const messages = (steps: { ref?: { message: string } }[]) => steps.map((s) => s.ref?.message);

describe('connect', () => {
	it('reads discovery only, then builds a code + PKCE (S256) request with state and nonce', async () => {
		const provider = fakeProvider();
		const pending = await started(provider);
		expect(provider.sent.map((s) => s.url)).toEqual([`${ISSUER}/.well-known/openid-configuration`]);
		const url = new URL(pending.authorizationUrl);
		expect(url.origin + url.pathname).toBe(`${ISSUER}/authorize`);
		const q = url.searchParams;
		expect(q.get('response_type')).toBe('code');
		expect(q.get('client_id')).toBe('spa');
		expect(q.get('redirect_uri')).toBe(REDIRECT);
		expect(q.get('code_challenge_method')).toBe('S256');
		expect(q.get('state')).toBe(pending.state);
		expect(q.get('nonce')).toBe(pending.nonce);
		expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(q.has('client_secret')).toBe(false);
		expect(messages(pending.steps)).toEqual([
			'discovery-request',
			'discovery-response',
			'authorize-request'
		]);
		expect(pending.steps[1]!.checks?.valid).toBe(true);
		expect(pending.origins).toEqual([ISSUER]);
	});

	it('sends nothing for an issuer that is not https (or loopback http)', async () => {
		for (const issuer of ['http://id.example', 'javascript:alert(1)', 'https://id.example/?x=1']) {
			const provider = fakeProvider();
			const out = await connect({ ...SETTINGS, issuer }, REDIRECT, ctx(provider.fetcher));
			expect(out.result?.failure?.code, issuer).toBe('LIVE_BAD_ISSUER');
			expect(provider.sent, issuer).toEqual([]);
		}
		expect(usableUrl('http://localhost:4732')).toBeDefined();
		expect(usableUrl('http://127.0.0.1:4732/x')).toBeDefined();
	});

	it('tells CORS from a provider that is down, by a no-cors probe of the same URL', async () => {
		const cors = fakeProvider({ cors: ['/.well-known/openid-configuration'] });
		const refused = await connect(SETTINGS, REDIRECT, ctx(cors.fetcher));
		expect(refused.result?.failure).toMatchObject({ code: 'LIVE_CORS', at: 'discovery-request' });
		expect(cors.sent.map((s) => s.mode)).toEqual([undefined, 'no-cors']);
		expect(refused.result?.trace.steps[0]?.refusal?.code).toBe('LIVE_CORS');

		const down = fakeProvider({ down: true });
		const none = await connect(SETTINGS, REDIRECT, ctx(down.fetcher));
		expect(none.result?.failure?.code).toBe('LIVE_PROVIDER_DOWN');
		expect(none.result?.trace.outcome).toMatchObject({
			code: 'stopped',
			error: 'LIVE_PROVIDER_DOWN'
		});
	});

	it('refuses a hostile discovery document before using any of its URLs', async () => {
		const cases: [Record<string, unknown>, string][] = [
			[{ ...metadata(), issuer: 'https://evil.example' }, 'discovery_issuer'],
			[
				{ ...metadata(), authorization_endpoint: 'javascript:alert(document.domain)' },
				'authorization_endpoint'
			],
			[{ ...metadata(), token_endpoint: 'http://evil.example/token' }, 'token_endpoint'],
			[{ ...metadata(), jwks_uri: 'data:application/json,{}' }, 'jwks_uri'],
			[
				{ ...metadata(), code_challenge_methods_supported: ['plain'] },
				'code_challenge_methods_supported'
			],
			[{ ...metadata(), response_types_supported: ['token'] }, 'response_types_supported']
		];
		for (const [discovery, id] of cases) {
			const provider = fakeProvider({ discovery });
			const out = await connect(SETTINGS, REDIRECT, ctx(provider.fetcher));
			expect(out.pending, id).toBeUndefined();
			expect(out.result?.failure?.code, id).toBe('LIVE_BAD_DISCOVERY');
			expect(provider.sent, id).toHaveLength(1);
			const checks = out.result!.trace.steps.find((s) => s.ref?.message === 'discovery-response')!
				.checks!.checks;
			expect(checks.find((c) => c.id === id)?.status, id).toBe('failed');
		}
		expect(checkDiscovery(ISSUER, ['not', 'an', 'object']).report.checks[0]?.id).toBe(
			'discovery_json'
		);
	});

	it('keeps extra parameters but never lets them replace its own', () => {
		const extra = extraParams('?prompt=login&state=x&client_secret=s&audience=https://api');
		expect([...extra.keys()]).toEqual(['prompt', 'audience']);
	});
});

describe('finish', () => {
	it('draws the whole login and validates the id_token with the full checklist', async () => {
		const provider = fakeProvider();
		const pending = await started(provider, { ...SETTINGS, userinfo: true });
		const result = await finish(
			pending,
			callback({ code: 'c1', state: pending.state, iss: ISSUER }),
			ctx(provider.fetcher)
		);
		expect(result.failure).toBeUndefined();
		const { steps, outcome, flow } = result.trace;
		expect(flow).toBe('code-pkce');
		expect(outcome).toMatchObject({ code: 'completed', completed: true });
		expect(messages(steps)).toEqual([
			'discovery-request',
			'discovery-response',
			'authorize-request',
			'person-login',
			'authorize-response',
			'callback-request',
			'token-request',
			'token-response',
			'jwks-request',
			'jwks-response',
			'validate-id-token',
			'userinfo-request',
			'userinfo-response'
		]);
		expect(steps.map((s) => s.index)).toEqual(steps.map((_, i) => i));
		// Only the provider's own pages are unobserved (dashed).
		expect(steps.filter((s) => s.observed === false).map((s) => s.ref?.message)).toEqual([
			'person-login'
		]);
		const callbackChecks = steps[5]!.checks!.checks;
		expect(Object.fromEntries(callbackChecks.map((c) => [c.id, c.status]))).toEqual({
			state: 'passed',
			iss_param: 'passed',
			code: 'passed'
		});
		const tokenForm = new URLSearchParams(steps[6]!.request!.body);
		expect(tokenForm.get('code_verifier')).toBe(pending.verifier);
		expect(tokenForm.has('client_secret')).toBe(false);
		const validation = steps[10]!.checks!;
		expect(validation.valid).toBe(true);
		const status = Object.fromEntries(validation.checks.map((c) => [c.id, c.status]));
		for (const id of ['signature', 'iss', 'aud', 'exp', 'iat', 'nonce', 'at_hash', 'alg'])
			expect(status[id], id).toBe('passed');
		expect(steps[12]!.checks!.checks[0]).toMatchObject({ id: 'userinfo_sub', status: 'passed' });
		// Every request went to an origin discovery named.
		expect(new Set(provider.sent.map((s) => new URL(s.url).origin))).toEqual(new Set([ISSUER]));
	});

	it('stops with a coded explanation for each failure', async () => {
		const cases: {
			code: (typeof LIVE_CODES)[number];
			provider?: Provider;
			params?: (p: PendingLogin) => Record<string, string>;
			now?: number;
		}[] = [
			{
				code: 'LIVE_ACCESS_DENIED',
				params: (p) => ({ error: 'access_denied', state: p.state, iss: ISSUER })
			},
			{
				code: 'LIVE_AUTHORIZATION_ERROR',
				params: (p) => ({ error: 'invalid_scope', state: p.state, iss: ISSUER })
			},
			{ code: 'LIVE_STATE', params: () => ({ code: 'c', state: 'forged', iss: ISSUER }) },
			{ code: 'LIVE_ISS_MISSING', params: (p) => ({ code: 'c', state: p.state }) },
			{
				code: 'LIVE_ISS_MISMATCH',
				params: (p) => ({ code: 'c', state: p.state, iss: 'https://evil.example' })
			},
			{
				code: 'LIVE_CONFIDENTIAL_CLIENT',
				provider: { token: () => ({ status: 401, body: { error: 'invalid_client' } }) }
			},
			{
				code: 'LIVE_TOKEN_ERROR',
				provider: { token: () => ({ status: 400, body: { error: 'invalid_grant' } }) }
			},
			{ code: 'LIVE_CORS', provider: { cors: ['/token'] } },
			{ code: 'LIVE_CLOCK', provider: { iat: NOW + 3600 } },
			{ code: 'LIVE_CLOCK', provider: { iat: NOW - 3600 } },
			{
				code: 'LIVE_ALG_UNSUPPORTED',
				provider: { discovery: { ...metadata(), id_token_signing_alg_values_supported: ['ES256'] } }
			},
			{ code: 'LIVE_ID_TOKEN_INVALID', provider: { claims: { nonce: 'replayed' } } }
		];
		for (const c of cases) {
			const provider = fakeProvider(c.provider);
			const pending = await started(provider);
			const params = c.params?.(pending) ?? { code: 'c1', state: pending.state, iss: ISSUER };
			const result = await finish(pending, callback(params), ctx(provider.fetcher, c.now));
			expect(result.failure?.code, c.code).toBe(c.code);
			expect(result.trace.outcome, c.code).toMatchObject({
				code: 'stopped',
				completed: false,
				error: c.code
			});
			expect(messages(result.trace.steps), c.code).toContain(result.failure!.at);
		}
	});

	it('redeems the refresh token once when asked, and checks the refreshed id_token against the first', async () => {
		for (const [changed, code] of [
			[{}, undefined],
			[{ sub: 'mallory' }, 'LIVE_REFRESH']
		] as const) {
			const provider = fakeProvider({ refresh: changed });
			const pending = await started(provider, { ...SETTINGS, refresh: true });
			const result = await finish(
				pending,
				callback({ code: 'c1', state: pending.state, iss: ISSUER }),
				ctx(provider.fetcher)
			);
			expect(result.failure?.code).toBe(code);
			const steps = result.trace.steps;
			expect(messages(steps).slice(-3)).toEqual([
				'token-request',
				'token-response',
				'validate-id-token'
			]);
			expect(steps.at(-1)?.ref).toEqual({ message: 'validate-id-token', nth: 2 });
			expect(new URLSearchParams(steps.at(-3)?.request?.body).get('grant_type')).toBe(
				'refresh_token'
			);
			const sub = steps.at(-1)!.checks!.checks.find((c) => c.id === 'refresh_sub');
			expect(sub?.status).toBe(code ? 'failed' : 'passed');
		}
	});

	it('a login the provider never answered is explained as a redirect URI it does not know', async () => {
		const provider = fakeProvider();
		const pending = await started(provider);
		const result = abandoned(pending, ctx(provider.fetcher));
		expect(result.failure).toMatchObject({ code: 'LIVE_REDIRECT_URI', at: 'authorize-request' });
		expect(messages(result.trace.steps).at(-1)).toBe('person-login');
		expect(orphanCallback(callback({ code: 'x' }), ctx(provider.fetcher)).failure?.code).toBe(
			'LIVE_NO_LOGIN'
		);
	});

	it('accepts only the advertised asymmetric algorithms', () => {
		expect(
			acceptedAlgorithms({
				...(metadata() as unknown as ProviderMetadata),
				id_token_signing_alg_values_supported: ['HS256', 'RS256', 'none']
			})
		).toEqual(['RS256']);
	});
});

describe('send', () => {
	it('never calls an origin it was not given, nor follows a redirect', async () => {
		const provider = fakeProvider();
		const x = await send(
			provider.fetcher,
			[ISSUER],
			{ method: 'GET', url: 'https://elsewhere.example/x', headers: [] },
			() => NOW
		);
		expect(x.error).toBe('origin');
		expect(provider.sent).toEqual([]);
		const redirected: Fetcher = async () =>
			({ type: 'opaqueredirect', status: 0 }) as unknown as Response;
		const y = await send(
			redirected,
			[ISSUER],
			{ method: 'GET', url: `${ISSUER}/x`, headers: [] },
			() => NOW
		);
		expect(y.error).toBe('redirect');
	});

	it('names only the origins of the discovery document', () => {
		expect(
			namedOrigins({
				...(metadata() as unknown as ProviderMetadata),
				jwks_uri: 'https://keys.example/jwks',
				userinfo_endpoint: undefined
			})
		).toEqual([ISSUER, 'https://keys.example']);
	});
});

describe('storage', () => {
	it('reads settings back field by field, defaults for anything else', () => {
		expect(settingsFrom({ issuer: ISSUER, clientId: 7, popup: 'yes', refresh: true })).toEqual({
			...DEFAULT_LIVE_SETTINGS,
			issuer: ISSUER,
			refresh: true
		});
		expect(settingsFrom('not settings')).toBeUndefined();
		expect(settingsFrom(['x'])).toBeUndefined();
	});
});

describe('provider hints', () => {
	it('recognises the five providers by their issuer', () => {
		expect(providerOf('https://tenant.eu.auth0.com/')).toBe('auth0');
		expect(providerOf('https://dev-1.okta.com/oauth2/default')).toBe('okta');
		expect(providerOf('https://kc.example/realms/demo')).toBe('keycloak');
		expect(providerOf('https://login.microsoftonline.com/tid/v2.0')).toBe('entra');
		expect(providerOf('https://accounts.google.com')).toBe('google');
		expect(providerOf('http://localhost:4732')).toBeUndefined();
	});

	it('every code has its explanation and section, every provider a hint for each setting', () => {
		for (const code of LIVE_CODES) {
			expect(new URL(EXPLANATIONS[code].spec).protocol, code).toBe('https:');
		}
		const settings = new Set(LIVE_CODES.flatMap((c) => EXPLANATIONS[c].setting ?? []));
		expect([...settings].sort()).toEqual(['cors', 'issuer', 'public', 'redirect']);
		for (const [name, hint] of Object.entries(PROVIDER_HINTS)) {
			for (const setting of settings)
				expect(hint[setting].length, `${name} ${setting}`).toBeGreaterThan(10);
			for (const doc of hint.docs) expect(new URL(doc.href).protocol, name).toBe('https:');
		}
	});
});
