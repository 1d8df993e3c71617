import { isFailure } from '../jwt/checks';
import { decodeJwt } from '../jwt/decode';
import {
	html,
	redirect,
	requestParams,
	parseCookies,
	type HttpRequest,
	type HttpResponse
} from '../http';
import type { IssuerContext } from './context';
import { SESSION_COOKIE } from './session';
import { verifyOwnIdToken } from './ownTokens';
import { notifyLogout } from './backchannel';
import { errorPage, frontchannelLogoutPage, signedOutPage } from './pages';

/**
 * GET|POST /oidc/logout: RP-initiated logout. Ends the session at the issuer; tokens already
 * issued stay valid until they expire, because a JWT cannot be recalled.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
export async function endSession(ctx: IssuerContext, req: HttpRequest): Promise<HttpResponse> {
	const params = requestParams(req);
	const hint = params.get('id_token_hint');
	let clientId = params.get('client_id') ?? undefined;
	if (hint) {
		const { report } = await verifyOwnIdToken(ctx, hint);
		// An expired hint is fine (the user may log out long after login); a forged one is not.
		const forged = report.checks.some(
			(c) => isFailure(c) && ['signature', 'iss', 'kid', 'alg'].includes(c.id)
		);
		if (forged || !report.claims)
			return html(400, errorPage('invalid_request', 'id_token_hint was not issued by this issuer'));
		const aud = decodeJwt(hint).payload?.aud;
		const hinted = Array.isArray(aud) ? aud[0] : aud;
		if (clientId && hinted !== clientId)
			return html(400, errorPage('invalid_request', 'client_id does not match id_token_hint'));
		clientId = typeof hinted === 'string' ? hinted : clientId;
	}
	const sid = parseCookies(req).get(SESSION_COOKIE);
	const session = sid ? ctx.store.sessions.get(sid) : undefined;
	if (sid) ctx.store.sessions.delete(sid);
	// Every client of the session hears of it: back-channel POSTs now, front-channel iframes below.
	const { frontchannel } = session
		? await notifyLogout(ctx, session)
		: { frontchannel: [] as string[] };
	const clear: [string, string] = [
		'Set-Cookie',
		`${SESSION_COOKIE}=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=None`
	];

	const target = params.get('post_logout_redirect_uri');
	if (target) {
		const client = ctx.clients.find((c) => c.client_id === clientId);
		if (!client)
			return html(
				400,
				errorPage('invalid_request', 'post_logout_redirect_uri needs client_id or id_token_hint'),
				[clear]
			);
		if (!client.post_logout_redirect_uris.includes(target)) {
			return html(
				400,
				errorPage(
					'invalid_request',
					`post_logout_redirect_uri ${target} is not registered for ${client.client_id}`
				),
				[clear]
			);
		}
		const url = new URL(target);
		const state = params.get('state');
		if (state !== null) url.searchParams.set('state', state);
		if (frontchannel.length)
			return html(200, frontchannelLogoutPage(frontchannel, url.href), [clear]);
		return redirect(url.href, [clear]);
	}
	if (frontchannel.length) return html(200, frontchannelLogoutPage(frontchannel), [clear]);
	return html(200, signedOutPage(), [clear]);
}
