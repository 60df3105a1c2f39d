/**
 * TG Tracker (TGTrack reports API, BETA; other-trackers-api.md §5) calls of the action node. The
 * reports API answers CSV; its columns are checked at the boundary (a missing column is named).
 * Requests are spaced ~350 ms apart (the ~3 requests/second burst limit, §5.4, 3P).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isValidZone, parseTimeToMs } from '../../shared/polling';
import { trackerRequest } from '../../shared/transport';
import { tgTrackerProfile } from '../transport/profile';
import { parseCsv } from '../trigger/csv';
import { csvText, sharedPacer, TG_MIN_INTERVAL_MS, TG_RETRY } from '../trigger/source';

const COMMON_QS = { ver: '1.0', platform: 'api', format: 'csv' };

/** `GET /api/{method}.php` as CSV text (paced; a JSON or HTML answer fails with a sentence). */
export async function tgCsv(
	this: IExecuteFunctions,
	method: string,
	qs: Record<string, string | number>,
	i: number,
): Promise<string> {
	const credentials = await this.getCredentials('tgTrackerApi', i);
	await sharedPacer(`tg:${String(credentials.url ?? '')}`, TG_MIN_INTERVAL_MS).wait();
	const path = `/${method}.php`;
	const body = await trackerRequest.call(this, tgTrackerProfile, {
		method: 'GET',
		path,
		qs: { ...COMMON_QS, ...qs },
		responseType: 'text',
		retry: TG_RETRY,
		itemIndex: i,
	});
	try {
		return csvText(body, `GET ${path}`);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex: i });
	}
}

/** CSV rows as objects; every column of `required` must be in the header. */
export function csvRows(
	ctx: IExecuteFunctions,
	text: string,
	required: string[],
	call: string,
	i: number,
): Array<Record<string, string>> {
	const table = parseCsv(text);
	if (table.header.length === 0 || (table.header.length === 1 && table.header[0] === '')) return [];
	const lower = new Map(table.header.map((h) => [h.toLowerCase(), h]));
	const missing = required.filter((c) => !lower.has(c.toLowerCase()));
	if (missing.length) {
		throw new NodeOperationError(
			ctx.getNode(),
			`TG Tracker answered ${call} without the column ${missing.join(', ')} (got ${table.header.slice(0, 8).join(', ')})`,
			{
				itemIndex: i,
				description: 'Check the Base URL of the credential (e.g. https://report.tgtrack.ru).',
			},
		);
	}
	return table.rows.map((raw) => {
		const row: Record<string, string> = {};
		for (const h of table.header) {
			const known = required.find((c) => c.toLowerCase() === h.toLowerCase());
			row[known ?? h] = raw[h] ?? '';
		}
		return row;
	});
}

/** A From/To field as unix seconds; values without an offset are read in `zone`. */
export function unixOf(
	ctx: IExecuteFunctions,
	value: unknown,
	zone: string,
	field: string,
	i: number,
	end = false,
): number {
	const s = typeof value === 'string' ? value.trim() : '';
	if (!isValidZone(zone))
		throw new NodeOperationError(ctx.getNode(), `Unknown time zone "${zone}"`, { itemIndex: i });
	const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(s);
	const ms = s ? parseTimeToMs(dayOnly ? `${s} ${end ? '23:59:59' : '00:00:00'}` : s, zone) : NaN;
	if (!Number.isFinite(ms)) {
		throw new NodeOperationError(ctx.getNode(), `${field} is not a date: "${s}"`, { itemIndex: i });
	}
	return Math.floor(ms / 1000);
}
