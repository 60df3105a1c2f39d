import type { IExecuteFunctions } from 'n8n-workflow';

import { resolveEntityId } from '../common/crud';
import { flowCampaignLocator, flowLocator, returnAllLimit } from '../common/descriptions';
import { flowEntity } from '../common/entities';
import { applyLimit, asArray, getListOptions } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

/** GET /streams/{id}/events: change history of a flow (one item per event). */
export const getEvents: KeitaroOperation = {
	option: {
		name: 'Get Events',
		value: 'getEvents',
		description: 'Get the change history of a flow',
		action: 'Get events of a flow',
	},
	properties: [flowCampaignLocator, flowLocator, ...returnAllLimit],
	spec: ['GET /streams/{id}/events'],
	async execute(this: IExecuteFunctions, i: number) {
		const { limit } = getListOptions(this, i);
		const id = await resolveEntityId.call(this, flowEntity, i);
		const data = await keitaroApiRequest.call(this, 'GET', `/streams/${id}/events`, {
			entity: { label: 'Flow', id },
			itemIndex: i,
		});
		return applyLimit(asArray(data), limit);
	},
};
