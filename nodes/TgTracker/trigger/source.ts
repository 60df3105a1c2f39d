/**
 * TG Tracker (TGTrack reports API, beta) as a polling-engine source (facts: other-trackers-api.md
 * §5). `GET /api/get_chat_members.php?ver=1.0&platform=api&format=csv&date_from=&date_to=&limit=`
 * answers CSV (UTF-8 BOM) with one row per join (status 1) or leave (status 0 / -1), filtered on
 * `eventDate` by unix seconds (both bounds inclusive, ASSUMED), sorted by event time.
 *
 * Paging: there is no offset, and the ORDER of the rows is unknown (ascending, descending or none:
 * a truncated answer may hold any `limit` rows of the range). So a page is built here: the range is
 * asked for; an answer with as many rows as the limit is taken as truncated and the range is halved
 * (by seconds, from its start) until an answer is complete; complete sub-ranges are collected from
 * the start of the window and sorted by (event time, key) in memory, and the engine gets at most
 * `limit` rows in that order (keyset paging, `offsets: 'none'`). One second with `limit` rows or
 * more cannot be paged (a sentence says so); the page size is at most 10,000 (ASSUMED server cap: a
 * server that silently capped a page below the limit asked would look complete).
 *
 * Boundary checks (zod): the answer must have the columns userID, status, joinDate, leftDate and
 * eventDate (case-insensitive); userID digits, status 1 / 0 / -1, dates 10-digit seconds, 13-digit
 * milliseconds or "YYYY-MM-DD HH:MM:SS" (text read in the Text Time Zone), leftDate may be empty or
 * 0. Every row's eventDate must lie in the range asked for (the API filters on it): a row outside
 * means the text zone is wrong or TG Tracker filters on another column, and the poll stops with a
 * sentence instead of mis-placing rows.
 *
 * Requests are spaced (`minIntervalMs`, default 350 ms) to stay under the ~3 requests/second burst
 * limit (§5.4); rate-limit answers (452 or 429) are retried by the request layer.
 */
import { sleep } from 'n8n-workflow';
import { z } from 'zod';

import type { PageResult, PageSpec, PollSource, TimeWindow } from '../../shared/polling';
import { parseTimeToMs, PollSourceError } from '../../shared/polling';
import { quote } from '../../shared/validation';
import { looksLikeHtml, trackerMessageOf } from '../../shared/transport';
import type { RetryPolicy, TrackerRequest } from '../../shared/transport';
import { parseCsv } from './csv';

export type TgRow = Record<string, string>;
export type TgFetch = (req: TrackerRequest) => Promise<unknown>;
export type TgKind = 'join' | 'leave';

export const TG_MAX_PAGE_SIZE = 10_000;
export const TG_DEFAULT_PAGE_SIZE = 1000;
/** ~3 requests per second, with a margin. */
export const TG_MIN_INTERVAL_MS = 350;
/** Zone assumed for dates sent as text ("YYYY-MM-DD HH:MM:SS"); unix values need none. */
export const TG_DEFAULT_TEXT_ZONE = 'Europe/Moscow';
export const TG_RETRY: Partial<RetryPolicy> = { baseDelayMs: 1000 };

const COMMON_QS = { ver: '1.0', platform: 'api', format: 'csv' };
const KNOWN_COLUMNS = [
	'userID',
	'status',
	'joinDate',
	'leftDate',
	'eventDate',
	'subscribersCount',
	'unsubscribersCount',
	'utm_source',
	'utm_medium',
	'utm_campaign',
	'utm_content',
	'utm_term',
];
const CANONICAL_NAME = new Map(KNOWN_COLUMNS.map((c) => [c.toLowerCase(), c]));

