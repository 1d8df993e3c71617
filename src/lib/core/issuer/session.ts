/** The user's session at the issuer: its cookie, shared by /authorize, /activate and logout. */
import type { User } from '../data';
import { parseCookies, type HttpRequest } from '../http';
import { randomToken } from '../random';
import type { IssuerContext, Session } from './context';

export const SESSION_COOKIE = 'tokenstep_session';

/** The user has just signed in here: a new issuer session (its cookie id and its `sid` claim). */
export function startSession(ctx: IssuerContext, user: User): Session {
	const now = ctx.clock.now();
	const session: Session = {
		sid: randomToken(16),
		userId: user.id,
		authTime: now,
		expiresAt: now + ctx.sessionLifetime,
		claimSid: randomToken(16),
		clients: new Set()
	};
	ctx.store.sessions.set(session.sid, session);
	return session;
}

/**
 * The session cookie's Set-Cookie value. SameSite=None: silent renew sends this cookie from the
 * client's site in a hidden iframe.
 */
export function sessionCookie(ctx: IssuerContext, session: Session): string {
	return `${SESSION_COOKIE}=${session.sid}; Path=/; Max-Age=${ctx.sessionLifetime}; Secure; HttpOnly; SameSite=None`;
}

/** The unexpired session the request's cookie names, if any. */
export function liveSession(ctx: IssuerContext, req: HttpRequest): Session | undefined {
	const sid = parseCookies(req).get(SESSION_COOKIE);
	const session = sid ? ctx.store.sessions.get(sid) : undefined;
	return session && session.expiresAt > ctx.clock.now() ? session : undefined;
}
