/**
 * The short URL form of what interventions and clock jumps aim at, and of the old index-based
 * form that older links carry (read only, to be converted).
 *
 *   wait=token-response+5,api-request.2+60   5 s after the first token response, 60 s after the 2nd API call
 *   tamper=token-response:sub=auth0|mallory  change a claim (tamper=token-response@access_token:scope=admin)
 *   alg-none=token-response                  forge=callback-request:csrf             replay=token-request.2
 */
import type { ClockJump, Intervention, StepRef } from './types';

/** One URL parameter per intervention kind, repeated for several. */
export const AIM_PARAMS = ['tamper', 'alg-none', 'forge', 'replay'] as const;
export type AimParam = (typeof AIM_PARAMS)[number];

export function isAimParam(name: string): name is AimParam {
	return (AIM_PARAMS as readonly string[]).includes(name);
}

/** An old link's clock jump: after the step at this trace index (0-based). */
export interface LegacyJump {
	afterStep: number;
	seconds: number;
}

/** An old link's intervention: at this trace index (0-based). */
export type LegacyIntervention = { step: number } & Record<string, unknown>;

export interface LegacyAims {
	clockJumps: LegacyJump[];
	interventions: LegacyIntervention[];
}

/** "token-response" for the first, "token-response.2" for the second. */
export function formatRef(ref: StepRef): string {
	return ref.nth === 1 ? ref.message : `${ref.message}.${ref.nth}`;
}

/** Reads "name" or "name.N"; whether the name exists is for normaliseSettings to say. */
export function parseRef(text: string): StepRef | undefined {
	const match = /^([a-z-]{1,40})(?:\.(\d{1,4}))?$/.exec(text.trim());
	if (!match) return undefined;
	return { message: match[1] as StepRef['message'], nth: match[2] ? Number(match[2]) : 1 };
}

export function writeJumps(jumps: ClockJump[]): string {
	return jumps.map((j) => `${formatRef(j)}+${j.seconds}`).join(',');
}

/** Today's form, an old link's step numbers (1-based in the URL), or undefined when neither. */
export function readJumps(
	text: string
): { jumps: ClockJump[] } | { legacy: LegacyJump[] } | undefined {
	const parts = text.split(',');
	// A "+" typed into an address bar arrives as a space.
	const old = parts.map((p) => /^(\d{1,4})[+ ](\d{1,10})$/.exec(p));
	if (old.every(Boolean))
		return {
			legacy: old.map((m) => ({ afterStep: Number(m![1]) - 1, seconds: Number(m![2]) }))
		};
	const jumps: ClockJump[] = [];
	for (const part of parts) {
		const at = Math.max(part.lastIndexOf('+'), part.lastIndexOf(' '));
		const ref = parseRef(part.slice(0, at));
		const seconds = part.slice(at + 1);
		if (at < 0 || !ref || !/^\d{1,10}$/.test(seconds)) return undefined;
		jumps.push({ ...ref, seconds: Number(seconds) });
	}
	return { jumps };
}

/** Typed values stay typed; a string that would read as another type is quoted. */
function writeValue(value: string | number | boolean): string {
	if (typeof value !== 'string') return String(value);
	return /^(true|false|-?\d{1,15}|".*)$/.test(value) ? JSON.stringify(value) : value;
}

function readValue(text: string): string | number | boolean | undefined {
	if (text === 'true' || text === 'false') return text === 'true';
	if (/^-?\d{1,15}$/.test(text)) return Number(text);
	if (!text.startsWith('"')) return text;
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'string' ? value : undefined;
	} catch {
		return undefined;
	}
}

/** A claim name may hold ":" but not a bare "=", which separates it from the value. */
const escapeClaim = (claim: string) => claim.replaceAll('%', '%25').replaceAll('=', '%3D');

export function writeInterventions(interventions: Intervention[]): [string, string][] {
	return interventions.map((i) => {
		const ref = formatRef(i);
		const token = 'token' in i && i.token ? `@${i.token}` : '';
		switch (i.kind) {
			case 'tamper':
				return [i.kind, `${ref}${token}:${escapeClaim(i.claim)}=${writeValue(i.value)}`];
			case 'alg-none':
				return [i.kind, `${ref}${token}`];
			case 'forge':
				return [i.kind, `${ref}:${i.recipe}`];
			case 'replay':
				return [i.kind, ref];
		}
	});
}

/** Reads one intervention parameter; undefined when it cannot be read at all. */
export function readIntervention(
	kind: AimParam,
	text: string
): Record<string, unknown> | undefined {
	const colon = text.indexOf(':');
	const head = colon < 0 ? text : text.slice(0, colon);
	const rest = colon < 0 ? undefined : text.slice(colon + 1);
	const [refText = '', token] = head.split('@');
	const ref = parseRef(refText);
	if (!ref) return undefined;
	const withToken = token ? { token } : {};
	switch (kind) {
		case 'tamper': {
			const eq = rest?.indexOf('=') ?? -1;
			if (rest === undefined || eq < 1) return undefined;
			let claim: string;
			try {
				claim = decodeURIComponent(rest.slice(0, eq));
			} catch {
				return undefined;
			}
			const value = readValue(rest.slice(eq + 1));
			return value === undefined ? undefined : { kind, ...ref, ...withToken, claim, value };
		}
		case 'alg-none':
			return rest === undefined ? { kind, ...ref, ...withToken } : undefined;
		case 'forge':
			return rest ? { kind, ...ref, recipe: rest } : undefined;
		case 'replay':
			return rest === undefined && !token ? { kind, ...ref } : undefined;
	}
}

/** An old link's `do=[{"kind":…,"step":13,…}]` (steps 1-based), or undefined. */
export function readLegacyInterventions(text: string): LegacyIntervention[] | undefined {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (!Array.isArray(value)) return undefined;
	const ok = value.every(
		(i) => typeof i === 'object' && i !== null && Number.isInteger(i.step) && i.step >= 1
	);
	return ok ? value.map((i) => ({ ...i, step: i.step - 1 })) : undefined;
}
