import type { JSONWebKeySet, JWK } from 'jose';
import {
	algCheck,
	critCheck,
	decodeCheck,
	expiryCheck,
	fail,
	formatCheck,
	headerKeyCheck,
	keyCheck,
	notBeforeCheck,
	pass,
	runChecks,
	signatureCheck,
	sizeCheck,
	type CheckStep,
	type ValidationReport
} from '../jwt/checks';
import {
	audienceOneOf,
	claimEquals,
	CLIENT_SIGNING_ALGORITHMS,
	optionalIssuedAtCheck,
	signAsClient,
	unusedJtiCheck
} from './clientJwt';
import type { JtiCache } from '../jwt/replay';
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

const typCheck: CheckStep = {
	id: 'typ',
	label: `Typed as a request object (${REQUEST_OBJECT_TYPE})`,
	spec: SPEC.requestObjectTyp,
	run: ({ header }) => {
		const typ = String(header.typ ?? '')
			.toLowerCase()
			.replace(/^application\//, '');
		if (header.typ === undefined) return pass('no typ: allowed, though RFC 9101 recommends one');
		return typ === REQUEST_OBJECT_TYPE
			? pass(`typ "${REQUEST_OBJECT_TYPE}"`)
			: fail(
					`typ is ${JSON.stringify(header.typ)}: a JWT of another kind cannot stand in for a request object`
				);
	}
};

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
	const replayKey = (jti: string) => `request ${expected.clientId} ${jti}`;
	const report = await runChecks(
		requestObject,
		[
			sizeCheck,
			formatCheck,
			decodeCheck,
			typCheck,
			critCheck,
			algCheck(CLIENT_SIGNING_ALGORITHMS),
			headerKeyCheck,
			keyCheck(expected.jwks),
			signatureCheck,
			claimEquals('iss', 'Issuer is the client', expected.clientId, SPEC.requestObjectValidation),
			audienceOneOf([expected.issuer], SPEC.requestObjectValidation),
			claimEquals(
				'client_id',
				'client_id is the authenticated client',
				expected.clientId,
				SPEC.requestObjectParams
			),
			expiryCheck(SPEC.requestObjectValidation),
			notBeforeCheck,
			optionalIssuedAtCheck(SPEC.requestObjectValidation),
			unusedJtiCheck(SPEC.requestObjectValidation, (jti) =>
				expected.replay.has(replayKey(jti), expected.now)
			),
			noNestingCheck
		],
		{ now: expected.now, tolerance: expected.clockTolerance ?? 0 }
	);
	const { jti, exp } = report.claims ?? {};
	if (report.valid && typeof jti === 'string' && typeof exp === 'number')
		expected.replay.remember(replayKey(jti), exp, expected.now);
	return report;
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
