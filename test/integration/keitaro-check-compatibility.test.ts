/**
 * Keitaro → Tracker → Check Compatibility against the Keitaro mock under every switch of what is
 * unknown about a real Keitaro (issue 11): the time model of a status postback
 * (`conversionTimeModel`), the conversion id order (`conversionIdOrder`), the sub_id columns
 * (`subIdColumns`), the zone of log times (`logTimes`) and whether `GET /settings` exists
 * (`settingsVersion`). Each finding must name the switch's behaviour, or say inconclusive where
 * the data cannot tell; an empty log gives inconclusive findings, never a crash.
 */
import type { IDataObject } from 'n8n-workflow';

import type { KeitaroMock, KeitaroState } from '../mock-servers/keitaro/server';
import { startKeitaroMock } from '../mock-servers/keitaro/server';
import {
	answerTimeFinding,
	idOrderFinding,
	subIdFinding,
	timeModelFinding,
	versionIn,
	zoneFinding,
} from '../../nodes/Keitaro/actions/tracker/findings';
import { runNode } from './conformance/runner';

type Model = 'fixed' | 'datetime' | 'moves';
type Order = 'arrival' | 'click';

const MODELS: Model[] = ['fixed', 'datetime', 'moves'];
const ORDERS: Order[] = ['arrival', 'click'];
const SUB_IDS: Array<15 | 30> = [15, 30];
const LOG_TIMES: Array<'requested' | 'utc'> = ['requested', 'utc'];

/** A fixed instant before the mock's frozen "now" (2025-06-16 12:00 UTC). */
const BASE = Date.UTC(2025, 5, 10, 0, 0, 0);
const at = (hours: number) => BASE + hours * 3_600_000;

/**
 * Ten clicks two hours apart (click ids in click-time order), their conversions arriving in
 * another order, five of them changing status days later (two to sale, one to rejected, one to
 * sale then rejected, one more to sale), five unchanged.
 */
function fullScenario(st: KeitaroState): void {
	const clicks = Array.from({ length: 10 }, (_v, k) => st.addClick({ datetime: at(2 * k) }));
	const arrival = [3, 0, 7, 1, 9, 4, 2, 8, 5, 6];
	const conv = new Map<number, number>();
	arrival.forEach((k, j) => {
		const c = st.addConversion({ click_id: clicks[k].click_id, status: 'lead', postback_datetime: at(24 + j) });
		conv.set(k, c.conversion_id);
	});
	st.setConversionStatus(conv.get(3)!, 'sale', { at: at(72) });
	st.setConversionStatus(conv.get(0)!, 'sale', { at: at(73) });
	st.setConversionStatus(conv.get(7)!, 'rejected', { at: at(74) });
	st.setConversionStatus(conv.get(1)!, 'sale', { at: at(96) });
	st.setConversionStatus(conv.get(1)!, 'rejected', { at: at(97) });
	st.setConversionStatus(conv.get(9)!, 'sale', { at: at(98) });
}

async function check(mock: KeitaroMock, parameters: IDataObject = {}) {
	const run = await runNode(mock, { resource: 'tracker', operation: 'checkCompatibility', ...parameters });
	if (run.error) throw run.error;
	const byCheck = new Map<string, IDataObject>();
	for (const item of run.output) byCheck.set(String(item.json.check), item.json);
	return { run, byCheck, get: (name: string) => byCheck.get(name)! };
}

const isInconclusive = (f: IDataObject) => String(f.confidence).startsWith('inconclusive: ');

