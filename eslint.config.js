import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
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
		// The core and the simulation run in Node and the browser alike: no framework, no alias.
		files: ['src/lib/core/**', 'src/lib/sim/**'],
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
		ignores: ['build/', '.svelte-kit/', 'node_modules/', 'test-results/', 'playwright-report/']
	}
);
