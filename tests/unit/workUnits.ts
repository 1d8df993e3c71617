import { generateKeyPair, jwtVerify, SignJWT } from 'jose';

/**
 * Time budgets in unit tests, counted in a fixed piece of work timed in the same run (RS256
 * verifications with jose), not in bare milliseconds: a busy CI machine slows both alike, so a
 * budget holds there and still catches a slow path (work that grows with its input's square).
 */
const VERIFICATIONS = 50;

let unit: Promise<number> | undefined;

async function timeUnit(): Promise<number> {
	const { privateKey, publicKey } = await generateKeyPair('RS256');
	const jwt = await new SignJWT({ sub: 'unit' })
		.setProtectedHeader({ alg: 'RS256' })
		.sign(privateKey);
	const runs: number[] = [];
	for (let r = 0; r < 3; r++) {
		const started = performance.now();
		for (let i = 0; i < VERIFICATIONS; i++) await jwtVerify(jwt, publicKey);
		runs.push(performance.now() - started);
	}
	// The fastest run: the machine's speed, without the pauses a busy one adds.
	return Math.max(Math.min(...runs), 1);
}

/** Runs `work` and says how long it took in work units (about 10 ms each on a quiet machine). */
export async function inWorkUnits<T>(
	work: () => Promise<T>
): Promise<{ result: T; units: number }> {
	const ms = await (unit ??= timeUnit());
	const started = performance.now();
	const result = await work();
	return { result, units: (performance.now() - started) / ms };
}