describe('Keitaro → Tracker → Check Compatibility', () => {
	let mock: KeitaroMock | undefined;
	afterEach(async () => {
		await mock?.close();
		mock = undefined;
	});

	const cells = MODELS.flatMap((model) =>
		ORDERS.flatMap((order) =>
			SUB_IDS.flatMap((subIds) => LOG_TIMES.map((logTimes) => ({ model, order, subIds, logTimes }))),
		),
	);

	it.each(cells)(
		'names the behaviour: time model $model, ids $order, $subIds sub_ids, log times $logTimes',
		async ({ model, order, subIds, logTimes }) => {
			const settingsVersion = logTimes === 'utc' ? '9.13.7' : null;
			mock = await startKeitaroMock({
				seed: 3,
				seedData: { days: 0 },
				conversionTimeModel: model,
				conversionIdOrder: order,
				subIdColumns: subIds,
				logTimes,
				settingsVersion,
			});
			fullScenario(mock.state);
			const { run, byCheck, get } = await check(mock);

			expect([...byCheck.keys()]).toEqual([
				'status postback time model',
				'conversion id order',
				'sub_id columns (conversions log)',
				'sub_id columns (clicks log)',
				'log time zone',
				'keitaro version',
				'answer time: POST /conversions/log',
				'answer time: POST /clicks/log',
			]);
			for (const f of byCheck.values()) {
				expect(Object.keys(f).sort()).toEqual(['check', 'confidence', 'evidence', 'meaning', 'result']);
				expect(typeof f.evidence).toBe('string');
				expect(String(f.meaning)).not.toBe('');
			}
			expect(get('status postback time model')).toMatchObject({ result: model, confidence: 'observed' });
			expect(String(get('status postback time model').meaning)).toContain('exact under all three time models');
			expect(get('conversion id order')).toMatchObject({ result: order, confidence: 'observed' });
			expect(String(get('conversion id order').evidence)).toContain('pairs whose postback order and click order differ: 3');
			expect(get('sub_id columns (conversions log)')).toMatchObject({ result: subIds, confidence: 'observed' });
			expect(get('sub_id columns (clicks log)')).toMatchObject({ result: subIds, confidence: 'observed' });
			expect(get('log time zone')).toMatchObject({
				result: logTimes === 'requested' ? 'follows the requested zone' : 'one zone whatever is asked',
				confidence: 'observed',
			});
			expect(String(get('log time zone').evidence)).toContain('conversions log: 10 rows');
			expect(String(get('log time zone').evidence)).toContain('clicks log: 10 rows');
			if (settingsVersion) {
				expect(get('keitaro version')).toMatchObject({ result: settingsVersion, confidence: 'observed' });
			} else {
				expect(get('keitaro version').result).toBe('unknown');
				expect(isInconclusive(get('keitaro version'))).toBe(true);
			}
			for (const name of ['answer time: POST /conversions/log', 'answer time: POST /clicks/log']) {
				expect(get(name).confidence).toBe('observed');
				expect(typeof get(name).result).toBe('number');
			}

			// read-only, and no secret in the output
			const calls = new Set(run.requests.map((r) => `${r.method} ${r.path}`));
			expect([...calls].sort()).toEqual(['GET /settings', 'POST /clicks/log', 'POST /conversions/log']);
			const text = JSON.stringify(run.output);
			expect(text).not.toContain(mock.apiKey);
			expect(text).not.toContain('mock-settings-secret-postback-key');
		},
		60_000,
	);

	it.each(MODELS.flatMap((model) => ORDERS.map((order) => ({ model, order }))))(
		'too little data ($model, $order): inconclusive, or right where one change tells',
		async ({ model, order }) => {
			mock = await startKeitaroMock({ seed: 4, seedData: { days: 0 }, conversionTimeModel: model, conversionIdOrder: order });
			const st = mock.state;
			// Three conversions arriving in click order, none changed.
			const clicks = [0, 1, 2].map((k) => st.addClick({ datetime: at(k) }));
			const ids = clicks.map((c, k) => st.addConversion({ click_id: c.click_id, status: 'lead', postback_datetime: at(10 + k) }).conversion_id);
			let r = await check(mock);
			expect(r.get('status postback time model').result).toBe('unknown');
			expect(r.get('status postback time model').confidence).toBe(
				'inconclusive: no conversion with a previous_status (no status change) in the rows read',
			);
			expect(r.get('conversion id order').result).toBe('unknown');
			expect(r.get('conversion id order').confidence).toBe(
				'inconclusive: no two conversions arrived in another order than their clicks, so both orders fit',
			);
			expect(r.get('sub_id columns (conversions log)').result).toBe(30);
			expect(r.get('log time zone').result).toBe('follows the requested zone');

			// One change to rejected: only the datetime column can tell (it moves only under `datetime`).
			st.setConversionStatus(ids[0], 'rejected', { at: at(30) });
			r = await check(mock);
			const f = r.get('status postback time model');
			if (model === 'datetime') expect(f).toMatchObject({ result: 'datetime', confidence: 'observed' });
			else {
				expect(f.result).toBe('unknown');
				expect(f.confidence).toBe(
					'inconclusive: the datetime column does not move, but no row shows whether postback_datetime does (no conversion became a sale after its first postback)',
				);
			}

			// One change to sale at a later second.
			st.setConversionStatus(ids[1], 'sale', { at: at(31) });
			r = await check(mock);
			const g = r.get('status postback time model');
			if (model === 'moves') {
				// sale_datetime = postback_datetime on one row: a moving postback_datetime or a same-second change
				expect(g.result).toBe('unknown');
				expect(isInconclusive(g)).toBe(true);
			} else {
				expect(g).toMatchObject({ result: model, confidence: 'observed' });
			}
		},
		60_000,
	);

	it('an empty log: every finding that needs rows is inconclusive, nothing crashes', async () => {
		mock = await startKeitaroMock({ seed: 5, seedData: false });
		const { run, get } = await check(mock, { period: 'all_time', sampleSize: 10 });
		expect(run.output).toHaveLength(8);
		for (const name of ['status postback time model', 'conversion id order', 'log time zone', 'keitaro version']) {
			expect(get(name).result).toBe('unknown');
			expect(isInconclusive(get(name))).toBe(true);
		}
		expect(get('log time zone').confidence).toBe(
			'inconclusive: no rows to compare (the logs are empty in the period, or the requests failed)',
		);
		// A column is accepted or refused whether or not there are rows; the evidence says 0 rows.
		expect(get('sub_id columns (conversions log)')).toMatchObject({ result: 30, confidence: 'observed' });
		expect(String(get('sub_id columns (conversions log)').evidence)).toContain('answer of 0 rows');
		expect(get('answer time: POST /conversions/log').confidence).toBe('observed');
	});

	it('a failing log endpoint makes its findings inconclusive and the others go on', async () => {
		mock = await startKeitaroMock({ seed: 6, seedData: { days: 0 }, conversionTimeModel: 'fixed' });
		fullScenario(mock.state);
		mock.faults.add({ path: '/admin_api/v1/clicks/log', status: 403 });
		const { get } = await check(mock);
		expect(get('status postback time model')).toMatchObject({ result: 'fixed', confidence: 'observed' });
		expect(get('sub_id columns (clicks log)').result).toBe('unknown');
		expect(get('sub_id columns (clicks log)').confidence).toBe('inconclusive: a probe request failed');
		// the conversions log still tells the zone
		expect(get('log time zone').result).toBe('follows the requested zone');
		expect(String(get('log time zone').evidence)).toContain('clicks log: the request failed');
		expect(get('answer time: POST /clicks/log').result).toBe('unknown');
	});

	it('a refused credential stops the operation with the usual error', async () => {
		mock = await startKeitaroMock({ seed: 7, seedData: false });
		const run = await runNode({ url: mock.url, apiKey: 'wrong-key-123456' }, { resource: 'tracker', operation: 'checkCompatibility' });
		expect(run.error).toBeDefined();
		expect(String(run.error?.httpCode)).toBe('401');
	});
});

