/**
 * Time zones and currencies are pickers (issue 14 §3): every Time Zone / Currency field of every node
 * and trigger is an `options` field holding the IANA list or the ISO 4217 list, its default is one
 * of its choices, and a value typed before (free text) keeps working: n8n checks an options value
 * against its list neither when it runs a node (only `validateType`, which these fields do not set)
 * nor among the parameter issues that block running or activating a workflow.
 */
import type { INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import {
	currencyField,
	currencyOptions,
	IANA_LINKS,
	IANA_ZONES,
	timeZoneField,
	timeZoneOptions,
} from '../../../nodes/shared/options';
import { ISO_4217_CODES, resolveTimeZone } from '../../../nodes/shared/validation';
import { allProperties, type Found } from './descriptions';

const values = (p: INodeProperties) =>
	((p.options ?? []) as INodePropertyOptions[]).map((o) => o.value);

/** A field a person reads as a time zone or a currency. "Timezone Field" / "Currency Field" name an input item's key. */
const isZone = (f: Found) =>
	/time ?zone/i.test(f.property.displayName) && !/field$/i.test(f.property.displayName);
const isCurrency = (f: Found) =>
	/currenc/i.test(f.property.displayName) && !/field$/i.test(f.property.displayName);
const fields = allProperties().filter((f) => f.property.type !== 'notice');
const label = (f: Found) => `${f.node} › ${f.where}`;

describe('the lists', () => {
	it('every time zone is one the runtime resolves, and every zone it knows is listed', () => {
		const listed = new Set(values({ options: timeZoneOptions() } as INodeProperties));
		for (const zone of listed)
			expect([zone, resolveTimeZone(zone)]).toEqual([zone, expect.any(String)]);
		for (const zone of (
			Intl as unknown as { supportedValuesOf(k: string): string[] }
		).supportedValuesOf('timeZone'))
			expect(listed.has(zone) ? zone : `missing ${zone}`).toBe(zone);
		expect([...listed].slice(0, 1)).toEqual(['UTC']);
		expect(listed.size).toBe(new Set([...IANA_ZONES, ...IANA_LINKS.map(([l]) => l)]).size);
		// old spellings people type stay valid choices
		for (const old of ['Europe/Kiev', 'Asia/Calcutta', 'US/Eastern', 'GMT', 'Etc/GMT+3'])
			expect(listed.has(old)).toBe(true);
	});

	it('currencies are exactly the ISO 4217 codes the checks accept, USD/EUR/GBP first', () => {
		const codes = currencyOptions().map((o) => o.value);
		expect(new Set(codes)).toEqual(new Set(ISO_4217_CODES));
		expect(codes.length).toBe(ISO_4217_CODES.size);
		expect(codes.slice(0, 3)).toEqual(['USD', 'EUR', 'GBP']);
		expect(currencyOptions()[0].name).toMatch(/^USD\b/);
	});

	it('an empty label comes first with the value ""; placeholders are dropped', () => {
		const f = timeZoneField({
			displayName: 'Time Zone',
			name: 'tz',
			default: '',
			emptyLabel: 'Account Default',
			placeholder: 'x',
		});
		expect(f.type).toBe('options');
		expect((f.options as INodePropertyOptions[])[0]).toEqual({
			name: 'Account Default',
			value: '',
		});
		expect(f.placeholder).toBeUndefined();
		const c = currencyField({ displayName: 'Currency', name: 'currency', default: 'USD' });
		expect(values(c)).not.toContain('');
	});
});

describe('every Time Zone and Currency field of every node', () => {
	const zones = fields.filter(isZone);
	const currencies = fields.filter(isCurrency);

	it('finds them (all trackers, actions and triggers)', () => {
		expect(zones.length).toBeGreaterThanOrEqual(28);
		expect(currencies.length).toBeGreaterThanOrEqual(15);
		const nodes = new Set([...zones, ...currencies].map((f) => f.node));
		for (const n of [
			'Keitaro',
			'KeitaroTrigger',
			'Voluum',
			'VoluumTrigger',
			'RedTrack',
			'RedTrackTrigger',
			'Binom',
			'BinomTrigger',
			'BeMob',
			'BeMobTrigger',
			'TgTracker',
			'TgTrackerTrigger',
		]) {
			expect(nodes.has(n) ? n : `no picker in ${n}`).toBe(n);
		}
	});

	it.each([
		['time zone', isZone, 'Europe/Madrid'],
		['currency', isCurrency, 'EUR'],
	] as const)(
		'each %s field is a picker of the list, with a default among its choices',
		(_kind, test, sample) => {
			const bad: string[] = [];
			for (const f of fields.filter(test)) {
				const p = f.property;
				const vs = values(p);
				if (p.type !== 'options') bad.push(`${label(f)}: type ${p.type}`);
				else if (!vs.includes(sample)) bad.push(`${label(f)}: no ${sample}`);
				else if (!vs.includes(p.default as string))
					bad.push(`${label(f)}: default ${JSON.stringify(p.default)} is not a choice`);
				else if (p.validateType) bad.push(`${label(f)}: validateType would refuse typed values`);
			}
			expect(bad).toEqual([]);
		},
	);

	it('a free-text value from before (off the list) raises no parameter issue, so the workflow still runs', () => {
		for (const f of fields.filter(
			(x) => (isZone(x) || isCurrency(x)) && x.where === x.property.displayName,
		)) {
			const p = f.property;
			const nodeValues: INodeParameters = { [p.name]: isZone(f) ? 'europe/madrid' : 'usd' };
			const issues = NodeHelpers.getParameterIssues(
				{ ...p, displayOptions: undefined },
				nodeValues,
				'',
				{
					name: 'n',
					type: 't',
					typeVersion: 1,
					position: [0, 0],
					parameters: nodeValues,
				} as never,
				null,
			);
			expect([label(f), issues]).toEqual([label(f), {}]);
		}
	});

	it('expressions stay allowed (no noDataExpression)', () => {
		expect(
			fields.filter((f) => (isZone(f) || isCurrency(f)) && f.property.noDataExpression).map(label),
		).toEqual([]);
	});
});
