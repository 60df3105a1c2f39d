/**
 * Voluum mock: the write routes the Voluum action node uses, plus the 31-day cap on /report
 * (facts: other-trackers-api.md §1 and its "Additions"). Registered by one line in ./server.ts
 * (`voluumActionRoute`), after the session check; `session` says how the token was obtained.
 *
 * - `POST /report/manual-cost` JSON `{campaignId, from, to, timeZone, cost, currency}`: `from`/`to`
 *   whole hours (`YYYY-MM-DDTHH:00[:00[.000]][Z]`, wall clock in `timeZone`), else 400
 *   BAD_REQUEST "invalid time format"; unknown campaign → 404; a period ending after the start of
 *   the current hour (mock clock) → 400 TIME_RANGE_EXCEED_LAST_HOUR; no visit of the campaign in
 *   the period → 400 NO_VISITS_PERIOD; otherwise the cost REPLACES the cost of those visits,
 *   spread evenly (converted to the user currency at fixed mock rates). "60 updates per time
 *   frame": 60 per `controls.costFrameMs` (default one hour, ASSUMPTION) per session subject →
 *   429 TOO_MANY_REQUESTS with Retry-After. 200 `{}`.
 * - `POST /conversion` text/csv (other content types → 415): lines
 *   `clickId,payout,txid,conversionType,conversionTime`; a first line starting `clickId` is a
 *   header (ASSUMPTION: optional). Unknown click, bad payout or time → that line fails (listed in
 *   `failed: [{line, clickId, reason}]`, ASSUMPTION of the answer's shape). A negative payout adds
 *   a correction that lowers revenue. 50,000 lines per hour per subject → 429. 200
 *   `{processed, failed}`.
 * - `GET /report` with `to − from` over 31 days → 400 BAD_REQUEST (the split the node must do).
 * - `controls.accessKeyForbidden`: routes ('POST /conversion', …) answered 403 ACCESS_DENIED to
 *   access-key sessions (docs: "not all endpoints are accessible while using the access key";
 *   which ones is UNKNOWN, default none).
 */
import { sendJson } from '../shared/http';
import type { Incoming } from './tracker-kit';
import { SlidingWindowLimiter, fromCivil, isValidZone, toCivil } from './tracker-kit';
import type { VoluumState } from './state';

export interface VoluumActionControls {
	costFrameMs: number;
	costPerFrame: number;
	uploadPerHour: number;
	accessKeyForbidden: Set<string>;
	rates: Record<string, number>;
	costCalls: Array<Record<string, unknown>>;
	uploads: string[];
	limiters: { cost?: SlidingWindowLimiter; upload?: SlidingWindowLimiter };
}

const all = new WeakMap<VoluumState, VoluumActionControls>();

export function voluumActionControls(state: VoluumState): VoluumActionControls {
	let c = all.get(state);
	if (!c) {
		c = {
			costFrameMs: 3600_000,
			costPerFrame: 60,
			uploadPerHour: 50_000,
			accessKeyForbidden: new Set(),
			rates: { USD: 1, EUR: 1.1, GBP: 1.25 },
			costCalls: [],
			uploads: [],
			limiters: {},
		};
		all.set(state, c);
	}
	return c;
}

const HOUR = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):00(?::00(?:\.0{1,3})?)?Z?$/;

class Fail extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

function hour(raw: unknown, zone: string, name: string): number {
	const m = typeof raw === 'string' ? HOUR.exec(raw) : null;
	if (!m)
		throw new Fail(
			400,
			'BAD_REQUEST',
			`invalid time format: ${name} must be an ISO date-time rounded to a full hour`,
		);
	return fromCivil({ y: +m[1], m: +m[2], d: +m[3], h: +m[4], mi: 0, s: 0 }, zone);
}

