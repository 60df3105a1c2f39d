import type { IExecuteFunctions } from 'n8n-workflow';

import { asEntity, lenientRequest, paramError } from '../common/utils';
import type { KeitaroOperation } from '../types';

export const clear: KeitaroOperation = {
	option: {
		name: 'Clear',
		value: 'clear',
		description: 'Remove every entry of the bot list (cannot be undone)',
		action: 'Clear the bot list',
	},
	properties: [
		{
			displayName: 'Confirm',
			name: 'confirm',
			type: 'boolean',
			default: false,
			description:
				'Whether you really want to empty the whole bot list. Nothing is sent unless this is on.',
		},
	],
	spec: ['DELETE /botlist'],
	async execute(this: IExecuteFunctions, i: number) {
		if (this.getNodeParameter('confirm', i, false) !== true) {
			throw paramError(
				this,
				i,
				'Confirm must be on to clear the bot list',
				'Clearing removes every IP of the bot list. Turn on "Confirm" to proceed.',
			);
		}
		const data = await lenientRequest(this, 'DELETE', '/botlist', { itemIndex: i });
		return asEntity(data);
	},
};
