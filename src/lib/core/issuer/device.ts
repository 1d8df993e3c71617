/**
 * The device authorization grant (RFC 8628): a device with no browser shows a short code, the
 * person approves it on another device, and the device polls the token endpoint meanwhile.
 */
import { DEVICE_CODE_GRANT, type Client } from '../data';
import {
	html,
	json,
	oauthError,
	requestParams,
	type HttpRequest,
	type HttpResponse
} from '../http';
import { randomToken } from '../random';
import { invalidScopeToken, parseScope } from '../scope';
import { authenticatedForm } from './clientForm';
import { endpoint, type DeviceGrant, type DeviceStore, type IssuerContext } from './context';
import { mintAccessToken, mintIdToken } from './mint';
import { activationPage, deviceDonePage, errorPage } from './pages';
import { issueRefreshToken } from './refreshTokens';
import { liveSession, sessionCookie, startSession } from './session';

export { DEVICE_CODE_GRANT };

export const DEVICE_PATHS = {
	/** Auth0's path for the device authorization endpoint. */
	deviceAuthorization: 'oauth/device/code',
	/** The verification URI the device shows; Auth0 calls it /activate. */
	verification: 'activate'
} as const;

/** 15 minutes to type the code; poll every 5 seconds at first (RFC 8628 §3.2). */
export const DEVICE_CODE_LIFETIME = 900;
export const DEVICE_POLL_INTERVAL = 5;
/** slow_down adds 5 seconds "for this and all subsequent requests" (RFC 8628 §3.5). */
export const SLOW_DOWN_STEP = 5;
const FORM_LIFETIME = 600;

export function newDeviceStore(): DeviceStore {
	return { byDeviceCode: new Map(), byUserCode: new Map(), forms: new Map() };
}

/** Consonants only, so no word can be spelled and nothing looks alike (RFC 8628 §6.1). */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

/** 8 characters of a 20-letter alphabet (about 34.5 bits), shown as XXXX-XXXX. */
function newUserCode(): string {
	const letters: string[] = [];
	while (letters.length < 8) {
		for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
			// Rejection sampling: 240 is the largest multiple of 20 below 256, so no letter is likelier.
			if (byte < 240 && letters.length < 8) letters.push(USER_CODE_ALPHABET[byte % 20]!);
		}
	}
	return `${letters.slice(0, 4).join('')}-${letters.slice(4).join('')}`;
}

/** What the person typed, compared case-insensitively and without dashes or spaces (§6.1). */
export function normaliseUserCode(typed: string): string {
	return typed.toUpperCase().replace(/[^A-Z]/g, '');
}

const registeredForDevice = (client: Client) =>
	client.grant_types?.includes(DEVICE_CODE_GRANT) ?? false;

/**
 * POST /oauth/device/code: the device asks for a device code and a user code.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1
 */
export async function deviceAuthorization(
	ctx: IssuerContext,
	req: HttpRequest
): Promise<HttpResponse> {
	const request = await authenticatedForm(ctx, req, 'device authorization endpoint');
	if ('error' in request) return request.error;
	const { body, client } = request;
	if (!registeredForDevice(client))
		return oauthError(
			400,
			'unauthorized_client',
			`${client.client_id} is not registered for the device authorization grant`
		);
	const scopes = parseScope(body.get('scope'));
	const bad = invalidScopeToken(scopes);
	if (bad !== undefined)
		return oauthError(400, 'invalid_scope', `scope value ${JSON.stringify(bad)} is malformed`);
	if (scopes.includes('openid') && ctx.idTokenAlgorithm === 'HS256' && !client.client_secret)
		return oauthError(
			400,
			'unauthorized_client',
			'HS256 id_tokens are signed with the client secret, and this public client has none'
		);
	const audience = body.get('audience') ?? body.get('resource') ?? undefined;
	if (audience !== undefined && !ctx.apis.some((a) => a.identifier === audience))
		return oauthError(400, 'invalid_target', `no API is registered with identifier ${audience}`);

	let userCode = newUserCode();
	while (ctx.store.device.byUserCode.has(normaliseUserCode(userCode))) userCode = newUserCode();
	const grant: DeviceGrant = {
		deviceCode: randomToken(32),
		userCode,
		client,
		scopes,
		audience,
		expiresAt: ctx.clock.now() + DEVICE_CODE_LIFETIME,
		interval: DEVICE_POLL_INTERVAL,
		status: 'pending'
	};
	ctx.store.device.byDeviceCode.set(grant.deviceCode, grant);
	ctx.store.device.byUserCode.set(normaliseUserCode(userCode), grant);
	const verificationUri = endpoint(ctx, DEVICE_PATHS.verification);
	const complete = new URL(verificationUri);
	complete.searchParams.set('user_code', userCode);
	return json(200, {
		device_code: grant.deviceCode,
		user_code: userCode,
		verification_uri: verificationUri,
		verification_uri_complete: complete.href,
		expires_in: DEVICE_CODE_LIFETIME,
		interval: DEVICE_POLL_INTERVAL
	});
}