export async function voluumActionRoute(
	state: VoluumState,
	inc: Incoming,
	session: { kind: 'accessKey' | 'password'; subject: string },
): Promise<boolean> {
	const { method, path, res } = inc;
	const c = voluumActionControls(state);
	const fail = (e: Fail) =>
		sendJson(res, e.status, {
			error: { code: e.code, description: e.message },
			errorCode: e.code,
			message: e.message,
		});
	const run = (fn: () => void) => {
		try {
			fn();
		} catch (e) {
			if (e instanceof Fail) fail(e);
			else throw e;
		}
		return true;
	};
	const route = `${method} ${path}`;
	if (
		(route === 'POST /report/manual-cost' || route === 'POST /conversion') &&
		session.kind === 'accessKey' &&
		c.accessKeyForbidden.has(route)
	) {
		fail(new Fail(403, 'ACCESS_DENIED', 'This endpoint is not available for access key sessions'));
		return true;
	}

	if (method === 'GET' && path === '/report') {
		const f = inc.query.get('from');
		const t = inc.query.get('to');
		const tz = inc.query.get('tz') ?? state.user.timezone;
		if (
			f &&
			t &&
			isValidZone(tz) &&
			HOUR.test(f) &&
			HOUR.test(t) &&
			hour(t, tz, 'to') - hour(f, tz, 'from') > 31 * 86_400_000
		) {
			fail(
				new Fail(400, 'BAD_REQUEST', 'invalid time range: the report range cannot exceed 31 days'),
			);
			return true;
		}
		return false;
	}

	if (route === 'POST /report/manual-cost') {
		c.limiters.cost ??= new SlidingWindowLimiter(c.costPerFrame, c.costFrameMs, state.clock.now);
		const rl = c.limiters.cost.hit(session.subject);
		if (!rl.ok) {
			sendJson(
				res,
				429,
				{
					error: { code: 'TOO_MANY_REQUESTS', description: 'Manual cost update limit reached' },
					errorCode: 'TOO_MANY_REQUESTS',
					message: 'Manual cost update limit reached',
				},
				{ 'Retry-After': String(Math.ceil(rl.retryAfterMs / 1000)) },
			);
			return true;
		}
		return run(() => {
			const b = inc.body as Record<string, unknown> | undefined;
			if (!inc.bodyIsJson || !b || typeof b !== 'object' || Array.isArray(b))
				throw new Fail(400, 'BAD_REQUEST', 'Request body must be a JSON object');
			const zone = typeof b.timeZone === 'string' ? b.timeZone : '';
			if (!isValidZone(zone))
				throw new Fail(400, 'BAD_REQUEST', `invalid time zone: ${String(b.timeZone)}`);
			const from = hour(b.from, zone, 'from');
			const to = hour(b.to, zone, 'to');
			if (to <= from)
				throw new Fail(400, 'BAD_REQUEST', 'invalid time range: from must be before to');
			if (typeof b.cost !== 'number' || !Number.isFinite(b.cost) || b.cost < 0)
				throw new Fail(400, 'BAD_REQUEST', 'cost must be a non-negative number');
			const currency = typeof b.currency === 'string' ? b.currency : state.user.currency;
			if (!c.rates[currency])
				throw new Fail(400, 'BAD_REQUEST', `unsupported currency: ${currency}`);
			const campaign = state.campaigns.find((x) => x.id === b.campaignId);
			if (!campaign) throw new Fail(404, 'NOT_FOUND', `Campaign ${String(b.campaignId)} not found`);
			const now = toCivil(state.clock.now(), zone);
			const hourStart = fromCivil({ ...now, mi: 0, s: 0 }, zone);
			if (to > hourStart)
				throw new Fail(400, 'TIME_RANGE_EXCEED_LAST_HOUR', 'TIME_RANGE_EXCEED_LAST_HOUR');
			const visits = state.visits.filter(
				(v) => v.campaignId === campaign.id && v.timestamp >= from && v.timestamp < to,
			);
			if (!visits.length) throw new Fail(400, 'NO_VISITS_PERIOD', 'NO_VISITS_PERIOD');
			const cents = Math.round(((b.cost * c.rates[currency]) / c.rates[state.user.currency]) * 100);
			visits.forEach((v, n) => {
				v.cost = (Math.floor(cents / visits.length) + (n < cents % visits.length ? 1 : 0)) / 100;
			});
			c.costCalls.push(b);
			state.touch();
			sendJson(res, 200, {});
		});
	}

	if (route === 'POST /conversion') {
		return run(() => {
			const type = String(inc.req.headers['content-type'] ?? '');
			if (!/^text\/csv\b/i.test(type))
				throw new Fail(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be text/csv');
			const text = inc.raw.toString('utf8');
			const lines = text.split(/\r?\n/);
			const failed: Array<{ line: number; clickId: string; reason: string }> = [];
			let processed = 0;
			c.limiters.upload ??= new SlidingWindowLimiter(c.uploadPerHour, 3600_000, state.clock.now);
			lines.forEach((line, n) => {
				if (!line.trim()) return;
				if (n === 0 && /^clickId\s*,/i.test(line)) return;
				const [clickId = '', payout = '', txid = '', conversionType = '', conversionTime = ''] =
					line.split(',');
				if (!c.limiters.upload!.hit(session.subject).ok)
					throw new Fail(
						429,
						'TOO_MANY_REQUESTS',
						'Conversion upload limit (50000 per hour) reached',
					);
				const visit = state.findVisit(clickId.trim());
				const amount = Number(payout);
				const at = conversionTime.trim() ? Date.parse(conversionTime.trim()) : state.clock.now();
				const reason = !visit
					? 'unknown click ID'
					: payout.trim() === '' || !Number.isFinite(amount)
						? 'invalid payout'
						: !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(
									conversionTime.trim(),
							  ) && conversionTime.trim() !== ''
							? 'invalid conversion time'
							: Number.isNaN(at)
								? 'invalid conversion time'
								: '';
				if (reason) {
					failed.push({ line: n + 1, clickId, reason });
					return;
				}
				state.addConversion({
					clickId: clickId.trim(),
					at,
					revenue: amount,
					payout: amount,
					transactionId: txid.trim() || undefined,
					conversionType: conversionType.trim() || undefined,
				});
				processed++;
			});
			c.uploads.push(text);
			sendJson(res, 200, { processed, failed });
		});
	}
	return false;
}
