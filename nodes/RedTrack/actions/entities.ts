import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { EntityDef, PageRequest } from '../../shared/actions';
import { entityLocator, parseAnswer } from '../../shared/actions';
import { redTrackCampaign } from '../trigger/mapping';
import { TRACKER, entitySchema, listRows, rtRequest } from './common';

/** RedTrack IDs are 24-hex object ids in every answer seen; other word characters are accepted. */
const ID_RE = /^[A-Za-z0-9_-]+$/;

function def(o: {
	label: string;
	noun: string;
	plural: string;
	article: 'a' | 'an';
	path: string;
	param: string;
	search: string;
	listFilters?: INodeProperties[];
	toCanonical?: (raw: IDataObject) => object;
}): EntityDef {
	return {
		label: o.label,
		noun: o.noun,
		plural: o.plural,
		article: o.article,
		idPattern: ID_RE,
		locator: entityLocator({
			displayName: o.label,
			name: o.param,
			entity: o.noun,
			searchListMethod: o.search,
			idPattern: '^\\s*[A-Za-z0-9_-]+\\s*$',
			placeholder: 'e.g. 5f0c1e2d3b4a5f0c1e2d3b4a',
		}),
		getCall: `GET ${o.path}/{id}`,
		listCall: `GET ${o.path}`,
		pageSize: 500,
		listFilters: o.listFilters,
		toCanonical: o.toCanonical,
		async fetchOne(this: IExecuteFunctions, id: string, i: number) {
			const body = await rtRequest(this, 'GET', `${o.path}/${encodeURIComponent(id)}`, {
				itemIndex: i,
				entity: { label: o.label, id },
			});
			return parseAnswer(this, entitySchema, body, {
				tracker: TRACKER,
				call: `GET ${o.path}/{id}`,
				itemIndex: i,
			}) as IDataObject;
		},
		async fetchPage(this: IExecuteFunctions, p: PageRequest, i: number, filters: IDataObject) {
			const qs: IDataObject = { page: p.page, per: p.per };
			if (typeof filters.title === 'string' && filters.title.trim())
				qs.title = filters.title.trim();
			if (typeof filters.status === 'string' && filters.status) qs.status = filters.status;
			const body = await rtRequest(this, 'GET', o.path, { qs, itemIndex: i });
			return listRows(this, body, `GET ${o.path}`, i);
		},
	};
}

const titleFilter: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		{
			displayName: 'Title Contains',
			name: 'title',
			type: 'string',
			default: '',
		},
	],
};

export const campaignDef = def({
	label: 'Campaign',
	noun: 'campaign',
	plural: 'campaigns',
	article: 'a',
	path: '/campaigns',
	param: 'campaignId',
	search: 'searchCampaigns',
	listFilters: [
		{
			...titleFilter,
			options: [
				...(titleFilter.options ?? []),
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					default: '1',
					options: [
						{ name: 'Active', value: '1' },
						{ name: 'Paused', value: '2' },
						{ name: 'Deleted', value: '3' },
					],
				},
			],
		},
	],
	toCanonical: (raw) => redTrackCampaign(raw, 'campaign.read'),
});
export const offerDef = def({
	label: 'Offer',
	noun: 'offer',
	plural: 'offers',
	article: 'an',
	path: '/offers',
	param: 'offerId',
	search: 'searchOffers',
	listFilters: [titleFilter],
});
export const landingDef = def({
	label: 'Landing',
	noun: 'landing',
	plural: 'landings',
	article: 'a',
	path: '/landings',
	param: 'landingId',
	search: 'searchLandings',
	listFilters: [titleFilter],
});
export const sourceDef = def({
	label: 'Traffic Source',
	noun: 'traffic source',
	plural: 'traffic sources',
	article: 'a',
	path: '/sources',
	param: 'sourceId',
	search: 'searchSources',
	listFilters: [titleFilter],
});
export const networkDef = def({
	label: 'Affiliate Network',
	noun: 'affiliate network',
	plural: 'affiliate networks',
	article: 'an',
	path: '/networks',
	param: 'networkId',
	search: 'searchNetworks',
	listFilters: [titleFilter],
});
