/**
 * A table of bad inputs against the Keitaro node and the six credentials, over real HTTP to a
 * recording server on 127.0.0.1 (and a second server on another port standing for "another
 * host"). For every row: the error has the expected class, its message names the field, only the
 * expected requests reached the server (usually none), no secret appears in the serialized error,
 * the output or the logs, and nothing reached the other host. Prints one summary line.
 */
import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { Binom } from '../../nodes/Binom/Binom.node';
import { Keitaro } from '../../nodes/Keitaro/Keitaro.node';
import { RedTrack } from '../../nodes/RedTrack/RedTrack.node';
import { TgTracker } from '../../nodes/TgTracker/TgTracker.node';
import { Voluum } from '../../nodes/Voluum/Voluum.node';
import { TrackerConnectionError, trackerRequest } from '../../nodes/shared/transport';
import { Harness, createContext } from '../helpers/n8n';
import { ALL_SECRETS, SECRET, TRACKERS, leaks, runProbe, serializeError, startHostile, type HostileServer } from '../unit/transport/hostile';

type ErrorClass = typeof NodeOperationError | typeof NodeApiError | typeof TrackerConnectionError;

interface Row {
	name: string;
	cls: ErrorClass;
	/** The message must match (it names the field). */
	field: RegExp;
	/** Requests the tracker server may receive for this row (default 0). */
	requests?: number;
	run: (server: HostileServer, harness: Harness) => Promise<unknown>;
}

const rl = (value: string | number, mode = 'id') => ({ __rl: true, mode, value: String(value) });
const HUGE = '9'.repeat(100_000);
const DEEP = '['.repeat(5000) + ']'.repeat(5000);
const DEEP_OBJ = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);

function keitaroRun(parameters: INodeParameters) {
	return async (server: HostileServer, harness: Harness) => {
		const tc = TRACKERS[0];
		harness.addCredential(tc.credential, tc.data(server.url));
		const ctx = createContext<IExecuteFunctions>({ harness, nodeType: new Keitaro(), parameters });
		return await new Keitaro().execute.call(ctx);
	};
}

/** Another tracker's node, with that tracker's credential pointing at the recording server. */
function trackerRun(tracker: 'Voluum' | 'RedTrack' | 'Binom', parameters: INodeParameters, items?: IDataObject[]) {
	return async (server: HostileServer, harness: Harness) => {
		const tc = TRACKERS.find((t) => t.name === tracker)!;
		harness.addCredential(tc.credential, tc.data(server.url));
		const nodeType = tracker === 'Voluum' ? new Voluum() : tracker === 'RedTrack' ? new RedTrack() : new Binom();
		const ctx = createContext<IExecuteFunctions>({ harness, nodeType, parameters, items: items?.map((json) => ({ json })) });
		return await nodeType.execute.call(ctx);
	};
}

/** The Keitaro node with input items (Sync Costs reads spend rows from them). */
function keitaroRunItems(parameters: INodeParameters, items: IDataObject[]) {
	return async (server: HostileServer, harness: Harness) => {
		const tc = TRACKERS[0];
		harness.addCredential(tc.credential, tc.data(server.url));
		const ctx = createContext<IExecuteFunctions>({ harness, nodeType: new Keitaro(), parameters, items: items.map((json) => ({ json })) });
		return await new Keitaro().execute.call(ctx);
	};
}

const rows: Row[] = [];

