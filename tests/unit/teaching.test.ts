import { describe, expect, test } from 'vitest';
import { SPEC } from '../../src/lib/core/spec';
import {
	CLAIM_INFO,
	HEADER_INFO,
	TOKEN_KINDS,
	claimInfo,
	headerInfo
} from '../../src/lib/core/jwt/claimInfo';
import { runFlow, FLOW_IDS } from '../../src/lib/sim/index';
import { FLOWS, flowById } from '../../src/lib/sim/flows/index';
import {
	CITE,
	DECODER,
	GUIDE,
	HOME,
	LEARN,
	parseMarkup,
	teachingEntries,
	type SpecLink,
	type TeachEntry
} from '../../src/lib/teach/index';
import { OPENID_SECTIONS } from './teachingSections';
import { START } from './sim/helpers';

/** The known sections: SPEC's entries, compared by document and anchor. */
const KNOWN = new Set(Object.values(SPEC).map(sectionOf));

function sectionOf(url: string): string {
	const u = new URL(url);
	return `${u.origin}${u.pathname}${u.hash}`;
}

function isKnown(url: string): boolean {
	return URL.canParse(url) && KNOWN.has(sectionOf(url));
}

/** The section number an OpenID or RFC link points at, or undefined for a vendor page. */
function sectionNumber(url: string): string | undefined {
	const u = new URL(url);
	const rfc = /^\/rfc\/rfc\d+$/.test(u.pathname) && /^#section-([\d.]+)$/.exec(u.hash);
	if (u.hostname === 'www.rfc-editor.org') return rfc ? rfc[1] : undefined;
	if (u.hostname !== 'openid.net') return undefined;
	// Documents built with xml2rfc v3 (FAPI 2.0) name their sections by number.
	const numbered = /^#section-([\d.]+)$/.exec(u.hash);
	if (numbered) return numbered[1];
	const doc = u.pathname.replace(/^\/specs\//, '').replace(/\.html$/, '');
	const table = OPENID_SECTIONS[doc];
	const anchor = u.hash.slice(1);
	return table
		?.split(' ')
		.find((pair) => pair.split('=')[0] === anchor)
		?.split('=')[1];
}

/** Where each teaching entry and guide note cites, for the walks below. */
function specsOf(entry: TeachEntry): readonly SpecLink[] {
	if (entry.kind === 'rule') return entry.specs;
	if (entry.kind === 'outdated') return GUIDE[entry.note].specs;
	return [];
}

const ALL_TEACHING = teachingEntries();

describe('SPEC is the list of known sections', () => {
	test('every entry is a URL with a section anchor; only the vendor’s own pages have none', () => {
		for (const [name, url] of Object.entries(SPEC)) {
			const u = new URL(url);
			expect(u.protocol, name).toBe('https:');
			if (u.hostname === 'auth0.com') expect(u.hash, name).toBe('');
			else expect(u.hash, `${name} has no section anchor`).toMatch(/^#[\w.-]+$/);
		}
	});

	test('every OpenID anchor exists in its document, every RFC anchor names a section', () => {
		for (const [name, url] of Object.entries(SPEC)) {
			const u = new URL(url);
			// OpenID documents: an anchor of the XML source, or an xml2rfc v3 section (#section-n, #name-…).
			if (u.hostname === 'openid.net' && !/^#name-[a-z0-9-]+$/.test(u.hash))
				expect(sectionNumber(url), `${name}: ${url}`).toMatch(/^\d+(\.\d+)*$/);
			if (u.hostname === 'www.rfc-editor.org')
				expect(u.hash, `${name}: ${url}`).toMatch(/^#section-\d+(\.\d+)*$/);
		}
	});

	test('the anchors this site relies on are the sections they are cited as', () => {
		expect(sectionNumber(SPEC.idToken)).toBe('2');
		expect(sectionNumber(SPEC.idTokenValidation)).toBe('3.1.3.7');
		expect(sectionNumber(SPEC.implicitAuthRequest)).toBe('3.2.2.1');
		expect(sectionNumber(SPEC.implicitIdTokenValidation)).toBe('3.2.2.11');
		expect(sectionNumber(SPEC.atHash)).toBe('3.2.2.9');
		expect(sectionNumber(SPEC.cHash)).toBe('3.3.2.10');
		expect(sectionNumber(SPEC.scopeClaims)).toBe('5.4');
		expect(sectionNumber(SPEC.claimsParameter)).toBe('5.5');
		expect(sectionNumber(SPEC.userInfo)).toBe('5.3');
		expect(sectionNumber(SPEC.refreshResponse)).toBe('12.2');
		expect(sectionNumber(SPEC.symmetricKeys)).toBe('10.1');
		expect(sectionNumber(SPEC.formPost)).toBe('2');
		expect(sectionNumber(SPEC.frontchannelOp)).toBe('3');
	});
});

describe('every teaching entry states its rules with a known section', () => {
	test('the walk covers /learn, the home page and the decoder', () => {
		const where = new Set(ALL_TEACHING.map((t) => t.where.split(/[#.[]/)[0]));
		expect([...where].sort()).toEqual(['decode', 'home', 'learn']);
		expect(ALL_TEACHING.length).toBeGreaterThan(40);
	});

	test('a rule or an outdated-guide note cites at least one section, each a known one', () => {
		for (const { where, entry } of ALL_TEACHING) {
			if (entry.kind !== 'rule' && entry.kind !== 'outdated') continue;
			const specs = specsOf(entry);
			expect(specs.length, where).toBeGreaterThan(0);
			for (const spec of specs) expect(isKnown(spec.url), `${where}: ${spec.url}`).toBe(true);
		}
	});

	test('an entry without sections states no rule: it cites nothing and names no RFC or section', () => {
		for (const { where, entry } of ALL_TEACHING) {
			if (entry.kind === 'rule' || entry.kind === 'outdated') continue;
			expect(entry.text, where).not.toMatch(/§|\bRFC \d|\bMUST\b|\bSHOULD\b/);
		}
	});

	test('every guide note says what replaced it, with known sections, and is shown on /learn', () => {
		const shown = new Set(
			LEARN.flatMap((s) => s.body.flatMap((e) => (e.kind === 'outdated' ? [e.note] : [])))
		);
		for (const [id, note] of Object.entries(GUIDE)) {
			expect(shown.has(id as keyof typeof GUIDE), `${id} is shown`).toBe(true);
			expect(note.guide.length && note.now.length, id).toBeGreaterThan(0);
			expect(note.specs.length, id).toBeGreaterThan(0);
			for (const spec of note.specs) expect(isKnown(spec.url), `${id}: ${spec.url}`).toBe(true);
		}
	});

	test('labels name the section their link points at (CITE and every flow)', () => {
		const links: [string, SpecLink][] = [
			...Object.entries(CITE),
			...FLOWS.flatMap((f) => f.specs.map((s): [string, SpecLink] => [f.id, s]))
		];
		for (const [where, { label, url }] of links) {
			const named = [...label.matchAll(/§([\d.]+)/g)].map((m) => m[1]);
			if (!named.length) continue;
			expect(named, `${where}: ${label} → ${url}`).toContain(sectionNumber(url));
			const rfc = /^RFC (\d+)/.exec(label)?.[1];
			if (rfc) expect(url, `${where}: ${label}`).toContain(`/rfc${rfc}#`);
		}
	});

	test('markup links go to real flows and pages; nothing is left unparsed', () => {
		const texts = [
			...ALL_TEACHING.flatMap(({ entry }) => (entry.kind === 'outdated' ? [] : [entry.text])),
			...Object.values(GUIDE).flatMap((n) => [n.guide, n.now])
		];
		for (const text of texts) {
			const segments = parseMarkup(text);
			for (const s of segments) {
				if (s.kind === 'flow') expect(FLOW_IDS, text).toContain(s.flow);
				if (s.kind === 'text') expect(s.text, text).not.toMatch(/\]\(|\*\*/);
			}
		}
	});
});

describe('flows, claims and traces cite known sections', () => {
	test('every flow has sections for its summary and caveat, each a known one', () => {
		const unknown: string[] = [];
		for (const flow of FLOWS) {
			expect(flow.summary.length, flow.id).toBeGreaterThan(0);
			expect(flow.specs.length, flow.id).toBeGreaterThan(0);
			for (const spec of flow.specs)
				if (!isKnown(spec.url)) unknown.push(`${flow.id}: ${spec.label} ${spec.url}`);
		}
		expect(unknown).toEqual([]);
	});

	test('every claim and header explanation, for every kind of token, cites a known section', () => {
		const claims = Object.keys(CLAIM_INFO);
		const headers = Object.keys(HEADER_INFO);
		const unknown = new Set<string>();
		for (const kind of TOKEN_KINDS) {
			for (const name of [...claims, 'x_custom_claim']) {
				const info = claimInfo(name, kind);
				expect(info.spec.length, `${kind} ${name}`).toBeGreaterThan(0);
				if (!isKnown(info.spec)) unknown.add(`${kind} claim ${name}: ${info.spec}`);
			}
			for (const name of headers) {
				const info = headerInfo(name, kind);
				if (info && !isKnown(info.spec)) unknown.add(`${kind} header ${name}: ${info.spec}`);
			}
		}
		expect([...unknown]).toEqual([]);
	});

	test('every step, check and refusal of every flow (default settings) cites a known section', async () => {
		const missing = new Set<string>();
		for (const flow of FLOW_IDS) {
			const trace = await runFlow({ flow }, { startAt: START });
			for (const step of trace.steps) {
				const where = `${flow} step ${step.index} ${step.ref?.message ?? step.kind}`;
				if (!isKnown(step.spec)) missing.add(`${where}: ${step.spec}`);
				if (step.refusal && !isKnown(step.refusal.spec))
					missing.add(`${where} refusal ${step.refusal.code}: ${step.refusal.spec}`);
				for (const check of step.checks?.checks ?? [])
					if (!isKnown(check.spec)) missing.add(`${where} check ${check.id}: ${check.spec}`);
			}
		}
		expect([...missing]).toEqual([]);
	}, 60_000);
});

describe('what the items of issue 26 teach', () => {
	const section = (id: string) => LEARN.find((s) => s.id === id)!;
	const notes = (id: string) =>
		section(id).body.flatMap((e) => (e.kind === 'outdated' ? [e.note] : []));
	const cited = (id: string) => section(id).body.flatMap((e) => specsOf(e).map((s) => s.url));

	test('validation: every client validates (§3.1.3.7, §3.2.2.11), and the guide’s SPA advice is marked outdated there', () => {
		expect(notes('validation')).toContain('spaValidation');
		expect(GUIDE.spaValidation.specs.map((s) => s.url)).toEqual(
			expect.arrayContaining([SPEC.idTokenValidation, SPEC.implicitIdTokenValidation])
		);
		expect(cited('validation')).toEqual(
			expect.arrayContaining([SPEC.idTokenValidation, SPEC.implicitIdTokenValidation])
		);
	});

	test('implicit: OIDC’s response types and the guide’s Auth0-specific `token` (§3.2.2.1)', () => {
		const implicit = flowById('implicit');
		expect(implicit.client.responseType).toBe('id_token token');
		expect(implicit.specs.map((s) => s.url)).toEqual(
			expect.arrayContaining([
				SPEC.implicitAuthRequest,
				SPEC.auth0ImplicitLegacy,
				SPEC.implicitDeprecated
			])
		);
		expect(GUIDE.responseTypeToken.specs.map((s) => s.url)).toEqual(
			expect.arrayContaining([SPEC.implicitAuthRequest, SPEC.auth0ImplicitLegacy])
		);
		expect(notes('code-flow')).toContain('responseTypeToken');
	});

	test('implicit: the id_token arrives in the fragment with the access token, bound by at_hash', async () => {
		const trace = await runFlow({ flow: 'implicit' }, { startAt: START });
		const callback = trace.steps.find((s) => s.ref?.message === 'callback-request')!;
		const fragment = new URLSearchParams(new URL(callback.request!.url).hash.slice(1));
		expect(fragment.get('id_token')).toBeTruthy();
		expect(fragment.get('access_token')).toBeTruthy();
		const validated = trace.steps.find((s) => s.ref?.message === 'validate-id-token')!;
		expect(validated.checks?.checks.find((c) => c.id === 'at_hash')?.status).toBe('passed');
	});

	test('scope: §5.4 says where scope claims go, §5.5 how to ask for them in the id_token', () => {
		expect(cited('account')).toEqual(
			expect.arrayContaining([SPEC.scopeClaims, SPEC.claimsParameter])
		);
		expect(notes('account')).toEqual(expect.arrayContaining(['scopeControlsIdToken', 'rules']));
		expect(flowById('profile').specs.map((s) => s.url)).toEqual(
			expect.arrayContaining([SPEC.userInfo, SPEC.scopeClaims, SPEC.claimsParameter])
		);
	});

	test('profile: the scope claims come from /userinfo and, by the issuer’s choice, in the id_token too', async () => {
		const trace = await runFlow({ flow: 'profile' }, { startAt: START });
		const body = (name: string) =>
			JSON.parse(trace.steps.find((s) => s.ref?.message === name)!.response!.body!) as Record<
				string,
				unknown
			>;
		const discovery = body('discovery-response');
		expect(discovery.claims_parameter_supported).toBe(false);
		const userinfo = body('userinfo-response');
		const idToken = trace.steps.find((s) => s.ref?.message === 'validate-id-token')!.checks!
			.claims!;
		// scope openid profile email: name and email from the UserInfo endpoint, with sub…
		expect(userinfo).toMatchObject({
			sub: idToken.sub,
			name: expect.any(String),
			email: expect.any(String)
		});
		// …and the same claims in the id_token, which OIDC leaves to the provider (§5.4).
		for (const claim of Object.keys(userinfo))
			expect(idToken[claim], claim).toEqual(userinfo[claim]);
	});

	test('the guide’s outdated mechanisms each name what replaced them', () => {
		const urls = (id: keyof typeof GUIDE) => GUIDE[id].specs.map((s) => s.url);
		expect(urls('rules')).toContain(SPEC.auth0RulesToActions);
		expect(urls('tokeninfo')).toContain(SPEC.userInfo);
		expect(urls('delegation')).toContain(SPEC.tokenExchange);
		expect(urls('renewIdToken')).toEqual(expect.arrayContaining([SPEC.refreshGrant, SPEC.refresh]));
		expect(urls('noRevocation')).toEqual(
			expect.arrayContaining([SPEC.revocation, SPEC.revocationNote])
		);
		expect(urls('lifetime')).toContain(SPEC.idToken);
		expect(flowById('profile').specs.map((s) => s.url)).toContain(SPEC.auth0Tokeninfo);
		expect(flowById('other-api').specs.map((s) => s.url)).toContain(SPEC.auth0Delegation);
	});

	test('the decoder’s and home page’s rules carry their sections', () => {
		expect(DECODER.share.specs.map((s) => s.url)).toEqual(
			expect.arrayContaining([SPEC.fragment, SPEC.tokenInHistory])
		);
		expect(DECODER.private.specs.map((s) => s.url)).toContain(SPEC.tokenInHistory);
		expect(HOME.start.specs.map((s) => s.url)).toContain(SPEC.pkceDowngrade);
	});
});
