import {
	calculateJwkThumbprint,
	exportJWK,
	generateKeyPair,
	importJWK,
	SignJWT,
	type JWK
} from 'jose';
import { CLIENT_SIGNING_ALGORITHMS } from './algorithms';
import { unusedJtiCheck } from './claimChecks';
import { fail, notApplicable, pass, type CheckStep, type ValidationReport } from './checks';
import { s256 } from './hashes';
import { jtiReplay, type JtiCache } from './replay';
import { verifySignedJwt, type SignedJwtKind } from './signedJwt';
import { errorDescription } from '../http';
import { randomToken } from '../random';
import { SPEC } from '../spec';

/** Algorithms a DPoP proof may be signed with (advertised as dpop_signing_alg_values_supported). */
export const DPOP_ALGORITHMS: readonly string[] = CLIENT_SIGNING_ALGORITHMS;
/** How old a proof may be: long enough for a slow network, short enough to limit replay. */
export const DPOP_MAX_AGE = 300;
/** How far ahead of our clock a proof's iat may be (the client's clock may run fast). */
export const DPOP_CLOCK_SKEW = 60;

/** A client's DPoP key pair: the private key never leaves it; the public JWK goes in every proof. */
export interface DpopKey {
	alg: string;
	privateKey: CryptoKey;
	publicJwk: JWK;
	/** The JWK SHA-256 thumbprint (RFC 7638) tokens are bound to, as `cnf.jkt`. */
	jkt: string;
}

/** Generates a DPoP key pair for a client. */
export async function generateDpopKey(alg = 'ES256'): Promise<DpopKey> {
	const { privateKey, publicKey } = await generateKeyPair(
		alg,
		alg === 'EdDSA' ? { crv: 'Ed25519' } : {}
	);
	const publicJwk = await exportJWK(publicKey);
	return { alg, privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk) };
}

export interface DpopProofInput {
	/** The HTTP method of the request the proof goes with. */
	htm: string;
	/** The request's URL; query and fragment are left out. */
	htu: string;
	/** Simulated now (seconds). */
	iat: number;
	/** At a resource server: the access token sent with it, hashed into `ath`. */
	accessToken?: string;
	/** A nonce the server asked for (DPoP-Nonce). */
	nonce?: string;
	jti?: string;
}

/**
 * The client's side: a DPoP proof JWT for one HTTP request, signed with its DPoP key.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 */
export async function createDpopProof(key: DpopKey, input: DpopProofInput): Promise<string> {
	const url = new URL(input.htu);
	url.search = '';
	url.hash = '';
	return new SignJWT({
		jti: input.jti ?? randomToken(16),
		htm: input.htm,
		htu: url.href,
		iat: input.iat,
		...(input.accessToken !== undefined && { ath: await s256(input.accessToken) }),
		...(input.nonce !== undefined && { nonce: input.nonce })
	})
		.setProtectedHeader({ typ: 'dpop+jwt', alg: key.alg, jwk: key.publicJwk })
		.sign(key.privateKey);
}

export interface DpopExpectations {
	/** Method and URL of the request the proof arrived with. */
	method: string;
	url: string;
	now: number;
	/** Where used jtis are kept; a valid proof's jti is remembered in it. */
	replay: JtiCache;
	/** At a resource server: the access token presented with the proof (checked against `ath`). */
	accessToken?: string;
	/** At a resource server: the thumbprint the access token is bound to (`cnf.jkt`). */
	jkt?: string;
	/** A nonce the server handed out and now requires. */
	nonce?: string;
}

/** Without query and fragment, normalised by the URL parser (RFC 9449 §4.3 check 9). */
function comparableUrl(text: string): string | undefined {
	if (!URL.canParse(text)) return undefined;
	const url = new URL(text);
	return `${url.origin}${url.pathname}`;
}

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/**
 * A DPoP proof as RFC 9449 §4.3 lists its checks, ids prefixed `dpop_` so they stand apart
 * from the access token's beside them. Its key is the one in its own header: the proof shows
 * possession of that key, and a bound token names its thumbprint.
 */
