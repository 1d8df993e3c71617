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

/** Explains what is wrong with a rule, or returns undefined when it is well formed. */
export function ruleProblem(rule: Rule): string | undefined {
	switch (rule.kind) {
		case 'setLifetime':
			return lifetimeProblem(rule.seconds);
		case 'addClaim': {
			let url: URL;
			try {
				url = new URL(rule.namespace);
			} catch {
				return `custom claim namespace must be an absolute URL such as https://tokenstep.example/, got ${JSON.stringify(rule.namespace)}`;
			}
			if (url.protocol !== 'https:' && url.protocol !== 'http:') {
				return `custom claim namespace must be an http(s) URL, got ${url.protocol}`;
			}
			const claim = rule.namespace + rule.name;
			if (!rule.name || PROTECTED_CLAIMS.has(claim))
				return `claim name ${JSON.stringify(claim)} is not allowed`;
			if (!['string', 'number', 'boolean'].includes(typeof rule.value))
				return 'claim value must be a string, number or boolean';
			return undefined;
		}
		case 'addScopes':
		case 'removeScopes':
			return rule.scopes.every((s) => /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(s))
				? undefined
				: 'scope values are printable ASCII without spaces, quotes or backslashes';
		default:
			return `unknown rule kind ${JSON.stringify((rule as { kind: unknown }).kind)}`;
	}
}

/** Runs the rules in order over the issuer's defaults; later rules see earlier ones' changes. */
export function applyRules(rules: readonly Rule[], initial: JwtConfiguration): JwtConfiguration {
	const config: JwtConfiguration = {
		lifetimeInSeconds: initial.lifetimeInSeconds,
		scopes: [...initial.scopes],
		customClaims: { ...initial.customClaims }
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
