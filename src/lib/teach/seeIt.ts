/**
 * A lesson's "see it" links, resolved: each runs its flow with its settings (as the flow page
 * will, from the same URL parameters), finds the step its ref names, and becomes a link that
 * opens the flow at that step. Runs at build time (the /learn pages are prerendered) and in the
 * tests, never in the reader's browser: the pages ship only the links.
 */
import { SAMPLE_USERS } from '../core/data';
import {
	describeRef,
	FLOW_IDS,
	formatRef,
	parseRef,
	readView,
	runFlow,
	writeView
} from '../sim/index';
import type { FlowId, FlowSettings, Intervention, StepRef, Trace, TraceStep } from '../sim/index';
import { SETTINGS_FIELDS, SETTINGS_SCHEMA, type FieldSpec } from '../sim/settingsSchema';
import type { SettingsField } from '../sim/settingsSchema';
import { placeStep, readStep } from '../sim/url';
import type { SeeIt } from './learn';

export interface ResolvedSeeIt extends SeeIt {
	/** The flow page, its settings, and the step by its ref (`step=token-response.2`). */
	href: string;
	/** The query part of `href`: the settings and `step=`. */
	query: string;
	/** The link's settings as the flow page writes them into its address (no `step=`). */
	settings: string;
	/** The step's ref as the flow page's inspector writes it: "validate-id-token.1". */
	ref: string;
	/** The link's settings in words, one phrase each ("after a 10-hour wait"), from the settings. */
	described: string[];
	/** Why the link does not open where it says, when it does not: shown to no one, failed by tests. */
	problem?: string;
}

/**
 * The step a link names in a run of its flow, found as the flow page finds it: its `step=` read
 * by the page's URL reader, then placed in the run by ref. Undefined when the run lacks it.
 */
export function stepOf(link: SeeIt, trace: Trace): TraceStep | undefined {
	const read = readStep(link.at);
	if ('problem' in read || !('ref' in read.aim)) return undefined;
	const placed = placeStep(read.aim.ref, trace.steps);
	return placed.problem ? undefined : trace.steps[placed.index];
}

/** Whether the step shows what the link says it shows; a sentence saying what differs if not. */
export function mismatch(link: SeeIt, step: TraceStep): string | undefined {
	const shows = link.shows;
	if (!shows) return undefined;
	if ('refusal' in shows)
		return step.refusal?.code === shows.refusal
			? undefined
			: `refused ${step.refusal?.code ?? 'nothing'}, not ${shows.refusal}`;
	const check = step.checks?.checks.find((c) => c.id === shows.check);
	return check?.status === shows.status
		? undefined
		: `check ${shows.check} is ${check?.status ?? 'absent'}, not ${shows.status}`;
}

const UNITS: [number, string][] = [
	[86_400, 'day'],
	[3_600, 'hour'],
	[60, 'minute'],
	[1, 'second']
];

/** A span of seconds in whole units: [[10, 'hour'], [30, 'second']] for 36,030. */
function spans(seconds: number): [number, string][] {
	const out: [number, string][] = [];
	let left = Math.abs(Math.round(seconds));
	for (const [size, name] of UNITS) {
		const n = Math.floor(left / size);
		if (n) out.push([n, name]);
		left -= n * size;
	}
	return out.length ? out : [[0, 'second']];
}

