import fc from 'fast-check';

import { parseCsv, parseCsvRecords } from '../../../nodes/TgTracker/trigger/csv';
import { TG_DEFAULT_STATUS_MAP, tgRowToJson } from '../../../nodes/TgTracker/trigger/mapping';
import {
	csvText,
	Pacer,
	readMembersCsv,
	rowKind,
	TgMembersSource,
	tgTime,
} from '../../../nodes/TgTracker/trigger/source';

const BOM = '\uFEFF';

describe('TG Tracker CSV', () => {
	it('strips the BOM, honours quotes, doubled quotes, newlines, CRLF and ; delimiters', () => {
		const text = `${BOM}userID,utm_campaign,utm_term\n1,"Яндекс.Директ, поиск","a ""b"""\r\n2,"multi\nline",\n\n`;
		expect(parseCsv(text).rows).toEqual([
			{ userID: '1', utm_campaign: 'Яндекс.Директ, поиск', utm_term: 'a "b"' },
			{ userID: '2', utm_campaign: 'multi\nline', utm_term: '' },
		]);
		expect(parseCsv('a;b\r\n1;"x;y"\r\n')).toMatchObject({
			delimiter: ';',
			rows: [{ a: '1', b: 'x;y' }],
		});
		expect(parseCsv(`${BOM}`).rows).toEqual([]);
		expect(parseCsvRecords('a,b')).toEqual([['a', 'b']]);
	});

	it('parses what a writer of RFC 4180 produces (property)', () => {
		const cell = fc.string({ maxLength: 8 }).map((s) => s.replace(/\r/g, ''));
		fc.assert(
			fc.property(
				fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 10 }),
				fc.constantFrom(',', ';'),
				(rows, d) => {
					const q = (v: string) =>
						/[",;\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v;
					const text = BOM + [['a', 'b', 'c'], ...rows].map((r) => r.map(q).join(d)).join('\n');
					expect(parseCsv(text).rows).toEqual(rows.map(([a, b, c]) => ({ a, b, c })));
				},
			),
			{ numRuns: 200 },
		);
	});

	it('validates the columns and explains non-CSV answers', () => {
		expect(
			readMembersCsv(
				`${BOM}USERID,Status,JoinDate,leftdate,eventDate\n5,1,1750000000,0,1750000000\n`,
			),
		).toEqual([
			{ userID: '5', status: '1', joinDate: '1750000000', leftDate: '0', eventDate: '1750000000' },
		]);
		expect(() => readMembersCsv('labelID,name\n1,x\n')).toThrow(
			"TG Tracker's get_chat_members answer has no userID, status, joinDate, leftDate, eventDate columns",
		);
	});

	it('stops at the boundary with a sentence naming the field (zod)', () => {
		const head = 'userID,status,joinDate,leftDate,eventDate\n';
		// a renamed column
		expect(() =>
			readMembersCsv('userID,status,joinDate,leftDate,event_date\n5,1,1750000000,0,1750000000\n'),
		).toThrow(/has no eventDate column \(columns: .*"event_date"\)/);
		// an unexpected time format
		expect(() => readMembersCsv(`${head}5,1,1750000000,0,16.06.2025 12:00\n`)).toThrow(
			'TG Tracker sent a get_chat_members row (data line 1) whose eventDate is "16.06.2025 12:00": expected a unix time (10 or 13 digits) or "YYYY-MM-DD HH:MM:SS"',
		);
		expect(() => readMembersCsv(`${head}5,1,2025-06-16,0,1750000000\n`)).toThrow(
			/whose joinDate is "2025-06-16"/,
		);
		expect(() => readMembersCsv(`${head}5,1,1750000000,soon,1750000000\n`)).toThrow(
			/whose leftDate is "soon": expected empty, 0 or a unix time/,
		);
		expect(() => readMembersCsv(`${head}5,2,1750000000,0,1750000000\n`)).toThrow(
			/whose status is "2": expected 1 \(joined\), 0 or -1 \(left\)/,
		);
		expect(() => readMembersCsv(`${head}abc,1,1750000000,0,1750000000\n`)).toThrow(
			/whose userID is "abc"/,
		);
		expect(
			readMembersCsv(`${head}5,-1,2025-06-16 12:00:00,2025-06-16 13:00:00,2025-06-16 13:00:00\n`),
		).toHaveLength(1);
		expect(readMembersCsv('')).toEqual([]);
		expect(() => csvText('<!DOCTYPE html><html>login</html>', 'GET /x')).toThrow(
			/web page instead of CSV/,
		);
		expect(() => csvText('{"status":"ERROR","error":"invalid apiKey"}', 'GET /x')).toThrow(
			'TG Tracker answered GET /x with JSON instead of CSV: invalid apiKey',
		);
		expect(csvText(undefined, 'GET /x')).toBe('');
	});
});

