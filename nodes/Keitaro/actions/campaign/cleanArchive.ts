import type { IExecuteFunctions } from 'n8n-workflow';

import { asEntity, paramError } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

/** POST /campaigns/clean_archive: not in the 2022 spec, present in newer Keitaro versions. */
export const cleanArchive: KeitaroOperation = {
	option: {
		name: 'Clean Archive',
		value: 'cleanArchive',
		description:
			'Permanently delete every archived campaign (newer Keitaro versions; cannot be undone)',
		action: 'Clean the campaign archive',
	},
	properties: [
		{
			displayName: 'Confirm',
			name: 'confirm',
			type: 'boolean',
			default: false,
			description:
				'Whether you really want to delete all archived campaigns permanently. Nothing is sent unless this is on.',
		},
	],
	spec: ['POST /campaigns/clean_archive'],
	async execute(this: IExecuteFunctions, i: number) {
		if (this.getNodeParameter('confirm', i, false) !== true) {
			throw paramError(
				this,
				i,
				'Confirm must be on to clean the campaign archive',
				'Cleaning the archive permanently deletes all archived campaigns. Turn on "Confirm" to proceed.',
			);
		}
		const data = await keitaroApiRequest.call(this, 'POST', '/campaigns/clean_archive', {
			itemIndex: i,
			idempotent: true,
		});
		return asEntity(data);
	},
};