/** A grant the person may still act on, looked up by what they typed. */
function pendingGrant(ctx: IssuerContext, typed: string | null): DeviceGrant | undefined {
	const grant = typed ? ctx.store.device.byUserCode.get(normaliseUserCode(typed)) : undefined;
	return grant && grant.status === 'pending' && grant.expiresAt > ctx.clock.now()
		? grant
		: undefined;
}

function newForm(ctx: IssuerContext): string {
	// Every page view makes a form id; drop the expired ones so the store stays small.
	const now = ctx.clock.now();
	for (const [form, expiresAt] of ctx.store.device.forms)
		if (expiresAt <= now) ctx.store.device.forms.delete(form);
	const id = randomToken(16);
	ctx.store.device.forms.set(id, ctx.clock.now() + FORM_LIFETIME);
	return id;
}

function activationForm(
	ctx: IssuerContext,
	req: HttpRequest,
	opts: { userCode?: string; grant?: DeviceGrant; error?: string }
): HttpResponse {
	return html(
		200,
		activationPage({
			action: endpoint(ctx, DEVICE_PATHS.verification),
			form: newForm(ctx),
			userCode: opts.grant?.userCode ?? opts.userCode ?? '',
			clientName: opts.grant?.client.client_name,
			scopes: opts.grant?.scopes ?? [],
			needsLogin: !liveSession(ctx, req),
			error: opts.error
		})
	);
}

/**
 * GET|POST /activate: the person enters the code, logs in if needed, sees which application
 * asks, and approves or denies (RFC 8628 §3.3, with §5.4's advice against remote phishing).
 */
export async function activate(ctx: IssuerContext, req: HttpRequest): Promise<HttpResponse> {
	const params = requestParams(req);
	if (req.method !== 'POST') {
		const typed = params.get('user_code') ?? undefined;
		return activationForm(ctx, req, { userCode: typed, grant: pendingGrant(ctx, typed ?? null) });
	}
	const formId = params.get('form') ?? '';
	const formExpiry = ctx.store.device.forms.get(formId);
	ctx.store.device.forms.delete(formId);
	if (formExpiry === undefined || formExpiry <= ctx.clock.now())
		return html(
			400,
			errorPage('invalid_request', 'this page has expired or was already used; open it again')
		);
	const typed = params.get('user_code') ?? '';
	const grant = pendingGrant(ctx, typed);
	if (!grant)
		return activationForm(ctx, req, {
			userCode: typed,
			error: 'That code is not valid, or it has expired. Check the code on your device.'
		});
	const decision = params.get('decision');
	// A typed code is confirmed on a second page that names the application asking.
	if (decision !== 'allow' && decision !== 'deny') return activationForm(ctx, req, { grant });

	let session = liveSession(ctx, req);
	const headers: [string, string][] = [];
	if (!session) {
		const user = ctx.users.find(
			(u) => u.username === params.get('username') && u.password === params.get('password')
		);
		if (!user) return activationForm(ctx, req, { grant, error: 'Wrong username or password.' });
		session = startSession(ctx, user);
		headers.push(['Set-Cookie', sessionCookie(ctx, session)]);
	}
	if (decision === 'deny') {
		grant.status = 'denied';
		return html(200, deviceDonePage(grant.client.client_name, false), headers);
	}
	grant.status = 'approved';
	grant.userId = session.userId;
	grant.authTime = session.authTime;
	grant.sid = session.claimSid;
	session.clients?.add(grant.client.client_id);
	return html(200, deviceDonePage(grant.client.client_name, true), headers);
}

