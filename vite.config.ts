import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		// Real keys and fuzzing are CPU-bound: on a busy 2-core machine vitest's 5 s default is a
		// coin toss. A hung test still fails.
		testTimeout: 60_000,
		hookTimeout: 60_000,
		expect: { requireAssertions: true }
	}
});
