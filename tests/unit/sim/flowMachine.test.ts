import { createActor, createMachine, waitFor } from 'xstate';
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
	/** The flow with every party replaced by a machine that records what reaches it. */
	function stubbedFlow(kind: 'spa' | 'webapp') {
		const received: Record<string, string[]> = {};
		const recorder = (id: string) =>
			createMachine({
				id,
				on: { '*': { actions: ({ event }) => (received[id] ??= []).push(event.type) } }
			});
		const machine = flowMachine.provide({
			actors: {
				issuer: recorder('issuer'),
				api: recorder('api'),
				client: recorder('client'),
				webApp: recorder('webApp'),
				browser: recorder('browser')
			}
		});
		const actor = createActor(machine, {
			systemId: SYSTEM_IDS.flow,
			input: { config: config(kind) } as FlowInput
		}).start();
		return { actor, received };
	}

	test('every party is registered under its system id', () => {
		const { actor } = stubbedFlow('spa');
		for (const id of Object.values(SYSTEM_IDS)) expect(actor.system.get(id)).toBeDefined();
		actor.stop();
	});

	test('the browser’s arrivals reach the client through the system', async () => {
		const { actor, received } = stubbedFlow('spa');
		actor.system.get(SYSTEM_IDS.flow)!.send({
			type: 'ARRIVED',
			arrival: arrival(`${ORIGIN}/callback?code=c`)
		});
		actor.system.get(SYSTEM_IDS.flow)!.send({
			type: 'ARRIVED',
			arrival: arrival('https://evil.example/', 0)
		});
		await waitFor(actor, () => (received.client ?? []).length === 2);
		expect(received.client).toEqual(['CALLBACK', 'NAVIGATION_FAILED']);
		actor.stop();
	});

	test('the flow follows its client: a client without the settled tag keeps the flow unsettled', () => {
		const { actor } = stubbedFlow('webapp');
		expect(actor.getSnapshot().context.clientSettled).toBe(false);
		expect(isSettled(actor.getSnapshot())).toBe(false);
		actor.stop();
	});
});