export interface TgSourceOptions {
	fetch: TgFetch;
	pageSize?: number;
	overlapMs?: number;
	retry?: Partial<RetryPolicy>;
	/** IANA zone of dates sent as text. */
	textZone?: string;
	/** Minimum spacing between two requests (ms), when no `pacer` is given. */
	minIntervalMs?: number;
	/** Spacing shared with other polls (see `sharedPacer`). */
	pacer?: Pacer;
	/** Which rows a manual sample may show (the node's event filter). */
	sampleFilter?: (row: TgRow) => boolean;
}

/** Spaces calls at least `intervalMs` apart (wall clock), sleeping with n8n's `sleep`. */
export class Pacer {
	private last = -Infinity;

	constructor(public intervalMs: number) {}

	async wait(): Promise<void> {
		let wait = this.last + this.intervalMs - Date.now();
		while (wait > 0) {
			await sleep(wait);
			wait = this.last + this.intervalMs - Date.now();
		}
		this.last = Date.now();
	}
}

const pacers = new Map<string, Pacer>();

/**
 * The pacer shared by every poll of this n8n process that uses the same credential: the limit is
 * per key, and two polls (or two triggers) may follow each other closely.
 */
export function sharedPacer(key: string, intervalMs: number): Pacer {
	let p = pacers.get(key);
	if (!p) {
		if (pacers.size > 1000) pacers.clear();
		p = new Pacer(intervalMs);
		pacers.set(key, p);
	}
	p.intervalMs = intervalMs;
	return p;
}

/** A TG date (10-digit seconds, 13-digit milliseconds or text in `zone`) as epoch ms; NaN if none. */
export function tgTime(value: unknown, zone: string): number {
	const s = typeof value === 'string' ? value.trim() : value;
	if (s === '' || s === '0' || s === 0 || s === null || s === undefined) return NaN;
	return parseTimeToMs(s, zone);
}

/** status 1 = joined; 0 or -1 = left (§5.2). */
export function rowKind(row: TgRow): TgKind | undefined {
	const s = String(row.status ?? '').trim();
	if (s === '1') return 'join';
	if (s === '0' || s === '-1') return 'leave';
	return undefined;
}

/** Columns a get_chat_members answer must have (the trigger cannot place a row without them). */
export const TG_REQUIRED_COLUMNS = ['userID', 'status', 'joinDate', 'leftDate', 'eventDate'];

const TG_TIME_RE = /^(\d{10}|\d{13}|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2})$/;
const TG_TIME_TEXT = 'a unix time (10 or 13 digits) or "YYYY-MM-DD HH:MM:SS"';
const tgDate = z.string().trim().regex(TG_TIME_RE, TG_TIME_TEXT);
const tgMemberRow = z
	.object({
		userID: z
			.string()
			.trim()
			.regex(/^\d{1,20}$/, 'a Telegram user id (digits)'),
		status: z
			.string()
			.trim()
			.regex(/^(1|0|-1)$/, '1 (joined), 0 or -1 (left)'),
		joinDate: tgDate,
		leftDate: z
			.string()
			.trim()
			.refine((v) => v === '' || v === '0' || TG_TIME_RE.test(v), `empty, 0 or ${TG_TIME_TEXT}`),
		eventDate: tgDate,
	})
	.passthrough();

/**
 * Rows of a get_chat_members CSV answer with the known columns under their documented names,
 * checked at the boundary: a missing column or a value of an unexpected shape stops the poll with
 * a sentence that names the column and TG Tracker.
 */
export function readMembersCsv(text: string): TgRow[] {
	const table = parseCsv(text);
	if (table.header.length === 0 || (table.header.length === 1 && table.header[0] === '')) return [];
	const names = table.header.map((h) => CANONICAL_NAME.get(h.toLowerCase()) ?? h);
	const missing = TG_REQUIRED_COLUMNS.filter((c) => !names.includes(c));
	if (missing.length) {
		throw new PollSourceError(
			`TG Tracker's get_chat_members answer has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (columns: ${table.header
				.slice(0, 12)
				.map((h) => quote(h, 30))
				.join(', ')}); expected ${TG_REQUIRED_COLUMNS.join(', ')}`,
		);
	}
	return table.rows.map((raw, i) => {
		const row: TgRow = {};
		table.header.forEach((h, k) => {
			row[names[k]] = raw[h] ?? '';
		});
		const checked = tgMemberRow.safeParse(row);
		if (!checked.success) {
			const issue = checked.error.issues[0];
			const field = String(issue.path[0] ?? 'row');
			throw new PollSourceError(
				`TG Tracker sent a get_chat_members row (data line ${i + 1}) whose ${field} is ${quote(row[field], 40)}: expected ${issue.message}`,
			);
		}
		return row;
	});
}

