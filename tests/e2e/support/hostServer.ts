/**
 * Serves the built site as a static host would, with that host's reading of the header file the
 * build wrote, so the end-to-end tests see the headers a real deployment sends:
 *
 * - `cloudflare`: `build/_headers` as Cloudflare Pages reads it (workers-sdk `parseHeaders` and
 *   `rules-engine`): only the first 100 rules, lines over 2,000 characters ignored, `*` matches
 *   anything, `:name` one segment, the whole path, case-sensitive; every matching rule applies in
 *   order, a header set again is appended (joined with ", "), `! Name` removes one. `/x.html` and
 *   `/index.html` redirect to `/x` and `/`; `/x` serves `x.html`.
 * - `netlify`: `build/_headers` as Netlify reads it (`@netlify/headers-parser`): a `*` segment also
 *   matches nothing, `:name` one segment, a trailing slash allowed, case-insensitive; every
 *   matching rule applies, a later one's header replacing an earlier one's (as `netlify dev`).
 *   `/x` and `/x.html` both serve `x.html`.
 * - `nginx`: `build/nginx-headers.conf` included in a server block, for the directives the build
 *   emits: `location` with `=`, `^~` or a plain prefix (exact first, then the longest prefix),
 *   `add_header … always` (a location with none inherits the server's), `try_files` (the first
 *   file that exists, else the `=code`), `types { }` with `default_type`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

export type Host = 'cloudflare' | 'netlify' | 'nginx';

const TYPES: Record<string, string> = {
	'.html': 'text/html',
	'.js': 'application/javascript',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.css': 'text/css',
	'.woff2': 'font/woff2',
	'.png': 'image/png'
};

type Rule = { path: string; set: [string, string][]; unset: string[] };

/** A `_headers` file as lines of rules (comments and blank lines skipped). */
function parseHeadersFile(text: string, host: 'cloudflare' | 'netlify'): Rule[] {
	const rules: Rule[] = [];
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (!line || line.startsWith('#')) continue;
		if (host === 'cloudflare' && line.length > 2000) continue;
		if (line.startsWith('/')) {
			if (host === 'cloudflare' && rules.length >= 100) break;
			rules.push({ path: line, set: [], unset: [] });
			continue;
		}
		const rule = rules.at(-1);
		if (!rule) continue;
		if (host === 'cloudflare' && line.startsWith('! ')) {
			rule.unset.push(line.slice(2).trim());
			continue;
		}
		const at = line.indexOf(':');
		if (at < 0) continue;
		rule.set.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
	}
	return rules;
}

const escape = (s: string) => s.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&').replaceAll('-', '\\x2d');

function cloudflareRegExp(path: string): RegExp {
	const pattern = path
		.split('*')
		.map(escape)
		.join('.*')
		.replace(/:([A-Za-z]\w*)/g, '[^/]+');
	return new RegExp(`^${pattern}$`);
}

function netlifyRegExp(path: string): RegExp {
	const parts = path
		.split('/')
		.map((p) => p.trimEnd())
		.filter(Boolean)
		.map((p) =>
			p.startsWith(':')
				? '([^/]+)'
				: p === '*'
					? '?(.*)'
					: p.includes('*')
						? p.split('*').map(escape).join('(.*)')
						: escape(p)
		);
	return new RegExp(`^/${parts.join('/')}/?$`, 'iu');
}

function headersFromRules(rules: Rule[], host: 'cloudflare' | 'netlify', path: string) {
	const out = new Headers();
	const seen = new Set<string>();
	for (const rule of rules) {
		const re = host === 'cloudflare' ? cloudflareRegExp(rule.path) : netlifyRegExp(rule.path);
		if (!re.test(path)) continue;
		for (const name of rule.unset) out.delete(name);
		for (const [name, value] of rule.set) {
			if (host === 'cloudflare' && seen.has(name.toLowerCase())) out.append(name, value);
			else out.set(name, value);
			seen.add(name.toLowerCase());
		}
	}
	return out;
}

type Location = {
	modifier: '=' | '^~' | '';
	path: string;
	headers: [string, string][];
	tryFiles?: string[];
	defaultType?: string;
	emptyTypes: boolean;
};

