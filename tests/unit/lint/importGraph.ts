/**
 * The import graph of a folder's TypeScript modules, type imports included: lint's
 * import-x/no-cycle skips `import type`, and a folder whose types go round in circles has
 * outgrown its rooms just the same.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

function modules(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return modules(path);
		return name.endsWith('.ts') ? [path] : [];
	});
}

/** Resolves a relative or `$lib/` specifier the way Vite does for our sources, or undefined. */
function resolve(from: string, specifier: string, lib: string): string | undefined {
	const base = specifier.startsWith('$lib/')
		? join(lib, specifier.slice(5))
		: specifier.startsWith('.')
			? join(dirname(from), specifier)
			: undefined;
	if (!base) return undefined;
	return ['', '.ts', '.svelte.ts', '/index.ts']
		.map((ending) => normalize(base + ending))
		.find((path) => existsSync(path) && statSync(path).isFile());
}

/** Every cycle (strongly connected set of two or more modules), as paths relative to `root`. */
export function importCycles(root: string, lib = root): string[][] {
	const graph = new Map<string, string[]>();
	for (const file of modules(root)) {
		const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
		graph.set(
			file,
			importedFiles.flatMap(({ fileName }) => resolve(file, fileName, lib) ?? [])
		);
	}
	// Tarjan's strongly connected components.
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const cycles: string[][] = [];
	const visit = (node: string) => {
		index.set(node, index.size);
		low.set(node, index.get(node)!);
		stack.push(node);
		for (const next of graph.get(node) ?? []) {
			if (!index.has(next)) {
				visit(next);
				low.set(node, Math.min(low.get(node)!, low.get(next)!));
			} else if (stack.includes(next)) {
				low.set(node, Math.min(low.get(node)!, index.get(next)!));
			}
		}
		if (low.get(node) !== index.get(node)) return;
		const component: string[] = [];
		let member: string;
		do {
			member = stack.pop()!;
			component.push(relative(root, member));
		} while (member !== node);
		if (component.length > 1) cycles.push(component.sort());
	};
	for (const node of graph.keys()) if (!index.has(node)) visit(node);
	return cycles;
}
