/**
 * What "Open in decoder" hands over in the link's #fragment besides the one-time id of the token
 * it left in session storage (see decoderLink): `from`, the simulator page it came from (its flow and settings, never a key). The page is checked before it becomes a
 * link back, and its flow and settings name the client the token was minted for, whose issuer
 * and client_id the decoder then expects.
 */
import type { ClientExpectations } from '$lib/sim/flowClient';
import { FLOW_IDS, type FlowId } from '$lib/sim/types';

const SIMULATOR_PAGE = /^\/(flow|embed)\/([a-z0-9-]+)(\?[^#\s]*)?$/;

/** A simulator page of this site, or `undefined`: the fragment is anyone's to write. */
export function simulatorPage(back: string | null | undefined): string | undefined {
	const match = SIMULATOR_PAGE.exec(back ?? '');
	return match && (FLOW_IDS as readonly string[]).includes(match[2]!) ? back! : undefined;
}

/**
 * The issuer and audience the client of the page's flow expects, read from the page's flow id
 * and settings (a client-type setting picks the SPA or the web app). The flow catalog and the
 * URL reader load only when a link carries a page.
 */
export async function expectationsFrom(page: string): Promise<ClientExpectations | undefined> {
	const match = SIMULATOR_PAGE.exec(page);
	const id = match?.[2] as FlowId | undefined;
	if (!id || !FLOW_IDS.includes(id)) return undefined;
	const [{ flowById }, { readView }, { flowExpectations }] = await Promise.all([
		import('$lib/sim/flows/index'),
		import('$lib/sim/url'),
		import('$lib/sim/flowClient')
	]);
	const { view } = readView(id, new URLSearchParams(match?.[3] ?? ''));
	return flowExpectations(flowById(id), view.settings);
}
