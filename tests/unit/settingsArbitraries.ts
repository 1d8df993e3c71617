import fc from 'fast-check';
import { SAMPLE_USERS, STANDARD_SCOPES } from '../../src/lib/core/index';
import { FLOW_IDS, FORGE_RECIPES } from '../../src/lib/sim/index';
import { LIMITS, MAX_CLOCK_SKEW } from '../../src/lib/sim/settings';
import { MESSAGE_NAMES, STEP_NAMES } from '../../src/lib/sim/types';

const INHERITED = Object.getOwnPropertyNames(Object.prototype);

/** Settings that pass validation, built from every kind of value each field allows. */
const word = fc.oneof(
	fc.constantFrom(...STANDARD_SCOPES, ...INHERITED),
	fc.stringMatching(/^[\x21\x23-\x5B\x5D-\x7E]{1,12}$/)
);
const claimValue = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.boolean());
const rule = fc.oneof(
	fc.record({ kind: fc.constant('setLifetime'), seconds: fc.integer({ min: 1, max: 86400 }) }),
	fc.record({
		kind: fc.constant('addClaim'),
		namespace: fc.constantFrom('https://tokenstep.example/', 'http://x.example/$$'),
		name: fc.oneof(fc.constantFrom(...INHERITED), fc.string({ minLength: 1, maxLength: 20 })),
		value: claimValue
	}),
	fc.record({
		kind: fc.constantFrom('addScopes', 'removeScopes'),
		scopes: fc.array(word, { minLength: 1, maxLength: 4 })
	})
);
// Aimed by message, as the settings do: any message or step name, its first to fourth occurrence.
const message = fc.record({
	message: fc.constantFrom(...MESSAGE_NAMES),
	nth: fc.integer({ min: 1, max: 4 })
});
const stepRef = fc.record({
	message: fc.constantFrom(...STEP_NAMES),
	nth: fc.integer({ min: 1, max: 4 })
});
const intervention = fc.oneof(
	fc
		.record({
			kind: fc.constant('tamper'),
			claim: fc.oneof(
				fc.constantFrom('sub', 'aud', ...INHERITED),
				fc.string({ minLength: 1, maxLength: 20 })
			),
			value: claimValue
		})
		.chain((i) => message.map((m) => ({ ...i, ...m }))),
	message.map((m) => ({ kind: 'alg-none', ...m })),
	message.map((m) => ({ kind: 'replay', ...m })),
	fc
		.constantFrom(...FORGE_RECIPES)
		.chain((recipe) => message.map((m) => ({ kind: 'forge', recipe, ...m })))
);
export const validSettingsInput = fc.record({
	flow: fc.constantFrom(...FLOW_IDS),
	scope: fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => ['openid', ...w].join(' ')),
	idTokenLifetime: fc.integer({ min: 1, max: 365 * 86400 }),
	accessTokenLifetime: fc.integer({ min: 1, max: 365 * 86400 }),
	algorithm: fc.constantFrom('RS256', 'PS256', 'ES256', 'EdDSA', 'HS256'),
	user: fc.constantFrom(...SAMPLE_USERS.map((u) => u.id)),
	clientType: fc.constantFrom('spa', 'webapp'),
	clockSkew: fc.integer({ min: 0, max: MAX_CLOCK_SKEW }),
	dpopNonce: fc.boolean(),
	rules: fc.array(rule, { maxLength: LIMITS.rules }),
	clockJumps: fc.array(
		stepRef.chain((ref) =>
			fc.integer({ min: 1, max: 10 * 365 * 86400 }).map((seconds) => ({ ...ref, seconds }))
		),
		{ maxLength: LIMITS.clockJumps }
	),
	interventions: fc.array(intervention, { maxLength: LIMITS.interventions })
});
