import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { RequestContext } from '../../shared/transport';
import { trackerRequest } from '../../shared/transport';
import { voluumProfile } from '../transport/profile';

const PER = 100;

function rowsOf(body: unknown): IDataObject[] {
	const b = body as { campaigns?: unknown; rows?: unknown } | undefined;
	const list = Array.isArray(body) ? body : (b?.campaigns ?? b?.rows);
	return Array.isArray(list)
		? (list.filter((r) => r && typeof r === 'object') as IDataObject[])
		: [];
}

export const listSearch = {
	/** Campaigns page by page; the search text is matched on the name here (no documented filter). */
	async searchCampaigns(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const offset = Number(paginationToken ?? 0) || 0;
		const body = await trackerRequest.call<
			RequestContext,
			Parameters<typeof trackerRequest>,
			Promise<unknown>
		>(this as unknown as RequestContext, voluumProfile, {
			method: 'GET',
			path: '/campaign',
			qs: { limit: PER, offset },
		});
		const rows = rowsOf(body);
		const needle = (filter ?? '').trim().toLowerCase();
		return {
			results: rows
				.filter(
					(r) =>
						r.id !== undefined &&
						(!needle ||
							String(r.name ?? '')
								.toLowerCase()
								.includes(needle)),
				)
				.map((r) => ({ name: String(r.name ?? r.id), value: String(r.id) })),
			paginationToken: rows.length === PER ? String(offset + PER) : undefined,
		};
	},
};
