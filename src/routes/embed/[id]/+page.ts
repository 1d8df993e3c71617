import { flowEntries, loadFlow } from '$lib/routing/flowParam';
import type { EntryGenerator, PageLoad } from './$types';

export const entries: EntryGenerator = flowEntries;
export const load: PageLoad = loadFlow;
