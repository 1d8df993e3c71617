import type { User, UserProfile } from './data';
import { lookupTable } from './lookup';

/**
 * Scope values that request sets of standard claims (OIDC Core §5.4).
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ScopeClaims
 */
export const SCOPE_CLAIMS = lookupTable<(keyof UserProfile)[]>({
	profile: [
		'name',
		'family_name',
		'given_name',
		'middle_name',
		'nickname',
		'preferred_username',
		'profile',
		'picture',
		'website',
		'gender',
		'birthdate',
		'zoneinfo',
		'locale',
		'updated_at'
	],
	email: ['email', 'email_verified'],
	address: ['address'],
	phone: ['phone_number', 'phone_number_verified']
});

export const STANDARD_SCOPES = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access'];

const PROFILE_ATTRIBUTES = new Set<string>(Object.values(SCOPE_CLAIMS).flat());

/** Splits a space-delimited scope string (RFC 6749 §3.3), dropping duplicates, keeping order. */
export function parseScope(scope: string | null | undefined): string[] {
	return [...new Set((scope ?? '').split(' ').filter(Boolean))];
}

/** Scope tokens are printable ASCII without space, quote or backslash (RFC 6749 §3.3). */
export function invalidScopeToken(scopes: string[]): string | undefined {
	return scopes.find((s) => !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(s));
}

/**
 * The profile claims a scope list asks for. Besides the OIDC scope values this honours the
 * legacy Auth0 style the guide shows, where `scope=openid name email` names attributes directly.
 */
export function claimsForScopes(user: User, scopes: string[]): Partial<UserProfile> {
	const wanted = new Set<keyof UserProfile>();
	for (const scope of scopes) {
		for (const claim of SCOPE_CLAIMS[scope] ?? []) wanted.add(claim);
		if (PROFILE_ATTRIBUTES.has(scope)) wanted.add(scope as keyof UserProfile);
	}
	const claims: Record<string, unknown> = Object.create(null);
	for (const name of wanted) {
		const value = user.profile[name];
		if (value !== undefined) claims[name] = value;
	}
	return claims as Partial<UserProfile>;
}
