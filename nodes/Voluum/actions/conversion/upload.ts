import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import { errorJson, rethrowForItem } from '../../../shared/actions';
import { parseTimeToMs } from '../../../shared/polling';
import { account, vRequest } from '../common';

/** Voluum's documented cap on uploaded conversions (doc.voluum.com/en/conversion_upload.html). */
export const UPLOAD_ROWS_PER_HOUR = 50_000;
/** Rows per request (ASSUMPTION: no documented per-request cap; kept small). */
export const UPLOAD_ROWS_PER_REQUEST = 1000;
const HEADER = 'clickId,payout,txid,conversionType,conversionTime';
const SAFE = /^[^,"\r\n]*$/;

interface Line {
	index: number;
	text: string;
	payout: number;
}

function field(ctx: IExecuteFunctions, i: number, name: string, label: string): string {
	const v = String(ctx.getNodeParameter(name, i, '') ?? '').trim();
	if (!SAFE.test(v)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} "${v}" contains a comma, quote or line break`,
			{
				itemIndex: i,
				description: 'The upload is a plain CSV: these characters would shift its columns.',
			},
		);
	}
	return v;
}

/**
 * Conversion → Upload / Correct: POST /conversion with a text/csv body, one line per item
 * `clickId,payout,txid,conversionType,conversionTime` after a header line (ASSUMPTION: the header
 * is accepted). A negative payout corrects (lowers) the revenue already recorded. Voluum takes at
 * most 50,000 uploaded conversions per hour: a larger input is refused before anything is sent.
 */
export const upload: ActionOperation = {
	option: {
		name: 'Upload / Correct',
		value: 'upload',
		description: 'Upload conversions (or corrections with a negative payout) as CSV',
		action: 'Upload or correct conversions',
	},
	write: true,
	calls: ['POST /conversion', 'GET /user/current'],
	properties: [
		{
			displayName: 'Click ID',
			name: 'clickId',
			type: 'string',
			default: '',
			required: true,
			description: 'Voluum click ID ({clickid}) of the conversion',
		},
		{
			displayName: 'Payout',
			name: 'payout',
			type: 'number',
			typeOptions: { numberPrecision: 2 },
			default: 0,
			description:
				'Revenue of the conversion. A negative amount corrects (lowers) revenue already recorded.',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Conversion Time',
					name: 'conversionTime',
					type: 'dateTime',
					default: '',
					description:
						'When it happened; a time without an offset is read in the Voluum user’s time zone. Empty: the upload time.',
				},
				{
					displayName: 'Conversion Type',
					name: 'conversionType',
					type: 'string',
					default: '',
					description: 'Custom conversion type (event) name',
				},
				{
					displayName: 'Transaction ID',
					name: 'txid',
					type: 'string',
					default: '',
					description: 'Unique ID of the transaction (deduplication)',
				},
			],
		},
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description: 'Whether to send nothing and only output the CSV lines',
		},
	],
	async executeBatch(this: IExecuteFunctions, indexes: number[]): Promise<INodeExecutionData[]> {
		const out: INodeExecutionData[] = [];
		const lines: Line[] = [];
		for (const i of indexes) {
			try {
				const clickId = field(this, i, 'clickId', 'Click ID');
				if (!clickId)
					throw new NodeOperationError(this.getNode(), 'Click ID is empty', { itemIndex: i });
				const payout = Number(this.getNodeParameter('payout', i, 0));
				if (!Number.isFinite(payout))
					throw new NodeOperationError(this.getNode(), 'Payout must be a number', { itemIndex: i });
				const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
				const clean = (v: unknown, label: string) => {
					const s = String(v ?? '').trim();
					if (!SAFE.test(s))
						throw new NodeOperationError(
							this.getNode(),
							`${label} "${s}" contains a comma, quote or line break`,
							{ itemIndex: i },
						);
					return s;
				};
				const txid = clean(extra.txid, 'Transaction ID');
				const type = clean(extra.conversionType, 'Conversion Type');
				let time = '';
				if (extra.conversionTime) {
					const { zone } = await account(this, i);
					const ms = parseTimeToMs(extra.conversionTime, zone);
					if (!Number.isFinite(ms))
						throw new NodeOperationError(
							this.getNode(),
							`Conversion Time "${String(extra.conversionTime)}" is not a date and time`,
							{ itemIndex: i },
						);
					time = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
				}
				lines.push({
					index: i,
					payout,
					text: [clickId, String(Math.round(payout * 100) / 100), txid, type, time].join(','),
				});
			} catch (error) {
				if (!this.continueOnFail()) rethrowForItem(this, error, i);
				out.push({
					json: { status: 'invalid', success: false, ...errorJson(error) },
					pairedItem: { item: i },
				});
			}
		}
		if (lines.length > UPLOAD_ROWS_PER_HOUR) {
			throw new NodeOperationError(
				this.getNode(),
				`${lines.length} conversions are more than Voluum takes in an hour (${UPLOAD_ROWS_PER_HOUR}); nothing was sent`,
				{
					itemIndex: indexes[0],
					description: 'Split the input over several hours (e.g. with Loop Over Items and Wait).',
				},
			);
		}
		const dryRun = this.getNodeParameter('dryRun', indexes[0], false) as boolean;
		const batches = Math.ceil(lines.length / UPLOAD_ROWS_PER_REQUEST);
		for (let b = 0; b < batches; b++) {
			const chunk = lines.slice(b * UPLOAD_ROWS_PER_REQUEST, (b + 1) * UPLOAD_ROWS_PER_REQUEST);
			const csv = [HEADER, ...chunk.map((l) => l.text)].join('\n') + '\n';
			let status = 'sent';
			let error: IDataObject | undefined;
			let answer: unknown;
			if (dryRun) status = 'dry run';
			else {
				try {
					answer = await vRequest(this, 'POST', '/conversion', {
						body: csv,
						contentType: 'text/csv',
						itemIndex: chunk[0].index,
					});
				} catch (e) {
					if (!this.continueOnFail()) rethrowForItem(this, e, chunk[0].index);
					status = 'failed';
					error = errorJson(e);
				}
			}
			const failedLines = new Map<number, string>();
			const failed = (answer as { failed?: unknown } | undefined)?.failed;
			if (Array.isArray(failed)) {
				for (const f of failed as Array<{ line?: unknown; reason?: unknown }>) {
					if (typeof f?.line === 'number') failedLines.set(f.line, String(f.reason ?? 'rejected'));
				}
			}
			chunk.forEach((l, n) => {
				// Line numbers in Voluum's answer count the header as line 1 (ASSUMPTION of the mock).
				const reason = failedLines.get(n + 2);
				const json: IDataObject = {
					status: reason ? 'rejected' : status,
					success: status === 'dry run' ? null : status === 'sent' && !reason,
					correction: l.payout < 0,
					line: l.text,
					batch: b + 1,
					batches,
				};
				if (reason) json.reason = reason;
				if (error) Object.assign(json, error);
				out.push({ json, pairedItem: { item: l.index } });
			});
		}
		return out;
	},
};