/** The CSV text of an answer, or an error that says what came back instead. */
export function csvText(body: unknown, what: string): string {
	if (body === undefined || body === null) return '';
	if (typeof body !== 'string') {
		const msg = trackerMessageOf(body);
		throw new PollSourceError(
			`TG Tracker answered ${what} with JSON instead of CSV${msg ? `: ${msg}` : ''}`,
		);
	}
	const head = body.replace(/^\uFEFF/, '').trimStart();
	if (looksLikeHtml(head)) {
		throw new PollSourceError(
			`TG Tracker answered ${what} with a web page instead of CSV; check the Base URL in the credential (e.g. https://report.tgtrack.ru)`,
		);
	}
	if (head.startsWith('{') || head.startsWith('[')) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(head);
		} catch {
			parsed = undefined;
		}
		if (parsed !== undefined) return csvText(parsed, what);
	}
	return body;
}

export class TgMembersSource implements PollSource<TgRow> {
	readonly paging: PollSource<TgRow>['paging'];
	readonly overlapMs?: number;
	private readonly pacer: Pacer;
	private readonly zone: string;

	constructor(private readonly opts: TgSourceOptions) {
		this.paging = {
			maxPageSize: Math.min(
				TG_MAX_PAGE_SIZE,
				Math.max(2, Math.floor(opts.pageSize ?? TG_DEFAULT_PAGE_SIZE)),
			),
			granularity: 'second',
			zone: 'UTC',
			sorted: true,
			offsets: 'none',
		};
		this.overlapMs = opts.overlapMs;
		this.pacer = opts.pacer ?? new Pacer(opts.minIntervalMs ?? TG_MIN_INTERVAL_MS);
		this.zone = opts.textZone ?? TG_DEFAULT_TEXT_ZONE;
	}

	/** One paced request; returns the body text. */
	async get(path: string, qs: Record<string, string | number>): Promise<string> {
		await this.pacer.wait();
		const body = await this.opts.fetch({
			method: 'GET',
			path,
			qs: { ...COMMON_QS, ...qs },
			responseType: 'text',
			retry: { ...TG_RETRY, ...(this.opts.retry ?? {}) },
		});
		return csvText(body, `GET ${path}`);
	}

	private async members(fromMs: number, toMs: number, limit: number): Promise<TgRow[]> {
		const text = await this.get('/get_chat_members.php', {
			date_from: Math.floor(fromMs / 1000),
			date_to: Math.floor(toMs / 1000),
			limit,
		});
		return readMembersCsv(text);
	}

