/**
 * TG Tracker mock — BETA. Modelled on TGTrack's CSV reports API (facts:
 * /work/shared/docs/other-trackers-api.md §5; the product behind "TG Tracker" is unconfirmed).
 *
 * ```ts
 * const mock = await startTgTrackerMock();
 * await fetch(`${mock.apiUrl}/get_chat_members.php?ver=1.0&platform=api&format=csv&date_from=1750000000&date_to=1750086400&limit=10000`,
 *   { headers: { Authorization: `Bearer ${mock.apiKey}` } });         // or &apiKey=…
 * const m = mock.state.addJoin({ at: '2025-06-16T09:00:00Z' });
 * mock.state.addLeave(m.userID);
 * ```
 *
 * Routes (base `/api`): `GET /api/get_chat_members.php`, `GET /api/get_tags.php` (the credential
 * probe). Paths outside `/api/`: 200 HTML page (wrong-URL trap); unknown `/api/*`: 404 JSON.
 *
 * ASSUMPTIONS (docs §5: 3P scripts only; options where cheap):
 * - §5.2 auth: the key as `Authorization: Bearer <key>` OR the `apiKey` query parameter (both
 *   accepted, per the brief; the docs only saw `apiKey`). Missing/wrong → 401
 *   `{"status":"ERROR","error":"invalid apiKey"}` (the bot API's `{status, data}` envelope).
 * - Common parameters `ver=1.0`, `platform=api`, `format=csv` are REQUIRED with those values →
 *   400 `{"status":"ERROR","error":…}` otherwise.
 * - `get_chat_members`: `date_from`/`date_to` REQUIRED unix SECONDS (digits only, else 400),
 *   both INCLUSIVE, filtering `eventDate`. A 13-digit value is read as seconds (far future: an
 *   empty window, like PHP's intval would). Rows sorted by eventDate ascending, then userID.
 *   `limit` default 10000 and silently CAPPED at `maxLimit` (10000): "truncated" means
 *   rows == the effective limit, which may be smaller than the limit asked for.
 * - CSV: UTF-8 BOM, comma-separated (`delimiter`), `\n` line ends (`lineEnding`), RFC 4180 quoting
 *   of fields with the delimiter, quotes or newlines (utm values contain commas and Cyrillic).
 *   Columns: userID,status,joinDate,leftDate,eventDate,subscribersCount,unsubscribersCount,
 *   utm_source,utm_medium,utm_campaign,utm_content,utm_term. status 1 = joined, 0/-1 = left.
 *   Dates: `dateFormat: 'unix'` (default, leftDate 0 while subscribed) | `'unixMs'` (13 digits) |
 *   `'date'` ("YYYY-MM-DD HH:MM:SS" in `timezone`, default Europe/Moscow; leftDate '').
 *   `utmAsTagIds: true` writes the labelID of the matching get_tags row instead of the text.
 * - `rowMode: 'events'` (default): one row per join and one per leave (dedupe key userID+joinDate
 *   / userID+leftDate). `'members'`: one row per membership whose status flips from 1 to 0/-1 in
 *   place when the user leaves (eventDate moves to leftDate).
 *   subscribersCount/unsubscribersCount are running channel totals at the row's eventDate.
 * - `order` (unknown, a switch): `'asc'` (default: eventDate ascending, then userID), `'desc'`, or
 *   `'shuffled'` (a different order on every request); the limit is applied AFTER ordering, so a
 *   truncated `desc` answer holds the newest rows and a `shuffled` one any rows of the range.
 * - `get_tags`: CSV `labelID,name` with BOM; ignores `limit`.
 * - §5.4 rate limit: more than 3 requests in any second per key → status 452 (`rateLimit.status`
 *   429 | 452, default 452) with text/plain "too many requests"; no Retry-After.
 *
 * Bot API (`botUrl`, a second port: `POST /v1/{botApiKey}/get_user_info | send_reach_goal`), with
 * its own switches under `bot`: see ./bot.ts. It shares `requests` and `faults` with the reports
 * API (paths `/v1/…` vs `/api/…`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { FaultInjector } from '../shared/faults';
import { RequestLog, sendJson, startHttpServer, writeResponse } from '../shared/http';
import {
	formatDateTime,
	header,
	isValidZone,
	makeLimiter,
	QueryCache,
	receive,
	sendWrongUrlPage,
	type TimeInput,
} from '../voluum/tracker-kit';
import { startTgBotMock, type ReachedGoal, type TgBotOptions, type TgUserProfile } from './bot';
import { TgTrackerState, type MemberEvent } from './state';

export { TgTrackerState } from './state';
export type { Membership, MemberEvent, Tag, Utm } from './state';
export type { ReachedGoal, TgBotOptions, TgUserProfile } from './bot';

export const TG_COLUMNS = [
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

export interface TgTrackerMockOptions {
	apiKey?: string;
	seed?: number;
	port?: number;
	host?: string;
	now?: TimeInput | 'real';
	seedData?: boolean | { members?: number; days?: number };
	/** 3 requests per second per key (default on, real time); `status` 452 (default) or 429. */
	rateLimit?:
		| false
		| { limit?: number; windowMs?: number; clock?: 'real' | 'mock'; status?: 429 | 452 };
	maxLimit?: number;
	delimiter?: ',' | ';';
	lineEnding?: '\n' | '\r\n';
	dateFormat?: 'unix' | 'unixMs' | 'date';
	timezone?: string;
	utmAsTagIds?: boolean;
	rowMode?: 'events' | 'members';
	/** Order of get_chat_members rows (default 'asc'). */
	order?: 'asc' | 'desc' | 'shuffled';
	/** Key of the bot API (default 'tgtrack-bot-key-5d2e8b41'). */
	botApiKey?: string;
	/** Switches of the bot API (./bot.ts). */
	bot?: TgBotOptions;
}

