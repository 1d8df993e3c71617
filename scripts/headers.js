// Runs after `vite build` (`npm run build`). Makes the built site need one Content-Security-Policy
// for every page, then writes the response headers static hosts should send:
// `build/_headers` (Netlify, Cloudflare Pages) and `build/nginx-headers.conf` (nginx).
//
// SvelteKit boots each prerendered page with one inline <script> and lists its hash in the page's
// <meta> policy (kit.csp, mode 'hash'). Every page's boot script differs (its data), so the
// policies differ, and 94 hashes do not fit one `_headers` line (Cloudflare reads 2,000 characters
// a line and 100 rules). So each boot script moves to a content-hashed file under
// /_app/immutable/boot/ (a classic script: `document.currentScript` still works, and its imports are
// rewritten relative to the new file), its hash leaves the <meta> policy, and every page then has the
// same policy, `script-src 'self'`, sent as a header with `frame-ancestors 'none'` (which a <meta>
// policy cannot set). /embed/* pages are meant to be framed and get the policy without it.
//
// /live (a real login against the person's own provider) must fetch from origins no static file can
// know in advance, so /live and /live/* alone get `connect-src 'self' https: http://localhost:*
// http://127.0.0.1:*`, in their <meta> policy (src/hooks.server.ts widens it when the page is
// prerendered; this script checks it) and their header; the page itself refuses any origin
// its provider's discovery document does not name (src/lib/live/http.ts). Every other page keeps
// `connect-src 'self'`.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

const root = process.argv[2] ?? 'build';
const BOOT_DIR = '_app/immutable/boot';
const COMMON = [
	['Referrer-Policy', 'no-referrer'],
	['X-Content-Type-Options', 'nosniff']
];
/** Files other sites load: the web component's module, the animated SVGs, the oEmbed answers. */
const SHARED = [
	{ path: '/tokenstep-flow.js', type: 'text/javascript; charset=utf-8' },
	{ dir: '/animated/', ext: '.svg', type: 'image/svg+xml' },
	{ dir: '/oembed/', ext: '.json', type: 'application/json; charset=utf-8' }
];
const CORS = ['Access-Control-Allow-Origin', '*'];
/** Cloudflare Pages: 100 rules, 2,000 characters a line (pages/configuration/headers). */
const MAX_RULES = 100;
const MAX_LINE = 2000;
/** /live's one difference: it may connect to the provider the person names (https, or loopback). */
const LIVE_CONNECT = "connect-src 'self' https: http://localhost:* http://127.0.0.1:*";
const isLive = (route) => route === '/live' || route.startsWith('/live/');
function livePolicy(policy) {
	if (!/(^|; )connect-src /.test(policy))
		throw new Error('the policy has no connect-src for /live to widen');
	return policy.replace(/connect-src [^;]*/, LIVE_CONNECT);
}

function* htmlFiles(dir) {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) yield* htmlFiles(path);
		else if (entry.name.endsWith('.html')) yield path;
	}
}

const META = /<meta http-equiv="content-security-policy" content="([^"]+)">/i;
const SCRIPT = /<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi;
const HASH = / 'sha256-[A-Za-z0-9+/=]+'/g;

/** The site path a built file is served at: /flow/x for flow/x.html, / for index.html. */
const routeOf = (file) => {
	const path = `/${relative(root, file).replaceAll('\\', '/')}`;
	return path === '/index.html' ? '/' : path.replace(/(\/index)?\.html$/, '');
};

/** Moves a page's inline boot script to a file; returns the page's policy without its hash. */
function externalise(file) {
	let html = readFileSync(file, 'utf8');
	const meta = META.exec(html);
	if (!meta) throw new Error(`${file} has no Content-Security-Policy meta tag`);
	const hashes = meta[1].match(HASH) ?? [];
	const inline = [...html.matchAll(SCRIPT)].filter(([, attrs]) => !/\bsrc=/.test(attrs ?? ''));
	const executable = inline.filter(([, attrs]) => !/type="application\/json"/.test(attrs ?? ''));
	if (executable.length > 1 || executable.some(([, attrs]) => attrs?.trim()))
		throw new Error(`${file}: expected at most one plain inline <script> (SvelteKit's boot)`);
	if (executable.length === 1) {
		const [whole, , body] = executable[0];
		const hash = createHash('sha256').update(body).digest('base64');
		if (!hashes.includes(` 'sha256-${hash}'`))
			throw new Error(`${file}: the <meta> policy does not list the boot script's hash`);
		const route = routeOf(file);
		const pageDir = route.endsWith('/') ? route : posix.dirname(route);
		// Imports in an external classic script resolve against the script's own URL.
		const moved = body.replace(/import\("(\.{1,2}\/[^"]+)"\)/g, (_, spec) => {
			const target = posix.join(pageDir, spec);
			const from = posix.relative(`/${BOOT_DIR}`, target);
			return `import("${from.startsWith('.') ? from : `./${from}`}")`;
		});
		const name = `${createHash('sha256').update(moved).digest('hex').slice(0, 16)}.js`;
		mkdirSync(join(root, BOOT_DIR), { recursive: true });
		writeFileSync(join(root, BOOT_DIR, name), moved);
		const src = posix.relative(pageDir, `/${BOOT_DIR}/${name}`);
		html = html.replace(whole, `<script src="${src}"></script>`);
	} else if (hashes.length) {
		throw new Error(`${file}: a hash in the policy but no inline script`);
	}
	const own = meta[1].replace(HASH, '').replace(/;\s*$/, '');
	// /live's <meta> policy comes widened (src/hooks.server.ts); it must be that and only that.
	const live = isLive(routeOf(file));
	const policy = live ? own.replace(LIVE_CONNECT, "connect-src 'self'") : own;
	if (live && own !== livePolicy(policy))
		throw new Error(`${file}: /live's <meta> policy is not the site's with ${LIVE_CONNECT}`);
	html = html.replace(meta[0], `<meta http-equiv="content-security-policy" content="${own}">`);
	writeFileSync(file, html);
	return policy;
}

