import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { RequestContext } from '../../shared/transport';
import { trackerRequest } from '../../shared/transport';
import { redTrackProfile } from '../transport/profile';

const PER = 100;

async function get(ctx: ILoadOptionsFunctions, path: string, qs: IDataObject): Promise<unknown> {
	return await trackerRequest.call<
		RequestContext,
		Parameters<typeof trackerRequest>,
		Promise<unknown>
	>(ctx as unknown as RequestContext, redTrackProfile, { method: 'GET', path, qs });
}

function rowsOf(body: unknown): IDataObject[] {
	const list = Array.isArray(body) ? body : (body as { items?: unknown } | undefined)?.items;
	return Array.isArray(list)
		? (list.filter((r) => r && typeof r === 'object') as IDataObject[])
		: [];
}

function search(path: string) {
	return async function (
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const page = Number(paginationToken ?? 1) || 1;
		const qs: IDataObject = { page, per: PER };
		if (filter && filter.trim()) qs.title = filter.trim();
		const rows = rowsOf(await get(this, path, qs));
		return {
			results: rows
				.filter((r) => r.id !== undefined)
				.map((r) => ({ name: String(r.title ?? r.id), value: String(r.id) })),
			paginationToken: rows.length === PER ? String(page + 1) : undefined,
		};
	};
}

export const listSearch = {
	searchCampaigns: search('/campaigns'),
	searchOffers: search('/offers'),
	searchLandings: search('/landings'),
	searchSources: search('/sources'),
	searchNetworks: search('/networks'),
};

export const loadOptions = {
	/** Conversion types of the account (`/me/settings` `conversion_types`: key → name). */
	async getConversionTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const body = await get(this, '/me/settings', {});
		const s = (Array.isArray(body) ? body[0] : body) as IDataObject | undefined;
		const types = s?.conversion_types;
		const options: INodePropertyOptions[] = [{ name: 'Default', value: '' }];
		if (types && typeof types === 'object' && !Array.isArray(types)) {
			for (const [key, name] of Object.entries(types as IDataObject)) {
				options.push({ name: `${String(name)} (${key})`, value: key });
			}
		} else if (Array.isArray(types)) {
			for (const t of types as unknown[]) {
				const o = (t ?? {}) as IDataObject;
				const key = String(o.key ?? o.id ?? o.name ?? t);
				options.push({ name: String(o.name ?? key), value: key });
			}
		}
		return options;
	},
};
