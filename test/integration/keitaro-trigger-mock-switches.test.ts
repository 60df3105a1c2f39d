/**
 * The Keitaro mock's unknown-behaviour switches (issue 11): what a status postback does to the
 * conversion log's times (`conversionTimeModel`), how conversion ids are assigned
 * (`conversionIdOrder`) and how many sub_id columns the logs have (`subIdColumns`).
 */
import axios, { type AxiosInstance } from 'axios';

import { startKeitaroMock, type KeitaroMock } from '../mock-servers/keitaro/server';

type Row = Record<string, unknown>;

const COLUMNS = [
	'conversion_id',
	'status',
	'previous_status',
	'postback_datetime',
	'sale_datetime',
	'datetime',
];

async function start(options: Parameters<typeof startKeitaroMock>[0]) {
	const mock = await startKeitaroMock({ seed: 5, seedData: { days: 0 }, ...options });
	const api = axios.create({
		baseURL: mock.apiUrl,
		headers: { 'Api-Key': mock.apiKey },
		validateStatus: () => true,
		timeout: 10_000,
	});
	return { mock, api };
}

async function log(api: AxiosInstance, body: Row): Promise<Row[]> {
	const res = await api.post('/conversions/log', body);
	expect(res.status).toBe(200);
	return res.data.rows as Row[];
}

describe('Keitaro mock switches', () => {
	let mock: KeitaroMock | undefined;
	afterEach(async () => {
		await mock?.close();
		mock = undefined;
	});

	it('fixed (the default): postback_datetime stays, sale_datetime follows the sale status', async () => {
		const s = await start({});
		mock = s.mock;
		const st = s.mock.state;
		expect(st.conversionTimeModel).toBe('fixed');
		const c = st.addConversion({ status: 'lead', click: { datetime: '2025-06-16 11:00:00' } });
		st.clock.advance(60_000);
		st.setConversionStatus(c.conversion_id, 'sale');
		let [row] = await log(s.api, { range: { interval: 'all_time' }, columns: COLUMNS });
		expect(row).toMatchObject({
			status: 'sale',
			previous_status: 'lead',
			postback_datetime: '2025-06-16 12:00:00',
			sale_datetime: '2025-06-16 12:01:00',
			datetime: '2025-06-16 11:00:00',
		});
		st.clock.advance(60_000);
		st.setConversionStatus(c.conversion_id, 'rejected');
		[row] = await log(s.api, { range: { interval: 'all_time' }, columns: COLUMNS });
		expect(row).toMatchObject({
			status: 'rejected',
			previous_status: 'sale',
			postback_datetime: '2025-06-16 12:00:00',
			sale_datetime: null,
		});
		// A filter on sale_datetime finds the rows that became a sale after a time.
		st.clock.advance(60_000);
		st.setConversionStatus(c.conversion_id, 'sale', { force: true });
		const sales = await log(s.api, {
			range: { interval: 'all_time' },
			columns: ['conversion_id'],
			filters: [
				{
					name: 'sale_datetime',
					operator: 'EQUALS_OR_GREATER_THAN',
					expression: '2025-06-16 12:02:30',
				},
			],
		});
		expect(sales).toEqual([{ conversion_id: c.conversion_id }]);
	});

	it('datetime: like fixed, and the datetime column moves to the latest postback', async () => {
		const s = await start({ conversionTimeModel: 'datetime' });
		mock = s.mock;
		const st = s.mock.state;
		const c = st.addConversion({ status: 'lead' });
		st.clock.advance(5 * 60_000);
		st.setConversionStatus(c.conversion_id, 'rejected');
		const [row] = await log(s.api, { range: { interval: 'all_time' }, columns: COLUMNS });
		expect(row).toMatchObject({
			status: 'rejected',
			previous_status: 'lead',
			postback_datetime: '2025-06-16 12:00:00',
			datetime: '2025-06-16 12:05:00',
			sale_datetime: null,
		});
	});

	it('moves: postback_datetime moves to the latest postback', async () => {
		const s = await start({ conversionTimeModel: 'moves' });
		mock = s.mock;
		const st = s.mock.state;
		const c = st.addConversion({ status: 'lead' });
		st.clock.advance(5 * 60_000);
		st.setConversionStatus(c.conversion_id, 'sale');
		const [row] = await log(s.api, { range: { interval: 'all_time' }, columns: COLUMNS });
		expect(row).toMatchObject({ postback_datetime: '2025-06-16 12:05:00', status: 'sale' });
	});

	it('click-order ids: a conversion id is its click id, out of arrival order, and sorts by id', async () => {
		const s = await start({ conversionIdOrder: 'click' });
		mock = s.mock;
		const st = s.mock.state;
		const early = st.addClick({ datetime: '2025-06-15 10:00:00' });
		const late = st.addClick({ datetime: '2025-06-16 11:00:00' });
		const first = st.addConversion({ click_id: late.click_id, status: 'lead' });
		const second = st.addConversion({ click_id: early.click_id, status: 'lead' });
		expect(first.conversion_id).toBe(late.click_id);
		expect(second.conversion_id).toBe(early.click_id);
		expect(second.conversion_id).toBeLessThan(first.conversion_id);
		st.setConversionStatus(second.conversion_id, 'sale');
		expect(st.getConversion(second.conversion_id)?.status).toBe('sale');
		const rows = await log(s.api, {
			range: { interval: 'all_time' },
			columns: ['conversion_id'],
			sort: [
				{ name: 'postback_datetime', order: 'ASC' },
				{ name: 'conversion_id', order: 'ASC' },
			],
		});
		expect(rows.map((r) => Number(r.conversion_id))).toEqual([
			second.conversion_id,
			first.conversion_id,
		]);
		const filtered = await log(s.api, {
			range: { interval: 'all_time' },
			columns: ['conversion_id'],
			filters: [{ name: 'conversion_id', operator: 'EQUALS', expression: first.conversion_id }],
		});
		expect(filtered.map((r) => Number(r.conversion_id))).toEqual([first.conversion_id]);
	});

	it('15 sub_id columns (9.x): sub_id_16 is an unknown column', async () => {
		const s = await start({ subIdColumns: 15 });
		mock = s.mock;
		s.mock.state.addConversion({ status: 'lead' });
		const ok = await s.api.post('/conversions/log', {
			range: { interval: 'all_time' },
			columns: ['conversion_id', 'sub_id_15'],
		});
		expect(ok.status).toBe(200);
		const bad = await s.api.post('/conversions/log', {
			range: { interval: 'all_time' },
			columns: ['conversion_id', 'sub_id_16'],
		});
		expect(bad.status).toBeGreaterThanOrEqual(400);
		expect(JSON.stringify(bad.data)).toContain('sub_id_16');
	});
});
