/**
 * The device authorization grant (RFC 8628) in the catalog: a TV that has no browser signs the
 * person in through their phone, and a refusal scenario for a code used too late.
 */
import { SPEC } from '../../core/spec';
import type { FlowDefinition, FlowFamily } from './definition';
import { HONOURS_WITH_ACCESS as HONOURS } from './kit';

const SPECS = {
	rfc: { label: 'RFC 8628 §3 (device grant)', url: SPEC.deviceGrant },
	polling: { label: 'RFC 8628 §3.5 (polling)', url: SPEC.deviceTokenErrors },
	phishing: {
		label: 'RFC 8628 §5.4 (remote phishing)',
		url: 'https://www.rfc-editor.org/rfc/rfc8628#section-5.4'
	},
	idToken: { label: 'OIDC Core §3.1.3.7', url: SPEC.idTokenValidation }
};

/** The TV is the client, the person's phone is the browser. */
const LANES = { client: 'TV (client)', browser: 'Phone (browser)' };

const DEVICE_CLIENT: FlowDefinition['client'] = { type: 'device', extraScopes: ['offline_access'] };

export const DEVICE_FLOWS: FlowFamily = [
	{
		id: 'device',
		title: 'Device authorization: sign in on a TV',
		summary:
			'A TV app has no browser and no keyboard worth typing a password on. It asks the issuer for a device code and a short user code, shows the user code, and polls the token endpoint. The person opens the verification page on their phone, types the code, logs in and allows the TV. Meanwhile the TV hears authorization_pending, and slow_down when it polls too soon (its interval then grows by 5 s), until the tokens arrive; it validates the id_token like any other.',
		status: 'recommended',
		specs: [SPECS.rfc, SPECS.polling, SPECS.idToken],
		honours: HONOURS,
		client: DEVICE_CLIENT,
		participants: LANES,
		run: async (w) => {
			await w.command({ type: 'DEVICE_START' });
			await w.command({ type: 'DEVICE_POLL' });
			// An impatient TV: it polls again before its interval is up, and is told to slow down.
			await w.command({ type: 'DEVICE_POLL', after: 2 });
			await w.command({ type: 'DEVICE_POLL' });
			await w.activateDevice('allow');
			await w.command({ type: 'DEVICE_POLL' });
		}
	},
	{
		id: 'attack-device-code-expired',
		title: 'Refusal: a device code used too late',
		summary:
			'The TV shows its code, but the code is only typed on a phone a quarter of an hour later: a code left on a screen, or one an attacker sent a victim to phish their approval (RFC 8628 §5.4). The issuer lets a device code live 15 minutes: the verification page no longer knows the code, and the token endpoint answers expired_token. Within those 15 minutes the protocol cannot tell a phished approval from a real one; the page naming the application is the only guard.',
		status: 'attack',
		specs: [SPECS.polling, SPECS.phishing],
		honours: HONOURS,
		client: DEVICE_CLIENT,
		participants: LANES,
		defence: { check: 'expired_token', where: 'issuer' },
		run: async (w) => {
			await w.command({ type: 'DEVICE_START' });
			await w.wait(
				901,
				'The code outlives its 15 minutes before anyone types it (the TV app sleeps meanwhile).'
			);
			await w.activateDevice('allow');
			await w.command({ type: 'DEVICE_POLL' }, { expectError: true });
		}
	},
	{
		id: 'attack-device-phishing',
		title: 'Attack: a device code phished from a victim',
		summary:
			'Remote phishing (RFC 8628 §5.4): the attacker starts the device flow on a device of its own, a perfectly normal client, and sends the victim its user code with a reason to type it. Nothing in the protocol can tell this approval from a real one: had the victim allowed, the attacker’s device would have received the victim’s tokens. The only guard is the verification page naming the application that asks, and the person reading it. Here the victim reads it and denies; the attacker’s next poll is answered access_denied.',
		status: 'attack',
		specs: [SPECS.phishing, SPECS.polling],
		honours: HONOURS,
		client: DEVICE_CLIENT,
		participants: { client: 'Attacker’s TV (client)', browser: 'Victim’s phone (browser)' },
		defence: { check: 'access_denied', where: 'issuer' },
		run: async (w) => {
			await w.command({ type: 'DEVICE_START' });
			await w.activateDevice(
				'deny',
				'The code did not come from a screen in front of the person: the attacker sent it in a message (“enter this code to keep your subscription”). The person types it at the real issuer’s page.'
			);
			await w.command({ type: 'DEVICE_POLL' }, { expectError: true });
		}
	}
];

/** The scenarios a named defence refuses (a code used too late, a phished code denied). */
export const DEVICE_ATTACKS: FlowDefinition[] = DEVICE_FLOWS.filter((flow) => flow.defence);
