import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TrackerRequest } from '../../shared/transport';
export { dryRunField, includeRawField, simplifyField } from '../../shared/actions';
import { returnAllLimit as kitReturnAllLimit } from '../../shared/actions';

export const returnAllLimit = kitReturnAllLimit();
import { DATE_PRESETS, binomRequest } from './api';
import { timeZoneField } from '../../shared/options';

/** Period of a Binom request: a date preset, or a custom range in the report time zone. */
export function periodFields(defaultPreset = 'yesterday'): INodeProperties[] {
	return [
		{
			displayName: 'Period',
			name: 'datePreset',
			type: 'options',
			options: DATE_PRESETS,
			default: defaultPreset,
			description: 'Period in the time zone below (Binom computes the days in it)',
		},
		{
			displayName: 'From',
			name: 'dateFrom',
			type: 'dateTime',
			default: '',
			required: true,
			displayOptions: { show: { datePreset: ['custom_time'] } },
			description:
				'Start of the range, inclusive. Without an offset it is read as time of the time zone below; a date alone is the start of that day.',
		},
		{
			displayName: 'To',
			name: 'dateTo',
			type: 'dateTime',
			default: '',
			required: true,
			displayOptions: { show: { datePreset: ['custom_time'] } },
			description:
				'End of the range, inclusive to the second. A date alone is the whole day (until 23:59:59).',
		},
		timeZoneField({
			displayName: 'Time Zone',
			name: 'timezone',
			default: 'UTC',
			description:
				'IANA time zone Binom computes the period and the times of the answer in. Always sent, so the result does not depend on the Binom user’s own time zone.',
		}),
	];
}

/** A campaign picked from the tracker's list, or given by ID. */
export const campaignField: INodeProperties = {
	displayName: 'Campaign Name or ID',
	name: 'campaignId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getCampaigns' },
	default: '',
	required: true,
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

export function readCampaignId(ctx: IExecuteFunctions, i: number, name = 'campaignId'): string {
	const raw = String(ctx.getNodeParameter(name, i, '') ?? '').trim();
	if (!/^\d+$/.test(raw) || raw === '0') {
		throw new NodeOperationError(
			ctx.getNode(),
			`Campaign ID must be a positive whole number, got "${raw}"`,
			{
				itemIndex: i,
			},
		);
	}
	return raw;
}

export function readLimit(ctx: IExecuteFunctions, i: number): number {
	if (ctx.getNodeParameter('returnAll', i, false) as boolean) return Infinity;
	const n = Number(ctx.getNodeParameter('limit', i, 50));
	return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 50;
}

export const MAX_PAGE = 1000;

/**
 * Reads `limit`/`offset` pages until a short page or `want` rows. `pick` turns an answer into
 * its rows (and validates it). A tracker that ignores `offset` (the same first row on the next
 * full page) stops the read with an error instead of looping or duplicating rows.
 */
export async function readPages(
	ctx: IExecuteFunctions,
	i: number,
	req: (offset: number, limit: number) => TrackerRequest,
	pick: (body: unknown) => IDataObject[],
	want: number,
	keep: (row: IDataObject) => boolean = () => true,
): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	const pageSize = Number.isFinite(want) ? Math.max(1, Math.min(MAX_PAGE, want)) : MAX_PAGE;
	let previousFirst: string | undefined;
	for (let offset = 0; ; ) {
		const rows = pick(await binomRequest.call(ctx, req(offset, pageSize)));
		const first = rows.length ? JSON.stringify(rows[0]) : undefined;
		if (offset > 0 && first !== undefined && first === previousFirst) {
			throw new NodeOperationError(
				ctx.getNode(),
				'Binom answered the next page with the same rows',
				{
					itemIndex: i,
					description:
						'The tracker seems to ignore the offset parameter. Turn Return All off and set a Limit up to 1000.',
				},
			);
		}
		previousFirst = first;
		for (const r of rows) {
			if (!keep(r)) continue;
			out.push(r);
			if (out.length >= want) return out;
		}
		if (rows.length < pageSize) return out;
		offset += rows.length;
	}
}
