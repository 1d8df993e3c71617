/**
 * A lesson's "see it" links, resolved: each runs its flow with its settings (as the flow page
 * will, from the same URL parameters), finds the step its ref names, and becomes a link that
 * opens the flow at that step. Runs at build time (the /learn pages are prerendered) and in the
 * tests, never in the reader's browser: the pages ship only the links.
 */
import { FLOW_IDS, parseRef, readView, runFlow, writeView } from '../sim/index';
import type { FlowId, Trace, TraceStep } from '../sim/index';
import type { SeeIt } from './learn';

export interface ResolvedSeeIt extends SeeIt {
	/** The flow page, its settings, and the step (1-based, as the page's `step=` counts). */
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

/** The step a link names in a run of its flow: the nth step with that message, or undefined. */
export function stepOf(link: SeeIt, trace: Trace): TraceStep | undefined {
	const ref = parseRef(link.at);
	if (!ref) return undefined;
	return trace.steps.find((s) => s.ref?.message === ref.message && s.ref.nth === ref.nth);
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
	canonical.set('step', String(step.index + 1));
	const problem = mismatch(link, step);
	const query = canonical.toString();
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
