import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS, readView, writeView } from '../../../src/lib/sim/index';

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
				rules: [
					{
						kind: 'addClaim' as const,
						namespace: 'https://tokenstep.example/',
						name: 'role',
						value: 'admin'
					}
				],
				clockJumps: [{ afterStep: 12, seconds: 301 }],
				interventions: [{ kind: 'tamper' as const, step: 12, claim: 'sub', value: 'auth0|mallory' }]
			},
			step: 7
		};
		const params = writeView(view);
		expect(params.get('user')).toBe('bob');
		expect(params.get('wait')).toBe('13+301');
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
			'Ignored wait=soon: a clock jump is a step number and a positive whole number of seconds (at most ten years). Using the default instead.',
			'Ignored step=-2: a step is a whole number from 1. Showing the first step.'
		]);
	});
});
