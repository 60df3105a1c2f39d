/**
 * Voluum Trigger matrix: what Voluum really does with `conversionTimeMode` on
 * `/report/conversions` is unknown, so the mock offers each reading as a switch and New
 * Conversion must be exact under all of them, with late postbacks, bursts above Max Items per Poll,
 * conversion-type changes, faults, n8n restarts (static data saved only after an emitting poll
 * and after activation), re-activation and polls cut by n8n's poll budget.
 * Prints `voluum trigger matrix: C cells, P polls, lost L, duplicated D`.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { VoluumApi } from '../../credentials/VoluumApi.credentials';
import { VoluumTrigger } from '../../nodes/Voluum/VoluumTrigger.node';
import { voluumRuntime } from '../../nodes/Voluum/trigger/runtime';
import { Harness } from '../helpers/n8n';
import { startVoluumMock, type VoluumConversion } from '../mock-servers/voluum/server';
import { mulberry32, N8nPollDriver, pickFault, score } from '../unit/polling/n8nMatrix';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

interface Cell {
	name: string;
	timeMode: 'CONVERSION' | 'VISIT';
	accountTimeMode: 'CONVERSION' | 'VISIT';
	conversionsTimeFilter: 'mode' | 'postback';
	timestampFormat: 'ampm' | '24h' | 'iso';
}

const CELLS: Cell[] = [
	{
		name: 'postback time, account on visit time',
		timeMode: 'CONVERSION',
		accountTimeMode: 'VISIT',
		conversionsTimeFilter: 'mode',
		timestampFormat: 'ampm',
	},
	{
		name: 'postback time, report ignores the mode',
		timeMode: 'CONVERSION',
		accountTimeMode: 'VISIT',
		conversionsTimeFilter: 'postback',
		timestampFormat: '24h',
	},
	{
		name: 'visit time, account on postback time',
		timeMode: 'VISIT',
		accountTimeMode: 'CONVERSION',
		conversionsTimeFilter: 'mode',
		timestampFormat: 'iso',
	},
];

// Voluum renders whole seconds; the key is the trigger's identity of a conversion.
const keyOf = (c: VoluumConversion) =>
	`${c.clickId}|${c.transactionId}|${c.conversionTypeId}|${Math.floor(Date.parse(c.postbackTimestamp) / SEC) * SEC}`;
const keyOfItem = (i: IDataObject) => {
	const raw = i.raw as IDataObject;
	return `${i.clickId}|${raw.transactionId}|${raw.conversionTypeId}|${Date.parse(String(i.postbackTime))}`;
};

let totals = { cells: 0, polls: 0, lost: 0, duplicated: 0 };

async function runCell(cell: Cell, seed: number, steps: number) {
	const rng = mulberry32(seed);
	const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
	const mock = await startVoluumMock({
		rateLimit: false,
		seedData: { visits: 0 },
		now: Date.UTC(2025, 5, 16, 11, int(0, 59), 17),
		maxLimit: 4,
		timestampFormat: cell.timestampFormat,
		accountTimeMode: cell.accountTimeMode,
		conversionsTimeFilter: cell.conversionsTimeFilter,
	});
	try {
		voluumRuntime.now = mock.state.clock.now;
		const now = () => mock.state.clock.now();
		// Each answer takes 2 s of tracker time, so a 20 s poll budget cuts polls after ~7 requests.
		mock.state.onBeforeRespond = () => mock.state.clock.advance(2 * SEC);
		const visitLate = (): number =>
			cell.timeMode === 'VISIT' ? int(0, 6 * 24 * 60) * MIN : 10 * MIN;
		// History before activation (some of it inside the lateness window).
		for (let i = 0; i < 12; i++) {
			const at = now() - int(0, 2 * HOUR);
			mock.state.addConversion({ at, visitAt: at - visitLate() });
		}
		const harness = new Harness().addCredential(new VoluumApi(), {
			url: mock.url,
			authType: 'accessKey',
			accessId: mock.accessId,
			secretKey: mock.accessKey,
			sessionToken: '',
		});
		const options: INodeParameters = {
			pageSize: 5,
			includeRaw: true,
			maxItemsPerPoll: 6,
			conversionTimeMode: cell.timeMode,
		};
		const d = new N8nPollDriver(harness, new VoluumTrigger(), { event: 'newConversion', options });
		const pre = new Set(mock.conversions.map(keyOf));
		const ever = new Set<string>(pre);
		const act = await d.poll({ activation: true });
		expect(act.error).toBeUndefined();
		for (let s = 0; s < steps; s++) {
			mock.state.clock.advance(int(20, 180) * SEC);
			const burst = rng() < 0.08 ? int(8, 15) : int(0, 3);
			const at = now() - int(0, 8 * 60) * SEC; // late postbacks, inside the 10-minute lateness
			for (let i = 0; i < burst; i++) {
				const c = mock.state.addConversion({ at, visitAt: at - visitLate() });
				ever.add(keyOf(c));
			}
			if (rng() < 0.15) {
				// Conversion-type change (flip-backs included) of a conversion still in the window.
				const young = mock.conversions.filter(
					(c) => Date.parse(c.postbackTimestamp) > now() - 8 * MIN,
				);
				if (young.length) {
					const c = young[int(0, young.length - 1)];
					mock.state.setConversionType(
						c.transactionId,
						c.conversionType === 'hold' ? 'Sale' : 'hold',
					);
					ever.add(keyOf(c));
				}
			}
			if (rng() < 0.1) mock.faults.add(pickFault(rng, '/report/conversions'));
			if (rng() < 0.04) d.restart();
			if (rng() < 0.03) mock.tokens.expireAll();
			if (rng() < 0.02) {
				d.restart();
				await d.poll({ activation: true, pollBudgetMs: 20 * SEC });
				continue;
			}
			if (rng() < 0.03) await d.poll({ manual: true });
			await d.poll({ pollBudgetMs: 20 * SEC });
		}
		mock.faults.enabled = false;
		// Drain: enough quiet polls for a whole pass over the window (cut by the budget) to finish.
		for (let i = 0, quiet = 0; i < 400 && quiet < 40; i++) {
			mock.state.clock.advance(MIN);
			const r = await d.poll({ pollBudgetMs: 20 * SEC });
			quiet = !r.error && r.items.length === 0 ? quiet + 1 : 0;
		}
		const must = mock.conversions.map(keyOf).filter((k) => !pre.has(k));
		const got = d.delivered.map(keyOfItem);
		const r = score(got, must, (k) => ever.has(k) && !pre.has(k));
		totals.cells++;
		totals.polls += d.polls;
		totals.lost += r.lost.length;
		totals.duplicated += r.duplicated.length;
		expect({ cell: cell.name, ...r }).toEqual({
			cell: cell.name,
			lost: [],
			duplicated: [],
			unexpected: [],
		});
		expect(must.length).toBeGreaterThan(50);
	} finally {
		await mock.close();
	}
}

describe('Voluum Trigger matrix', () => {
	const real = { ...voluumRuntime };
	beforeAll(() => (voluumRuntime.sleep = async () => undefined));
	afterAll(() => {
		Object.assign(voluumRuntime, real);
		console.log(
			`voluum trigger matrix: ${totals.cells} cells, ${totals.polls} polls, lost ${totals.lost}, duplicated ${totals.duplicated}`,
		);
	});
	totals = { cells: 0, polls: 0, lost: 0, duplicated: 0 };

	for (const [i, cell] of CELLS.entries()) {
		it(`New Conversion is exact: ${cell.name}`, async () => {
			await runCell(cell, 1000 + i, 150);
		}, 60_000);
	}

	it('visit time mode stops loudly, naming the field, when Voluum filters by postback time anyway', async () => {
		const mock = await startVoluumMock({
			rateLimit: false,
			seedData: { visits: 0 },
			now: Date.UTC(2025, 5, 16, 11, 30, 0),
			conversionsTimeFilter: 'postback',
		});
		try {
			voluumRuntime.now = mock.state.clock.now;
			const harness = new Harness().addCredential(new VoluumApi(), {
				url: mock.url,
				authType: 'accessKey',
				accessId: mock.accessId,
				secretKey: mock.accessKey,
				sessionToken: '',
			});
			const d = new N8nPollDriver(harness, new VoluumTrigger(), {
				event: 'newConversion',
				options: { conversionTimeMode: 'VISIT', visitWindowDays: 1 },
			});
			await d.poll({ activation: true });
			mock.state.addConversion({
				at: mock.state.clock.now(),
				visitAt: mock.state.clock.now() - 3 * DAY,
			});
			mock.state.clock.advance(MIN);
			const r = await d.poll();
			expect(r.error?.message).toMatch(
				/Voluum \/report\/conversions .*"visitTimestamp".*conversionTimeMode/,
			);
		} finally {
			await mock.close();
		}
	});
});
