/**
 * Logout notifications in the simulation: the issuer delivers its back-channel logout POSTs
 * over the network, and the client's server answers them and the front-channel iframe,
 * validating each before it ends the session (Back-Channel Logout 1.0, Front-Channel Logout 1.0).
 */
import {
	checkFrontchannelLogout,
	decodeJwt,
	html,
	receiveBackchannelLogout,
	SAMPLE_CLIENTS,
	type Client,
	type HttpRequest,
	type Issuer,
	type ValidationReport
} from '../../core/index';
import type { Network, Served } from '../network';
import type { ClientSession } from './clientSession';
import type { WebAppInput } from './webAppInput';

/**
 * The issuer sends each queued logout token to its client's back-channel URI, server to server,
 * before it answers the browser. A client that cannot be reached is skipped: the issuer's own
 * logout does not depend on it (§2.8).
 */
export async function deliverLogoutNotifications(issuer: Issuer, network: Network): Promise<void> {
	for (const request of issuer.takeLogoutRequests()) {
		const token = new URLSearchParams(request.body ?? '').get('logout_token') ?? '';
		const faulty = decodeJwt(token).payload?.nonce !== undefined;
		try {
			await network.send('issuer', request, {
				note: faulty
					? 'A faulty issuer: its logout token carries a nonce, which Back-Channel Logout §2.4 prohibits. The signature is the issuer’s own.'
					: 'The issuer tells the client directly, server to server, that the session ended: a signed logout token, no browser involved.'
			});
		} catch {
			// Nothing answers at that origin in this run; a real issuer would log it and carry on.
		}
	}
}

/** The jti values each client server has accepted, kept for as long as its run lasts. */
const seenJtis = new WeakMap<WebAppInput, Set<string>>();

function registrationOf(input: WebAppInput): Client | undefined {
	return SAMPLE_CLIENTS.find((c) => c.client_id === input.config.credentials.clientId);
}

/** The session the client holds, as its id_token names it. */
function heldSession(session: ClientSession): { sid?: string; sub?: string } | undefined {
	if (!session.idToken) return undefined;
	const claims = decodeJwt(session.idToken).payload ?? {};
	return {
		...(typeof claims.sid === 'string' && { sid: claims.sid }),
		...(typeof claims.sub === 'string' && { sub: claims.sub })
	};
}

const at = (url: string) => {
	const u = new URL(url);
	return u.origin + u.pathname;
};

/** A validation report's check `id` ran and passed. */
const passed = (report: ValidationReport, id: string) =>
	report.checks.some((c) => c.id === id && c.status === 'passed');

const PAGES = {
	signedOut:
		'<!doctype html><title>Signed out</title><h1 data-session="ended">You are signed out</h1>',
	frameDone: '<!doctype html><title>Signed out</title><p data-session="ended">Session ended.</p>',
	frameNothing:
		'<!doctype html><title>Signed out</title><p data-session="none">No session to end.</p>',
	frameRefused:
		'<!doctype html><title>Not signed out</title><p data-session="kept">Not a logout for this session.</p>'
};

/**
 * The client's server for the requests logout brings: the back-channel POST, the front-channel
 * iframe, and its home page once the session is gone. Undefined for any other request, and for
 * clients not registered for logout notifications, whose pages stay as they were.
 */
export async function serveLogoutNotification(
	input: WebAppInput,
	request: HttpRequest
): Promise<Served | undefined> {
	const registered = registrationOf(input);
	if (!registered?.backchannel_logout_uri && !registered?.frontchannel_logout_uri) return undefined;
	const client = input.client();
	const snapshot = client.getSnapshot();
	const { session, deps } = snapshot.context;
	const issuer = session.metadata?.issuer ?? input.config.issuer;
	const held = heldSession(session);
	const target = at(request.url);

	if (registered.backchannel_logout_uri && target === at(registered.backchannel_logout_uri)) {
		let jtis = seenJtis.get(input);
		if (!jtis) seenJtis.set(input, (jtis = new Set()));
		const result = await receiveBackchannelLogout(request, {
			issuer,
			clientId: input.config.credentials.clientId,
			clientSecret: input.config.credentials.clientSecret,
			jwks: session.jwks ?? { keys: [] },
			algorithms: input.config.algorithms,
			now: deps.now(),
			seenJtis: jtis,
			// A user already signed out here is a logout that succeeded (§2.7): no session to match.
			sessions: held ? [held] : undefined
		});
		// Only the session the token names ends; one it does not name is already signed out (§2.7).
		if (result.report?.valid && held && passed(result.report, 'session'))
			client.send({ type: 'SESSION_ENDED', by: 'backchannel' });
		return {
			response: result.response,
			checks: result.report,
			checkLabel: 'validate logout_token',
			checkName: 'validate-logout-token'
		};
	}

	if (registered.frontchannel_logout_uri && target === at(registered.frontchannel_logout_uri)) {
		const report = checkFrontchannelLogout(request.url, {
			issuer,
			sid: held?.sid,
			sessionRequired: registered.frontchannel_logout_session_required
		});
		// Without iss and sid the client cannot tell sessions apart and ends its own; with them, only
		// the session sid names. A session it does not hold is already signed out: success (§2).
		const sidGiven = report.checks.some((c) => c.id === 'sid' && c.status !== 'not_applicable');
		if (report.valid && held && (!sidGiven || passed(report, 'sid')))
			client.send({ type: 'SESSION_ENDED', by: 'frontchannel' });
		// The iframe's page reports what the client now holds, not what it meant to do.
		const ended = held && !client.getSnapshot().context.session.idToken;
		return {
			response: html(
				report.valid ? 200 : 400,
				// html() sends Cache-Control: no-store and Pragma: no-cache, as Front-Channel §2 asks.
				!report.valid ? PAGES.frameRefused : ended ? PAGES.frameDone : PAGES.frameNothing
			),
			checks: report,
			checkLabel: 'check front-channel logout (iss, sid)',
			checkName: 'check-frontchannel-logout'
		};
	}

	// The next page after the session ended says so: the proof that the client forgot the user.
	if (
		input.config.kind === 'webapp' &&
		request.method === 'GET' &&
		target === at(`${input.config.origin}/`) &&
		snapshot.matches('signedOut')
	)
		return { response: html(200, PAGES.signedOut) };
	return undefined;
}
