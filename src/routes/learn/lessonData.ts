import { error } from '@sveltejs/kit';
import { LEARN } from '$lib/teach/index';
import { resolveAll } from '$lib/teach/seeIt';

/** Every lesson but the first (which is /learn itself) is a prerendered page of its own. */
export const lessonEntries = () => LEARN.slice(1).map((l) => ({ lesson: l.id }));

/**
 * A lesson page's data, made at build time: which lesson, and its "see it" links, each resolved
 * by running its flow with its settings in Node, so the page ships only the links.
 */
export async function loadLesson(id: string) {
	const index = LEARN.findIndex((l) => l.id === id);
	if (index < 0) error(404, `There is no lesson called “${id}”.`);
	return { index, seeIt: await resolveAll(LEARN[index]!.seeIt) };
}
