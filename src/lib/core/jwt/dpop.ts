import {
	calculateJwkThumbprint,
	exportJWK,
	generateKeyPair,
	importJWK,
	SignJWT,
	type JWK
} from 'jose';
import {
	decodeCheck,
	fail,
	formatCheck,
	notApplicable,
	pass,
	runChecks,
	signatureCheck,
	sizeCheck,
	type CheckStep,
	type ValidationReport
} from './checks';
import { CLIENT_SIGNING_ALGORITHMS } from '../client/clientJwt';
import { s256 } from './hashes';
import { errorDescription } from '../http';
import { randomToken } from '../random';
import type { JtiCache } from './replay';
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

function checks(proofs: string[], expected: DpopExpectations): CheckStep[] {
	const url = comparableUrl(expected.url);
	return [
		{
			id: 'dpop_proof',
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
		},
		{ ...sizeCheck, id: 'dpop_size' },
		{ ...formatCheck, id: 'dpop_format' },
		{ ...decodeCheck, id: 'dpop_decode' },
		{
			id: 'dpop_typ',
			label: 'Typed as a DPoP proof (dpop+jwt)',
			spec: SPEC.dpopCheck,
			run: ({ header }) =>
				header.typ === 'dpop+jwt'
					? pass('typ "dpop+jwt"')
					: fail(`typ is ${JSON.stringify(header.typ ?? null)}, not "dpop+jwt"`)
		},
		{
			id: 'dpop_alg',
			label: 'Asymmetric algorithm the server supports',
			spec: SPEC.dpopCheck,
			gate: 'structure',
			run: ({ header }) =>
				typeof header.alg === 'string' && DPOP_ALGORITHMS.includes(header.alg)
					? pass(`"${header.alg}" is allowed`)
					: fail(
							`alg ${JSON.stringify(header.alg ?? null)} is not one of ${DPOP_ALGORITHMS.join(', ')}`
						)
		},
		{
			id: 'dpop_jwk',
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
		},
		{ ...signatureCheck, id: 'dpop_signature', spec: SPEC.dpopCheck },
		{
			id: 'dpop_htm',
			label: 'Proof is for this HTTP method (htm)',
			spec: SPEC.dpopCheck,
			run: ({ claims }) =>
				claims.htm === expected.method
					? pass(`htm = ${expected.method}`)
					: fail(`htm is ${JSON.stringify(claims.htm ?? null)}, the request is ${expected.method}`)
		},
		{
			id: 'dpop_htu',
			label: 'Proof is for this URL (htu)',
			spec: SPEC.dpopCheck,
			run: ({ claims }) => {
				const htu = typeof claims.htu === 'string' ? comparableUrl(claims.htu) : undefined;
				return htu !== undefined && htu === url
					? pass(`htu = ${url}`)
					: fail(
							`htu is ${JSON.stringify(claims.htu ?? null)}, the request went to ${url ?? expected.url}: a proof for another URL`
						);
			}
		},
		{
			id: 'dpop_iat',
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
		},
		{
			id: 'dpop_jti',
			label: 'Proof used only once (jti)',
			spec: SPEC.dpopReplay,
			run: ({ claims, now }) => {
				const jti = claims.jti;
				if (typeof jti !== 'string' || jti === '') return fail('jti is missing or not a string');
				return expected.replay.has(`dpop ${jti}`, now)
					? fail('this proof was already used: a replayed DPoP proof')
					: pass('first use of this proof');
			}
		},
		{
			id: 'dpop_nonce',
			label: 'Server nonce (nonce)',
			spec: SPEC.dpopCheck,
			run: ({ claims }) => {
				if (expected.nonce === undefined) return notApplicable('the server asked for no nonce');
				return claims.nonce === expected.nonce
					? pass('nonce matches')
					: fail('nonce is missing or is not the one the server gave');
			}
		},
		{
			id: 'dpop_ath',
			label: 'Proof is for this access token (ath)',
			spec: SPEC.dpopResource,
			run: async ({ claims }) => {
				if (expected.accessToken === undefined)
					return notApplicable('no access token is sent with this request');
				return claims.ath === (await s256(expected.accessToken))
					? pass('ath is the SHA-256 hash of the access token')
					: fail(
							claims.ath === undefined
								? 'no ath: the proof is not tied to the access token it came with'
								: 'ath is the hash of another access token'
						);
			}
		},
		{
			id: 'dpop_jkt',
			label: 'Proof key is the key the token is bound to (cnf.jkt)',
			spec: SPEC.dpopResource,
			run: async ({ header }) => {
				if (expected.jkt === undefined) return notApplicable('no bound token to compare with');
				const jkt = await calculateJwkThumbprint(header.jwk as JWK);
				return jkt === expected.jkt
					? pass('thumbprint of jwk = cnf.jkt')
					: fail('the proof is signed with another key than the one the token is bound to');
			}
		}
	];
}

/**
 * Checks a DPoP proof as RFC 9449 §4.3 lists it, at the token endpoint or at a resource server.
 * `proofs` is every DPoP header the request carried. Never throws.
 */
export async function validateDpopProof(
	proofs: string[],
	expected: DpopExpectations
): Promise<ValidationReport> {
	const report = await runChecks(proofs.length === 1 ? proofs[0] : '', checks(proofs, expected), {
		now: expected.now,
		tolerance: 0
	});
	const jti = report.claims?.jti;
	const iat = report.claims?.iat;
	if (report.valid && typeof jti === 'string' && typeof iat === 'number')
		expected.replay.remember(`dpop ${jti}`, iat + DPOP_MAX_AGE, expected.now);
	return report;
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
