import { lessonEntries, loadLesson } from '../lessonData';
import type { EntryGenerator, PageServerLoad } from './$types';

export const entries: EntryGenerator = lessonEntries;

// Runs at build time only (every page is prerendered).
export const load: PageServerLoad = ({ params }) => loadLesson(params.lesson);
