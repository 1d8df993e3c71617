import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import svelteConfig from './svelte.config.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		files: ['**/*.svelte'],
		rules: {
			// The simulator rewrites only its own query string, on a path built with resolve().
			'svelte/no-navigation-without-resolve': ['error', { ignoreReplaceState: true }]
		}
	},
	{
		// The core, the simulation and the teaching text run in Node and the browser alike: no
		// framework, no alias.
		files: ['src/lib/core/**', 'src/lib/sim/**', 'src/lib/teach/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: ['svelte', 'svelte/*', '$app/*', '$lib', '$lib/*', 'mermaid'] }
			]
		}
	},
	{
		// Text from URLs, tokens and forms is used as a key: inherited names like `constructor`,
		// `toString` or `__proto__` must never act as data. Tables are built with lookupTable()
		// (null prototype) or are a Map; membership is Object.hasOwn.
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector:
						":matches(Program, ExportNamedDeclaration) > VariableDeclaration > VariableDeclarator[id.typeAnnotation.typeAnnotation.typeName.name='Record'][id.typeAnnotation.typeAnnotation.typeArguments.params.0.type='TSStringKeyword'] > ObjectExpression[properties.length>0]",
					message:
						'A module-level table keyed by any string inherits Object.prototype: build it with lookupTable() from core/lookup or use a Map.'
				},
				{
					selector: "BinaryExpression[operator='in'][left.type!='Literal']",
					message:
						'`in` also finds inherited names such as `constructor`: use Object.hasOwn(object, key).'
				}
			]
		}
	},
	{
		// No import cycles: a module imports only what sits below it, so every module can be read,
		// tested and loaded on its own (a cycle can also hand a module an export not yet initialised).
		// The resolver follows the project's tsconfig: extensionless `.ts` imports, `x.svelte` →
		// `x.svelte.ts` and `$lib`. Not covered: `import type` edges (the rule skips them by design)
		// and .svelte components, whose imports the plugin cannot read (no .ts module imports one).
		// The fixtures are linted only by tests/unit/lint/noCycle.test.ts, which proves the rule bites.
		files: ['src/**/*.ts', 'tests/unit/lint/fixtures/**/*.ts'],
		plugins: { 'import-x': importX },
		settings: {
			'import-x/extensions': ['.ts'],
			'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
			'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })]
		},
		rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] }
	},
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'tests/unit/lint/fixtures/'
		]
	}
);
