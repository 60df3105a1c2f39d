/**
 * RedTrack "Conversion Status Changed" over the shared status watch (nodes/shared/polling/
 * statusWatch.ts): RedTrack's `/conversions` has no previous-status column and nothing says whether
 * a status change moves `conv_time`/`created_at`, nor in which order rows are listed, so the
 * trigger re-reads the Watch Window by days (recent days every poll, older days swept) and compares
 * each conversion's status with the last one it read.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { dayDate, dayNumber, pollStatusWatch } from '../../shared/polling/statusWatch';
import type { StatusWatchOptions, StatusWatchResult } from '../../shared/polling/statusWatch';
import { parseTimeToMs } from '../../shared/polling';
import type { RedTrackApiClient } from './api';
import type { RedTrackRow } from './logs';
import { REDTRACK_MAX_PAGE_SIZE, idOf, localDate } from './logs';
import { checkRedTrackLog } from './schema';

export interface RedTrackWatchOptions extends Pick<
	StatusWatchOptions<RedTrackRow>,
	'stream' | 'now' | 'windowDays' | 'sweepMs' | 'includeNew' | 'maxItems' | 'deadline' | 'clock'
> {
	api: RedTrackApiClient;
	node: INode;
	zone: string;
	timeField: string;
	filters: IDataObject;
	pageSize: number;
	normalize(status: string): string;
}

export async function pollRedTrackWatch(
	previous: unknown,
	o: RedTrackWatchOptions,
): Promise<StatusWatchResult<RedTrackRow>> {
	const per = Math.min(o.pageSize, REDTRACK_MAX_PAGE_SIZE);
	const statusOf = (row: RedTrackRow) => String(row.status ?? '').trim();
	return await pollStatusWatch<RedTrackRow>(previous, {
		...o,
		today: dayNumber(localDate(o.now, o.zone)),
		async readDays(fromDay, toDay, onRows, shouldStop) {
			for (let page = 1; ; page++) {
				if (page > 1 && shouldStop()) return false;
				const body = await o.api.get('/conversions', {
					...o.filters,
					date_from: dayDate(fromDay),
					date_to: dayDate(toDay),
					page,
					per,
				});
				const { rows, total } = checkRedTrackLog(body, o.node, {
					path: '/conversions',
					timeField: o.timeField,
					zone: o.zone,
					requireStatus: true,
				});
				onRows(rows);
				if (rows.length < per) return true;
				if (total !== undefined && page * per >= total) return true;
			}
		},
		describe(row) {
			const t = parseTimeToMs(row[o.timeField], o.zone);
			return { id: idOf(row), status: statusOf(row), day: dayNumber(localDate(t, o.zone)) };
		},
	});
}
