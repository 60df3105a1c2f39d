import type { ActionResource } from '../../../shared/actions';
import { getAll } from './getAll';
import { sendPostback } from './sendPostback';
import { upload } from './upload';

export const resource: ActionResource = {
	option: { name: 'Conversion', value: 'conversion' },
	defaultOperation: 'getAll',
	operations: { getAll, upload, sendPostback },
};
