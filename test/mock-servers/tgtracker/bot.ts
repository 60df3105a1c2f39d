/**
 * TGTrack bot API mock (facts: /work/shared/docs/other-trackers-api.md §5.2), served on its OWN
 * port (its own origin, like bot-api.tgtrack.ru beside report.tgtrack.ru), so a test sees which key
 * reached which host.
 *
 * Route: `POST /v1/{BOT_KEY}/{method}` with a JSON body (OFFICIAL, doc.tgtrack.ru/?p=802).
 * - `get_user_info {"user_id": "123"}` → `{"status":"OK","data":{user_id, first_join_date,
 *   last_join_date, invite_link, left_date (0 = still subscribed), first_name, username,
 *   utm_source, utm_medium, utm_campaign}}` (OFFICIAL field list).
 * - `send_reach_goal {"user_id", "target"}` (3P scripts only): records the goal.
 * Rejected (faithful to what a real API would reject): a wrong or missing key (the reports key
 * too), a method other than POST (405), a body that is not a JSON object, a missing or non-digit
 * `user_id`, a missing or empty `target`, an unknown method (404), any path outside `/v1/` (an
 * HTML page: the wrong-URL trap).
 *
 * UNKNOWN, offered as switches (the node must be exact under each):
 * - `errors`: `'http'` (default: 401 wrong key, 400 bad field, 404 unknown user, each with
 *   `{"status":"ERROR","error":…}`) | `'envelope'` (the same bodies with HTTP 200).
 * - `userNotFound`: `'error'` (default: an ERROR envelope "user not found") | `'nullData'`
 *   (`{"status":"OK","data":null}`) | `'emptyArray'` (`data: []`, PHP's empty array).
 * - `valueTypes`: `'numbers'` (default: user_id and dates as numbers) | `'strings'` (all strings).
 * - `leftDate`: `'latest'` (default: left_date of the latest membership, so 0 after a re-join) |
 *   `'lastLeave'` (the last leave ever, kept after a re-join).
 * - `goalAnswer`: `'ok'` (default `{"status":"OK"}`) | `'okData'` (`{"status":"OK","data":true}`)
 *   | `'empty'` (200, empty body) | `'text'` (200 text/plain `OK`).
 * - `goalUnknownUser`: `'accept'` (default) | `'reject'` (an ERROR "user not found").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { FaultInjector } from '../shared/faults';
import {
	RequestLog,
	sendJson,
	startHttpServer,
	writeResponse,
	type StartedServer,
} from '../shared/http';
import { receive, sendWrongUrlPage } from '../voluum/tracker-kit';
import type { TgTrackerState } from './state';

export interface TgBotOptions {
	errors?: 'http' | 'envelope';
	userNotFound?: 'error' | 'nullData' | 'emptyArray';
	valueTypes?: 'numbers' | 'strings';
	leftDate?: 'latest' | 'lastLeave';
	goalAnswer?: 'ok' | 'okData' | 'empty' | 'text';
	goalUnknownUser?: 'accept' | 'reject';
}

export interface ReachedGoal {
	userId: string;
	target: string;
	at: number;
}

export interface TgBotMock {
	url: string;
	key: string;
	options: Required<TgBotOptions>;
	goals: ReachedGoal[];
	close(): Promise<void>;
}

/** Extra facts about a user that the reports do not carry (get_user_info only). */
export interface TgUserProfile {
	first_name?: string;
	username?: string;
	invite_link?: string;
}