describe('Check Compatibility findings (rows given directly)', () => {
	const row = (o: IDataObject) => ({ status: 'sale', previous_status: 'lead', ...o });

	it('contradicting rows are inconclusive, not a guess', () => {
		const f = timeModelFinding(
			[
				row({ conversion_id: 1, postback_datetime: '2025-06-10 10:00:00', sale_datetime: '2025-06-11 10:00:00' }),
				row({ conversion_id: 2, postback_datetime: '2025-06-12 10:00:00', sale_datetime: '2025-06-11 10:00:00' }),
			],
			false,
			'',
		);
		expect(f.result).toBe('unknown');
		expect(f.confidence).toBe('inconclusive: some rows show postback_datetime staying and others show it moving');
		expect(f.evidence).toContain('the datetime column was refused');
	});

	it('equal sale and postback times: moves from three rows, inconclusive below', () => {
		const eq = (id: number) => row({ conversion_id: id, postback_datetime: '2025-06-10 10:00:00', sale_datetime: '2025-06-10 10:00:00' });
		expect(timeModelFinding([eq(1), eq(2)], true, '').result).toBe('unknown');
		expect(timeModelFinding([eq(1), eq(2), eq(3)], true, '')).toMatchObject({ result: 'moves', confidence: 'observed' });
		// a conversion created as a sale and never changed says nothing
		expect(timeModelFinding([{ ...eq(1), previous_status: null }], true, '').result).toBe('unknown');
	});

	it('ids that follow neither order are inconclusive', () => {
		const r = (id: number, pb: string, click: string) => ({ conversion_id: id, postback_datetime: pb, click_datetime: click, previous_status: null });
		const f = idOrderFinding(
			[
				r(1, '2025-06-10 10:00:00', '2025-06-10 09:00:00'),
				r(2, '2025-06-10 11:00:00', '2025-06-10 08:00:00'),
				r(4, '2025-06-10 12:00:00', '2025-06-10 07:00:00'),
				r(3, '2025-06-10 13:00:00', '2025-06-10 06:00:00'),
			],
			'',
		);
		expect(f.result).toBe('unknown');
		expect(f.confidence).toBe('inconclusive: the ids follow neither order throughout');
	});

	it('zone shifts other than 0 or the asked offset are inconclusive', () => {
		const f = zoneFinding([{ log: 'conversions log', pairs: [{ utc: 0, other: 3600 }] }], 'Asia/Kolkata', 19800);
		expect(f.result).toBe('unknown');
		expect(f.confidence).toBe('inconclusive: the rows shifted by different amounts');
	});

	it('sub_id probes: both refused is inconclusive', () => {
		const f = subIdFinding('clicks log', { accepted: false, why: 'x' }, { accepted: false, why: 'y' });
		expect(f.result).toBe('unknown');
		expect(f.confidence).toBe('inconclusive: both sub_id_30 and sub_id_15 were refused');
	});

	it('a version is taken only from a version key with a version-like value', () => {
		expect(versionIn({ version: '10.2.1', key: 'secret' })).toBe('10.2.1');
		expect(versionIn({ system: { app_version: '9.13.7' } })).toBe('9.13.7');
		expect(versionIn({ version: 'secret-token-abc' })).toBeUndefined();
		expect(versionIn({ license_key: '1.2.3' })).toBeUndefined();
		expect(versionIn('<html>')).toBeUndefined();
	});

	it('answer times: the median, inconclusive without an answer', () => {
		expect(answerTimeFinding('POST /x', [{ ms: 5, ok: true }, { ms: 9, ok: true }, { ms: 7, ok: true }]).result).toBe(7);
		expect(answerTimeFinding('POST /x', [{ ms: 5, ok: false }]).confidence).toBe('inconclusive: no request was answered');
	});
});
