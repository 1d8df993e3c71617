import { LEARN } from '$lib/teach/index';
import { loadLesson } from './lessonData';
import type { PageServerLoad } from './$types';

// Runs at build time only (every page is prerendered): /learn is the first lesson.
export const load: PageServerLoad = () => loadLesson(LEARN[0]!.id);
