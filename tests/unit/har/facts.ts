import { ADVISORY, type HarImport } from '../../../src/lib/har/index';

/** What an import found and checked, by codes: what must not change when only the layout does. */
export interface ImportFacts {
	issuer?: string;
	flows: { kind: string; failed: string[]; idTokens: number }[];
	/** Each check step: its checks' ids and statuses, in order. */
	checks: string[][];
}

export function factsOf(result: HarImport): ImportFacts {
	return {
		issuer: result.issuer,
		flows: result.flows.map((flow) => ({
			kind: flow.kind,
			idTokens: flow.idTokens,
			failed: flow.steps.flatMap(
				(i) =>
					result.trace.steps[i]?.checks?.checks
						.filter((c) => c.status === 'failed')
						.map((c) => c.id) ?? []
			)
		})),
		checks: result.trace.steps
			.filter((s) => s.checks)
			.map((s) => s.checks!.checks.map((c) => `${c.id}:${c.status}`))
	};
}

/** Every check that failed anywhere in the import, as `id`, warnings (advisory checks) aside. */
export const failedChecks = (result: HarImport): string[] =>
	factsOf(result)
		.flows.flatMap((f) => f.failed)
		.filter((id) => !ADVISORY.has(id));
