import type { IExecuteFunctions } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import { accountSettings } from '../common';

export const getSettings: ActionOperation = {
	option: {
		name: 'Get Settings',
		value: 'getSettings',
		description: 'Get the account settings: time zone, currency and conversion types',
		action: 'Get the account settings',
	},
	properties: [],
	calls: ['GET /me/settings'],
	async execute(this: IExecuteFunctions, i: number) {
		return await accountSettings(this, i);
	},
};