	/**
	 * The first `limit` rows of the window in (event time, key) order, whatever order TG Tracker
	 * lists them in and wherever it truncates (see the header).
	 */
	async fetchPage(window: TimeWindow, page: PageSpec): Promise<PageResult<TgRow>> {
		const limit = page.limit;
		const toSec = Math.floor(window.toMs / 1000);
		let lo = Math.floor(window.fromMs / 1000);
		const out: TgRow[] = [];
		while (lo <= toSec && out.length < limit) {
			let hi = toSec;
			let rows = await this.members(lo * 1000, hi * 1000, limit);
			let first = true;
			while (rows.length >= limit) {
				if (hi === lo) {
					throw new PollSourceError(
						`TG Tracker has ${limit} or more events in the second ${new Date(lo * 1000).toISOString()}, more than one page holds; raise Page Size in the options (at most ${TG_MAX_PAGE_SIZE})`,
					);
				}
				// First split where an ascending list would have been cut (one more request when TG
				// Tracker lists ascending, as documented); then halves, whatever the order.
				const latest = Math.max(
					...rows.map((r) => Math.floor(tgTime(r.eventDate, this.zone) / 1000)),
				);
				const cut = latest - 1;
				hi = first && cut >= lo && cut < hi ? cut : lo + Math.floor((hi - lo) / 2);
				first = false;
				rows = await this.members(lo * 1000, hi * 1000, limit);
			}
			for (const row of rows) this.checkInRange(row, lo, hi);
			out.push(...rows);
			lo = hi + 1;
		}
		// (event time, userID, key): the documented ascending order, made total.
		const keyed = out.map((row) => {
			const u = String(row.userID).trim();
			return { row, t: this.eventTime(row), k: `${u.length.toString(36)}${u}|${this.key(row)}` };
		});
		keyed.sort((a, b) => a.t - b.t || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
		return { rows: keyed.slice(0, limit).map((x) => x.row) };
	}

	/** A row outside the range asked for: wrong text zone, or a filter on another column. */
	private checkInRange(row: TgRow, fromSec: number, toSec: number): void {
		const t = Math.floor(tgTime(row.eventDate, this.zone) / 1000);
		if (t >= fromSec && t <= toSec) return;
		const text = !/^\d+$/.test(String(row.eventDate).trim());
		throw new PollSourceError(
			`TG Tracker returned a row whose eventDate ${quote(row.eventDate, 40)} lies outside the time range asked for (${new Date(fromSec * 1000).toISOString()} to ${new Date(toSec * 1000).toISOString()})${
				text
					? `, read in ${this.zone}: TG Tracker's dates are probably in another time zone (set Options → Text Time Zone)`
					: ': TG Tracker seems to filter on another column than eventDate'
			}`,
		);
	}

	/** Time of the join (or leave) the row reports. */
	dateOf(row: TgRow, kind: TgKind): number {
		return tgTime(kind === 'join' ? row.joinDate : row.leftDate, this.zone);
	}

	eventTime(row: TgRow): number {
		const kind = rowKind(row);
		if (!kind || String(row.userID ?? '').trim() === '') return NaN;
		const t = tgTime(row.eventDate, this.zone);
		return Number.isFinite(t) ? t : this.dateOf(row, kind);
	}

	/** userID + joinDate for a join, userID + leftDate for a leave (§5.5). */
	key(row: TgRow): string {
		const kind = rowKind(row) ?? 'join';
		const own = this.dateOf(row, kind);
		const t = Number.isFinite(own) ? own : this.eventTime(row);
		return `${kind}|${String(row.userID).trim()}|${Math.floor(t / 1000)}`;
	}

	/** Recent rows for "Fetch Test Event": the last hour, else the last day, else the last week. */
	async fetchLatest(limit: number, now: number): Promise<TgRow[]> {
		let rows: TgRow[] = [];
		for (const span of [3_600_000, 86_400_000, 7 * 86_400_000]) {
			rows = (await this.members(now - span, now, this.paging.maxPageSize)).filter(
				(r) => !this.opts.sampleFilter || this.opts.sampleFilter(r),
			);
			if (rows.length >= limit) break;
		}
		return rows;
	}

	/** `get_tags`: labelID → name (for utm values sent as tag ids). */
	async fetchTags(): Promise<Map<string, string>> {
		const text = await this.get('/get_tags.php', {});
		const table = parseCsv(text);
		const id = table.header.find((h) => h.toLowerCase() === 'labelid') ?? 'labelID';
		const name = table.header.find((h) => h.toLowerCase() === 'name') ?? 'name';
		const out = new Map<string, string>();
		for (const r of table.rows) if (r[id]) out.set(r[id].trim(), r[name] ?? '');
		return out;
	}
}
