import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import {
	includeRawField,
	readListOptions,
	readOutputMode,
	returnAllLimit,
	simplifyField,
} from '../../../shared/actions';
import { TG_DEFAULT_STATUS_MAP, tgRowToJson } from '../../trigger/mapping';
import type { TgRow } from '../../trigger/source';
import { rowKind, TG_MAX_PAGE_SIZE, TgMembersSource } from '../../trigger/source';
import { csvRows, tgCsv, unixOf } from '../api';
import { timeZoneField } from '../../../shared/options';

const COLUMNS = ['userID', 'status', 'joinDate', 'leftDate', 'eventDate'];

/**
 * Subscriber → Get Many (BETA): `GET /api/get_chat_members.php?date_from=&date_to=&limit=` (3P),
 * one CSV row per join (status 1) or leave (0 / -1), filtered on the event time (unix seconds,
 * both bounds inclusive, ASSUMED). There is no offset, and the server may cap `limit` silently:
 * the node pages by time (the next request starts at the second of the last row read, rows
 * already read are skipped) until a request brings nothing new, so a cap below the limit asked
 * for loses nothing. One second holding more rows than a page cannot be paged (said as an error).
 */
export const getAll: ActionOperation = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		description: 'Get the joins and leaves of the channel or bot in a period',
		action: 'Get many subscriber events',
	},
	calls: ['GET /get_chat_members.php'],
	properties: [
		{
			displayName: 'From',
			name: 'from',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'Start, inclusive; a date alone is the start of that day in the time zone below',
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'End, inclusive to the second; a date alone is the whole day',
		},
		timeZoneField({
			displayName: 'Time Zone',
			name: 'timezone',
			default: 'UTC',
			description: 'IANA time zone From and To are read in',
		}),
		{
			displayName: 'Events',
			name: 'events',
			type: 'options',
			options: [
				{ name: 'Joins and Leaves', value: 'all' },
				{ name: 'Joins (Subscriptions)', value: 'join' },
				{ name: 'Leaves (Unsubscriptions)', value: 'leave' },
			],
			default: 'all',
		},
		...returnAllLimit(),
		simplifyField,
		includeRawField,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const zone = String(this.getNodeParameter('timezone', i, 'UTC') || 'UTC').trim();
		const from = unixOf(this, this.getNodeParameter('from', i, ''), zone, 'From', i);
		const to = unixOf(this, this.getNodeParameter('to', i, ''), zone, 'To', i, true);
		if (from > to)
			throw new NodeOperationError(this.getNode(), 'From is after To', { itemIndex: i });
		const events = String(this.getNodeParameter('events', i, 'all'));
		const { limit } = readListOptions(this, i);
		const source = new TgMembersSource({ fetch: async () => '' });
		const seen = new Set<string>();
		const out: TgRow[] = [];
		const pageSize = TG_MAX_PAGE_SIZE;
		for (let start = from; ; ) {
			const text = await tgCsv.call(
				this,
				'get_chat_members',
				{ date_from: start, date_to: to, limit: pageSize },
				i,
			);
			const rows = csvRows(this, text, COLUMNS, 'GET /get_chat_members.php', i);
			let fresh = 0;
			let last = start;
			for (const row of rows) {
				const key = [row.userID, row.status, row.joinDate, row.leftDate, row.eventDate].join('|');
				const t = source.eventTime(row);
				if (Number.isFinite(t)) last = Math.max(last, Math.floor(t / 1000));
				if (seen.has(key)) continue;
				seen.add(key);
				fresh++;
				const kind = rowKind(row);
				if (events !== 'all' && kind !== events) continue;
				out.push(row);
				if (limit !== undefined && out.length >= limit) break;
			}
			if (limit !== undefined && out.length >= limit) break;
			if (fresh === 0 || rows.length === 0) break;
			if (last === start && rows.length >= pageSize) {
				throw new NodeOperationError(
					this.getNode(),
					'One second holds more subscriber events than TG Tracker returns at once',
					{
						itemIndex: i,
						description:
							'The reports API has no offset, so these rows cannot be paged. Narrow the period.',
					},
				);
			}
			start = last;
		}
		const mode = readOutputMode(this, i);
		if (!mode.simplify) return out as unknown as IDataObject[];
		return out.map((row) =>
			tgRowToJson(row, source, {
				statusMap: TG_DEFAULT_STATUS_MAP,
				leaveMode: 'unsubscribe',
				includeRaw: mode.includeRaw,
			}),
		);
	},
};
