import { createActor, fromPromise, waitFor } from 'xstate';
import { clientMachine } from '../../../src/lib/sim/machines/clientMachine';
import { describe, expect, test } from 'vitest';
import type { ClientConfig } from '../../../src/lib/sim/machines/clientOperations';
import {
	deliveryFor,
	flowMachine,
	isSettled,
	SYSTEM_IDS,
	type FlowInput
} from '../../../src/lib/sim/machines/flowMachine';

const ORIGIN = 'https://app.example';
const config = (kind: 'spa' | 'webapp') => ({ kind, origin: ORIGIN }) as ClientConfig;
const arrival = (url: string, status = 200) => ({
	url,
	request: { method: 'GET', url, headers: [] },
	response: { status, headers: [], body: '' },
	frame: 'top' as const
});

describe('what a page the browser lands on means to the client', () => {
	test('off the client’s origin the navigation failed; on it an SPA reads the URL, a web server already answered', () => {
		expect(deliveryFor(config('spa'), arrival('https://issuer.example/error', 400))?.type).toBe(
			'NAVIGATION_FAILED'
		);
		expect(deliveryFor(config('spa'), arrival(`${ORIGIN}/callback?code=c`))).toEqual({
			type: 'CALLBACK',
			url: `${ORIGIN}/callback?code=c`
		});
		expect(deliveryFor(config('webapp'), arrival(`${ORIGIN}/callback?code=c`))).toBeUndefined();
	});
});

describe('the flow as one actor system', () => {
	/** The real flow; the client's first steps are stubbed, so it waits for a callback offline. */
	function flowWaitingForCallback(kind: 'spa' | 'webapp') {
		const callbacks: string[] = [];
		const machine = flowMachine.provide({
			actors: {
				client: clientMachine.provide({
					actors: {
						startAuthorization: fromPromise(async () => ({})),
						receiveCallback: fromPromise(async ({ input }) => {
							callbacks.push(input.extra.url);
							return {};
						})
					}
				})
			}
		});
		const actor = createActor(machine, {
			systemId: SYSTEM_IDS.flow,
			input: { config: config(kind) } as FlowInput
		}).start();
		actor.system.get(SYSTEM_IDS.client)!.send({ type: 'LOGIN' });
		return { actor, callbacks };
	}

	test('every party is registered under its system id, and the flow is at rest before anything happens', () => {
		const actor = createActor(flowMachine, {
			systemId: SYSTEM_IDS.flow,
			input: { config: config('spa') } as FlowInput
		}).start();
		for (const id of Object.values(SYSTEM_IDS)) expect(actor.system.get(id)).toBeDefined();
		expect(isSettled(actor.getSnapshot())).toBe(true);
		actor.stop();
	});

	test('the browser’s landing on the SPA’s callback reaches the client through the system', async () => {
		const { actor, callbacks } = flowWaitingForCallback('spa');
		const client = actor.getSnapshot().children.client!;
		await waitFor(client, (s) => s.matches('awaitingCallback'));
		expect(isSettled(actor.getSnapshot())).toBe(false);
		actor.send({ type: 'ARRIVED', arrival: arrival(`${ORIGIN}/callback?code=c`) });
		await waitFor(client, (s) => s.hasTag('settled'));
		expect(callbacks).toEqual([`${ORIGIN}/callback?code=c`]);
		actor.stop();
	});

	test('a page off the client’s origin ends its login with navigation_failed', async () => {
		const { actor } = flowWaitingForCallback('webapp');
		const client = actor.getSnapshot().children.client!;
		await waitFor(client, (s) => s.matches('awaitingCallback'));
		actor.send({ type: 'ARRIVED', arrival: arrival('https://issuer.example/authorize', 400) });
		const done = await waitFor(actor, isSettled);
		expect(done.children.client?.getSnapshot().context.error?.error).toBe('navigation_failed');
		actor.stop();
	});
});