export async function startTgBotMock(args: {
	state: TgTrackerState;
	key: string;
	options: TgBotOptions;
	requests: RequestLog;
	faults: FaultInjector;
	profiles: Map<number, TgUserProfile>;
	host?: string;
}): Promise<TgBotMock> {
	const { state, key, requests, faults, profiles } = args;
	const options: Required<TgBotOptions> = {
		errors: args.options.errors ?? 'http',
		userNotFound: args.options.userNotFound ?? 'error',
		valueTypes: args.options.valueTypes ?? 'numbers',
		leftDate: args.options.leftDate ?? 'latest',
		goalAnswer: args.options.goalAnswer ?? 'ok',
		goalUnknownUser: args.options.goalUnknownUser ?? 'accept',
	};
	const goals: ReachedGoal[] = [];

	const fail = (res: ServerResponse, status: number, error: string) =>
		sendJson(res, options.errors === 'envelope' ? 200 : status, { status: 'ERROR', error });
	const value = (n: number) => (options.valueTypes === 'strings' ? String(n) : n);

	const userInfo = (userId: number) => {
		const mine = state.memberships.filter((m) => m.userID === userId);
		if (mine.length === 0) return undefined;
		const first = mine.reduce((a, b) => (b.joinDate < a.joinDate ? b : a));
		const latest = mine.reduce((a, b) => (b.joinDate >= a.joinDate ? b : a));
		const lastLeave = Math.max(...mine.map((m) => m.leftDate));
		const left = options.leftDate === 'latest' ? latest.leftDate : lastLeave;
		const p = profiles.get(userId) ?? {};
		return {
			user_id: value(userId),
			first_join_date: value(first.joinDate),
			last_join_date: value(latest.joinDate),
			invite_link: p.invite_link ?? first.utm.source,
			left_date: value(left),
			first_name: p.first_name ?? `User ${userId}`,
			username: p.username ?? `user${userId}`,
			utm_source: first.utm.source,
			utm_medium: first.utm.medium,
			utm_campaign: first.utm.campaign,
		};
	};

	const userIdOf = (body: Record<string, unknown>): number | undefined => {
		const raw = body.user_id;
		if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) return raw;
		if (typeof raw === 'string' && /^\d{1,20}$/.test(raw) && Number(raw) > 0) return Number(raw);
		return undefined;
	};

	const handler = async (req: IncomingMessage, res: ServerResponse) => {
		const inc = await receive(req, res, requests, faults);
		if (!inc) return;
		const { method, path } = inc;
		if (!path.startsWith('/v1/')) return sendWrongUrlPage(res, 'TGTrack bot API');
		const m = /^\/v1\/([^/]*)\/([^/]+)$/.exec(path);
		if (!m) return fail(res, 404, 'not found');
		if (decodeURIComponent(m[1]) !== key) return fail(res, 401, 'invalid api key');
		if (method !== 'POST')
			return sendJson(res, 405, { status: 'ERROR', error: 'method not allowed' });
		const body = inc.body;
		if (!inc.bodyIsJson || !body || typeof body !== 'object' || Array.isArray(body))
			return fail(res, 400, 'body must be a JSON object');
		const fields = body as Record<string, unknown>;
		const userId = userIdOf(fields);
		if (m[2] === 'get_user_info') {
			if (fields.user_id === undefined) return fail(res, 400, 'user_id is required');
			if (userId === undefined) return fail(res, 400, 'user_id must be a Telegram user id');
			const info = userInfo(userId);
			if (!info) {
				if (options.userNotFound === 'nullData')
					return sendJson(res, 200, { status: 'OK', data: null });
				if (options.userNotFound === 'emptyArray')
					return sendJson(res, 200, { status: 'OK', data: [] });
				return fail(res, 404, 'user not found');
			}
			return sendJson(res, 200, { status: 'OK', data: info });
		}
		if (m[2] === 'send_reach_goal') {
			if (fields.user_id === undefined) return fail(res, 400, 'user_id is required');
			if (userId === undefined) return fail(res, 400, 'user_id must be a Telegram user id');
			if (typeof fields.target !== 'string' || fields.target.trim() === '')
				return fail(res, 400, 'target is required');
			if (options.goalUnknownUser === 'reject' && !userInfo(userId))
				return fail(res, 404, 'user not found');
			goals.push({ userId: String(userId), target: fields.target, at: state.clock.now() });
			switch (options.goalAnswer) {
				case 'okData':
					return sendJson(res, 200, { status: 'OK', data: true });
				case 'empty':
					return writeResponse(res, 200, { 'Content-Type': 'application/json' }, '');
				case 'text':
					return writeResponse(res, 200, { 'Content-Type': 'text/plain; charset=utf-8' }, 'OK');
				default:
					return sendJson(res, 200, { status: 'OK' });
			}
		}
		return fail(res, 404, 'unknown method');
	};

	const server: StartedServer = await startHttpServer(handler, { host: args.host });
	return { url: server.url, key, options, goals, close: async () => await server.close() };
}