// ── ids ──────────────────────────────────────────────────────────────────────────────────────
const badIds: Array<[string, string]> = [
	['letters', 'abc'],
	['above 2^64', '12345678901234567890'],
	['float notation', '1e+23'],
	['negative', '-1'],
	['zero', '0'],
	['decimal', '1.5'],
	['dot-dot', '../1'],
	['encoded slash', '1%2F2'],
	['query', '1?x=1'],
	['fragment', '1#x'],
	['hex', '0x10'],
	['full-width digits', '１２'],
	['CR/LF', '1\r\n2'],
	['100 kB', HUGE + 'x'],
	['space inside', '1 2'],
];
for (const [label, id] of badIds) {
	rows.push({
		name: `campaign get id ${label}`,
		cls: NodeOperationError,
		field: /^Campaign: ".*"( \(\d+ characters\))? (is not a valid ID|is too large)/,
		run: keitaroRun({ resource: 'campaign', operation: 'get', campaignId: rl(id) }),
	});
}
for (const [resource, idParam, field] of [
	['offer', 'offerId', 'Offer'],
	['user', 'userId', 'User'],
	['domain', 'domainId', 'Domain'],
	['landingPage', 'landingPageId', 'Landing Page'],
] as const) {
	for (const id of ['abc', '99999999999999999999']) {
		rows.push({
			name: `${resource} get id ${id.slice(0, 12)}`,
			cls: NodeOperationError,
			field: new RegExp(`^${field}: "`, 'i'),
			run: keitaroRun({ resource, operation: 'get', [idParam]: rl(id) }),
		});
	}
}
rows.push({
	name: 'campaign get, a 100 kB id is quoted at most ~80 characters',
	cls: NodeOperationError,
	field: /^Campaign: "9{80}…" \(100000 characters\) is too large to be an ID$/,
	run: keitaroRun({ resource: 'campaign', operation: 'get', campaignId: rl(HUGE) }),
});

// ── log types (path segments) ────────────────────────────────────────────────────────────────
for (const t of ['..', '.', '../x', '%2e%2e', 'a/b', 'a%2Fb', 'x?y=1', 'a b', 'lo\ng', 'a\\b', HUGE]) {
	for (const operation of ['get', 'clear']) {
		rows.push({
			name: `log ${operation} type ${JSON.stringify(t.slice(0, 10))}`,
			cls: NodeOperationError,
			field: /^Log Type /,
			run: keitaroRun({ resource: 'log', operation, logType: t }),
		});
	}
}

// ── file paths ─────────────────────────────────────────────────────────────────────────────────
for (const p of ['../etc/passwd', '%2e%2e/%2e%2e/etc/passwd', 'a/%2F/b', 'a\\b', '/../x', 'a//b', 'a/./b', '.', 'x?y', 'a/..']) {
	rows.push({
		name: `offer getFile path ${JSON.stringify(p)}`,
		cls: NodeOperationError,
		field: /^File Path /,
		run: keitaroRun({ resource: 'offer', operation: 'getFile', offerId: rl(1), filePath: p }),
	});
}

// ── currencies ───────────────────────────────────────────────────────────────────────────────
for (const c of ['ZZZ', 'FOO', 'US', 'USD1', 'DOLLARS', '€']) {
	rows.push({
		name: `campaign create cost currency ${c}`,
		cls: NodeOperationError,
		field: /^Cost Currency must be a 3-letter currency code/,
		run: keitaroRun({ resource: 'campaign', operation: 'create', name: 'A', alias: 'a1', additionalFields: { cost_currency: c } }),
	});
}

// ── cost paths: currency (ISO 4217), real dates, IANA time zones, before any request ─────────
const GOOD_COST = { date: '2024-02-28', zone: 'Europe/Madrid', currency: 'USD' };
const costCases: Array<[string, { date?: string; zone?: string; currency?: string }]> = [
	['date 2024-02-30', { date: '2024-02-30' }],
	['time zone Mars/Olympus', { zone: 'Mars/Olympus' }],
	['currency ZZZ', { currency: 'ZZZ' }],
	['currency FOO', { currency: 'FOO' }],
];
const costField = (c: { date?: string; zone?: string }, date: RegExp, zone: RegExp, currency: RegExp) =>
	c.date ? date : c.zone ? zone : currency;
