/**
 * A lesson's "see it" links, resolved: each runs its flow with its settings (as the flow page
 * will, from the same URL parameters), finds the step its ref names, and becomes a link that
 * opens the flow at that step. Runs at build time (the /learn pages are prerendered) and in the
 * tests, never in the reader's browser: the pages ship only the links.
 */
import { FLOW_IDS, formatRef, parseRef, readView, runFlow, writeView } from '../sim/index';
import type { FlowId, Trace, TraceStep } from '../sim/index';
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
		return { ...link, href: path, query: '', settings: '', ref, problem: `no flow ${link.flow}` };
	const flow = link.flow as FlowId;
	const params = new URLSearchParams(link.with ?? '');
	const { view, problems } = readView(flow, params);
	if (problems.length)
		return { ...link, href: path, query: '', settings: '', ref, problem: problems.join(' ') };
	const trace = await runFlow(view.settings);
	const step = stepOf(link, trace);
	if (!step)
		return {
			...link,
			href: path,
			query: '',
			settings: '',
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
		ref,
		...(problem ? { problem } : {})
	};
}

/** Resolves a lesson's links, in order. */
export function resolveAll(links: readonly SeeIt[]): Promise<ResolvedSeeIt[]> {
	return Promise.all(links.map(resolveSeeIt));
}
