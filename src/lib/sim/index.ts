/** The simulation: actors, the message trace, the flow catalog and the director. Framework-free. */
export { runFlow, startFlow, type FlowRun, type RunOptions } from './director';
export {
	ATTACKS as ATTACK_FLOWS,
	FLOWS,
	flowById,
	MESSAGES_URL,
	REPORTS_URL,
	type FlowDefinition,
	type FlowStatus
} from './flows/index';
export { DEFAULT_SETTINGS, FLOW_IDS, normaliseSettings, type SettingsProblem } from './settings';
export { requestTokens, responseTokens } from './tokens';
export * from './types';
export { readView, writeView, type View } from './url';
export {
	diffChecks,
	diffClaims,
	diffIdTokens,
	diffRuns,
	lastIdToken,
	lastIdTokenClaims,
	type CheckChange,
	type ClaimChange,
	type RunChanges
} from './diff';
export { RECIPES, type RecipeInfo } from './attacker/index';
export { describeRef, isMessageName, refAtOrBefore, sameStep } from './targeting';
export { formatRef, parseRef, type LegacyAims } from './aimUrl';
export { upgradeLegacy } from './legacy';
export {
	checkInputs,
	messageFields,
	refusalInputs,
	type CheckInputs,
	type CheckRead,
	type CheckSource
} from './checkInputs';
