import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Har } from 'har-format';

// A path, not a URL: under jsdom, URL is jsdom's and node:fs refuses it.
const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/har');

export const FIXTURES = [
	'code-pkce',
	'code-pkce-sanitized',
	'refresh',
	'es256',
	'implicit',
	'form-post',
	'state-mismatch'
] as const;
export type Fixture = (typeof FIXTURES)[number];

export const fixtureText = (name: Fixture): string =>
	readFileSync(join(DIR, `${name}.har`), 'utf8');

export const fixture = (name: Fixture): Har => JSON.parse(fixtureText(name)) as Har;

/** A fixture changed by `edit`, as text: the way a person's differing HAR would arrive. */
export function edited(name: Fixture, edit: (har: Har) => void): string {
	const har = fixture(name);
	edit(har);
	return JSON.stringify(har);
}
