/**
 * Teaching text, as data: /learn's sections, the seed guide's outdated advice and what replaced
 * it, the home page's and the decoder's sentences, and the cited sections. Framework-free; pages
 * render it, tests walk it (every rule with its section, every section a known one).
 */
import { GUIDE } from './guide';
import { LEARN } from './learn';
import { DECODER, HOME } from './pages';
import type { TeachEntry } from './types';

export { CITE } from './cite';
export { GUIDE } from './guide';
export { LEARN, LEARN_INTRO, type LearnSection } from './learn';
export { parseMarkup, plainText, type Page, type Part, type Segment } from './markup';
export { DECODER, HOME } from './pages';
export type * from './types';

/** Every teaching entry, with where it is shown: what the teaching test walks. */
export function teachingEntries(): { where: string; entry: TeachEntry }[] {
	return [
		...LEARN.flatMap((section) =>
			section.body.map((entry, i) => ({ where: `learn#${section.id}[${i}]`, entry }))
		),
		...Object.entries(HOME).map(([key, entry]) => ({ where: `home.${key}`, entry })),
		...Object.entries(DECODER).map(([key, entry]) => ({ where: `decode.${key}`, entry }))
	];
}

/** The guide notes a page shows, by id: every note is shown somewhere (the test checks). */
export const GUIDE_IDS = Object.keys(GUIDE) as (keyof typeof GUIDE)[];