/** "10 hours", "2 minutes and 30 seconds": a span of seconds as a person says it. */
export function duration(seconds: number): string {
	const words = spans(seconds).map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`);
	return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0]!;
}

/** "a 10-hour wait", or "a wait of 10 hours and 30 seconds" when one unit does not say it. */
function waitOf(seconds: number): string {
	const parts = spans(seconds);
	return parts.length === 1
		? `a ${parts[0]![0]}-${parts[0]![1]} wait`
		: `a wait of ${duration(seconds)}`;
}

/** "token response", or "2nd token response" when the message comes more than once. */
const stepWords = (ref: StepRef) =>
	ref.nth === 1 ? ref.message.replaceAll('-', ' ') : describeRef(ref);

const who = (id: string) =>
	SAMPLE_USERS.find((u) => u.id === id)?.profile.given_name ?? JSON.stringify(id);

function describeIntervention(i: Intervention): string {
	const where = stepWords(i);
	switch (i.kind) {
		case 'tamper':
			return `with ${i.claim} changed to ${JSON.stringify(i.value)} in the ${where}`;
		case 'alg-none':
			return `with the ${i.token ?? 'id_token'}’s alg set to none in the ${where}`;
		case 'forge':
			return `with the ${where} forged (${i.recipe.replaceAll('-', ' ')})`;
		case 'replay':
			return `with the ${where} replayed`;
	}
}

/**
 * A link's settings in words, one phrase per setting that differs from the flow page's default
 * (the same ones `writeView` puts in the address): "as Bob", "with 60 s of clock skew",
 * "with a 10-hour wait after the token response", "with sub changed to … in the token response".
 */
export function describeSettings(settings: FlowSettings): string[] {
	const out: string[] = [];
	const changed = (field: SettingsField) => {
		const spec = SETTINGS_SCHEMA[field] as FieldSpec<SettingsField>;
		return spec.format(settings[field]) !== spec.format(spec.fallback());
	};
	for (const field of SETTINGS_FIELDS) {
		if (field === 'flow' || !changed(field)) continue;
		switch (field) {
			case 'scope':
				out.push(`asking for scope “${settings.scope}”`);
				break;
			case 'idTokenLifetime':
				out.push(`with id_tokens that last ${duration(settings.idTokenLifetime)}`);
				break;
			case 'accessTokenLifetime':
				out.push(`with access tokens that last ${duration(settings.accessTokenLifetime)}`);
				break;
			case 'algorithm':
				out.push(`signed with ${settings.algorithm}`);
				break;
			case 'user':
				out.push(`as ${who(settings.user)}`);
				break;
			case 'clientType':
				out.push(
					settings.clientType === 'webapp' ? 'as a web app with a server' : 'as a single-page app'
				);
				break;
			case 'clockSkew':
				out.push(`with ${settings.clockSkew} s of clock skew`);
				break;
			case 'dpopNonce':
				out.push(settings.dpopNonce ? 'with DPoP nonces required' : 'without DPoP nonces');
				break;
			case 'rules': {
				const n = settings.rules.length;
				out.push(`with ${n} issuer rule${n === 1 ? '' : 's'}`);
				break;
			}
			case 'clockJumps':
				for (const jump of settings.clockJumps)
					out.push(`with ${waitOf(jump.seconds)} after the ${stepWords(jump)}`);
				break;
			case 'interventions':
				for (const i of settings.interventions) out.push(describeIntervention(i));
				break;
		}
	}
	return out;
}

/** The link's ref, in the inspector's full form ("token-response.1"). */
export function fullRef(link: SeeIt): string {
	const ref = parseRef(link.at);
	return ref ? `${ref.message}.${ref.nth}` : link.at;
}

/** Runs the link's flow with its settings and points the link at its step. */
export async function resolveSeeIt(link: SeeIt): Promise<ResolvedSeeIt> {
	const ref = fullRef(link);
	const path = `/flow/${link.flow}`;
	if (!(FLOW_IDS as readonly string[]).includes(link.flow))
		return {
			...link,
			href: path,
			query: '',
			settings: '',
			described: [],
			ref,
			problem: `no flow ${link.flow}`
		};
	const flow = link.flow as FlowId;
	const params = new URLSearchParams(link.with ?? '');
	const { view, problems } = readView(flow, params);
	if (problems.length)
		return {
			...link,
			href: path,
			query: '',
			settings: '',
			described: [],
			ref,
			problem: problems.join(' ')
		};
	const trace = await runFlow(view.settings);
	const step = stepOf(link, trace);
	if (!step)
		return {
			...link,
			href: path,
			query: '',
			settings: '',
			described: [],
			ref,
			problem: `no step ${link.at} in ${flow}`
		};
	// The settings in the page's own form, so the address it shows is the one the link opened.
	const canonical = writeView({ settings: view.settings, step: 0 });
	const settings = canonical.toString();
	// The step by what it is, not its position: the link survives steps added before it.
	canonical.set('step', formatRef(step.ref!));
	const query = canonical.toString();
	// The page reads the link's whole address: it must land on this very step.
	const reread = readView(flow, new URLSearchParams(query));
	const lands = reread.at && placeStep(reread.at, trace.steps);
	const problem =
		lands && !lands.problem && lands.index === step.index
			? mismatch(link, step)
			: `step=${formatRef(step.ref!)} does not open at step ${step.index + 1}`;
	return {
		...link,
		href: `${path}?${query}`,
		query,
		settings,
		described: describeSettings(view.settings),
		ref,
		...(problem ? { problem } : {})
	};
}

/** Resolves a lesson's links, in order. */
export function resolveAll(links: readonly SeeIt[]): Promise<ResolvedSeeIt[]> {
	return Promise.all(links.map(resolveSeeIt));
}
