import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS, readView, upgradeLegacy, writeView } from '../../../src/lib/sim/index';
import { START } from './helpers';

describe('settings in the URL', () => {
	test('defaults write an empty query', () => {
		expect(writeView({ settings: DEFAULT_SETTINGS, step: 0 }).toString()).toBe('');
	});

	test('every setting and the step survive a round trip', () => {
		const view = {
			settings: {
				...DEFAULT_SETTINGS,
				flow: 'refresh' as const,
				scope: 'openid email offline_access',
				idTokenLifetime: 3600,
				accessTokenLifetime: 600,
				algorithm: 'ES256' as const,
				user: 'auth0|bob',
				clientType: 'webapp' as const,
				clockSkew: 45,
				rules: [
					{
						kind: 'addClaim' as const,
						namespace: 'https://tokenstep.example/',
						name: 'role',
						value: 'admin'
					}
				],
				clockJumps: [
					{ message: 'token-response' as const, nth: 1, seconds: 301 },
					{ message: 'api-request' as const, nth: 2, seconds: 60 }
				],
				interventions: [
					{
						kind: 'tamper' as const,
						message: 'token-response' as const,
						nth: 1,
						claim: 'sub',
						value: 'auth0|mallory'
					},
					{
						kind: 'tamper' as const,
						message: 'token-response' as const,
						nth: 2,
						token: 'access_token',
						claim: 'https://x.example/a=b',
						value: '42'
					},
					{ kind: 'alg-none' as const, message: 'token-response' as const, nth: 3 },
					{
						kind: 'forge' as const,
						message: 'callback-request' as const,
						nth: 1,
						recipe: 'csrf' as const
					},
					{ kind: 'replay' as const, message: 'token-request' as const, nth: 2 }
				]
			},
			step: 7
		};
		const params = writeView(view);
		expect(params.get('user')).toBe('bob');
		expect(params.get('skew')).toBe('45');
		expect(params.get('wait')).toBe('token-response+301,api-request.2+60');
		expect(params.getAll('tamper')).toEqual([
			'token-response:sub=auth0|mallory',
			'token-response.2@access_token:https://x.example/a%3Db="42"'
		]);
		expect(params.get('step')).toBe('8');
		expect(readView('refresh', params)).toEqual({ view, problems: [] });
	});

	test('each bad parameter is named in a notice and falls back to its default', () => {
		const { view, problems } = readView(
			'code-pkce',
			new URLSearchParams('lifetime=10h&alg=HS512&wait=soon&step=-2&client=ios')
		);
		expect(view.settings).toEqual({ ...DEFAULT_SETTINGS });
		expect(view.step).toBe(0);
		expect(problems).toEqual([
			'Ignored lifetime=10h: lifetime must be a whole number of seconds, got "10h". Using the default instead.',
			'Ignored alg=HS512: unsupported algorithm "HS512"; use RS256, PS256, ES256, EdDSA or HS256. Using the default instead.',
			'Ignored client=ios: client type is spa or webapp. Using the default instead.',
			'Ignored wait=soon: a clock jump names a step (such as token-response, or api-request.2 for the second) and a positive whole number of seconds (at most ten years). Using the default instead.',
			"Ignored step=-2: a step is a whole number from 1, or a step's name such as validate-id-token (token-response.2 for the second). Showing the first step."
		]);
	});
});

describe('links from before messages were named', () => {
	test('old position-based attacks and clock jumps are kept aside for conversion', () => {
		const { view, problems, legacy } = readView(
			'code-pkce',
			new URLSearchParams(
				`wait=13+301&do=${encodeURIComponent('[{"kind":"tamper","step":13,"claim":"sub","value":"x"}]')}`
			)
		);
		expect(problems).toEqual([]);
		expect(view.settings.clockJumps).toEqual([]);
		expect(legacy).toEqual({
			clockJumps: [{ afterStep: 12, seconds: 301 }],
			interventions: [{ kind: 'tamper', step: 12, claim: 'sub', value: 'x' }]
		});
	});

	test('converted, they name the messages the old positions showed', async () => {
		const { view, legacy } = readView(
			'code-pkce',
			new URLSearchParams(
				`wait=13+5&do=${encodeURIComponent('[{"kind":"alg-none","step":13},{"kind":"replay","step":99}]')}`
			)
		);
		const upgraded = await upgradeLegacy(view.settings, legacy!, { startAt: START });
		// Step 13 (1-based) of the code flow is the token response.
		expect(upgraded.settings.clockJumps).toEqual([
			{ message: 'token-response', nth: 1, seconds: 5 }
		]);
		expect(upgraded.settings.interventions).toEqual([
			{ kind: 'alg-none', message: 'token-response', nth: 1 }
		]);
		// Step 99 does not exist: that entry is dropped, and counted as dropped.
		expect({ converted: upgraded.converted, dropped: upgraded.dropped }).toEqual({
			converted: 2,
			dropped: 1
		});
	}, 30_000);

	test('an intervention aimed at a message that no flow sends is refused with a notice', () => {
		const { view, problems } = readView(
			'code-pkce',
			new URLSearchParams('tamper=nothing-response:sub=x&replay=token-request.0')
		);
		expect(view.settings.interventions).toEqual([]);
		expect(problems).toHaveLength(1);
	});
});

test('an old link with more clock jumps or attacks than the limits is refused, not converted one by one', () => {
	const wait = new URLSearchParams({ wait: Array(1500).fill('1+60').join(',') });
	const read = readView('code-pkce', wait);
	expect(read.legacy?.clockJumps ?? []).toEqual([]);
	expect(read.view.settings.clockJumps).toEqual([]);
	expect(read.problems).toHaveLength(1);
	const many = new URLSearchParams({
		do: JSON.stringify(Array(25).fill({ kind: 'replay', step: 12 }))
	});
	const attacks = readView('code-pkce', many);
	expect(attacks.legacy?.interventions ?? []).toEqual([]);
	expect(attacks.problems).toHaveLength(1);
});
