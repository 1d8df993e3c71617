import { generateKeyPair, jwtVerify, SignJWT } from 'jose';

/**
 * Time budgets in unit tests, counted in a fixed piece of work timed in the same run, right
 * before (RS256 verifications with jose), not in bare milliseconds: a busy CI machine slows
 * both, so a budget holds there and still catches a slow path (work that grows with its input's
 * square). Both are the fastest of a few runs: the machine's speed, without the pauses a busy
 * one adds to any single run.
 */
const VERIFICATIONS = 50;
const RUNS = 3;

let signed: Promise<{ jwt: string; key: CryptoKey }> | undefined;

async function fastest<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
	let result!: T;
	let ms = Infinity;
	for (let r = 0; r < RUNS; r++) {
		const started = performance.now();
		result = await work();
		ms = Math.min(ms, performance.now() - started);
	}
	return { result, ms };
}

async function unitMs(): Promise<number> {
	const { jwt, key } = await (signed ??= (async () => {
		const { privateKey, publicKey } = await generateKeyPair('RS256');
		const jwt = await new SignJWT({ sub: 'unit' })
			.setProtectedHeader({ alg: 'RS256' })
			.sign(privateKey);
		return { jwt, key: publicKey };
	})());
	const { ms } = await fastest(async () => {
		for (let i = 0; i < VERIFICATIONS; i++) await jwtVerify(jwt, key);
	});
	return Math.max(ms, 0.5);
}

/**
 * Runs `work` a few times (it must be repeatable) and says how long its fastest run took in work
 * units (about 5 ms each on a quiet machine here), with the last run's result.
 */
export async function inWorkUnits<T>(
	work: () => Promise<T>
): Promise<{ result: T; units: number }> {
	const unit = await unitMs();
	const { result, ms } = await fastest(work);
	return { result, units: ms / unit };
}
