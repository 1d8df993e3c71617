import type { HarImport } from './index';
import { DEFAULT_SETTINGS } from '../sim/settings';

/**
 * What an import that ran past its budget gives: nothing drawn, HAR_OVER_BUDGET and why, as
 * the importer itself says when it notices in time.
 */
export function overBudget(budgetMs: number): HarImport {
	return {
		trace: {
			flow: 'code-pkce',
			settings: { ...DEFAULT_SETTINGS },
			steps: [],
			outcome: { code: 'error', completed: false, stopped: 'nothing could be imported' },
			startedAt: 0
		},
		problems: [
			`the file took longer than ${Math.round(budgetMs / 1000)} s to read and was left unfinished: record only the login (clear the log first), or split the file`
		],
		codes: ['HAR_OVER_BUDGET'],
		hidden: 0,
		providerPages: 0,
		roles: [],
		flows: []
	};
}
