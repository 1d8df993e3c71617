/** The little of oidc-provider 9 (which ships no types) that the differential test uses. */
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

	interface Configuration {
		clients?: Record<string, unknown>[];
		findAccount?: (
			ctx: KoaContext,
			sub: string
		) => { accountId: string; claims: () => Record<string, unknown> };
		loadExistingGrant?: (ctx: KoaContext) => Promise<Grant | undefined>;
		features?: Record<string, { enabled: boolean }>;
		cookies?: { keys: string[] };
	}

	export default class Provider {
		constructor(issuer: string, configuration?: Configuration);
		Grant: new (properties: { clientId: string; accountId: string }) => Grant;
		callback(): (req: IncomingMessage, res: ServerResponse) => void;
	}
}
