import type { ActionResource } from '../../../shared/actions';
import { sendPostback } from './sendPostback';

export const resource: ActionResource = {
	option: { name: 'Conversion', value: 'conversion' },
	defaultOperation: 'sendPostback',
	operations: { sendPostback },
};
