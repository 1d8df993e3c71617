import type { JSONWebKeySet, JWK } from 'jose';
import { audienceOneOf, claimEquals, lifetimeChecks, unusedJtiCheck } from '../jwt/claimChecks';
import type { ValidationReport } from '../jwt/checks';
import type { JtiCache } from '../jwt/replay';
import { verifySignedJwt } from '../jwt/signedJwt';
import { signAsClient, signedByClient } from './clientJwt';
import { SPEC } from '../spec';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface ClientAssertionExpectations {
	clientId: string;
	/** The client's registered public keys. */
	jwks: JSONWebKeySet;
	/** Values that identify this server in `aud`: issuer, token endpoint, PAR endpoint (RFC 9126 §2). */
	audiences: string[];
	now: number;
	/** Where used jtis are kept; a valid assertion's jti is remembered in it. */
	replay: JtiCache;
	clockTolerance?: number;
}

/**
 * Validates a `private_key_jwt` client assertion: signed by a key the client registered,
 * `iss` = `sub` = client_id, `aud` this server, not expired, `jti` single-use. Never throws.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3 and OIDC Core §9
 */
export async function validateClientAssertion(
	assertion: unknown,
	expected: ClientAssertionExpectations
): Promise<ValidationReport> {
	const spec = SPEC.jwtClientAuth;
	const client = signedByClient(expected, 'assertion', spec);
	return verifySignedJwt(
		assertion,
		{
			...client,
			spec,
			subject: claimEquals('sub', 'Subject is the client', expected.clientId, spec),
			audience: audienceOneOf(expected.audiences, spec),
			claims: [
				...lifetimeChecks(spec, 'optional'),
				unusedJtiCheck(SPEC.clientAuthentication, client.replay)
			]
		},
		expected
	);
}

/**
 * The client's side: a signed assertion for `private_key_jwt`, short-lived and single-use.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export function createClientAssertion(options: {
	clientId: string;
	/** The authorization server's issuer identifier (or its token endpoint URL). */
	audience: string;
	privateJwk: JWK;
	now: number;
	lifetime?: number;
}): Promise<string> {
	return signAsClient(
		{ iss: options.clientId, sub: options.clientId, aud: options.audience },
		{ privateJwk: options.privateJwk, now: options.now, lifetime: options.lifetime ?? 60 }
	);
}
