/**
 * BeMob calls of the action node (BETA: BeMob publishes no API reference; other-trackers-api.md §3)
 * and the checks of its answers at the boundary (zod). ASSUMED envelopes, from third-party
 * scripts: lists are `{payload: [...]}`, the report is `{payload: {rows: [...], total}}`.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { parseAnswer } from '../../shared/actions';
import { floorToGranule, nextGranule, isValidZone, parseTimeToMs } from '../../shared/polling';
import type { TrackerRequest } from '../../shared/transport';
import { trackerRequest } from '../../shared/transport';
import { beMobProfile } from '../transport/profile';

export async function beMobRequest(this: IExecuteFunctions, req: TrackerRequest): Promise<unknown> {
	return await trackerRequest.call(this, beMobProfile, req);
}

const row = z.record(z.unknown());
export const reportSchema = z
	.object({
		payload: z.object({ rows: z.array(row), total: z.number().optional() }).passthrough(),
	})
	.passthrough();
export const campaignsSchema = z
	.object({
		payload: z.array(
			z
				.object({ id: z.union([z.string().min(1), z.number()]), name: z.unknown().optional() })
				.passthrough(),
		),
	})
	.passthrough();

export function checkAnswer<S extends z.ZodTypeAny>(
	ctx: IExecuteFunctions,
	schema: S,
	body: unknown,
	call: string,
	itemIndex: number,
): z.infer<S> {
	return parseAnswer(ctx, schema, body, { tracker: 'BeMob', call, itemIndex });
}

export const PERIODS = [
	{ name: 'Custom Range', value: 'custom' },
	{ name: 'Last 30 Days', value: 'last30' },
	{ name: 'Last 7 Days', value: 'last7' },
	{ name: 'Today', value: 'today' },
	{ name: 'Yesterday', value: 'yesterday' },
];

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * [from, to] as instants (ms), `to` inclusive to the second, for a period in `zone`. Presets are
 * calendar days of `zone` ending with today (`now`); custom bounds without an offset are read as
 * time of `zone` (a date alone: the start of that day, or for `to` its last second).
 */
export function resolvePeriod(
	period: string,
	zone: string,
	now: number,
	custom: { from?: unknown; to?: unknown } = {},
): { from: number; to: number } | string {
	if (!isValidZone(zone)) return `Unknown time zone "${zone}"`;
	const today = floorToGranule(now, 'day', zone);
	const daysBack = (n: number) => {
		let t = today;
		for (let k = 0; k < n; k++) t = floorToGranule(t - 1, 'day', zone);
		return t;
	};
	const endOfToday = nextGranule(now, 'day', zone) - 1000;
	switch (period) {
		case 'today':
			return { from: today, to: endOfToday };
		case 'yesterday':
			return { from: daysBack(1), to: today - 1000 };
		case 'last7':
			return { from: daysBack(6), to: endOfToday };
		case 'last30':
			return { from: daysBack(29), to: endOfToday };
		default: {
			const read = (v: unknown, end: boolean): number => {
				const s = typeof v === 'string' ? v.trim() : '';
				if (DAY_ONLY.test(s)) {
					const start = parseTimeToMs(`${s} 00:00:00`, zone);
					return end ? nextGranule(start, 'day', zone) - 1000 : start;
				}
				return s ? parseTimeToMs(s, zone) : NaN;
			};
			const from = read(custom.from, false);
			const to = read(custom.to, true);
			if (!Number.isFinite(from)) return `From is not a date: "${String(custom.from ?? '')}"`;
			if (!Number.isFinite(to)) return `To is not a date: "${String(custom.to ?? '')}"`;
			if (from > to) return 'From is after To';
			return { from, to };
		}
	}
}

/** ISO instant without milliseconds, e.g. `2025-06-16T00:00:00Z`. */
export function instant(ms: number): string {
	return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function readPeriod(
	ctx: IExecuteFunctions,
	i: number,
): { from: number; to: number; zone: string } {
	const zone = String(ctx.getNodeParameter('timezone', i, 'UTC') || 'UTC').trim();
	const r = resolvePeriod(
		String(ctx.getNodeParameter('period', i, 'yesterday')),
		zone,
		Date.now(),
		{
			from: ctx.getNodeParameter('from', i, ''),
			to: ctx.getNodeParameter('to', i, ''),
		},
	);
	if (typeof r === 'string') throw new NodeOperationError(ctx.getNode(), r, { itemIndex: i });
	return { ...r, zone };
}

export type { IDataObject };
