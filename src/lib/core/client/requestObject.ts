import type { JSONWebKeySet, JWK } from 'jose';
import { audienceOneOf, claimEquals, lifetimeChecks, unusedJtiCheck } from '../jwt/claimChecks';
import { fail, pass, type CheckStep, type ValidationReport } from '../jwt/checks';
import { explicitTypeCheck } from '../jwt/jwsChecks';
import type { JtiCache } from '../jwt/replay';
import { verifySignedJwt, type SignedJwtKind } from '../jwt/signedJwt';
import { signAsClient, signedByClient } from './clientJwt';
import { SPEC } from '../spec';

/** The explicit type of a request object (RFC 9101 §10.8), so no other JWT can pass for one. */
export const REQUEST_OBJECT_TYPE = 'oauth-authz-req+jwt';

/** Claims of the JWT itself, not authorization request parameters. */
const JWT_CLAIMS = ['iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'sub'];

export interface RequestObjectExpectations {
	/** The client that pushed it, by its authentication. */
	clientId: string;
	/** This authorization server's issuer identifier: the request object's audience. */
	issuer: string;
	/** The client's registered public keys. */
	jwks: JSONWebKeySet;
	now: number;
	/** Where used jtis are kept; a valid request object's jti is remembered in it. */
	replay: JtiCache;
	clockTolerance?: number;
}

const typCheck = explicitTypeCheck({
	type: REQUEST_OBJECT_TYPE,
	label: `Typed as a request object (${REQUEST_OBJECT_TYPE})`,
	spec: SPEC.requestObjectTyp,
	ifAbsent: pass('no typ: allowed, though RFC 9101 recommends one'),
	refuse: (typ) =>
		`typ is ${JSON.stringify(typ)}: a JWT of another kind cannot stand in for a request object`,
	matched: `typ "${REQUEST_OBJECT_TYPE}"`
});

const noNestingCheck: CheckStep = {
	id: 'nested',
	label: 'No request or request_uri inside the request object',
	spec: SPEC.requestObject,
	run: ({ claims }) =>
		claims.request !== undefined || claims.request_uri !== undefined
			? fail('the request object carries request or request_uri, which it must not')
			: pass('no nested request')
};

/**
 * Validates a signed request object (JAR) as RFC 9101 §6 asks: signed by a key the client
 * registered, `iss` and `client_id` naming that client, `aud` this issuer, within its lifetime,
 * `jti` single-use. Never throws.
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-6
 */
export async function validateRequestObject(
	requestObject: unknown,
	expected: RequestObjectExpectations
): Promise<ValidationReport> {
	return verifySignedJwt(requestObject, requestObjectKind(expected), expected);
}

function requestObjectKind(expected: RequestObjectExpectations): SignedJwtKind {
	const spec = SPEC.requestObjectSigned;
	const client = signedByClient(expected, 'request', spec);
	return {
		...client,
		spec,
		typ: typCheck,
		// RFC 9101 §4: aud "should be the value of the authorization server (AS) issuer".
		audience: audienceOneOf([expected.issuer], SPEC.requestObject),
		claims: [
			claimEquals(
				'client_id',
				'client_id is the authenticated client',
				expected.clientId,
				SPEC.requestObjectParams
			),
			...lifetimeChecks(spec, 'optional'),
			// Single use is this issuer's policy: RFC 9101 sets no jti rule, and RFC 7519 §4.1.7 says a
			// jti "can be used to prevent the JWT from being replayed".
			unusedJtiCheck(SPEC.jti, client.replay),
			noNestingCheck
		]
	};
}

/**
 * The authorization request parameters a request object carries: only these count, never the
 * ones sent beside it (RFC 9101 §6.3). Non-string values (max_age, claims) are serialised.
 */
export function requestObjectParams(claims: Record<string, unknown>): URLSearchParams {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(claims)) {
		if (JWT_CLAIMS.includes(name) || value === undefined || value === null) continue;
		params.set(name, typeof value === 'string' ? value : JSON.stringify(value));
	}
	return params;
}

/**
 * The client's side: the authorization request as a signed JWT, for the PAR endpoint.
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-4
 */
export function createRequestObject(options: {
	clientId: string;
	/** The authorization server's issuer identifier. */
	issuer: string;
	privateJwk: JWK;
	params: Record<string, string>;
	now: number;
	lifetime?: number;
}): Promise<string> {
	return signAsClient(
		{
			...options.params,
			iss: options.clientId,
			aud: options.issuer,
			client_id: options.clientId,
			nbf: options.now
		},
		{
			privateJwk: options.privateJwk,
			now: options.now,
			lifetime: options.lifetime ?? 60,
			typ: REQUEST_OBJECT_TYPE
		}
	);
}
