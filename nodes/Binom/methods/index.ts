import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { trackerRequest } from '../../shared/transport';
import { binomProfile } from '../transport/profile';

/** Campaigns for the Campaign dropdowns: `GET /info/campaign` (not deleted, totals row dropped). */
async function getCampaigns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const body = await trackerRequest.call(this, binomProfile, {
		method: 'GET',
		path: '/info/campaign',
		qs: { datePreset: 'today', timezone: 'UTC', limit: 1000, offset: 0 },
	});
	const rows = Array.isArray(body) ? (body as IDataObject[]) : [];
	return rows
		.filter((r) => r && r.id !== undefined && String(r.id) !== 'totals' && r.is_deleted !== true)
		.map((r) => ({ name: `${String(r.name ?? r.id)} (${String(r.id)})`, value: String(r.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export const loadOptions = { getCampaigns };
