/** The little of oidc-provider 9 (which ships no types) that the differential test and the HAR recorder use. */
declare module 'oidc-provider' {
	import type { IncomingMessage, ServerResponse } from 'node:http';

	interface Grant {
		addOIDCScope(scope: string): void;
		save(): Promise<string>;
	}

	interface KoaContext {
		oidc: {
			provider: Provider;
			client?: { clientId: string };
			session?: { accountId?: string };
		};
	}

	type MaybePromise<T> = T | Promise<T>;

	interface Account {
		accountId: string;
		claims: () => MaybePromise<Record<string, unknown>>;
	}

	/** The client schema the recorder relaxes for loopback http redirect URIs. */
	interface ClientSchema {
		invalidate(message: string, code?: string): void;
	}

	interface Configuration {
		[option: string]: unknown;
		clients?: Record<string, unknown>[];
		findAccount?: (ctx: KoaContext, sub: string) => MaybePromise<Account>;
		loadExistingGrant?: (ctx: KoaContext) => Promise<Grant | undefined>;
		features?: Record<string, { enabled: boolean }>;
		cookies?: { keys: string[] };
	}

	export default class Provider {
		constructor(issuer: string, configuration?: Configuration);
		Grant: new (properties: { clientId: string; accountId: string }) => Grant;
		Client: { Schema: { prototype: ClientSchema } };
		callback(): (req: IncomingMessage, res: ServerResponse) => void;
	}
}
