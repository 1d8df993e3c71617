/**
 * The device's side of RFC 8628: ask for codes, show the user code, poll the token endpoint
 * at the interval the issuer set, slowing down when told to.
 */
import {
	withClientAuth,
	readJson,
	type ClientCredentials,
	type ProviderMetadata
} from './relyingParty';
import { DEVICE_CODE_GRANT } from '../data';
import type { HttpRequest, HttpResponse } from '../http';

export interface DeviceAuthorization {
	device_code: string;
	user_code: string;
	verification_uri: string;
	verification_uri_complete?: string;
	expires_in: number;
	interval: number;
}

/** @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1 */
export function deviceAuthorizationRequest(
	metadata: ProviderMetadata & { device_authorization_endpoint?: string },
	credentials: ClientCredentials,
	scope: string,
	audience?: string
): HttpRequest {
	const url =
		metadata.device_authorization_endpoint ?? new URL('oauth/device/code', metadata.issuer).href;
	return withClientAuth(credentials, url, { scope, audience });
}

/** Reads the device authorization response (§3.2); `interval` defaults to 5 seconds. */
export function readDeviceAuthorization(
	response: HttpResponse
): { ok: true; value: DeviceAuthorization } | { ok: false; error: string; description: string } {
	const body = readJson(response);
	if (response.status !== 200)
		return {
			ok: false,
			error: String(body.error ?? `http_${response.status}`),
			description: String(body.error_description ?? '')
		};
	const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
	const number = (name: string, fallback?: number) =>
		typeof body[name] === 'number' && Number.isFinite(body[name])
			? (body[name] as number)
			: fallback;
	const expiresIn = number('expires_in');
	if (!text('device_code') || !text('user_code') || !text('verification_uri') || !expiresIn)
		return {
			ok: false,
			error: 'invalid_response',
			description: 'device_code, user_code, verification_uri and expires_in are required'
		};
	return {
		ok: true,
		value: {
			device_code: text('device_code'),
			user_code: text('user_code'),
			verification_uri: text('verification_uri'),
			...(text('verification_uri_complete') && {
				verification_uri_complete: text('verification_uri_complete')
			}),
			expires_in: expiresIn,
			interval: number('interval', 5)!
		}
	};
}

/** @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4 */
export function deviceTokenRequest(
	metadata: ProviderMetadata,
	credentials: ClientCredentials,
	deviceCode: string
): HttpRequest {
	return withClientAuth(credentials, metadata.token_endpoint, {
		grant_type: DEVICE_CODE_GRANT,
		device_code: deviceCode
	});
}

/** What the device does next after a poll (§3.5). */
export type DevicePoll =
	{ kind: 'tokens' } | { kind: 'wait'; interval: number } | { kind: 'stop'; error: string };

/**
 * Reads a poll's answer: keep waiting (at a longer interval after slow_down), or stop.
 */
export function readDevicePoll(response: HttpResponse, interval: number): DevicePoll {
	if (response.status === 200) return { kind: 'tokens' };
	const error = String(readJson(response).error ?? `http_${response.status}`);
	if (error === 'authorization_pending') return { kind: 'wait', interval };
	// "the interval MUST be increased by 5 seconds for this and all subsequent requests"
	if (error === 'slow_down') return { kind: 'wait', interval: interval + 5 };
	return { kind: 'stop', error };
}
