// Writes response headers for static hosts next to the built site: `build/_headers`
// (Netlify, Cloudflare Pages) and `build/nginx-headers.conf` (include it in a server block).
// Each page's Content-Security-Policy is the one SvelteKit put in its <meta> tag, with its
// script hashes, plus `frame-ancestors 'none'`, which only a header can set; /embed/* pages
// are meant to be framed and leave it out.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? 'build';
const COMMON = [
	['Referrer-Policy', 'no-referrer'],
	['X-Content-Type-Options', 'nosniff']
];

function* htmlFiles(dir) {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) yield* htmlFiles(path);
		else if (entry.name.endsWith('.html')) yield path;
	}
}

const pages = [...htmlFiles(root)].sort().map((file) => {
	const html = readFileSync(file, 'utf8');
	const meta = /<meta http-equiv="content-security-policy" content="([^"]+)"/i.exec(html);
	if (!meta) throw new Error(`${file} has no Content-Security-Policy meta tag`);
	const path = `/${relative(root, file).replaceAll('\\', '/')}`;
	const route = path === '/index.html' ? '/' : path.replace(/\.html$/, '');
	const framable = route.startsWith('/embed/');
	const csp = `${meta[1].replace(/;\s*$/, '')}${framable ? '' : "; frame-ancestors 'none'"}`;
	return { route, path, csp };
});

const netlify = [
	'/*',
	...COMMON.map(([name, value]) => `  ${name}: ${value}`),
	...pages.flatMap(({ route, path }) =>
		[...new Set([route, path])].map(
			(p) => `${p}\n  Content-Security-Policy: ${pages.find((x) => x.path === path).csp}`
		)
	)
];
writeFileSync(join(root, '_headers'), `${netlify.join('\n')}\n`);

const nginx = pages.flatMap(({ route, path, csp }) => [
	`location = ${route} {`,
	...[['Content-Security-Policy', csp], ...COMMON].map(
		([name, value]) => `    add_header ${name} "${value}" always;`
	),
	`    try_files ${path} =404;`,
	'}'
]);
writeFileSync(join(root, 'nginx-headers.conf'), `${nginx.join('\n')}\n`);
console.log(`headers written for ${pages.length} pages`);