describe('TG Tracker rows', () => {
	const source = new TgMembersSource({ fetch: async () => '', textZone: 'Europe/Moscow' });

	it('reads 10-digit, 13-digit and text dates', () => {
		expect(tgTime('1750075200', 'UTC')).toBe(1750075200000);
		expect(tgTime('1750075200123', 'UTC')).toBe(1750075200123);
		expect(tgTime('2025-06-16 15:00:00', 'Europe/Moscow')).toBe(Date.UTC(2025, 5, 16, 12));
		expect(tgTime('2025-06-16', 'UTC')).toBe(Date.UTC(2025, 5, 16));
		expect(tgTime('0', 'UTC')).toBeNaN();
		expect(tgTime('', 'UTC')).toBeNaN();
	});

	it('keys joins by user + join date and leaves by user + leave date', () => {
		const join = {
			userID: '7',
			status: '1',
			joinDate: '100000000',
			leftDate: '0',
			eventDate: '100000000',
		};
		const leave = { ...join, status: '-1', leftDate: '100000500', eventDate: '100000500' };
		expect(rowKind(join)).toBe('join');
		expect(rowKind(leave)).toBe('leave');
		expect(rowKind({ ...join, status: '2' })).toBeUndefined();
		expect(source.key(join)).toBe('join|7|100000000');
		expect(source.key(leave)).toBe('leave|7|100000500');
		expect(source.eventTime(leave)).toBe(100000500000);
		expect(source.eventTime({ ...leave, eventDate: '' })).toBe(100000500000);
		expect(source.eventTime({ ...join, userID: '' })).toBeNaN();
		expect(source.paging).toMatchObject({ sorted: true, offsets: 'none', granularity: 'second' });
	});

	it('maps joins and leaves (both leave modes) with UTM tags resolved', () => {
		const join = {
			userID: '7',
			status: '1',
			joinDate: '1750075200',
			leftDate: '0',
			eventDate: '1750075200',
			utm_source: '101',
			utm_campaign: 'june',
			subscribersCount: '1201',
		};
		const leave = { ...join, status: '0', leftDate: '1750075800', eventDate: '1750075800' };
		const map = {
			statusMap: TG_DEFAULT_STATUS_MAP,
			leaveMode: 'unsubscribe' as const,
			includeRaw: false,
			tags: new Map([['101', 'yandex']]),
		};
		expect(tgRowToJson(join, source, map)).toMatchObject({
			event: 'conversion.created',
			conversionId: '7:1750075200',
			status: 'approved',
			trafficSourceName: 'yandex',
			subIds: { sub_id_1: 'yandex', sub_id_3: 'june' },
			subscribersCount: 1201,
			eventId: 'join:7:1750075200',
		});
		expect(tgRowToJson(leave, source, map)).toMatchObject({
			event: 'conversion.unsubscribed',
			conversionId: '7:1750075200',
			status: 'approved',
			rawStatus: '0',
			leaveTime: '2025-06-16T12:10:00.000Z',
		});
		expect(tgRowToJson(leave, source, { ...map, leaveMode: 'reject' })).toMatchObject({
			event: 'conversion.statusChanged',
			status: 'rejected',
			previousStatus: 'approved',
		});
	});

	it('spaces calls with the pacer', async () => {
		const p = new Pacer(60);
		const started = Date.now();
		await p.wait();
		await p.wait();
		await p.wait();
		expect(Date.now() - started).toBeGreaterThanOrEqual(115);
	});
});