for (const [label, bad] of costCases) {
	const v = { ...GOOD_COST, ...bad };
	rows.push({
		name: `Keitaro campaign Update Costs ${label}`,
		cls: NodeOperationError,
		field: costField(bad, /^Start Date: "2024-02-30" is not a real calendar date/, /^Timezone: "Mars\/Olympus" is not a time zone/, /^Currency must be a 3-letter currency code from ISO 4217 .*got "(ZZZ|FOO)"/),
		run: keitaroRun({ resource: 'campaign', operation: 'updateCosts', campaignId: rl(1), startDate: v.date, endDate: '2024-03-01', timezone: v.zone, cost: 10, currency: v.currency }),
	});
	rows.push({
		name: `Keitaro Cost Update ${label}`,
		cls: NodeOperationError,
		field: costField(bad, /^Start Date is "2024-02-30"/, /^Timezone "Mars\/Olympus" is not a valid time zone/, /^Currency must be a 3-letter currency code from ISO 4217 .*got "(ZZZ|FOO)"/),
		run: keitaroRun({ resource: 'cost', operation: 'update', method: 'bulk', campaignIds: '1', period: 'days', startDate: v.date, timezone: v.zone, currency: v.currency, cost: '10' }),
	});
	rows.push({
		name: `Keitaro Sync Costs ${label}`,
		cls: NodeOperationError,
		field: costField(bad, /^"date" is "2024-02-30": a date is required/, /^Time zone "Mars\/Olympus" is not a valid time zone/, /^Currency "(ZZZ|FOO)" is not an ISO 4217 currency code/),
		run: keitaroRunItems(
			{ resource: 'tracking', operation: 'syncCosts', campaignIds: '1', matchKey: 'sub_id_2', idField: 'adset_id', trackerCurrency: 'USD', timezone: v.zone, options: { readbackWait: 0 } },
			[{ adset_id: 'as_A', date: v.date, spend: 10, currency: v.currency }],
		),
	});
	rows.push({
		name: `Voluum Cost Update ${label}`,
		cls: NodeOperationError,
		field: costField(bad, /^Start "2024-02-30" is not a date/, /^Time Zone "Mars\/Olympus" is not a valid time zone/, /^Currency must be a 3-letter currency code from ISO 4217 .*got "(ZZZ|FOO)"/),
		run: trackerRun('Voluum', { resource: 'cost', operation: 'update', campaignId: 'c-1', cost: 10, dateFrom: v.date, timeZone: v.zone, currency: v.currency }),
	});
	rows.push({
		name: `RedTrack Cost Update ${label}`,
		cls: NodeOperationError,
		field: costField(bad, /^Start "2024-02-30" is not a date/, /^Spend Time Zone "Mars\/Olympus" is not a valid time zone/, /^Currency must be a 3-letter currency code from ISO 4217 .*got "(ZZZ|FOO)"/),
		run: trackerRun('RedTrack', { resource: 'cost', operation: 'update', campaignId: 'c1', cost: 10, dateFrom: v.date, spendTimezone: v.zone, currency: v.currency }),
	});
	rows.push({
		name: `Binom Cost Update ${label}`,
		cls: NodeOperationError,
		field: costField(bad, /^From: "2024-02-30" is not a real calendar date/, /^Unknown time zone "Mars\/Olympus"/, /^Currency must be a 3-letter currency code from ISO 4217 .*got "(ZZZ|FOO)"/),
		run: trackerRun('Binom', { resource: 'cost', operation: 'update', campaignId: '1', tokenNumber: 2, segmentValue: 'z1', cost: 10, currency: v.currency, datePreset: 'custom_time', dateFrom: v.date, dateTo: '2024-03-01', timezone: v.zone }),
	});
}

// ── user JSON ────────────────────────────────────────────────────────────────────────────────
for (const [label, json, re] of [
	['5,000-deep array', `{"a":${DEEP}}`, /^Additional JSON is nested deeper than 64 levels/],
	['5,000-deep object', DEEP_OBJ, /^Additional JSON is nested deeper than 64 levels/],
	['__proto__ key', '{"__proto__":{"polluted":1}}', /^Additional JSON: the key "__proto__" is not allowed/],
	['nested constructor key', '{"a":{"constructor":{"prototype":{}}}}', /^Additional JSON: the key "constructor" is not allowed/],
	['not JSON', '{name: 1', /^Additional JSON is not valid JSON/],
	['an array', '[1,2]', /^Additional JSON must be a JSON object/],
] as const) {
	rows.push({
		name: `campaign create Additional JSON ${label}`,
		cls: NodeOperationError,
		field: re,
		run: keitaroRun({ resource: 'campaign', operation: 'create', name: 'A', alias: 'a1', additionalFields: { additionalJson: json } }),
	});
}

