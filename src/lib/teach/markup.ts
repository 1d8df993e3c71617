/**
 * The inline markup of teaching text, small on purpose so text stays plain strings a test can
 * read: `code`, **strong**, and links `[label](flow:code-pkce)`, `[label](page:/decode)`, or
 * `[label](part:h)` for the coloured header / payload / signature words. Nothing else is markup,
 * and nothing is ever rendered as HTML.
 */

export type Page = '/' | '/decode' | '/learn';
const PAGES: readonly string[] = ['/', '/decode', '/learn'] satisfies Page[];
export type Part = 'h' | 'p' | 's';
const PARTS: readonly string[] = ['h', 'p', 's'] satisfies Part[];

export type Segment =
	| { kind: 'text'; text: string }
	| { kind: 'code'; text: string }
	| { kind: 'strong'; text: string }
	| { kind: 'flow'; text: string; flow: string }
	| { kind: 'page'; text: string; page: Page }
	| { kind: 'part'; text: string; part: Part };

const TOKEN = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([a-z]+):([^)\s]+)\)/g;

/** Splits marked-up text into segments; throws on a link of unknown kind (caught by the tests). */
export function parseMarkup(text: string): Segment[] {
	const segments: Segment[] = [];
	let last = 0;
	for (const match of text.matchAll(TOKEN)) {
		const at = match.index;
		if (at > last) segments.push({ kind: 'text', text: text.slice(last, at) });
		last = at + match[0].length;
		const [, code, strong, label, kind, target] = match;
		if (code !== undefined) segments.push({ kind: 'code', text: code });
		else if (strong !== undefined) segments.push({ kind: 'strong', text: strong });
		else segments.push(link(label ?? '', kind ?? '', target ?? ''));
	}
	if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
	return segments;
}

function link(text: string, kind: string, target: string): Segment {
	if (kind === 'flow' && /^[a-z0-9-]+$/.test(target)) return { kind: 'flow', text, flow: target };
	if (kind === 'page' && PAGES.includes(target))
		return { kind: 'page', text, page: target as Page };
	if (kind === 'part' && PARTS.includes(target))
		return { kind: 'part', text, part: target as Part };
	throw new Error(`unknown link ${kind}:${target} in teaching text`);
}

/** The text as a reader sees it, markup removed: for page descriptions and searching. */
export function plainText(text: string): string {
	return parseMarkup(text)
		.map((s) => s.text)
		.join('');
}
