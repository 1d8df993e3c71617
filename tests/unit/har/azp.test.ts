import { generateKeyPair, SignJWT } from 'jose';
import { expect, test } from 'vitest';
import { idTokenChecks } from '../../../src/lib/har/flowChecks';

test('a recorded id_token whose azp names another party is not failed for it: azp is ignored without extensions (OIDC Core errata set 2)', async () => {
	const { privateKey } = await generateKeyPair('RS256');
	const now = 1_800_000_000;
	const token = await new SignJWT({ nonce: 'n', azp: 'someone-else' })
		.setProtectedHeader({ alg: 'RS256', kid: 'k' })
		.setIssuer('https://op.example')
		.setAudience('spa')
		.setSubject('jane')
		.setIssuedAt(now)
		.setExpirationTime(now + 60)
		.sign(privateKey);
	const report = await idTokenChecks(token, {
		issuer: 'https://op.example',
		clientId: 'spa',
		nonce: 'n',
		responseType: 'code',
		now
	});
	expect(report.checks.find((c) => c.id === 'azp')?.status).toBe('not_applicable');
	expect(report.valid).toBe(true);
});
