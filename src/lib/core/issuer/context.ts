/**
 * The issuer's state and the types its endpoints share. It imports no endpoint module, so every
 * one of them can import it without forming a cycle.
 */
import type { JSONWebKeySet } from 'jose';
import type { Clock } from '../clock';
import type { Api, Client, User } from '../data';
import type { AsymmetricAlgorithm, SigningAlgorithm, SigningKey } from '../jwt/keys';
import type { HttpRequest, HttpResponse } from '../http';
import type { Rule } from './rules';
import type { JtiCache } from '../jwt/replay';
import type { DpopNonces } from '../jwt/dpopNonce';
import type { Check, ValidationReport } from '../jwt/checks';

/** A validated /authorize request, kept while the user logs in. */
export interface AuthorizationRequest {
	client: Client;
	redirectUri: string;
	responseType: string;
	responseMode: 'query' | 'fragment' | 'form_post';
	scopes: string[];
	state?: string;
	nonce?: string;
	maxAge?: number;
	prompt: string[];
	loginHint?: string;
	codeChallenge?: string;
	/** The API the access token is for (Auth0's `audience`, RFC 8707's `resource`). */
	audience?: string;
	/**
	 * The DPoP key thumbprint the code is bound to (RFC 9449 §10): `dpop_jkt` as sent, or the key
	 * of a DPoP proof sent to the PAR endpoint (§10.1). The code redeems only with that key's proof.
	 */
	dpopJkt?: string;
}

export interface Session {
	/** The cookie value: a credential, never put in a token. */
	sid: string;
	userId: string;
	authTime: number;
	expiresAt: number;
	/** The public session id, the `sid` claim of id_tokens and logout tokens (Back-Channel §2.1). */
	claimSid?: string;
	/** Clients that received tokens in this session: the ones to tell at logout (Back-Channel §2.3). */
	clients?: Set<string>;
}

export interface CodeGrant {
	request: AuthorizationRequest;
	userId: string;
	authTime: number;
	expiresAt: number;
	used: boolean;
	/** The session's public id, put in the id_token as `sid`. */
	sid?: string;
	/** What the code's redemption issued, so a replayed code can revoke it (RFC 6749 §4.1.2). */
	issuedFamily?: string;
	issuedAccessTokens: string[];
}

export interface RefreshGrant {
	family: string;
	clientId: string;
	userId: string;
	scopes: string[];
	audience?: string;
	authTime: number;
	expiresAt: number;
	/** Rotated tokens are kept, marked used, to detect replay. */
	used: boolean;
	sid?: string;
	/** DPoP key thumbprint a public client's refresh token is bound to (RFC 9449 §5). */
	jkt?: string;
}

/** A request pushed to the PAR endpoint, redeemable once at /authorize (RFC 9126 §2.2). */
export interface PushedRequest {
	clientId: string;
	/** The authorization request's parameters, already validated. */
	params: [string, string][];
	expiresAt: number;
}

export type DeviceGrantStatus = 'pending' | 'approved' | 'denied' | 'redeemed';

/** A device authorization grant (RFC 8628 §3.2), from the device's request to its tokens. */
export interface DeviceGrant {
	deviceCode: string;
	userCode: string;
	client: Client;
	scopes: string[];
	audience?: string;
	expiresAt: number;
	/** Seconds the device must wait between polls; slow_down raises it. */
	interval: number;
	lastPolledAt?: number;
	status: DeviceGrantStatus;
	userId?: string;
	authTime?: number;
	sid?: string;
}

export interface DeviceStore {
	byDeviceCode: Map<string, DeviceGrant>;
	/** Keyed by the normalised user code (letters only, upper case). */
	byUserCode: Map<string, DeviceGrant>;
	/** One-time tokens of the activation form, so another site cannot post it (CSRF). */
	forms: Map<string, number>;
}

export interface IssuerStore {
	sessions: Map<string, Session>;
	transactions: Map<string, { request: AuthorizationRequest; expiresAt: number }>;
	codes: Map<string, CodeGrant>;
	refreshTokens: Map<string, RefreshGrant>;
	revokedFamilies: Set<string>;
	/** jti of revoked access tokens; only the issuer's own endpoints can see this list. */
	revokedAccessTokens: Set<string>;
	familyAccessTokens: Map<string, string[]>;
	/** RFC 8628 device codes and the codes users type. */
	device: DeviceStore;
	/** Back-channel logout POSTs built at logout, waiting for the transport to deliver them. */
	logoutOutbox: HttpRequest[];
	pushedRequests: Map<string, PushedRequest>;
	/** jti of client assertions, request objects and DPoP proofs already seen at the issuer. */
	seenJtis: JtiCache;
}

