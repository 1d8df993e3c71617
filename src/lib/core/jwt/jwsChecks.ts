/**
 * Checks of the JWS itself, whatever the token is for: its structure, its type, its critical
 * extensions and its signature (RFC 7515). The key it is verified with is found by keyChecks.
 */
import { compactVerify, errors as joseErrors } from 'jose';
import { MAX_TOKEN_LENGTH, type DecodedJwt, type DecodeErrorCode } from './decode';
import { fail, pass, type CheckContext, type CheckStep, type Outcome } from './checks';
import { SPEC } from '../spec';

const STRUCTURE_ERRORS: DecodeErrorCode[] = [
	'ERR_JWT_NOT_STRING',
	'ERR_JWT_EMPTY',
	'ERR_JWT_WHITESPACE',
	'ERR_JWT_SEGMENTS',
	'ERR_JWT_ENCRYPTED'
];

/** A check nothing after it can do without: it fails with `refusal`, or passes saying `passed`. */
function structureCheck(
	step: Pick<CheckStep, 'id' | 'label' | 'spec'>,
	refusal: (decoded: DecodedJwt) => string | undefined,
	passed: (ctx: CheckContext) => string
): CheckStep {
	return {
		...step,
		gate: 'structure',
		run: (ctx) => {
			const refused = refusal(ctx.decoded);
			return refused === undefined ? pass(passed(ctx)) : fail(refused);
		}
	};
}

export const sizeCheck = structureCheck(
	{ id: 'size', label: 'Token size within limit', spec: SPEC.receivedClaims },
	({ errors }) =>
		errors.some((e) => e.code === 'ERR_JWT_TOO_LARGE')
			? (errors[0]?.message ?? 'too large')
			: undefined,
	({ token }) => `${token.length} characters (limit ${MAX_TOKEN_LENGTH})`
);

export const formatCheck = structureCheck(
	{ id: 'format', label: 'Compact JWS: three base64url segments', spec: SPEC.jws },
	({ errors }) => errors.find((e) => STRUCTURE_ERRORS.includes(e.code))?.message,
	() => 'header.payload.signature'
);

export const decodeCheck = structureCheck(
	{ id: 'decode', label: 'Header and payload decode to JSON objects', spec: SPEC.jws },
	({ errors, header, payload }) =>
		errors[0]?.message ?? (header && payload ? undefined : 'header or payload missing'),
	() => 'both decoded'
);

/** A `typ` as RFC 7515 §4.1.9 compares it: case-insensitive, `application/` optional. */
export const mediaType = (typ: unknown): string =>
	String(typ ?? '')
		.toLowerCase()
		.replace(/^application\//, '');

/** The `typ` one kind of token must carry, so no other JWT passes for it (RFC 8725 §3.11). */
export interface ExplicitType {
	/** The media type, lower-case and without `application/`: `logout+jwt`. */
	type: string;
	label: string;
	spec: string;
	/** What a token without `typ` gets: allowed, not applicable, or refused. */
	ifAbsent: Outcome;
	/**
	 * What a token typed plain `JWT` gets, when the kind's spec only recommends its own type and
	 * such tokens are common (Back-Channel Logout §4.1); by default it is refused like any other.
	 */
	ifGeneric?: Outcome;
	/** Why another `typ` is refused; `bare` is it as `mediaType` reads it. */
	refuse: (typ: unknown, bare: string) => string;
	/** The passed detail; by default it names the `typ` as sent. */
	matched?: string;
}

export function explicitTypeCheck(expected: ExplicitType): CheckStep {
	const { type, ifAbsent, ifGeneric, refuse, matched, ...described } = expected;
	return {
		id: 'typ',
		...described,
		run: ({ header: { typ } }) => {
			if (typ === undefined) return ifAbsent;
			const bare = mediaType(typ);
			if (bare === 'jwt' && ifGeneric) return ifGeneric;
			return bare === type ? pass(matched ?? `typ "${String(typ)}"`) : fail(refuse(typ, bare));
		}
	};
}

export const critCheck: CheckStep = {
	id: 'crit',
	label: 'No critical header extensions left unprocessed',
	spec: SPEC.crit,
	run: ({ header }) => {
		if (header.crit === undefined) return pass('no crit header');
		// We implement no JWS extensions, so any crit entry names something we must not ignore.
		return fail(
			`crit lists ${JSON.stringify(header.crit)}, extensions this validator does not implement`
		);
	}
};

export const signatureCheck: CheckStep = {
	id: 'signature',
	label: 'Signature verifies',
	spec: SPEC.jws,
	run: async ({ token, header, key }) => {
		if (!key) return fail('no key');
		try {
			await compactVerify(token, key, { algorithms: [String(header.alg)] });
			return pass(`valid ${String(header.alg)} signature over header and payload`);
		} catch (e) {
			if (e instanceof joseErrors.JWSSignatureVerificationFailed) {
				return fail(
					'signature does not match header and payload: the token was altered or signed with another key'
				);
			}
			return fail(`signature could not be verified: ${e instanceof Error ? e.message : String(e)}`);
		}
	}
};
