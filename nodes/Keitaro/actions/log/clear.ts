import type { IExecuteFunctions } from 'n8n-workflow';

import { checkLogType, logTypeField } from '../common/logFields';
import { asEntity, lenientRequest } from '../common/utils';
import type { KeitaroOperation } from '../types';

export const clear: KeitaroOperation = {
	option: {
		name: 'Clear',
		value: 'clear',
		description: 'Delete all entries of a log',
		action: 'Clear a log',
	},
	properties: [logTypeField],
	spec: ['DELETE /logs/{type}'],
	async execute(this: IExecuteFunctions, i: number) {
		const type = checkLogType(this, i, this.getNodeParameter('logType', i));
		const data = await lenientRequest(this, 'DELETE', `/logs/${encodeURIComponent(type)}`, {
			itemIndex: i,
		});
		return asEntity(data, { type });
	},
};