export interface KeyRing {
	/** Signs new tokens. */
	active: Map<AsymmetricAlgorithm, SigningKey>;
	/** Published in the JWKS: the active keys and the previous generation's, which may still verify live tokens. */
	published: SigningKey[];
	generation: number;
}

/**
 * Ways a faulty provider deviates from the specs, as the OpenID Foundation's relying-party
 * conformance tests play them (e.g. rp-backchannel-rpinitlogout-lt-with-nonce). Off by default.
 */
export interface IssuerFaults {
	/** Puts a nonce in logout tokens, which Back-Channel Logout §2.4 prohibits. */
	logoutTokenNonce?: boolean;
}

/**
 * The checks the issuer runs on what a request carries, each named as the step it is: a client
 * assertion (RFC 7523 §3), a request object (RFC 9101 §6.2), a DPoP proof (RFC 9449 §4.3), the
 * PKCE code_verifier (RFC 7636 §4.6), a pushed request's request_uri (RFC 9126 §4).
 */
export const ISSUER_CHECK_NAMES = [
	'validate-client-assertion',
	'validate-request-object',
	'validate-dpop-proof',
	'verify-code-verifier',
	'validate-pushed-request'
] as const;
export type IssuerCheckName = (typeof ISSUER_CHECK_NAMES)[number];

/** A check the issuer ran while answering one request, with its report as the issuer made it. */
export interface IssuerValidation {
	name: IssuerCheckName;
	report: ValidationReport;
}

export interface IssuerContext {
	/**
	 * The checks run while answering the current request, in the order they ran: each request is
	 * answered with its own list, so the simulation can draw what the issuer checked.
	 */
	validations: IssuerValidation[];
	/** Issuer identifier, e.g. https://issuer.example/ */
	url: string;
	clock: Clock;
	users: User[];
	clients: Client[];
	apis: Api[];
	idTokenAlgorithm: SigningAlgorithm;
	accessTokenAlgorithm: AsymmetricAlgorithm;
	idTokenLifetime?: number;
	accessTokenLifetime?: number;
	rules: Rule[];
	codeLifetime: number;
	sessionLifetime: number;
	/** Deliberate misbehaviour, to show what a relying party refuses (see IssuerFaults). */
	faults?: IssuerFaults;
	/** The nonces DPoP proofs must carry, when the issuer requires one (RFC 9449 §8). */
	dpopNonces?: DpopNonces;
	keys: KeyRing;
	store: IssuerStore;
}

/** The client a request authenticated as, or the error response that refuses it. */
export type ClientAuthResult = { client: Client } | { error: HttpResponse };

export const PATHS = {
	discovery: '.well-known/openid-configuration',
	jwks: '.well-known/jwks.json',
	authorize: 'authorize',
	login: 'login',
	token: 'oauth/token',
	userinfo: 'userinfo',
	endSession: 'oidc/logout',
	tokeninfo: 'tokeninfo',
	delegation: 'delegation',
	par: 'oauth/par'
} as const;

/**
 * The issuer identifier as a base for relative paths: with a trailing slash, so a path
 * component (https://issuer.example/tenant) is kept rather than replaced.
 */
export function issuerBase(issuer: string): URL {
	const base = new URL(issuer);
	if (!base.pathname.endsWith('/')) base.pathname += '/';
	return base;
}

/** An endpoint under the issuer identifier's path (OIDC Discovery §4.1, RFC 8414 §3). */
export function endpoint(ctx: IssuerContext, path: string): string {
	return new URL(path, issuerBase(ctx.url)).href;
}

export function publishedJwks(ctx: IssuerContext): JSONWebKeySet {
	return { keys: ctx.keys.published.map((k) => ({ ...k.publicJwk })) };
}

/** Keeps a report of a check the issuer ran for the current request (drawn as its own step). */
export function recordValidation(
	ctx: IssuerContext,
	name: IssuerCheckName,
	report: ValidationReport
): void {
	ctx.validations.push({ name, report });
}

/**
 * Adds a check to the latest report of `name` for this request, or starts one with it: a binding
 * checked after the proof itself (the code's dpop_jkt). A failed check makes the report invalid.
 */
export function addCheck(
	ctx: IssuerContext,
	name: IssuerCheckName,
	check: Check,
	spec?: string
): void {
	const last = ctx.validations.findLast((v) => v.name === name);
	if (last) {
		last.report = {
			...last.report,
			valid: last.report.valid && check.status !== 'failed',
			checks: [...last.report.checks, check]
		};
		return;
	}
	recordValidation(ctx, name, {
		valid: check.status !== 'failed',
		checks: [check],
		...(spec !== undefined && { spec })
	});
}