function dpopProofKind(proofs: string[], expected: DpopExpectations): SignedJwtKind {
	// A proof is remembered as long as its iat keeps it fresh enough to be accepted.
	const replay = jtiReplay(expected.replay, 'dpop', ({ iat }) =>
		typeof iat === 'number' ? iat + DPOP_MAX_AGE : undefined
	);
	return {
		spec: SPEC.dpopCheck,
		idPrefix: 'dpop_',
		received: oneProofCheck(proofs),
		typ: typCheck,
		header: [algCheck, embeddedKeyCheck],
		signatureSpec: SPEC.dpopCheck,
		claims: [
			methodCheck(expected.method),
			urlCheck(expected.url),
			freshCheck,
			unusedJtiCheck(SPEC.dpopReplay, replay, {
				label: 'Proof used only once (jti)',
				replayed: 'this proof was already used: a replayed DPoP proof',
				firstUse: 'first use of this proof'
			}),
			nonceCheck(expected.nonce),
			accessTokenHashCheck(expected.accessToken)
		],
		// Named by the token's claim it compares with, not as a proof claim (and not RFC 9449 §10's
		// dpop_jkt request parameter, which binds a code).
		binding: [boundKeyCheck(expected.jkt)],
		replay
	};
}

const oneProofCheck = (proofs: string[]): CheckStep => ({
	id: 'proof',
	label: 'Exactly one DPoP proof sent',
	spec: SPEC.dpopCheck,
	gate: 'structure',
	run: () =>
		proofs.length === 1
			? pass('one DPoP header')
			: fail(
					proofs.length === 0
						? 'no DPoP header: a DPoP-bound token needs a fresh proof with every request'
						: `${proofs.length} DPoP headers; exactly one is allowed`
				)
});

/** Compared exactly, as RFC 9449 §4.3 words it. */
const typCheck: CheckStep = {
	id: 'typ',
	label: 'Typed as a DPoP proof (dpop+jwt)',
	spec: SPEC.dpopCheck,
	run: ({ header }) =>
		header.typ === 'dpop+jwt'
			? pass('typ "dpop+jwt"')
			: fail(`typ is ${JSON.stringify(header.typ ?? null)}, not "dpop+jwt"`)
};

const algCheck: CheckStep = {
	id: 'alg',
	label: 'Asymmetric algorithm the server supports',
	spec: SPEC.dpopCheck,
	gate: 'structure',
	run: ({ header }) =>
		typeof header.alg === 'string' && DPOP_ALGORITHMS.includes(header.alg)
			? pass(`"${header.alg}" is allowed`)
			: fail(
					`alg ${JSON.stringify(header.alg ?? null)} is not one of ${DPOP_ALGORITHMS.join(', ')}`
				)
};

const embeddedKeyCheck: CheckStep = {
	id: 'jwk',
	label: 'Header carries the public key (jwk)',
	spec: SPEC.dpopCheck,
	gate: 'structure',
	run: async (ctx) => {
		const jwk = ctx.header.jwk;
		if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))
			return fail('no jwk object in the header');
		const members = Object.keys(jwk);
		if (PRIVATE_JWK_MEMBERS.some((m) => members.includes(m)))
			return fail('jwk contains private key material');
		ctx.key = (await importJWK(jwk as JWK, String(ctx.header.alg))) as CryptoKey;
		return pass(`${String((jwk as JWK).kty)} public key`);
	}
};

const methodCheck = (method: string): CheckStep => ({
	id: 'htm',
	label: 'Proof is for this HTTP method (htm)',
	spec: SPEC.dpopCheck,
	run: ({ claims }) =>
		claims.htm === method
			? pass(`htm = ${method}`)
			: fail(`htm is ${JSON.stringify(claims.htm ?? null)}, the request is ${method}`)
});

