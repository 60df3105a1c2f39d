import type { IExecuteFunctions } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import { readListOptions, returnAllLimit } from '../../../shared/actions';
import { csvRows, tgCsv } from '../api';

/** Tag → Get Many (BETA): `GET /api/get_tags.php` (3P), CSV `labelID,name` (utm tags); no paging. */
export const getAll: ActionOperation = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		description: 'Get the UTM tags (labels) of the project',
		action: 'Get many tags',
	},
	calls: ['GET /get_tags.php'],
	properties: [...returnAllLimit()],
	async execute(this: IExecuteFunctions, i: number) {
		const { limit } = readListOptions(this, i);
		const rows = csvRows(
			this,
			await tgCsv.call(this, 'get_tags', {}, i),
			['labelID', 'name'],
			'GET /get_tags.php',
			i,
		);
		return (limit === undefined ? rows : rows.slice(0, limit)).map((r) => ({
			tracker: 'tgtracker',
			labelId: r.labelID,
			name: r.name,
		}));
	},
};
