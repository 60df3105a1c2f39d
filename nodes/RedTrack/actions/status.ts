import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionOperation } from '../../shared/actions';
import { dryRunField } from '../../shared/actions';
import { readIds, rtRequest } from './common';

const NAMES: Record<string, string> = { '1': 'active', '2': 'paused', '3': 'deleted' };

/** Set Status: PATCH {path}/status?ids=a,b&status=1|2|3 (spec; bulk ids, no body). */
export function setStatusOperation(o: {
	path: string;
	noun: string;
	plural: string;
	label: string;
}): ActionOperation {
	const call = `PATCH ${o.path}/status`;
	return {
		option: {
			name: 'Set Status',
			value: 'setStatus',
			description: `Activate, pause or delete one or more ${o.plural}`,
			action: `Set the status of ${o.plural}`,
		},
		write: true,
		calls: [call],
		properties: [
			{
				displayName: `${o.label} IDs`,
				name: 'ids',
				type: 'string',
				default: '',
				required: true,
				placeholder: '5f0c1e2d3b4a5f0c1e2d3b4a, 5f0c1e2d3b4a5f0c1e2d3b4b',
				description: `IDs of the ${o.plural}, separated by commas (one request for all of them)`,
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: '2',
				options: [
					{ name: 'Active', value: '1' },
					{ name: 'Paused', value: '2' },
					{ name: 'Deleted', value: '3', description: `Deletes the ${o.plural} in RedTrack` },
				],
			},
			dryRunField,
		],
		async execute(this: IExecuteFunctions, i: number) {
			const ids = readIds(this, 'ids', i, `${o.label} IDs`);
			const status = String(this.getNodeParameter('status', i, '2'));
			const dryRun = this.getNodeParameter('dryRun', i, false) as boolean;
			const qs: IDataObject = { ids: ids.join(','), status: Number(status) };
			const out: IDataObject = { ids, status: NAMES[status] ?? status, statusCode: Number(status) };
			if (dryRun) return { ...out, dryRun: true, wouldSend: { call, query: qs } };
			await rtRequest(this, 'PATCH', `${o.path}/status`, { qs, itemIndex: i, idempotent: true });
			return { ...out, success: true };
		},
	};
}
