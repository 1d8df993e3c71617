import { describe, expect, test } from 'vitest';
import { halfHash, s256 } from '../../src/lib/core/index';

describe('spec test vectors', () => {
	test('PKCE S256 matches RFC 7636 Appendix B', async () => {
		expect(await s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
			'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
		);
	});

	test('at_hash matches the OIDC Core Appendix A.5 example', async () => {
		expect(await halfHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).toBe(
			'77QmUPtjPfzWtF2AnpK9RQ'
		);
	});

	test('c_hash matches the OIDC Core Appendix A.4 example', async () => {
		expect(
			await halfHash('Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk', 'RS256')
		).toBe('LDktKdoQak3Pk0cnXxCltA');
	});

	test('EdDSA (Ed25519) hashes use SHA-512, so the half is 32 bytes', async () => {
		const value = await halfHash('token', 'EdDSA');
		expect(value).toHaveLength(43);
	});

	test('an algorithm without a defined hash yields no value', async () => {
		expect(await halfHash('token', 'none')).toBeUndefined();
	});
});
