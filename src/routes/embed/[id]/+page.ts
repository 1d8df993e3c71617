import { flowEntries } from '$lib/routing/flowParam';
import type { EntryGenerator } from './$types';

export const entries: EntryGenerator = flowEntries;
