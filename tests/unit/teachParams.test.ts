import { describe, expect, test } from 'vitest';
import { SPEC } from '../../src/lib/core/spec';
import { FLOW_IDS, runFlow } from '../../src/lib/sim/index';
import { PARAM_ROLES, paramPlace, paramRole } from '../../src/lib/teach/params';
import { parseMarkup } from '../../src/lib/teach/markup';
import { OPENID_SECTIONS } from './teachingSections';
import { START } from './sim/helpers';

/** The section number a link points at: an RFC's #section-n, an OpenID anchor by its table. */
function sectionNumber(url: string): string | undefined {
	const u = new URL(url);
	if (u.hostname === 'www.rfc-editor.org') return /^#section-([\d.]+)$/.exec(u.hash)?.[1];
	const doc = u.pathname.replace(/^\/specs\//, '').replace(/\.html$/, '');
	return OPENID_SECTIONS[doc]
		?.split(' ')
		.find((pair) => pair.split('=')[0] === u.hash.slice(1))
		?.split('=')[1];
}

const KNOWN = new Set<string>(Object.values(SPEC));

describe('the roles of request parameters (teach/params)', () => {
	const roles = Object.entries(PARAM_ROLES).flatMap(([place, table]) =>
		Object.entries(table).map(([name, role]) => ({ where: `${place}.${name}`, role }))
	);

	test('every role is one line with its sections, each a known section named by its number', () => {
		expect(roles.length).toBeGreaterThan(15);
		for (const { where, role } of roles) {
			expect(role.text, where).not.toMatch(/\n/);
			expect(role.text.length, where).toBeLessThan(200);
			expect(() => parseMarkup(role.text), where).not.toThrow();
			expect(role.specs.length, where).toBeGreaterThan(0);
			for (const spec of role.specs) {
				expect(KNOWN.has(spec.url), `${where}: ${spec.url}`).toBe(true);
				const number = sectionNumber(spec.url);
				expect(number, `${where}: ${spec.url}`).toBeDefined();
				expect(spec.label, where).toMatch(new RegExp(`§${number!.replace(/\./g, '\\.')}$`));
			}
		}
	});

	test('the sections the brief names are the ones cited for state, nonce, PKCE and iss', () => {
		const labels = (place: keyof typeof PARAM_ROLES, name: string) =>
			paramRole(place, name)!.specs.map((s) => s.label);
		expect(labels('authorization', 'nonce')).toContain('OIDC Core §3.1.2.1');
		expect(labels('authorization', 'state')).toEqual(['RFC 6749 §4.1.1', 'RFC 6749 §10.12']);
		expect(labels('authorization', 'code_challenge')).toContain('RFC 7636 §4.3');
		expect(labels('authorization', 'code_challenge_method')).toEqual([
			'RFC 7636 §4.3',
			'RFC 9700 §2.1.1'
		]);
		expect(labels('callback', 'iss')).toContain('RFC 9207 §2');
		// The callback's scope came through the browser: the grant is the token response's (§3.3, §5.1).
		expect(labels('callback', 'scope')).toEqual([
			'RFC 6749 §4.1.2',
			'RFC 6749 §3.3',
			'RFC 6749 §5.1'
		]);
		expect(labels('token', 'code_verifier')).toContain('RFC 7636 §4.5');
	});

	test('every flow’s authorization request, pushed request and callback has its core parameters explained', async () => {
		const CORE = [
			'state',
			'nonce',
			'code_challenge',
			'code_challenge_method',
			'redirect_uri',
			'scope',
			'response_type',
			'client_id',
			'code',
			'iss'
		];
		let seen = 0;
		for (const flow of FLOW_IDS) {
			const trace = await runFlow({ flow }, { startAt: START });
			for (const step of trace.steps) {
				const place = paramPlace(step.ref?.message);
				if (!place || place === 'token' || step.kind !== 'request' || !step.request) continue;
				const url = new URL(step.request.url);
				const body =
					step.request.method === 'POST' ? new URLSearchParams(step.request.body ?? '') : undefined;
				for (const name of [...url.searchParams.keys(), ...(body?.keys() ?? [])]) {
					if (!CORE.includes(name)) continue;
					seen++;
					expect(paramRole(place, name), `${flow} ${step.ref?.message} ${name}`).toBeDefined();
				}
			}
		}
		expect(seen).toBeGreaterThan(100);
	});
});
