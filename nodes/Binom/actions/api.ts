/**
 * Binom 2 calls of the action node, and the checks of Binom's answers at the boundary (zod):
 * an answer of an unexpected shape fails with a sentence naming the field, never silently.
 * Facts and their evidence: other-trackers-api.md §4 and "Additions"; assumptions are labelled in
 * the README's Binom 2 section.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { formatLocal, isValidZone, parseTimeToMs } from '../../shared/polling';
import { checkCalendarDate, quote } from '../../shared/validation';
import type { TrackerProfile, TrackerRequest } from '../../shared/transport';
import { trackerRequest } from '../../shared/transport';
import { binomProfile } from '../transport/profile';

/** The tracker root (no API base path): `click.php` lives there. */
export const binomRootProfile: TrackerProfile = { ...binomProfile, apiBasePath: '' };

export async function binomRequest(
	this: IExecuteFunctions,
	req: TrackerRequest,
	profile: TrackerProfile = binomProfile,
): Promise<unknown> {
	return await trackerRequest.call(this, profile, req);
}

// ─── answer schemas ─────────────────────────────────────────────────────────────────────────

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const id = z.union([z.string().min(1), z.number()]);

/** A `/report/{entity}` row: a level, an id and measures (numbers or numeric strings). */
export const reportRowSchema = z
	.object({
		id: id.nullable().optional(),
		name: scalar.optional(),
		level: z.union([z.number(), z.string()]).optional(),
	})
	.passthrough();
export const reportSchema = z.union([
	z.array(reportRowSchema),
	z.object({ rows: z.array(reportRowSchema) }).passthrough(),
]);

/** A `/conversions` row: `id` is the click id (3P conversions_columns.json). */
export const conversionRowSchema = z
	.object({ id, status: scalar.optional(), payout: scalar.optional() })
	.passthrough();
export const conversionsSchema = z.union([
	z.object({ rows: z.array(conversionRowSchema) }).passthrough(),
	z.array(conversionRowSchema),
]);

/** `GET /conversion/{clickId}` (3P: conversed_at, time_since_click, …; payout/status ASSUMED). */
export const conversionSchema = z
	.object({ id: id.optional(), status: scalar.optional(), payout: scalar.optional() })
	.passthrough();

/** `/info/campaign` rows; the last row may be `{id: "totals", total_count}` (3P capture). */
export const infoRowSchema = z.object({ id }).passthrough();
export const infoSchema = z.array(infoRowSchema);

const zoneFilterSchema = z
	.object({ type: z.string(), values: z.array(z.union([z.string(), z.number()])) })
	.passthrough();

/** `GET /campaign/{id}`: an object with an id; `filters` an object, or `[]` when empty (PHP). */
export const campaignSchema = z
	.object({
		id,
		name: scalar.optional(),
		filters: z
			.union([
				z.object({ zone: zoneFilterSchema.optional() }).passthrough(),
				z.array(z.unknown()).max(0),
				z.null(),
			])
			.optional(),
	})
	.passthrough();

function describePath(path: (string | number)[]): string {
	return path.length
		? path
				.map((p) => (typeof p === 'number' ? `[${p}]` : p))
				.join('.')
				.replace(/\.\[/g, '[')
		: 'the answer';
}

/** Parses a Binom answer; a surprise throws a sentence naming the field and the call. */
export function checkAnswer<T>(
	node: INode,
	schema: z.ZodType<T>,
	body: unknown,
	call: string,
	itemIndex: number,
): T {
	const r = schema.safeParse(body);
	if (r.success) return r.data;
	const issue = r.error.issues[0];
	throw new NodeOperationError(
		node,
		`Binom answered ${call} in an unexpected shape: ${describePath(issue.path)} ${issue.message.toLowerCase()}`,
		{
			itemIndex,
			description:
				'The node checks every Binom answer. Check that the credential points to a Binom 2 tracker; if it does, the API may have changed: please report it.',
		},
	);
}

// ─── dates ──────────────────────────────────────────────────────────────────────────────────

export const DATE_PRESETS: Array<{ name: string; value: string }> = [
	{ name: 'Today', value: 'today' },
	{ name: 'Yesterday', value: 'yesterday' },
	{ name: 'This Week', value: 'this_week' },
	{ name: 'Last Week', value: 'last_week' },
	{ name: 'Last 2 Days', value: 'last_2_days' },
	{ name: 'Last 3 Days', value: 'last_3_days' },
	{ name: 'Last 7 Days', value: 'last_7_days' },
	{ name: 'Last 14 Days', value: 'last_14_days' },
	{ name: 'Last 30 Days', value: 'last_30_days' },
	{ name: 'This Month', value: 'this_month' },
	{ name: 'Last Month', value: 'last_month' },
	{ name: 'This Year', value: 'this_year' },
	{ name: 'Last Year', value: 'last_year' },
	{ name: 'All Time', value: 'all_time' },
	{ name: 'Custom Range', value: 'custom_time' },
];

const WALL = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * A user date as Binom's "YYYY-MM-DD HH:MM:SS" in `zone`. A value without an offset is taken as
 * wall-clock time of that zone (a date alone is the start of the day, or its last second when
 * `endOfDay`); a value with `Z` or an offset is an instant, converted to the zone.
 */
export function toBinomTime(
	node: INode,
	value: unknown,
	zone: string,
	field: string,
	itemIndex: number,
	endOfDay = false,
): string {
	const s =
		typeof value === 'string' ? value.trim() : value instanceof Date ? value.toISOString() : '';
	const wall = WALL.exec(s);
	if (wall) {
		const day = checkCalendarDate(wall[1], field);
		if (!day.ok) throw new NodeOperationError(node, day.message, { itemIndex });
		if (wall[2] === undefined) return `${wall[1]} ${endOfDay ? '23:59:59' : '00:00:00'}`;
		return `${wall[1]} ${wall[2]}:${wall[3]}:${wall[4] ?? '00'}`;
	}
	const ms = s ? parseTimeToMs(s, zone) : NaN;
	if (!Number.isFinite(ms)) {
		throw new NodeOperationError(node, `${field} is not a date: ${quote(s)}`, {
			itemIndex,
			description: 'Use a date such as 2025-06-16 or 2025-06-16 13:00:00.',
		});
	}
	return formatLocal(ms, zone);
}

export function checkZone(node: INode, zone: string, itemIndex: number): string {
	const z2 = zone.trim() || 'UTC';
	if (!isValidZone(z2)) {
		throw new NodeOperationError(node, `Unknown time zone "${z2}"`, {
			itemIndex,
			description: 'Use an IANA time zone name such as UTC or Europe/Berlin.',
		});
	}
	return z2;
}

/** The `datePreset`/`dateFrom`/`dateTo`/`timezone` query of an item's period fields. */
export function periodQuery(ctx: IExecuteFunctions, i: number): IDataObject {
	const node = ctx.getNode();
	const zone = checkZone(node, String(ctx.getNodeParameter('timezone', i, 'UTC')), i);
	const preset = String(ctx.getNodeParameter('datePreset', i, 'today'));
	const q: IDataObject = { datePreset: preset, timezone: zone };
	if (preset === 'custom_time') {
		q.dateFrom = toBinomTime(node, ctx.getNodeParameter('dateFrom', i, ''), zone, 'From', i);
		q.dateTo = toBinomTime(node, ctx.getNodeParameter('dateTo', i, ''), zone, 'To', i, true);
		if (String(q.dateFrom) > String(q.dateTo)) {
			throw new NodeOperationError(node, 'From is after To', { itemIndex: i });
		}
	}
	return q;
}