const deviceError = (error: string, description: string) => oauthError(400, error, description);

/**
 * The token endpoint's device_code grant: pending, slow down, expired, denied, or tokens. With a
 * DPoP proof (its key thumbprint `jkt`), the tokens are bound to the device's key as in any other
 * grant, a public client's refresh token included (RFC 9449 §5).
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 */
export async function redeemDeviceCode(
	ctx: IssuerContext,
	client: Client,
	body: URLSearchParams,
	jkt?: string
): Promise<HttpResponse> {
	// A client not registered for this grant is refused before any code is looked at (RFC 6749 §5.2).
	if (!registeredForDevice(client))
		return deviceError(
			'unauthorized_client',
			`${client.client_id} is not registered for the device authorization grant`
		);
	const deviceCode = body.get('device_code');
	if (!deviceCode) return oauthError(400, 'invalid_request', 'device_code is missing');
	const grant = ctx.store.device.byDeviceCode.get(deviceCode);
	if (!grant) return deviceError('invalid_grant', 'unknown device_code');
	if (grant.client.client_id !== client.client_id)
		return deviceError('invalid_grant', 'this device_code was issued to another client');
	if (grant.status === 'redeemed')
		return deviceError('invalid_grant', 'this device_code was already exchanged for tokens');
	const now = ctx.clock.now();
	if (grant.expiresAt <= now)
		return deviceError(
			'expired_token',
			'the device_code has expired; start again with a new device authorization request'
		);
	if (grant.status === 'denied') return deviceError('access_denied', 'the user denied the request');
	if (grant.status === 'pending') {
		const tooSoon = grant.lastPolledAt !== undefined && now - grant.lastPolledAt < grant.interval;
		grant.lastPolledAt = now;
		if (tooSoon) {
			grant.interval += SLOW_DOWN_STEP;
			return deviceError(
				'slow_down',
				`polling faster than every ${grant.interval - SLOW_DOWN_STEP} s; wait ${grant.interval} s from now on`
			);
		}
		return deviceError(
			'authorization_pending',
			'the user has not yet approved this device; keep polling'
		);
	}

	const user = ctx.users.find((u) => u.id === grant.userId);
	if (!user)
		return deviceError('invalid_grant', 'the user who approved this device no longer exists');
	grant.status = 'redeemed';
	ctx.store.device.byUserCode.delete(normaliseUserCode(grant.userCode));
	const authTime = grant.authTime ?? now;
	const refreshable =
		grant.scopes.includes('offline_access') &&
		(client.grant_types?.includes('refresh_token') ?? true);
	const family = refreshable ? randomToken(16) : undefined;
	const access = await mintAccessToken(ctx, {
		client,
		userId: user.id,
		scopes: grant.scopes,
		authTime,
		audience: grant.audience,
		family,
		jkt
	});
	const response: Record<string, unknown> = {
		access_token: access.token,
		token_type: jkt ? 'DPoP' : 'Bearer',
		expires_in: access.expiresIn,
		scope: grant.scopes.join(' ')
	};
	if (grant.scopes.includes('openid')) {
		// No nonce: the device sent no authentication request that could carry one.
		const idToken = await mintIdToken(ctx, {
			client,
			user,
			scopes: grant.scopes,
			authTime,
			accessToken: access.token,
			sid: grant.sid
		});
		response.id_token = idToken.token;
	}
	if (family)
		response.refresh_token = issueRefreshToken(ctx, {
			family,
			client,
			userId: user.id,
			scopes: grant.scopes,
			audience: grant.audience,
			authTime,
			sid: grant.sid,
			jkt
		});
	return json(200, response);
}