// ── reports: names, filters, time zones, limits ──────────────────────────────────────────────
const report = (extra: IDataObject): INodeParameters => ({
	resource: 'report',
	operation: 'build',
	dateRange: 'today',
	timezone: 'UTC',
	dimensions: ['campaign'],
	measures: ['clicks'],
	returnAll: false,
	limit: 10,
	...extra,
});
for (const d of ['__proto__', 'constructor', 'prototype', 'x'.repeat(5000)]) {
	rows.push({
		name: `report dimension ${d.slice(0, 12)}`,
		cls: NodeOperationError,
		field: /^Dimensions: "/,
		run: keitaroRun(report({ dimensions: [d] })),
	});
}
for (const [min, max] of [
	['abc', '10'],
	['1', 'abc'],
	['2024-02-30', '2024-03-01'],
	['2024-01-01', 'tomorrow'],
	['1', '2024-01-01'],
]) {
	rows.push({
		name: `report filter BETWEEN ${min}..${max}`,
		cls: NodeOperationError,
		field: /^Filter "clicks"/,
		run: keitaroRun(report({ filters: { filter: [{ name: 'clicks', operator: 'BETWEEN', min, max }] } })),
	});
}
for (const tz of ['Mars/Olympus', 'Europe/Atlantis', '+03:00', 'Etc/Nowhere']) {
	rows.push({
		name: `report time zone ${JSON.stringify(tz)}`,
		cls: NodeOperationError,
		field: /(Time ?zone|Timezone)/i,
		run: keitaroRun(report({ timezone: tz })),
	});
}
// ── credentials: a line break or control character in a key, a bad URL ─────────────────────
for (const tc of TRACKERS) {
	const keyField = tc.name === 'Voluum' ? 'secretKey' : 'apiKey';
	const label = keyField === 'secretKey' ? 'Secret Key' : 'API Key';
	for (const [what, bad] of [
		['CR/LF', `${SECRET.apiKey}\r\nX-Injected: 1`],
		['NUL', `${SECRET.apiKey}\u0000`],
	] as const) {
		rows.push({
			name: `${tc.name} credential test: ${what} in ${label}`,
			cls: TrackerConnectionError,
			field: new RegExp(`The ${label} field of the ${tc.profile.name} credential contains a line break`),
			run: async (server, harness) => await runProbe(harness, tc, tc.data(server.url, { [keyField]: bad })),
		});
		rows.push({
			name: `${tc.name} node request: ${what} in ${label}`,
			cls: NodeOperationError,
			field: new RegExp(`The ${label} field of the ${tc.profile.name} credential contains a line break`),
			run: async (server, harness) => {
				harness.addCredential(tc.credential, tc.data(server.url, { [keyField]: bad }));
				return await trackerRequest.call(createContext({ harness }), tc.profile, { method: 'GET', path: '/x', retry: { maxAttempts: 1 } });
			},
		});
	}
	for (const [what, url, re] of [
		['no scheme, with a password', `${SECRET.urlUser}:${SECRET.urlPassword}@tracker.example.com`, /The tracker URL "tracker\.example\.com" has no http/],
		['a line break', 'https://tracker.example.com\n/x', /The tracker URL contains a space, a line break/],
		['ftp scheme', 'ftp://tracker.example.com', /The tracker URL "ftp:/],
	] as const) {
		rows.push({
			name: `${tc.name} credential test: URL with ${what}`,
			cls: TrackerConnectionError,
			field: re,
			run: async (_server, harness) => await runProbe(harness, tc, tc.data(url)),
		});
	}
}

// ── TG Tracker bot API (User → Get Info, Goal → Reach Goal): the bot key sits in the URL path ──
function tgBotRun(parameters: INodeParameters, extra: IDataObject = {}) {
	return async (server: HostileServer, harness: Harness) => {
		const tc = TRACKERS.find((t) => t.name === 'TG Tracker')!;
		harness.addCredential(tc.credential, tc.data(server.url, { botApiKey: SECRET.secretKey, botApiUrl: server.url, ...extra }));
		const nodeType = new TgTracker();
		const ctx = createContext<IExecuteFunctions>({ harness, nodeType, parameters });
		return await nodeType.execute.call(ctx);
	};
}
for (const [resource, operation] of [
	['user', 'getInfo'],
	['goal', 'reachGoal'],
] as const) {
	const p = (extra: IDataObject): INodeParameters => ({ resource, operation, userId: '123456789', goal: 'purchase', ...extra });
	for (const userId of ['abc', '0', '../1', '1e9', '123 456', HUGE]) {
		rows.push({ name: `TG Tracker ${operation} User ID ${userId.slice(0, 12)}`, cls: NodeOperationError, field: /^User ID ".*" is not a Telegram user ID$/, run: tgBotRun(p({ userId })) });
	}
	rows.push({ name: `TG Tracker ${operation} empty Bot API Key`, cls: NodeOperationError, field: /^The Bot API Key field of the TG Tracker credential is empty$/, run: tgBotRun(p({}), { botApiKey: '' }) });
	rows.push({ name: `TG Tracker ${operation} CR/LF in Bot API Key`, cls: NodeOperationError, field: /^The Bot API Key field of the TG Tracker credential contains a line break/, run: tgBotRun(p({}), { botApiKey: `${SECRET.secretKey}\r\nX-Injected: 1` }) });
	rows.push({ name: `TG Tracker ${operation} Bot API URL ftp`, cls: NodeOperationError, field: /^The tracker URL "ftp:/, run: tgBotRun(p({}), { botApiUrl: 'ftp://bot.example.com' }) });
	rows.push({ name: `TG Tracker ${operation} redirect to another host`, cls: NodeApiError, field: /redirect/i, requests: 1, run: tgBotRun(p({})) });
}
for (const g of ['', '   ', 'a\nb', 'x'.repeat(300)]) {
	rows.push({ name: `TG Tracker reachGoal Goal ${JSON.stringify(g.slice(0, 8))}`, cls: NodeOperationError, field: /^Goal (is empty|must be one line)/, run: tgBotRun({ resource: 'goal', operation: 'reachGoal', userId: '123456789', goal: g }) });
}

describe('bad inputs', () => {
	let server: HostileServer;
	let other: HostileServer;
	const tally = { tried: 0, clear: 0, crashes: 0, hangs: 0, wrong: 0, leaks: 0, otherHost: 0 };

	beforeAll(async () => {
		other = await startHostile();
	});
	beforeEach(async () => {
		server = await startHostile();
		// Any request that does reach the tracker is sent to the other host: it must never follow.
		server.handle((_q, res) => {
			res.writeHead(302, { Location: `${other.url}/x` });
			res.end();
		});
	});
	afterEach(async () => await server.close());
	afterAll(async () => {
		await other.close();
		tally.otherHost = other.received.length;
		console.log(
			`bad inputs: ${tally.tried} tried, ${tally.clear} clear errors, ${tally.crashes} crashes, ${tally.hangs} hangs, ${tally.wrong} wrong requests, ${tally.leaks} secret leaks, ${tally.otherHost} keys to another host`,
		);
	});

	it('has at least 80 rows', () => expect(rows.length).toBeGreaterThanOrEqual(80));

	it('a Page Size of 1e9 from an expression is clamped: one request, limit ≤ 10000', async () => {
		server.handle((_q, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{"rows":[],"total":0}');
		});
		const harness = new Harness();
		await keitaroRun(report({ returnAll: true, options: { pageSize: 1e9 } }))(server, harness);
		expect(server.received).toHaveLength(1);
		expect((JSON.parse(server.received[0].body) as { limit?: number }).limit).toBe(10000);
	});

	it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
		tally.tried++;
		const harness = new Harness();
		let outcome: unknown;
		let error: unknown;
		const HANG = Symbol('hang');
		try {
			outcome = await Promise.race([
				row.run(server, harness),
				new Promise((resolve) => setTimeout(() => resolve(HANG), 20_000).unref()),
			]);
		} catch (e) {
			error = e;
		}
		if (outcome === HANG) tally.hangs++;
		expect(outcome).not.toBe(HANG);
		const isOurs = error instanceof row.cls;
		if (!(error instanceof NodeOperationError || error instanceof NodeApiError || error instanceof TrackerConnectionError)) tally.crashes++;
		const text = serializeError(error) + JSON.stringify(outcome ?? null) + harness.logs.join('\n');
		const leaked = leaks(text, ALL_SECRETS);
		if (leaked.length) tally.leaks++;
		const expected = row.requests ?? 0;
		if (server.received.length !== expected) tally.wrong++;
		const message = (error as Error | undefined)?.message ?? '';
		if (isOurs && row.field.test(message)) tally.clear++;
		expect(error).toBeInstanceOf(row.cls);
		expect(message).toMatch(row.field);
		expect(message.length).toBeLessThan(400);
		expect(leaked).toEqual([]);
		expect(server.received).toHaveLength(expected);
		expect(other.received).toHaveLength(0);
	});
});
