import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { LogSettings } from '../shared';
import { executeLog, logProperties } from '../shared';
import type { KeitaroOperation } from '../types';

const settings: LogSettings = {
	columnsMethod: 'getClickLogColumns',
	defaultColumns: [
		'datetime',
		'sub_id',
		'campaign_id',
		'campaign',
		'stream_id',
		'offer_id',
		'country_code',
		'ip',
		'device_type',
		'is_bot',
		'is_unique_campaign',
		'sub_id_1',
		'cost',
		'revenue',
	],
	what: 'click',
};

export const getLog: KeitaroOperation = {
	option: {
		name: 'Get Log',
		value: 'getLog',
		action: 'Get the click log',
		description: 'Raw clicks with the columns you choose',
	},
	spec: ['POST /clicks/log'],
	properties: logProperties(settings),
	async execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
		return await executeLog(this, i, '/clicks/log', settings);
	},
};
