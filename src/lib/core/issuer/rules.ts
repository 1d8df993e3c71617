/**
 * Declarative rules run at issuance, modelled on Auth0 Rules' `context.jwtConfiguration`.
 * They are data, never code: nothing a user types is evaluated.
 */
export type Rule =
	/** `context.jwtConfiguration.lifetimeInSeconds = seconds` */
	| { kind: 'setLifetime'; seconds: number }
	/** `context.idToken[namespace + name] = value`; custom claims must be namespaced URLs. */
	| { kind: 'addClaim'; namespace: string; name: string; value: string | number | boolean }
	/** `context.jwtConfiguration.scopes` adjusted */
	| { kind: 'addScopes'; scopes: string[] }
	| { kind: 'removeScopes'; scopes: string[] };

export interface JwtConfiguration {
	lifetimeInSeconds: number;
	scopes: string[];
	customClaims: Record<string, string | number | boolean>;
}

/** A lifetime must be a whole number of seconds, at least one, at most a year. */
export const MAX_LIFETIME = 365 * 24 * 3600;

export function lifetimeProblem(seconds: unknown): string | undefined {
	if (typeof seconds !== 'number' || !Number.isInteger(seconds)) {
		const shown = typeof seconds === 'number' ? String(seconds) : JSON.stringify(seconds);
		return `lifetime must be a whole number of seconds, got ${shown}`;
	}
	if (seconds < 1) return `lifetime must be at least 1 second, got ${seconds}`;
	if (seconds > MAX_LIFETIME)
		return `lifetime must be at most ${MAX_LIFETIME} seconds (a year), got ${seconds}`;
	return undefined;
}

// Claims the issuer owns: a rule may not overwrite them.
const PROTECTED_CLAIMS = new Set([
	'iss',
	'sub',
	'aud',
	'exp',
	'iat',
	'nbf',
	'jti',
	'auth_time',
	'nonce',
	'azp',
	'at_hash',
	'c_hash',
	'acr',
	'amr',
	'sid'
]);

/** Longest custom claim namespace, name and string value a rule may set (characters). */
export const RULE_LIMITS = { namespace: 200, name: 100, value: 1000, scopes: 30 } as const;

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/;

function scopesProblem(scopes: unknown): string | undefined {
	if (!Array.isArray(scopes) || scopes.length === 0) return 'scopes must be a non-empty list';
	if (scopes.length > RULE_LIMITS.scopes)
		return `a rule lists at most ${RULE_LIMITS.scopes} scope values, got ${scopes.length}`;
	return scopes.every((s) => typeof s === 'string' && SCOPE_TOKEN.test(s))
		? undefined
		: 'scope values are printable ASCII without spaces, quotes or backslashes (at most 100 characters)';
}

/**
 * Explains what is wrong with a rule, or returns undefined when it is well formed.
 * Takes anything (rules come from URLs) and never throws.
 */
export function ruleProblem(rule: unknown): string | undefined {
	if (typeof rule !== 'object' || rule === null || Array.isArray(rule))
		return 'a rule is an object with a kind';
	const r = rule as Record<string, unknown>;
	const kind = Object.hasOwn(r, 'kind') ? r.kind : undefined;
	switch (kind) {
		case 'setLifetime':
			return lifetimeProblem(r.seconds);
		case 'addClaim': {
			const { namespace, name, value } = r;
			if (
				typeof namespace !== 'string' ||
				namespace.length > RULE_LIMITS.namespace ||
				!URL.canParse(namespace)
			)
				return `custom claim namespace must be an absolute URL such as https://tokenstep.example/ (at most ${RULE_LIMITS.namespace} characters)`;
			const url = new URL(namespace);
			if (url.protocol !== 'https:' && url.protocol !== 'http:') {
				return `custom claim namespace must be an http(s) URL, got ${url.protocol}`;
			}
			if (typeof name !== 'string' || !name || name.length > RULE_LIMITS.name)
				return `claim name must be text of 1 to ${RULE_LIMITS.name} characters`;
			const claim = namespace + name;
			if (PROTECTED_CLAIMS.has(claim)) return `claim name ${JSON.stringify(claim)} is not allowed`;
			if (typeof value === 'string' && value.length > RULE_LIMITS.value)
				return `claim value must be at most ${RULE_LIMITS.value} characters`;
			if (typeof value === 'number' && !Number.isFinite(value))
				return 'claim value must be a finite number';
			if (!['string', 'number', 'boolean'].includes(typeof value))
				return 'claim value must be a string, number or boolean';
			return undefined;
		}
		case 'addScopes':
		case 'removeScopes':
			return scopesProblem(r.scopes);
		default:
			return `unknown rule kind ${typeof kind === 'string' ? JSON.stringify(kind.slice(0, 40)) : typeof kind}`;
	}
}

/** Runs the rules in order over the issuer's defaults; later rules see earlier ones' changes. */
export function applyRules(rules: readonly Rule[], initial: JwtConfiguration): JwtConfiguration {
	const config: JwtConfiguration = {
		lifetimeInSeconds: initial.lifetimeInSeconds,
		scopes: [...initial.scopes],
		// Null prototype: a claim name is data, whatever it is called.
		customClaims: Object.assign(Object.create(null), initial.customClaims)
	};
	for (const rule of rules) {
		switch (rule.kind) {
			case 'setLifetime':
				config.lifetimeInSeconds = rule.seconds;
				break;
			case 'addClaim':
				config.customClaims[rule.namespace + rule.name] = rule.value;
				break;
			case 'addScopes':
				for (const s of rule.scopes) if (!config.scopes.includes(s)) config.scopes.push(s);
				break;
			case 'removeScopes':
				// `openid` stays: without it this is no longer an OpenID Connect request.
				config.scopes = config.scopes.filter((s) => s === 'openid' || !rule.scopes.includes(s));
				break;
		}
	}
	return config;
}