const files = [...htmlFiles(root)].sort();
const policies = new Set(files.map(externalise));
if (policies.size !== 1)
	throw new Error(`pages still have ${policies.size} different policies: ${[...policies]}`);
const [policy] = policies;
const PAGE_CSP = `${policy}; frame-ancestors 'none'`;
const EMBED_CSP = policy;
const LIVE_CSP = `${livePolicy(policy)}; frame-ancestors 'none'`;

// Top-level pages (/ and /name, /name.html, each named: a `/:page` rule would also match /live),
// /flow/*, /embed/*, /live/*: each path gets one policy from exactly one rule, so Cloudflare (which
// joins a header set by several rules) and Netlify agree.
const routes = files.map(routeOf);
const sections = [
	...new Set(routes.filter((r) => r.lastIndexOf('/') > 0).map((r) => r.split('/')[1]))
];
const topPages = routes.filter((r) => r.lastIndexOf('/') === 0 && r !== '/');
const cspOf = (route) =>
	route.startsWith('/embed/') ? EMBED_CSP : isLive(route) ? LIVE_CSP : PAGE_CSP;
const rules = [
	{ path: '/*', headers: COMMON },
	{ path: '/', headers: [['Content-Security-Policy', PAGE_CSP]] },
	{ path: '/index.html', headers: [['Content-Security-Policy', PAGE_CSP]] },
	...topPages.flatMap((page) =>
		[page, `${page}.html`].map((path) => ({
			path,
			headers: [['Content-Security-Policy', cspOf(page)]]
		}))
	),
	...sections.map((s) => ({
		path: `/${s}/*`,
		headers: [['Content-Security-Policy', cspOf(`/${s}/`)]]
	})),
	...SHARED.map(({ path, dir, ext, type }) => ({
		path: path ?? `${dir}*${ext}`,
		headers: [CORS, ['Content-Type', type]]
	}))
];

/** Cloudflare's matching (a `*` matches anything, `:name` one segment, the whole path). */
const matches = (rule, path) =>
	new RegExp(
		`^${rule
			.split('*')
			.map((part) => part.replace(/[-/\\^$+?.()|[\]{}]/g, '\\$&').replace(/:[A-Za-z]\w*/g, '[^/]+'))
			.join('.*')}$`
	).test(path);
for (const file of files) {
	const route = routeOf(file);
	const served = [route, `/${relative(root, file).replaceAll('\\', '/')}`];
	for (const path of served) {
		const csp = rules.filter(
			(r) => matches(r.path, path) && r.headers.some(([n]) => n === 'Content-Security-Policy')
		);
		const want = cspOf(route);
		if (csp.length !== 1 || csp[0].headers[0][1] !== want)
			throw new Error(`${path} gets ${csp.length} policies from _headers, not its one`);
	}
}
const headersFile = rules.flatMap(({ path, headers }) => [
	path,
	...headers.map(([name, value]) => `  ${name}: ${value}`)
]);
if (rules.length > MAX_RULES || headersFile.some((line) => line.length > MAX_LINE))
	throw new Error(`_headers is over Cloudflare's limits (${MAX_RULES} rules, ${MAX_LINE} a line)`);
writeFileSync(
	join(root, '_headers'),
	`# Written by scripts/headers.js: ${rules.length} rules, no header set twice for one path.\n${headersFile.join('\n')}\n`
);

// nginx: a location's add_header lines replace the server's, so each location lists all of its own.
// ^~ keeps regular-expression locations elsewhere in the server from taking these paths (and their
// headers) away. Pages are found at /name, /name.html and / (index.html).
const block = (match, headers, body) => [
	`location ${match} {`,
	...headers.map(([name, value]) => `    add_header ${name} "${value}" always;`),
	...body.map((line) => `    ${line}`),
	'}'
];
const pageFiles = 'try_files $uri $uri.html $uri/index.html =404;';
const nginx = [
	'# Written by scripts/headers.js. Include inside the server block whose root is this directory;',
	'# it holds every location the site needs.',
	...block('^~ /', [['Content-Security-Policy', PAGE_CSP], ...COMMON], [pageFiles]),
	...block('^~ /embed/', [['Content-Security-Policy', EMBED_CSP], ...COMMON], [pageFiles]),
	...block('^~ /live', [['Content-Security-Policy', LIVE_CSP], ...COMMON], [pageFiles]),
	...SHARED.flatMap(({ path, dir, type }) =>
		block(
			path ? `= ${path}` : `^~ ${dir}`,
			[CORS, ...COMMON],
			['types { }', `default_type "${type}";`, 'try_files $uri =404;']
		)
	)
];
writeFileSync(join(root, 'nginx-headers.conf'), `${nginx.join('\n')}\n`);
console.log(`headers written: ${files.length} pages, ${rules.length} _headers rules`);
