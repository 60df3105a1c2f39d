import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { keitaroApiRequest } from '../../transport';
import type { KeitaroFilter } from '../shared';
import type { CostEntry } from './entry';

/** A report filter: EQUALS for one value, IN_LIST for several. */
function filterFor(name: string, values: Array<string | number>): KeitaroFilter {
	return values.length === 1
		? { name, operator: 'EQUALS', expression: values[0] }
		: { name, operator: 'IN_LIST', expression: values };
}

/**
 * The `report/build` body counting the clicks a cost entry would be spread over: same period,
 * time zone, campaigns and click filters (unique clicks when only uniques pay).
 */
export function matchingClicksQuery(e: CostEntry): IDataObject {
	const measure = e.onlyCampaignUniques ? 'campaign_unique_clicks' : 'clicks';
	const filters: KeitaroFilter[] = [filterFor('campaign_id', e.campaignIds)];
	for (const [key, value] of Object.entries(e.filters)) {
		filters.push(filterFor(key, value.split(',')));
	}
	return {
		range: { from: e.start_date, to: e.end_date, timezone: e.timezone },
		dimensions: [],
		measures: [measure],
		filters,
	};
}

/** Number of clicks a cost entry matches (0: Keitaro would drop the cost). */
export async function countMatchingClicks(ctx: IExecuteFunctions, e: CostEntry): Promise<number> {
	const body = matchingClicksQuery(e);
	const measure = (body.measures as string[])[0];
	const res = (await keitaroApiRequest.call(ctx, 'POST', '/report/build', {
		body,
		idempotent: true,
		itemIndex: e.itemIndex,
	})) as { rows?: IDataObject[] } | undefined;
	const rows = Array.isArray(res?.rows) ? res.rows : [];
	return rows.reduce((sum, r) => sum + (Number(r[measure]) || 0), 0);
}
