/**
 * The TV's side of the device authorization grant (RFC 8628): ask for codes, show the user
 * code, and poll the token endpoint on the simulated clock, slowing down when told to.
 */
import {
	deviceAuthorizationRequest,
	deviceTokenRequest,
	readDeviceAuthorization,
	readDevicePoll,
	readJson,
	SPEC
} from '../../core/index';
import { ClientError, type ClientDeps, type ClientSession } from './clientSession';
import { ensureProvider } from './provider';
import { receivedTokens } from './tokenResponse';

/** How the TV polls this time. */
export interface DevicePollOptions {
	/**
	 * Polls after this many seconds instead of the interval: a device that does not wait long
	 * enough, which the issuer answers with slow_down.
	 */
	after?: number;
}

/**
 * POST to the device authorization endpoint, then show the user code and where to type it.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1
 */
export async function startDeviceAuthorization(
	deps: ClientDeps,
	session: ClientSession
): Promise<Partial<ClientSession>> {
	const provider = await ensureProvider(deps, session);
	const response = await deps.network.send(
		'client',
		deviceAuthorizationRequest(
			provider.metadata,
			deps.config.credentials,
			deps.config.scope,
			deps.config.audience
		)
	);
	const read = readDeviceAuthorization(response);
	if (!read.ok) throw new ClientError(read.error, read.description);
	const authorization = read.value;
	await deps.trace.push({
		kind: 'action',
		from: 'client',
		to: 'client',
		channel: 'back',
		// The code is random: it goes in the note, so a run's labels are the same every time.
		label: 'TV shows the user code',
		note: `The screen says: go to ${authorization.verification_uri} and enter ${authorization.user_code} (a QR code can carry verification_uri_complete). The device_code is never shown: only the TV polls with it.`,
		tokens: [],
		failed: false,
		spec: SPEC.deviceUserInteraction,
		name: 'show-user-code'
	});
	return { ...provider, device: { authorization, interval: authorization.interval } };
}

/**
 * Waits the polling interval on the simulated clock (or less, when told to hurry), then asks
 * the token endpoint: pending and slow_down keep the TV waiting, other errors stop it.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
export async function pollDeviceToken(
	deps: ClientDeps,
	session: ClientSession,
	options: DevicePollOptions
): Promise<Partial<ClientSession>> {
	const { device, metadata } = session;
	if (!device || !metadata)
		throw new ClientError('no_device_code', 'no device authorization is in progress');
	const seconds = options.after ?? device.interval;
	await deps.trace.wait(
		seconds,
		options.after === undefined
			? `The TV waits the polling interval (${seconds} s) before asking again.`
			: `The TV polls after only ${seconds} s, sooner than the ${device.interval} s interval it was given.`
	);
	const response = await deps.network.send(
		'client',
		deviceTokenRequest(metadata, deps.config.credentials, device.authorization.device_code)
	);
	const next = readDevicePoll(response, device.interval);
	if (next.kind === 'wait')
		return { lastResponse: response, device: { ...device, interval: next.interval } };
	if (next.kind === 'stop')
		throw new ClientError(next.error, String(readJson(response).error_description ?? ''));
	// Tokens at last: the TV stops polling and validates them.
	return { ...receivedTokens(response, 'token'), device: undefined };
}
