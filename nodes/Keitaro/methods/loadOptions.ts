import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { asArray, fetchCampaigns } from '../actions/common/utils';
import { keitaroApiRequest } from '../transport';

type LoadFn = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

function sortByName(options: INodePropertyOptions[]): INodePropertyOptions[] {
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

function entityOptions(list: IDataObject[]): INodePropertyOptions[] {
	return sortByName(
		list
			.filter((e) => e && e.id !== undefined)
			.map((e) => ({
				name: `${String(e.name ?? e.login ?? e.id)} (#${String(e.id)})`,
				value: String(e.id),
			})),
	);
}

function entityLoader(path: string): LoadFn {
	return async function (this: ILoadOptionsFunctions) {
		return entityOptions(asArray(await keitaroApiRequest.call(this, 'GET', path)));
	};
}

/** Groups of one type, with a "No Group" entry (ID 0) first. */
function groupLoader(type: string): LoadFn {
	return async function (this: ILoadOptionsFunctions) {
		const data = await keitaroApiRequest.call(this, 'GET', '/groups', { qs: { type } });
		return [{ name: 'No Group', value: '0' }, ...entityOptions(asArray(data))];
	};
}

/** Catalogues of StreamAction entries {key, name, description}. */
function catalogueLoader(path: string): LoadFn {
	return async function (this: ILoadOptionsFunctions) {
		const data = asArray(await keitaroApiRequest.call(this, 'GET', path));
		return data
			.filter((e) => e && (e.key !== undefined || e.value !== undefined))
			.map((e) => {
				const value = String(e.key ?? e.value);
				const option: INodePropertyOptions = { name: String(e.name ?? e.tooltip ?? value), value };
				const description = e.description ?? (e.tooltip !== undefined ? value : undefined);
				if (description !== undefined && String(description) !== option.name) {
					option.description = String(description);
				}
				return option;
			});
	};
}

export const loadOptions: Record<string, LoadFn> = {
	getCampaignGroups: groupLoader('campaigns'),
	getOfferGroups: groupLoader('offers'),
	getLandingGroups: groupLoader('landings'),

	async getCampaigns(this: ILoadOptionsFunctions) {
		return entityOptions(await fetchCampaigns(this));
	},
	getTrafficSources: entityLoader('/traffic_sources'),
	getAffiliateNetworks: entityLoader('/affiliate_networks'),
	getDomains: entityLoader('/domains'),
	getOffers: entityLoader('/offers'),
	getLandingPages: entityLoader('/landing_pages'),

	/** GET /stream_types: regular / forced (intercepting) / default (fallback). */
	getFlowTypes: catalogueLoader('/stream_types'),
	/** GET /stream_schemas: landings / redirect / action. */
	getFlowSchemas: catalogueLoader('/stream_schemas'),
	/** GET /streams_actions: http, meta, js, show_text, campaign, … */
	getFlowActions: catalogueLoader('/streams_actions'),
	/** GET /stream_filters: {value, tooltip, …}. */
	async getFlowFilters(this: ILoadOptionsFunctions) {
		const data = asArray(await keitaroApiRequest.call(this, 'GET', '/stream_filters'));
		return data
			.filter((f) => f && f.value !== undefined)
			.map((f) => ({
				name: String(f.tooltip || f.value),
				value: String(f.value),
				description: f.group ? `${String(f.value)} (${String(f.group)})` : String(f.value),
			}));
	},

	/** POST /logs/types: names of the logs that can be read. */
	async getLogTypes(this: ILoadOptionsFunctions) {
		const data = await keitaroApiRequest.call(this, 'POST', '/logs/types', { idempotent: true });
		const list = Array.isArray(data) ? data : [];
		return list.map((t) => {
			const value =
				typeof t === 'object' && t !== null ? String((t as IDataObject).name ?? '') : String(t);
			return { name: value, value };
		});
	},
};
