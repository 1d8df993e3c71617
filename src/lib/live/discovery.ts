/**
 * The person's provider, read from its discovery document: the issuer they typed, checked before
 * a byte is sent, and the document, checked before any of its URLs is used. Framework-free.
 */
import { fail, notApplicable, pass, type Check } from '../core/jwt/checks';
import { SPEC } from '../core/spec';
import { check, report } from '../har/flowChecks';
import type { ValidationReport } from '../core/jwt/checks';

/** The members of the discovery document /live uses, each checked. */
export interface ProviderMetadata {
	issuer: string;
	authorization_endpoint: string;
	token_endpoint: string;
	jwks_uri: string;
	userinfo_endpoint?: string;
	id_token_signing_alg_values_supported?: string[];
	code_challenge_methods_supported?: string[];
	response_types_supported?: string[];
	authorization_response_iss_parameter_supported?: boolean;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A URL /live may send to: https, or http on this machine's loopback (a provider under test).
 * Anything else (javascript:, data:, http on the network) is refused.
 */
export function usableUrl(value: unknown): URL | undefined {
	if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
	const url = new URL(value);
	if (url.username || url.password) return undefined;
	if (url.protocol === 'https:') return url;
	if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url;
	return undefined;
}

/** Why the typed issuer cannot be used, or undefined when it can (OIDC Discovery §2, §4). */
export function issuerProblem(issuer: string): string | undefined {
	const url = usableUrl(issuer);
	if (!url)
		return 'the issuer must be an https URL (or http on localhost, for a provider under test)';
	if (url.search || url.hash) return 'an issuer identifier has no query and no fragment';
	return undefined;
}

/** Where the discovery document of an issuer is (OIDC Discovery §4: a trailing / is dropped first). */
export function discoveryUrl(issuer: string): string {
	return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;

function strings(value: unknown): string[] | undefined {
	return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

/**
 * Checks a discovery document for the issuer the person typed: the issuer identical (OIDC
 * Discovery §4.3), every endpoint an https URL, the code flow and PKCE S256 offered. The report's
 * checks say which member failed; `metadata` is set only when every check passed.
 */
export function checkDiscovery(
	issuer: string,
	body: unknown
): { report: ValidationReport; metadata?: ProviderMetadata } {
	const doc =
		typeof body === 'object' && body !== null && !Array.isArray(body)
			? (body as Record<string, unknown>)
			: undefined;
	const checks: Check[] = [];
	if (!doc) {
		checks.push(
			check(
				'discovery_json',
				'The discovery document is a JSON object',
				SPEC.discoveryRequest,
				fail('the answer is not a JSON object')
			)
		);
		return { report: report(checks) };
	}
	checks.push(
		check(
			'discovery_issuer',
			'The document names the issuer it was read for',
			SPEC.discoveryValidation,
			doc.issuer === issuer
				? pass(`issuer = ${issuer}`)
				: fail(
						`issuer is ${JSON.stringify(doc.issuer)}, expected exactly ${JSON.stringify(issuer)}`
					)
		)
	);
	for (const name of ENDPOINTS) {
		checks.push(
			check(
				name,
				`${name} is an https URL`,
				SPEC.discovery,
				usableUrl(doc[name])
					? pass(String(doc[name]))
					: fail(
							`${name} is ${JSON.stringify(doc[name] ?? null)}: not an https URL this page will use`
						)
			)
		);
	}
	checks.push(
		check(
			'userinfo_endpoint',
			'userinfo_endpoint is an https URL',
			SPEC.discovery,
			doc.userinfo_endpoint === undefined
				? notApplicable('no userinfo_endpoint: UserInfo cannot be asked')
				: usableUrl(doc.userinfo_endpoint)
					? pass(String(doc.userinfo_endpoint))
					: fail(`userinfo_endpoint is ${JSON.stringify(doc.userinfo_endpoint)}: not an https URL`)
		)
	);
	const responseTypes = strings(doc.response_types_supported);
	checks.push(
		check(
			'response_types_supported',
			'The code flow is offered',
			SPEC.discovery,
			!responseTypes
				? fail('response_types_supported is required and must be a list of strings')
				: responseTypes.includes('code')
					? pass('response_types_supported includes code')
					: fail(`response_types_supported is ${JSON.stringify(responseTypes)}, without code`)
		)
	);
	const pkce = strings(doc.code_challenge_methods_supported);
	checks.push(
		check(
			'code_challenge_methods_supported',
			'PKCE with S256 is offered',
			SPEC.pkceChallenge,
			doc.code_challenge_methods_supported === undefined
				? notApplicable('the provider does not say; S256 is sent anyway')
				: pkce?.includes('S256')
					? pass('code_challenge_methods_supported includes S256')
					: fail(
							`code_challenge_methods_supported is ${JSON.stringify(doc.code_challenge_methods_supported)}, without S256`
						)
		)
	);
	const algs = strings(doc.id_token_signing_alg_values_supported);
	checks.push(
		check(
			'id_token_signing_alg_values_supported',
			'The id_token signing algorithms are listed',
			SPEC.discovery,
			algs?.length
				? pass(algs.join(', '))
				: fail('id_token_signing_alg_values_supported is required and must list algorithms')
		)
	);
	const result = report(checks);
	if (!result.valid) return { report: result };
	return {
		report: result,
		metadata: {
			issuer,
			authorization_endpoint: doc.authorization_endpoint as string,
			token_endpoint: doc.token_endpoint as string,
			jwks_uri: doc.jwks_uri as string,
			...(typeof doc.userinfo_endpoint === 'string' && {
				userinfo_endpoint: doc.userinfo_endpoint
			}),
			id_token_signing_alg_values_supported: algs,
			...(pkce && { code_challenge_methods_supported: pkce }),
			response_types_supported: responseTypes,
			authorization_response_iss_parameter_supported:
				doc.authorization_response_iss_parameter_supported === true
		}
	};
}

/** The origins the discovery document names: the only ones /live talks to after Connect. */
export function namedOrigins(metadata: ProviderMetadata): string[] {
	const urls = [
		metadata.issuer,
		metadata.authorization_endpoint,
		metadata.token_endpoint,
		metadata.jwks_uri,
		metadata.userinfo_endpoint
	];
	return [...new Set(urls.flatMap((u) => (u && usableUrl(u) ? [new URL(u).origin] : [])))];
}
