/**
 * The TG Tracker (beta, TGTrack reports API) mock itself: Bearer or apiKey auth, CSV with a BOM,
 * inclusive unix-second windows, truncation at the (capped) limit, status flips, 3 req/s → 452.
 */
import { TgTrackerApi } from '../../credentials/TgTrackerApi.credentials';
import { Harness } from '../helpers/n8n';
import {
	startTgTrackerMock,
	TgTrackerState,
	type TgTrackerMock,
} from '../mock-servers/tgtracker/server';

interface Res {
	status: number;
	headers: Headers;
	bytes: Buffer;
	text: string;
}

/** Minimal RFC 4180 parser (quotes, doubled quotes, delimiters and newlines inside quotes). */
function parseCsv(text: string, delimiter = ','): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cell += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === delimiter) {
			row.push(cell);
			cell = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += ch;
	}
	if (cell !== '' || row.length) rows.push([...row, cell]);
	return rows;
}

const sec = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('TG Tracker mock (beta)', () => {
	let mock: TgTrackerMock;
	beforeEach(async () => {
		mock = await startTgTrackerMock({ seed: 9, rateLimit: { clock: 'mock' } });
	});
	afterEach(async () => await mock.close());

	async function get(
		path: string,
		query: Record<string, string | number> = {},
		auth: 'bearer' | 'query' | 'none' | string = 'bearer',
	): Promise<Res> {
		// every call advances the mock clock 400 ms, so the 3 req/s limit (on the mock clock) stays quiet
		mock.state.clock.advance(400);
		const url = new URL(`${mock.apiUrl}${path}`);
		for (const [k, v] of Object.entries({ ver: '1.0', platform: 'api', format: 'csv', ...query }))
			url.searchParams.set(k, String(v));
		if (auth === 'query') url.searchParams.set('apiKey', mock.apiKey);
		const headers: Record<string, string> =
			auth === 'bearer'
				? { Authorization: `Bearer ${mock.apiKey}` }
				: auth === 'none' || auth === 'query'
					? {}
					: { Authorization: `Bearer ${auth}` };
		const res = await fetch(url, { headers });
		const bytes = Buffer.from(await res.arrayBuffer());
		return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
	}

	const members = async (
		from: string | number,
		to: string | number,
		extra: Record<string, string | number> = {},
	) => {
		const res = await get('/get_chat_members.php', {
			date_from: typeof from === 'string' ? sec(from) : from,
			date_to: typeof to === 'string' ? sec(to) : to,
			...extra,
		});
		expect(res.status).toBe(200);
		const [head, ...rows] = parseCsv(res.text.replace(/^\uFEFF/, ''));
		return { head, rows: rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]]))), res };
	};

	it('accepts the key as Bearer or as apiKey query, refuses anything else', async () => {
		expect((await get('/get_tags.php')).status).toBe(200);
		expect((await get('/get_tags.php', {}, 'query')).status).toBe(200);
		const none = await get('/get_tags.php', {}, 'none');
		expect(none.status).toBe(401);
		expect(JSON.parse(none.text)).toEqual({ status: 'ERROR', error: 'invalid apiKey' });
		expect((await get('/get_tags.php', {}, 'wrong-key')).status).toBe(401);
	});

	it('answers the credential probe in both auth modes', async () => {
		for (const authMode of ['bearer', 'query']) {
			mock.state.clock.advance(1000); // probe + test request: 2 calls per credential test
			const h = new Harness().addCredential(new TgTrackerApi(), {
				url: mock.url,
				apiKey: mock.apiKey,
				authMode,
			});
			await expect(h.testCredential('tgTrackerApi')).resolves.toEqual({
				status: 'OK',
				message: 'Connection successful!',
			});
		}
		const bad = new Harness().addCredential(new TgTrackerApi(), {
			url: `${mock.url}/api`,
			apiKey: 'nope',
			authMode: 'bearer',
		});
		expect((await bad.testCredential('tgTrackerApi')).status).toBe('Error');
	});

	it('serves tags as CSV with a UTF-8 BOM', async () => {
		const res = await get('/get_tags.php', { limit: 1 });
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const rows = parseCsv(res.text.slice(1));
		expect(rows[0]).toEqual(['labelID', 'name']);
		expect(rows.length).toBeGreaterThan(2); // limit is ignored
		expect(rows).toContainEqual([expect.stringMatching(/^\d+$/), 'Яндекс.Директ, поиск']);
	});

	it('validates the common and window parameters', async () => {
		const wrong: Array<Record<string, string>> = [
			{ ver: '2.0' },
			{ platform: 'google' },
			{ format: 'json' },
		];
		for (const q of wrong) {
			expect((await get('/get_chat_members.php', { date_from: 1, date_to: 2, ...q })).status).toBe(
				400,
			);
		}
		expect((await get('/get_chat_members.php', { date_to: 2 })).status).toBe(400);
		expect(
			(await get('/get_chat_members.php', { date_from: '2025-06-16', date_to: 2 })).status,
		).toBe(400);
		expect((await get('/get_chat_members.php', { date_from: 5, date_to: 2 })).status).toBe(400);
		expect(
			(await get('/get_chat_members.php', { date_from: 1, date_to: 2, limit: 0 })).status,
		).toBe(400);
		expect((await get('/nothing.php')).status).toBe(404);
		const page = await fetch(`${mock.url}/login`);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/html/);
	});

	it('renders join and leave rows with a BOM, inclusive windows, quoting and running counts', async () => {
		mock.state.memberships.length = 0;
		const a = mock.state.addJoin({
			at: '2025-06-16T10:00:00Z',
			utm: { source: 'yandex', campaign: 'Яндекс.Директ, поиск', content: 'say "hi"' },
		});
		mock.state.clock.set('2025-06-16T11:00:00Z');
		mock.state.addLeave(a.userID, { status: -1 });
		const { head, rows, res } = await members('2025-06-16T10:00:00Z', '2025-06-16T11:00:00Z');
		expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(head).toEqual([
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
		]);
		expect(rows).toEqual([
			expect.objectContaining({
				userID: String(a.userID),
				status: '1',
				joinDate: String(sec('2025-06-16T10:00:00Z')),
				leftDate: '0',
				eventDate: String(sec('2025-06-16T10:00:00Z')),
				subscribersCount: '1201',
				unsubscribersCount: '0',
				utm_campaign: 'Яндекс.Директ, поиск',
				utm_content: 'say "hi"',
			}),
			expect.objectContaining({
				userID: String(a.userID),
				status: '-1',
				leftDate: String(sec('2025-06-16T11:00:00Z')),
				eventDate: String(sec('2025-06-16T11:00:00Z')),
				subscribersCount: '1200',
				unsubscribersCount: '1',
			}),
		]);
		expect(res.text).toContain('"Яндекс.Директ, поиск"');
		expect(res.text).toContain('"say ""hi"""');
		expect((await members(sec('2025-06-16T10:00:01Z'), sec('2025-06-16T10:59:59Z'))).rows).toEqual(
			[],
		);
		mock.options.dateFormat = 'date';
		const dated = await members('2025-06-16T10:00:00Z', '2025-06-16T11:00:00Z');
		expect(dated.rows[0]).toMatchObject({ joinDate: '2025-06-16 13:00:00', leftDate: '' });
		expect(dated.rows[1]).toMatchObject({
			joinDate: '2025-06-16 13:00:00',
			leftDate: '2025-06-16 14:00:00',
		});
		mock.options.dateFormat = 'unixMs';
		expect((await members('2025-06-16T10:00:00Z', '2025-06-16T10:00:00Z')).rows[0].joinDate).toBe(
			String(sec('2025-06-16T10:00:00Z') * 1000),
		);
		mock.options.utmAsTagIds = true;
		const tagged = (await members('2025-06-16T10:00:00Z', '2025-06-16T10:00:00Z')).rows[0];
		expect(tagged.utm_source).toBe(
			String(mock.state.tags.find((t) => t.name === 'yandex')!.labelID),
		);
	});

	it('flips the status in place in members mode; late and same-second rows', async () => {
		mock.state.memberships.length = 0;
		const a = mock.state.addJoin({ at: '2025-06-16T09:00:00Z' });
		mock.options.rowMode = 'members';
		const before = await members('2025-06-16T00:00:00Z', '2025-06-16T23:59:59Z');
		expect(before.rows).toEqual([
			expect.objectContaining({ userID: String(a.userID), status: '1' }),
		]);
		mock.state.addLeave(a.userID, { at: '2025-06-16T11:30:00Z' });
		const after = await members('2025-06-16T00:00:00Z', '2025-06-16T23:59:59Z');
		expect(after.rows).toEqual([
			expect.objectContaining({
				userID: String(a.userID),
				status: '0',
				joinDate: String(sec('2025-06-16T09:00:00Z')),
				eventDate: String(sec('2025-06-16T11:30:00Z')),
			}),
		]);
		mock.options.rowMode = 'events';
		const late = mock.state.addJoin({ at: '2025-06-14T08:00:00Z' });
		expect(
			(await members('2025-06-14T00:00:00Z', '2025-06-14T23:59:59Z')).rows.map((r) => r.userID),
		).toEqual([String(late.userID)]);
		const same = mock.state.addJoins(15, { at: '2025-06-15T12:00:00Z' });
		const rows = (await members('2025-06-15T12:00:00Z', '2025-06-15T12:00:00Z')).rows;
		expect(new Set(rows.map((r) => r.userID))).toEqual(new Set(same.map((m) => String(m.userID))));
	});

	it('truncates at the limit (capped at maxLimit): rows == limit means "split the window"', async () => {
		mock.state.memberships.length = 0;
		mock.state.seedMembers(10_500, { from: '2025-06-15T00:00:00Z', to: '2025-06-15T23:59:59Z' });
		const first = await members('2025-06-15T00:00:00Z', '2025-06-15T23:59:59Z', { limit: 50_000 });
		expect(first.rows).toHaveLength(10_000); // the cap, not the 50 000 asked for
		const lastSeen = Number(first.rows[first.rows.length - 1].eventDate);
		const rest = await members(lastSeen, sec('2025-06-15T23:59:59Z'));
		expect(rest.rows.length).toBeGreaterThanOrEqual(500);
		const small = await members('2025-06-15T00:00:00Z', '2025-06-15T23:59:59Z', { limit: 7 });
		expect(small.rows.map((r) => Number(r.eventDate))).toEqual(
			[...small.rows.map((r) => Number(r.eventDate))].sort((x, y) => x - y),
		);
		expect(small.rows).toHaveLength(7);
	});

	it('answers bursts above 3 requests per second with 452 "too many requests"', async () => {
		const url = `${mock.apiUrl}/get_tags.php?ver=1.0&platform=api&format=csv&apiKey=${mock.apiKey}`;
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) statuses.push((await fetch(url)).status);
		expect(statuses).toEqual([200, 200, 200, 452]);
		const limited = await fetch(url);
		expect(await limited.text()).toBe('too many requests');
		mock.state.clock.advance(1000);
		expect((await fetch(url)).status).toBe(200);
		const m429 = await startTgTrackerMock({
			rateLimit: { status: 429, limit: 1, clock: 'mock' },
			seedData: false,
		});
		try {
			const u = `${m429.apiUrl}/get_tags.php?ver=1.0&platform=api&format=csv&apiKey=${m429.apiKey}`;
			expect([(await fetch(u)).status, (await fetch(u)).status]).toEqual([200, 429]);
		} finally {
			await m429.close();
		}
	});

	it('runs the fault layer first (a truncated CSV body)', async () => {
		mock.faults.add({
			path: '/api/get_chat_members.php',
			truncate: { at: 40, mode: 'end' },
			times: 1,
		});
		const res = await get('/get_chat_members.php', { date_from: 0, date_to: 9999999999 });
		expect(res.status).toBe(200);
		expect(res.bytes.length).toBe(40);
		expect(mock.requests.last()?.fault).toBeDefined();
	});

	it('seeds the same data for the same seed, different data for another', () => {
		const snap = (seed: number) => {
			const s = new TgTrackerState({ seed });
			s.seedDefaults();
			return JSON.stringify([s.tags, s.memberships]);
		};
		expect(snap(4)).toBe(snap(4));
		expect(snap(4)).not.toBe(snap(5));
	});
});