type Behaviour = Required<
	Pick<
		TgTrackerMockOptions,
		| 'maxLimit'
		| 'delimiter'
		| 'lineEnding'
		| 'dateFormat'
		| 'timezone'
		| 'utmAsTagIds'
		| 'rowMode'
		| 'order'
	>
>;

export interface TgTrackerMock {
	url: string;
	/** `url + /api`. */
	apiUrl: string;
	apiKey: string;
	/** Base URL of the bot API (another port: another origin). */
	botUrl: string;
	botApiKey: string;
	/** Bot API switches in effect. */
	botOptions: Required<TgBotOptions>;
	/** Goals received by send_reach_goal, in order. */
	goals: ReachedGoal[];
	/** first_name / username / invite_link of a user for get_user_info (defaults derived). */
	profiles: Map<number, TgUserProfile>;
	state: TgTrackerState;
	faults: FaultInjector;
	requests: RequestLog;
	options: Behaviour;
	close(): Promise<void>;
}

class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}
const bad = (message: string) => new ApiError(400, message);

const BOM = '\uFEFF';

export async function startTgTrackerMock(
	options: TgTrackerMockOptions = {},
): Promise<TgTrackerMock> {
	const seed = options.seed ?? 1;
	const state = new TgTrackerState({ seed, now: options.now });
	if (options.seedData !== false)
		state.seedDefaults(typeof options.seedData === 'object' ? options.seedData : {});
	const apiKey = options.apiKey ?? 'tgtrack-report-key-7c1f0a9e';
	const faults = new FaultInjector({ seed });
	const requests = new RequestLog();
	const behaviour: Behaviour = {
		maxLimit: options.maxLimit ?? 10_000,
		delimiter: options.delimiter ?? ',',
		lineEnding: options.lineEnding ?? '\n',
		dateFormat: options.dateFormat ?? 'unix',
		timezone: options.timezone ?? 'Europe/Moscow',
		utmAsTagIds: options.utmAsTagIds ?? false,
		rowMode: options.rowMode ?? 'events',
		order: options.order ?? 'asc',
	};
	if (!isValidZone(behaviour.timezone)) throw new Error(`Unknown timezone ${behaviour.timezone}`);
	const rl = options.rateLimit === false ? undefined : options.rateLimit;
	const limiter = makeLimiter(
		options.rateLimit === false
			? false
			: { limit: rl?.limit ?? 3, windowMs: rl?.windowMs ?? 1000, clock: rl?.clock ?? 'real' },
		{ limit: 3, windowMs: 1000, clock: 'real' },
		state.clock.now,
	);
	const limitStatus = rl?.status ?? 452;
	const eventsCache = new QueryCache<MemberEvent[]>();
	let apiRequests = 0;

	const cell = (value: string | number): string => {
		const text = String(value);
		return text.includes(behaviour.delimiter) || /["\r\n]/.test(text)
			? `"${text.replace(/"/g, '""')}"`
			: text;
	};
	const csv = (head: string[], rows: Array<Array<string | number>>) =>
		BOM +
		[head, ...rows].map((r) => r.map(cell).join(behaviour.delimiter)).join(behaviour.lineEnding) +
		behaviour.lineEnding;

	const date = (sec: number, zeroMeansNone: boolean): string | number => {
		if (zeroMeansNone && sec === 0) return behaviour.dateFormat === 'date' ? '' : 0;
		if (behaviour.dateFormat === 'unixMs') return sec * 1000;
		if (behaviour.dateFormat === 'date') return formatDateTime(sec * 1000, behaviour.timezone);
		return sec;
	};

	const utm = (value: string): string | number => {
		if (!behaviour.utmAsTagIds || value === '') return value;
		return state.tags.find((t) => t.name === value)?.labelID ?? value;
	};

	const common = (query: URLSearchParams) => {
		if (query.get('ver') !== '1.0') throw bad('ver must be 1.0');
		if (query.get('platform') !== 'api') throw bad('platform must be api');
		if (query.get('format') !== 'csv') throw bad('format must be csv');
	};

	const unix = (query: URLSearchParams, name: string): number => {
		const raw = query.get(name);
		if (raw === null || raw === '') throw bad(`${name} is required (unix time in seconds)`);
		if (!/^\d{1,13}$/.test(raw)) throw bad(`${name} must be a unix timestamp in seconds`);
		return Number(raw);
	};

	let shuffles = 0;
	const rowsFor = (): MemberEvent[] =>
		eventsCache.get(state.version, behaviour.rowMode, () => {
			const events = state.events();
			if (behaviour.rowMode === 'events') return events;
			// one row per membership: its latest event, with the counts at that moment
			const latest = new Map<string, MemberEvent>();
			for (const e of events) latest.set(`${e.userID}|${e.joinDate}`, e);
			return [...latest.values()].sort((a, b) => a.eventDate - b.eventDate || a.userID - b.userID);
		});

	const chatMembers = (query: URLSearchParams) => {
		common(query);
		const from = unix(query, 'date_from');
		const to = unix(query, 'date_to');
		if (from > to) throw bad('date_from must not be after date_to');
		const rawLimit = query.get('limit');
		if (rawLimit !== null && rawLimit !== '' && !/^[1-9]\d*$/.test(rawLimit))
			throw bad('limit must be a positive integer');
		const limit = Math.min(rawLimit ? Number(rawLimit) : behaviour.maxLimit, behaviour.maxLimit);
		const rows: Array<Array<string | number>> = [];
		let matching = rowsFor().filter((e) => e.eventDate >= from && e.eventDate <= to);
		if (behaviour.order === 'desc') matching = [...matching].reverse();
		else if (behaviour.order === 'shuffled') {
			shuffles++;
			const rank = (e: MemberEvent) =>
				Math.imul(
					e.userID ^ Math.imul(e.eventDate, 2654435761) ^ (shuffles * 40503),
					2246822507,
				) >>> 0;
			matching = [...matching].sort((a, b) => rank(a) - rank(b));
		}
		for (const e of matching) {
			if (rows.length >= limit) break;
			rows.push([
				e.userID,
				e.status,
				date(e.joinDate, false),
				date(e.leftDate, true),
				date(e.eventDate, false),
				e.subscribersCount,
				e.unsubscribersCount,
				utm(e.utm.source),
				utm(e.utm.medium),
				utm(e.utm.campaign),
				utm(e.utm.content),
				utm(e.utm.term),
			]);
		}
		return csv(TG_COLUMNS, rows);
	};

	const tags = (query: URLSearchParams) => {
		common(query);
		return csv(
			['labelID', 'name'],
			state.tags.map((t) => [t.labelID, t.name]),
		);
	};

	const keyOf = (req: IncomingMessage, query: URLSearchParams): string | undefined => {
		const bearer = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '');
		return bearer?.[1] ?? query.get('apiKey') ?? undefined;
	};

	const handler = async (req: IncomingMessage, res: ServerResponse) => {
		const inc = await receive(req, res, requests, faults);
		if (!inc) return;
		const { method, path, query } = inc;
		if (!path.startsWith('/api/')) return sendWrongUrlPage(res, 'TGTrack — Откуда Подписки');
		const key = keyOf(req, query);
		if (key !== apiKey) return sendJson(res, 401, { status: 'ERROR', error: 'invalid apiKey' });
		if (limiter) {
			const hit = limiter.hit(key);
			if (!hit.ok)
				return writeResponse(
					res,
					limitStatus,
					{ 'Content-Type': 'text/plain; charset=utf-8' },
					'too many requests',
				);
		}
		const routes: Record<string, () => string> = {
			'/api/get_chat_members.php': () => chatMembers(query),
			'/api/get_tags.php': () => tags(query),
		};
		const run = method === 'GET' ? routes[path] : undefined;
		if (!run) return sendJson(res, 404, { status: 'ERROR', error: 'unknown method' });
		apiRequests++;
		if (state.onBeforeRespond)
			await state.onBeforeRespond({
				method,
				path: path.slice(4),
				query: inc.entry.query,
				requestNumber: apiRequests,
			});
		try {
			return writeResponse(res, 200, { 'Content-Type': 'text/csv; charset=utf-8' }, run());
		} catch (error) {
			if (error instanceof ApiError)
				return sendJson(res, error.status, { status: 'ERROR', error: error.message });
			throw error;
		}
	};

	const server = await startHttpServer(handler, { host: options.host, port: options.port });
	const profiles = new Map<number, TgUserProfile>();
	const bot = await startTgBotMock({
		state,
		key: options.botApiKey ?? 'tgtrack-bot-key-5d2e8b41',
		options: options.bot ?? {},
		requests,
		faults,
		profiles,
		host: options.host,
	});
	return {
		url: server.url,
		apiUrl: `${server.url}/api`,
		apiKey,
		botUrl: bot.url,
		botApiKey: bot.key,
		botOptions: bot.options,
		goals: bot.goals,
		profiles,
		state,
		faults,
		requests,
		options: behaviour,
		close: async () => {
			faults.dispose();
			await server.close();
			await bot.close();
		},
	};
}
