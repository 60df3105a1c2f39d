import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeParameterResourceLocator,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asArray, fetchCampaigns } from '../actions/common/utils';
import { keitaroApiRequest } from '../transport';

/** Results per list page; Keitaro answers full arrays, so pages are cut client-side. */
export const LIST_PAGE_SIZE = 100;

type SearchFn = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

function matches(entity: IDataObject, filter: string | undefined, fields: string[]): boolean {
	const needle = (filter ?? '').trim().toLowerCase();
	if (!needle) return true;
	if (String(entity.id ?? '') === needle) return true;
	return fields.some((f) =>
		String(entity[f] ?? '')
			.toLowerCase()
			.includes(needle),
	);
}

/** Filters by the typed text (name, ID and extra fields), then pages with a string offset token. */
export function toSearchResult(
	list: IDataObject[],
	filter: string | undefined,
	paginationToken: string | undefined,
	toItem: (entity: IDataObject) => INodeListSearchItems,
	fields: string[] = ['name'],
): INodeListSearchResult {
	const needle = (filter ?? '').trim();
	const hits = list.filter((e) => e && e.id !== undefined && matches(e, filter, fields));
	// An exact ID match comes first.
	const exact = hits.findIndex((e) => String(e.id) === needle);
	if (exact > 0) hits.unshift(...hits.splice(exact, 1));
	const offset = Math.max(0, Number.parseInt(paginationToken ?? '0', 10) || 0);
	const page = hits.slice(offset, offset + LIST_PAGE_SIZE).map(toItem);
	const next = offset + LIST_PAGE_SIZE;
	return next < hits.length ? { results: page, paginationToken: String(next) } : { results: page };
}

const byName = (e: IDataObject): INodeListSearchItems => ({
	name: `${String(e.name ?? e.login ?? '')} (#${String(e.id)})`.trim(),
	value: String(e.id),
});

function listSearchFor(path: string, fields: string[] = ['name']): SearchFn {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		const data = await keitaroApiRequest.call(this, 'GET', path);
		return toSearchResult(asArray(data), filter, paginationToken, byName, fields);
	};
}

/** The campaign currently chosen in the node (any locator mode), as an ID, or undefined. */
async function currentCampaignId(ctx: ILoadOptionsFunctions): Promise<string | undefined> {
	let raw: unknown;
	try {
		raw = ctx.getCurrentNodeParameter('campaignId');
	} catch {
		return undefined;
	}
	let mode = 'id';
	let value = raw;
	if (raw && typeof raw === 'object' && 'value' in (raw as object)) {
		mode = String((raw as INodeParameterResourceLocator).mode ?? 'id');
		value = (raw as INodeParameterResourceLocator).value;
	}
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	if (mode !== 'alias' && /^\d+$/.test(text)) return text;
	const campaigns = await fetchCampaigns(ctx);
	const hit = campaigns.find((c) => String(c.alias) === text);
	return hit ? String(hit.id) : undefined;
}

export const listSearch: Record<string, SearchFn> = {
	async searchCampaigns(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		const campaigns = await fetchCampaigns(this);
		return toSearchResult(
			campaigns,
			filter,
			paginationToken,
			(c) => ({
				name: `${String(c.name ?? '')} (${String(c.alias ?? '')}, #${String(c.id)})`,
				value: String(c.id),
			}),
			['name', 'alias'],
		);
	},

	/** Flows of the chosen campaign; without one, the typed text goes to GET /streams/search. */
	async searchFlows(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		const campaignId = await currentCampaignId(this);
		const toItem = (f: IDataObject): INodeListSearchItems => ({
			name: `${String(f.name ?? '')} (#${String(f.id)}${campaignId ? '' : `, campaign #${String(f.campaign_id ?? '?')}`})`,
			value: String(f.id),
		});
		if (campaignId) {
			const data = await keitaroApiRequest.call(this, 'GET', `/campaigns/${campaignId}/streams`, {
				entity: { label: 'Campaign', id: campaignId },
			});
			return toSearchResult(asArray(data), filter, paginationToken, toItem);
		}
		const query = (filter ?? '').trim();
		if (!query) {
			throw new NodeOperationError(
				this.getNode(),
				'Choose a campaign first, or type a few letters to search all flows',
				{ description: 'Flows belong to a campaign. You can also enter the flow ID with "By ID".' },
			);
		}
		const data = await keitaroApiRequest.call(this, 'GET', '/streams/search', { qs: { query } });
		// The search matches flow contents too, so do not filter the answer by name again.
		return toSearchResult(asArray(data), undefined, paginationToken, toItem);
	},

	searchOffers: listSearchFor('/offers'),
	searchLandingPages: listSearchFor('/landing_pages'),
	searchAffiliateNetworks: listSearchFor('/affiliate_networks'),
	searchTrafficSources: listSearchFor('/traffic_sources'),
	searchDomains: listSearchFor('/domains'),
	searchUsers: listSearchFor('/users', ['login', 'name']),

	/** Groups of the type chosen in "Group Type" (campaigns by default). */
	async searchGroups(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		let type = 'campaigns';
		try {
			type = String(this.getCurrentNodeParameter('groupType') ?? 'campaigns') || 'campaigns';
		} catch {
			type = 'campaigns';
		}
		const data = await keitaroApiRequest.call(this, 'GET', '/groups', { qs: { type } });
		return toSearchResult(asArray(data), filter, paginationToken, byName);
	},

	async searchFacebookIntegrations(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	) {
		const data = await keitaroApiRequest.call(this, 'GET', '/integrations/facebook');
		return toSearchResult(asArray(data), filter, paginationToken, byName, [
			'name',
			'ad_account_id',
		]);
	},
};
