/**
 * The built site served by `vite preview`, for the benchmark and the prerendered drawings' script
 * (scripts/prerender-diagrams.ts): started on a port of its own, waited for, stopped.
 */
import { spawn } from 'node:child_process';

export interface Preview {
	base: string;
	/** Resolves once the site answers; fails if the server exits first (a port taken) or never does. */
	ready(): Promise<void>;
	stop(): void;
}

export function startPreview(port: number): Preview {
	const server = spawn(
		process.execPath,
		[
			'node_modules/vite/bin/vite.js',
			'preview',
			'--host',
			'127.0.0.1',
			'--port',
			String(port),
			'--strictPort'
		],
		{ stdio: 'ignore' }
	);
	const base = `http://127.0.0.1:${port}`;
	let exited: number | null | undefined;
	server.on('exit', (code) => (exited = code));
	return {
		base,
		// Vite takes seconds to start on a busy machine: wait up to a minute, unless it gave up.
		async ready() {
			for (let i = 0; i < 600; i++) {
				if (exited !== undefined)
					throw new Error(`preview server exited (${exited}); is port ${port} taken?`);
				if (
					await fetch(base).then(
						(r) => r.ok,
						() => false
					)
				)
					return;
				await new Promise((r) => setTimeout(r, 100));
			}
			throw new Error(`preview server did not start on port ${port}`);
		},
		stop: () => void server.kill()
	};
}