function urlCheck(requestUrl: string): CheckStep {
	const url = comparableUrl(requestUrl);
	return {
		id: 'htu',
		label: 'Proof is for this URL (htu)',
		spec: SPEC.dpopCheck,
		run: ({ claims }) => {
			const htu = typeof claims.htu === 'string' ? comparableUrl(claims.htu) : undefined;
			return htu !== undefined && htu === url
				? pass(`htu = ${url}`)
				: fail(
						`htu is ${JSON.stringify(claims.htu ?? null)}, the request went to ${url ?? requestUrl}: a proof for another URL`
					);
		}
	};
}

const freshCheck: CheckStep = {
	id: 'iat',
	label: 'Proof is fresh (iat)',
	spec: SPEC.dpopCheck,
	run: ({ claims, now }) => {
		const iat = claims.iat;
		if (typeof iat !== 'number' || !Number.isFinite(iat))
			return fail('iat is missing or not a number');
		if (iat > now + DPOP_CLOCK_SKEW) return fail(`iat is ${iat - now} s in the future`);
		if (iat < now - DPOP_MAX_AGE)
			return fail(`proof is ${now - iat} s old; at most ${DPOP_MAX_AGE} s is accepted`);
		return pass(`made ${now - iat} s ago`);
	}
};

const nonceCheck = (nonce: string | undefined): CheckStep => ({
	id: 'nonce',
	label: 'Server nonce (nonce)',
	spec: SPEC.dpopCheck,
	run: ({ claims }) => {
		if (nonce === undefined) return notApplicable('the server asked for no nonce');
		return claims.nonce === nonce
			? pass('nonce matches')
			: fail('nonce is missing or is not the one the server gave');
	}
});

const accessTokenHashCheck = (accessToken: string | undefined): CheckStep => ({
	id: 'ath',
	label: 'Proof is for this access token (ath)',
	spec: SPEC.dpopResource,
	run: async ({ claims }) => {
		if (accessToken === undefined)
			return notApplicable('no access token is sent with this request');
		return claims.ath === (await s256(accessToken))
			? pass('ath is the SHA-256 hash of the access token')
			: fail(
					claims.ath === undefined
						? 'no ath: the proof is not tied to the access token it came with'
						: 'ath is the hash of another access token'
				);
	}
});

const boundKeyCheck = (jkt: string | undefined): CheckStep => ({
	id: 'cnf_jkt',
	label: 'Proof key is the key the token is bound to (cnf.jkt)',
	spec: SPEC.dpopResource,
	run: async ({ header }) => {
		if (jkt === undefined) return notApplicable('no bound token to compare with');
		return (await calculateJwkThumbprint(header.jwk as JWK)) === jkt
			? pass('thumbprint of jwk = cnf.jkt')
			: fail('the proof is signed with another key than the one the token is bound to');
	}
});

/**
 * Checks a DPoP proof as RFC 9449 §4.3 lists it, at the token endpoint or at a resource server.
 * `proofs` is every DPoP header the request carried. Never throws.
 */
export async function validateDpopProof(
	proofs: string[],
	expected: DpopExpectations
): Promise<ValidationReport> {
	return verifySignedJwt(proofs.length === 1 ? proofs[0] : '', dpopProofKind(proofs, expected), {
		now: expected.now
	});
}

/** The thumbprint of a valid proof's key (RFC 7638), what tokens are bound to. */
export async function proofThumbprint(report: ValidationReport): Promise<string | undefined> {
	const jwk = report.header?.jwk;
	if (!report.valid || typeof jwk !== 'object' || jwk === null) return undefined;
	return calculateJwkThumbprint(jwk as JWK).catch(() => undefined);
}

/** A `WWW-Authenticate: DPoP` challenge (RFC 9449 §7.1), with the algorithms the server accepts. */
export function dpopChallenge(error?: string, description?: string): string {
	const params = [`algs="${DPOP_ALGORITHMS.join(' ')}"`];
	if (error) params.unshift(`error="${error}"`);
	if (description) params.splice(1, 0, `error_description="${errorDescription(description)}"`);
	return `DPoP ${params.join(', ')}`;
}
