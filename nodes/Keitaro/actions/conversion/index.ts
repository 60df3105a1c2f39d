import type { KeitaroResource } from '../types';
import { getLog } from './getLog';
import { sendPostback } from './sendPostback';

export const resource: KeitaroResource = {
	option: { name: 'Conversion', value: 'conversion' },
	defaultOperation: 'getLog',
	operations: { getLog, sendPostback },
};
