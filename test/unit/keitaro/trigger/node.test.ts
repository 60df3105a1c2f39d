import type { INodeProperties } from 'n8n-workflow';

import codex from '../../../../nodes/Keitaro/KeitaroTrigger.node.json';
import { KeitaroTrigger } from '../../../../nodes/Keitaro/KeitaroTrigger.node';
import { keitaroStatusMapper, KEITARO_STATUS_MAP } from '../../../../nodes/Keitaro/trigger';

describe('KeitaroTrigger description', () => {
	const node = new KeitaroTrigger();
	const d = node.description;

	it('follows the polling-trigger conventions', () => {
		expect(d.name).toBe('keitaroTrigger');
		expect(d.displayName).toContain('Trigger');
		expect(d.polling).toBe(true);
		expect(d.inputs).toEqual([]);
		expect(d.outputs).toEqual(['main']);
		expect(d.group).toEqual(['trigger']);
		expect((d as { usableAsTool?: boolean }).usableAsTool).toBeUndefined();
		expect(d.credentials).toEqual([{ name: 'keitaroApi', required: true }]);
		expect(d.icon).toEqual({ light: 'file:keitaro.svg', dark: 'file:keitaro.dark.svg' });
		expect(d.properties.some((p) => p.name === 'pollTimes')).toBe(false);
		expect(codex.node).toBe('n8n-nodes-affiliate-trackers.keitaroTrigger');
		expect(typeof node.poll).toBe('function');
	});

	it('every dynamic list it references exists', () => {
		const methods: string[] = [];
		const walk = (props: INodeProperties[]) => {
			for (const p of props) {
				const m = p.typeOptions?.loadOptionsMethod;
				if (typeof m === 'string') methods.push(m);
				for (const o of (p.options ?? []) as Array<
					INodeProperties & { values?: INodeProperties[] }
				>) {
					if ('type' in o) walk([o]);
					if (o.values) walk(o.values);
				}
			}
		};
		walk(d.properties);
		expect(methods.length).toBeGreaterThan(4);
		for (const m of methods) expect(typeof node.methods.loadOptions[m]).toBe('function');
	});

	it('offers the five events, First Run only for event streams', () => {
		const event = d.properties.find((p) => p.name === 'event');
		expect((event?.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual([
			'conversionStatusChanged',
			'entityChanged',
			'metricThreshold',
			'newClick',
			'newConversion',
		]);
		const firstRun = d.properties.find((p) => p.name === 'firstRun');
		expect(firstRun?.displayOptions?.show?.event).not.toContain('metricThreshold');
	});
});

describe('status map', () => {
	it('defaults follow keitaro-admin-api.md §5, with keyword fallback', () => {
		const { mapper, problems } = keitaroStatusMapper('');
		expect(problems).toEqual([]);
		expect(mapper.map).toEqual(KEITARO_STATUS_MAP);
		expect(mapper.canonical('lead')).toBe('pending');
		expect(mapper.canonical('sale')).toBe('approved');
		expect(mapper.canonical('rebill')).toBe('approved');
		expect(mapper.canonical('rejected')).toBe('rejected');
		expect(mapper.canonical('trash')).toBe('rejected');
		expect(mapper.canonical('hold')).toBe('hold');
		expect(mapper.canonical('whatever')).toBe('pending');
	});

	it('user lines win, also for the network original status', () => {
		const { mapper, problems } = keitaroStatusMapper('lead=hold\nwait = pending\n# comment');
		expect(problems).toEqual([]);
		expect(mapper.canonical('lead')).toBe('hold');
		expect(mapper.canonical('lead', 'wait')).toBe('pending');
		expect(mapper.canonical('sale', 'unknown')).toBe('approved');
		expect(keitaroStatusMapper('lead: approved').problems[0]).toMatch(/use "=" instead of ":"/);
		expect(keitaroStatusMapper('sale=paid').problems[0]).toMatch(/not a canonical status/);
	});
});
