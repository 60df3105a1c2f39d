import type { ILoadOptionsFunctions } from 'n8n-workflow';

import {
	getClickLogColumns,
	getConversionLogColumns,
	getFilterOperators,
	getReportDimensions,
	getReportFilterFields,
	getReportMeasures,
	labelOf,
	reportLoadOptions,
} from '../../../../nodes/Keitaro/methods/reportOptions';
import { Keitaro } from '../../../../nodes/Keitaro/Keitaro.node';

const ctx = {} as ILoadOptionsFunctions;

describe('report/log loadOptions', () => {
	it('labels keep the API name visible', () => {
		expect(labelOf('campaign_unique_clicks')).toBe(
			'Campaign Unique Clicks (campaign_unique_clicks)',
		);
		expect(labelOf('ts_id')).toBe('Traffic Source ID (ts_id)');
		expect(labelOf('sub_id')).toBe('Click Sub ID (sub_id)');
		// Keitaro's streams are Flows in the editor (issue 14); the API value stays
		expect(labelOf('stream_id')).toBe('Flow ID (stream_id)');
		expect(labelOf('stream')).toBe('Flow (stream)');
	});

	it('dimensions: common ones first, no "ID ID", no "Stream" in a label', async () => {
		const dims = await reportLoadOptions.getReportDimensions.call(ctx);
		expect(dims.slice(0, 4).map((o) => o.value)).toEqual(['campaign', 'campaign_id', 'stream', 'stream_id']);
		for (const o of dims) {
			expect(o.name).not.toMatch(/\bID ID\b/);
			expect(o.name.replace(/\(.*\)$/, '')).not.toMatch(/Stream/);
		}
	});

	it('lists are non-empty, without duplicates, with the documented names', async () => {
		for (const fn of Object.values(reportLoadOptions)) {
			const options = await fn.call(ctx);
			const values = options.map((o) => o.value);
			expect(values.length).toBeGreaterThan(0);
			expect(new Set(values).size).toBe(values.length);
		}
		const measures = (await getReportMeasures.call(ctx)).map((o) => o.value);
		expect(measures).toEqual(
			expect.arrayContaining([
				'clicks',
				'conversions',
				'revenue',
				'cost',
				'profit',
				'roi',
				'crs',
				'cpl',
			]),
		);
		expect(measures).not.toContain('sale_cr');
		const dims = (await getReportDimensions.call(ctx)).map((o) => o.value);
		expect(dims).toEqual(
			expect.arrayContaining([
				'day',
				'campaign',
				'campaign_id',
				'country_code',
				'sub_id_30',
				'extra_param_10',
			]),
		);
		expect(dims).not.toContain('domain');
		const fields = (await getReportFilterFields.call(ctx)).map((o) => o.value);
		expect(fields).toEqual(expect.arrayContaining([...dims, ...measures]));
		expect(await getFilterOperators.call(ctx)).toHaveLength(22);
		const clickCols = (await getClickLogColumns.call(ctx)).map((o) => o.value);
		expect(clickCols).toEqual(
			expect.arrayContaining(['click_id', 'sub_id', 'datetime', 'cost', 'revenue', 'profit']),
		);
		const convCols = (await getConversionLogColumns.call(ctx)).map((o) => o.value);
		expect(convCols).toEqual(
			expect.arrayContaining([
				'status',
				'previous_status',
				'original_status',
				'postback_datetime',
				'tid',
				'revenue',
				'sub_id_30',
			]),
		);
		expect(convCols).not.toContain('payout');
	});

	it('every loadOptionsMethod used by the data operations is one of these', () => {
		const used = new Set<string>();
		const walk = (v: unknown) => {
			if (Array.isArray(v)) v.forEach(walk);
			else if (v && typeof v === 'object') {
				const o = v as Record<string, unknown>;
				if (typeof o.loadOptionsMethod === 'string') used.add(o.loadOptionsMethod);
				Object.values(o).forEach(walk);
			}
		};
		const props = new Keitaro().description.properties.filter((p) =>
			['report', 'click', 'conversion', 'cost', 'label'].some((r) =>
				(p.displayOptions?.show?.resource as string[] | undefined)?.includes(r),
			),
		);
		walk(props);
		// report/log names from this file; the Cost → Update campaign picker uses the node's getCampaigns
		const all = new Keitaro().methods.loadOptions;
		expect([...used].filter((m) => !(m in reportLoadOptions) && m !== 'getCampaigns')).toEqual([]);
		expect('getCampaigns' in all).toBe(true);
		expect(used.size).toBeGreaterThanOrEqual(4);
	});

	it('are registered in the node (methods.loadOptions, owned by methods/index.ts)', () => {
		const registered = new Keitaro().methods.loadOptions as Record<string, unknown>;
		expect(
			Object.keys(reportLoadOptions).filter((name) => typeof registered[name] !== 'function'),
		).toEqual([]);
	});
});
