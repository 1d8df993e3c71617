/**
 * The decoder's verification: a pasted token checked as a client would check an id_token,
 * with the simulator's keys or a key the person pasted. Framework-free so it can be tested
 * without a page; never throws, every failure is a code and a sentence.
 */
import type { ValidationReport } from './checks';
import { WEBAPP_CLIENT } from '../data';
import { decodeJwt } from './decode';
import { generatedPublicKeys } from './keys';
import { readKeyInput, type KeyProblemCode, type KeySource } from './keyInput';
import { validateIdToken } from '../client/idToken';

export type VerifyProblemCode = KeyProblemCode | 'KEY_NO_SIMULATOR_KEYS' | 'VERIFY_STOPPED';

export interface PastedVerification {
	/** The token as pasted: whitespace and a leading `Bearer ` are dropped. */
	token: string;
	source: KeySource;
	/** The pasted key, key set, PEM or secret; unused for the simulator's keys. */
	keyText?: string;
	issuer: string;
	audience: string;
	nonce?: string;
	/** Seconds since the epoch. */
	now: number;
}

export type VerifyResult =
	{ report: ValidationReport } | { code: VerifyProblemCode; problem: string };

/** A token copied from an Authorization header keeps its scheme: the token is what follows. */
export function compactToken(pasted: string): string {
	return pasted.trim().replace(/^bearer\s+/i, '');
}

export async function verifyPasted(input: PastedVerification): Promise<VerifyResult> {
	try {
		return await verify(input);
	} catch (e) {
		return {
			code: 'VERIFY_STOPPED',
			problem: `Verification stopped: ${e instanceof Error ? e.message : String(e)}`
		};
	}
}

async function verify(input: PastedVerification): Promise<VerifyResult> {
	const token = compactToken(input.token);
	const header = decodeJwt(token).header;
	const alg = String(header?.alg ?? '');
	const hmac = alg.startsWith('HS');
	let keys: { jwks: { keys: object[] }; clientSecret?: string };
	if (input.source === 'simulator') {
		const published = await generatedPublicKeys();
		if (!published.length && !hmac)
			return {
				code: 'KEY_NO_SIMULATOR_KEYS',
				problem:
					'No simulator keys here yet: a flow makes them when it runs, and this browser keeps them unless its storage is off. Run a flow, then come back (the keys never leave this browser).'
			};
		// The simulator signs HS256 id_tokens with its web app's client secret.
		keys = {
			jwks: { keys: published },
			clientSecret: hmac ? WEBAPP_CLIENT.client_secret : undefined
		};
	} else {
		// A PEM carries no key ID: the person says this is the token's key, so it takes the token's kid.
		const kid = typeof header?.kid === 'string' ? header.kid : undefined;
		const read = await readKeyInput(input.source, input.keyText ?? '', alg, kid);
		if ('problem' in read) return read;
		keys = read;
	}
	const report = await validateIdToken(token, {
		issuer: input.issuer.trim(),
		clientId: input.audience.trim(),
		jwks: keys.jwks as never,
		clientSecret: keys.clientSecret,
		nonce: input.nonce?.trim() || undefined,
		now: input.now
	});
	return { report };
}
