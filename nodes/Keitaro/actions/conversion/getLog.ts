import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { LogSettings } from '../shared';
import { executeLog, logProperties } from '../shared';
import type { KeitaroOperation } from '../types';

const settings: LogSettings = {
	columnsMethod: 'getConversionLogColumns',
	defaultColumns: [
		'postback_datetime',
		'click_datetime',
		'conversion_id',
		'sub_id',
		'tid',
		'status',
		'previous_status',
		'original_status',
		'revenue',
		'campaign_id',
		'campaign',
		'offer_id',
		'offer',
		'country_code',
		'sub_id_1',
	],
	what: 'conversion',
	banned: {
		payout:
			'is not a conversion log column: the payout of a conversion is the revenue column. Keitaro rejects the whole request for an unknown column.',
	},
};

export const getLog: KeitaroOperation = {
	option: {
		name: 'Get Log',
		value: 'getLog',
		action: 'Get the conversion log',
		description: 'Raw conversions (leads, sales, rejections) with the columns you choose',
	},
	spec: ['POST /conversions/log'],
	properties: logProperties(settings),
	async execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
		return await executeLog(this, i, '/conversions/log', settings);
	},
};