/** The subset of nginx configuration the build writes: locations and their directives. */
function parseNginx(text: string): { server: [string, string][]; locations: Location[] } {
	const server: [string, string][] = [];
	const locations: Location[] = [];
	let current: Location | undefined;
	for (const raw of text.split('\n')) {
		const line = raw.replace(/#.*$/, '').trim();
		if (!line) continue;
		const open = /^location\s+(=|\^~)?\s*(\S+)\s*\{$/.exec(line);
		if (open) {
			current = {
				modifier: (open[1] ?? '') as Location['modifier'],
				path: open[2]!,
				headers: [],
				emptyTypes: false
			};
			continue;
		}
		if (line === '}') {
			if (!current) throw new Error('nginx: unbalanced }');
			locations.push(current);
			current = undefined;
			continue;
		}
		const header = /^add_header\s+(\S+)\s+"([^"]*)"\s+always;$/.exec(line);
		if (header) {
			(current ? current.headers : server).push([header[1]!, header[2]!]);
			continue;
		}
		if (!current) throw new Error(`nginx: unsupported server directive: ${line}`);
		if (line === 'types { }') current.emptyTypes = true;
		else if (line.startsWith('default_type '))
			current.defaultType = line.slice(13, -1).replace(/^"|"$/g, '');
		else if (line.startsWith('try_files ')) current.tryFiles = line.slice(10, -1).split(/\s+/);
		else throw new Error(`nginx: unsupported location directive: ${line}`);
	}
	return { server, locations };
}

function nginxLocation(locations: Location[], uri: string): Location | undefined {
	const exact = locations.find((l) => l.modifier === '=' && l.path === uri);
	if (exact) return exact;
	const prefixes = locations
		.filter((l) => l.modifier !== '=' && uri.startsWith(l.path))
		.sort((a, b) => b.path.length - a.path.length);
	return prefixes[0];
}

export type Served = { url: string; close: () => Promise<void> };

/** Starts a server for `root` (the build) on a free port of 127.0.0.1, reading headers as `host`. */
export async function serveAs(host: Host, root = 'build'): Promise<Served> {
	const file = (rel: string) => {
		const path = normalize(join(root, decodeURIComponent(rel)));
		if (!path.startsWith(normalize(root))) return undefined;
		return existsSync(path) && statSync(path).isFile() ? path : undefined;
	};
	const send = (res: ServerResponse, status: number, headers: Headers, path?: string) => {
		headers.forEach((value, name) => res.setHeader(name, value));
		if (path && !res.hasHeader('content-type'))
			res.setHeader('content-type', TYPES[extname(path)] ?? 'application/octet-stream');
		res.writeHead(status);
		res.end(path ? readFileSync(path) : `${status}`);
	};

	let handle: (req: IncomingMessage, res: ServerResponse) => void;
	if (host === 'nginx') {
		const { server, locations } = parseNginx(
			readFileSync(join(root, 'nginx-headers.conf'), 'utf8')
		);
		handle = (req, res) => {
			const uri = new URL(req.url ?? '/', 'http://x').pathname;
			const location = nginxLocation(locations, uri);
			const headers = new Headers(location?.headers.length ? location.headers : server);
			let found: string | undefined;
			let status = 404;
			for (const candidate of location?.tryFiles ?? ['$uri']) {
				if (/^=\d+$/.test(candidate)) {
					status = Number(candidate.slice(1));
					break;
				}
				found = file(candidate.replaceAll('$uri', uri));
				if (found) break;
			}
			if (found && location?.emptyTypes)
				headers.set('content-type', location.defaultType ?? 'text/plain');
			send(res, found ? 200 : status, headers, found);
		};
	} else {
		const rules = parseHeadersFile(readFileSync(join(root, '_headers'), 'utf8'), host);
		handle = (req, res) => {
			const { pathname: path, search } = new URL(req.url ?? '/', 'http://x');
			const headers = headersFromRules(rules, host, path);
			if (host === 'cloudflare' && path.endsWith('.html') && file(path)) {
				headers.set('location', `${path.replace(/(index)?\.html$/, '')}${search}`);
				return send(res, 308, headers);
			}
			const found =
				file(path) ?? file(`${path}.html`) ?? file(`${path.replace(/\/?$/, '/')}index.html`);
			send(res, found ? 200 : 404, headers, found);
		};
	}
	const server: Server = createServer(handle);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** A page on another origin (another port), serving only `html` at `/`. */
export async function serveOtherOrigin(html: string): Promise<Served> {
	const server = createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/html' });
		res.end(html);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
