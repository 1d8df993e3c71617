import { createActor, fromPromise, waitFor } from 'xstate';
import { describe, expect, test } from 'vitest';
import { clientMachine } from '../../../src/lib/sim/machines/clientMachine';
import {
	ClientError,
	type ClientDeps,
	type ClientSession
} from '../../../src/lib/sim/machines/clientOperations';

/** The client machine alone: every protocol operation swapped for a stub that records its call. */
function clientWith(overrides: { redeemCode?: () => Promise<Partial<ClientSession>> } = {}) {
	const calls: string[] = [];
	const stub =
		(name: string, result: Partial<ClientSession> = {}) =>
		async () => {
			calls.push(name);
			return result;
		};
	const machine = clientMachine.provide({
		actors: {
			startAuthorization: fromPromise(stub('startAuthorization')),
			receiveCallback: fromPromise(
				stub('receiveCallback', {
					received: { code: 'the-code', source: 'authorization' }
				})
			),
			redeemCode: fromPromise(
				overrides.redeemCode ??
					stub('redeemCode', { received: { idToken: 'a.b.c', source: 'token' } })
			),
			acceptTokens: fromPromise(stub('acceptTokens', { idToken: 'a.b.c' }))
		}
	});
	// The stubs never touch the network or the trace.
	const actor = createActor(machine, { input: { deps: {} as ClientDeps } }).start();
	return { actor, calls };
}

describe('the client machine on its own', () => {
	test('a login goes authorize → callback → code redemption → validation → signed in', async () => {
		const { actor, calls } = clientWith();
		actor.send({ type: 'LOGIN' });
		await waitFor(actor, (s) => s.matches('awaitingCallback'));
		actor.send({ type: 'CALLBACK', url: 'https://spa.example/callback?code=the-code' });
		const done = await waitFor(actor, (s) => s.hasTag('settled'));
		expect(done.value).toBe('signedIn');
		expect(calls).toEqual(['startAuthorization', 'receiveCallback', 'redeemCode', 'acceptTokens']);
		expect(done.context.session.idToken).toBe('a.b.c');
	});

	test('an error from the token endpoint ends in error with its OAuth code', async () => {
		const { actor, calls } = clientWith({
			redeemCode: () => Promise.reject(new ClientError('invalid_grant', 'code already used'))
		});
		actor.send({ type: 'LOGIN' });
		await waitFor(actor, (s) => s.matches('awaitingCallback'));
		actor.send({ type: 'CALLBACK', url: 'https://spa.example/callback?code=the-code' });
		const done = await waitFor(actor, (s) => s.hasTag('settled'));
		expect(done.value).toBe('error');
		expect(done.context.error?.error).toBe('invalid_grant');
		expect(calls).not.toContain('acceptTokens');
	});

	test('a callback while no login is in progress is not accepted', () => {
		const { actor } = clientWith();
		expect(actor.getSnapshot().can({ type: 'CALLBACK', url: 'https://spa.example/callback' })).toBe(
			false
		);
	});
});
