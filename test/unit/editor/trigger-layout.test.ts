/**
 * One panel layout for the six polling triggers (issue 14), from nodes/shared/trigger/layout.ts:
 * notice, Event, the event's own parameters, First Run, Filters, Options; the same collection
 * names and placeholders; the status map, time zone / currency pickers and Max Items per Poll under
 * Options, what narrows the emitted events under Filters. Nodes whose version 2 moved a parameter
 * keep version 1's parameters for saved workflows.
 */
import path from 'node:path';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { firstRunProperties } from '../../../nodes/shared/trigger/descriptions';
import { layoutSlot, TRIGGER_LAYOUT_VERSION } from '../../../nodes/shared/trigger/layout';
import { loadDescription, nodeFiles } from './descriptions';

const triggers = nodeFiles()
	.filter((f) => /Trigger\.node\.ts$/.test(f) && !/PostbackTrigger/.test(f))
	.map((f) => ({ name: path.basename(f, '.node.ts'), description: loadDescription(f) }));

const latest = (d: INodeTypeDescription) =>
	d.defaultVersion ?? (Array.isArray(d.version) ? Math.max(...d.version) : d.version);

/** The top-level parameters a node of `version` shows (the `@version` conditions applied). */
function shownFor(d: INodeTypeDescription, version: number): INodeProperties[] {
	return d.properties.filter((p) => {
		const v = p.displayOptions?.show?.['@version'] as number[] | undefined;
		return v === undefined || v.includes(version);
	});
}

const PLACEHOLDERS: Record<string, string> = {
	options: 'Add Option',
	thresholdOptions: 'Add Option',
	filters: 'Add Filter',
	entityFilters: 'Add Filter',
	conditions: 'Add Condition',
};

/** Status changes are mapped by every tracker but BeMob (its API has no conversion list). */
const MAPS_STATUSES = [
	'BinomTrigger',
	'KeitaroTrigger',
	'RedTrackTrigger',
	'TgTrackerTrigger',
	'VoluumTrigger',
];

/**
 * Options entries that narrow which events are emitted (a search filter, statuses or changes to
 * emit): they belong in Filters. Not: which time a tracker's date filter applies to (query dialect).
 */
const FILTER_LIKE = /\bto Emit$|^Only |^Search Filter$/;

const collection = (ps: INodeProperties[], name: string) =>
	(ps.find((p) => p.name === name)?.options ?? []) as INodeProperties[];

it('covers the six polling triggers', () => {
	expect(triggers.map((t) => t.name)).toEqual([
		'BeMobTrigger',
		'BinomTrigger',
		'KeitaroTrigger',
		'RedTrackTrigger',
		'TgTrackerTrigger',
		'VoluumTrigger',
	]);
});

describe.each(triggers)('$name: the shared layout (latest version)', ({ name, description }) => {
	const props = shownFor(description, latest(description));

	it('notice, Event, the event’s parameters, First Run, Filters, Options: in that order', () => {
		const slots = props.map(layoutSlot);
		expect(slots).toEqual([...slots].sort((a, b) => a - b));
		expect(props.filter((p) => p.type !== 'notice')[0].name).toBe('event');
		expect(props[props.length - 1].name).toBe('options');
		expect(props.filter((p) => p.name === 'options')).toHaveLength(1);
	});

	it('collections: the same names and placeholders, options listed alphabetically', () => {
		for (const p of props.filter((q) => q.type === 'collection' || q.type === 'fixedCollection')) {
			expect([p.name, p.placeholder]).toEqual([p.name, PLACEHOLDERS[p.name]]);
			if (p.type !== 'collection') continue;
			const names = (p.options as INodeProperties[]).map((o) => o.displayName);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	});

	it('time zone, currency, Max Items per Poll and the status map sit in a collection, never at the top', () => {
		const top = props.map((p) => p.displayName);
		expect(top.filter((n) => /time ?zone|currenc|max items|status map|type map/i.test(n))).toEqual(
			[],
		);
		const options = props.find((p) => p.name === 'options')!.options as INodeProperties[];
		const names = options.map((o) => o.name);
		if (MAPS_STATUSES.includes(name)) {
			const map = options.find((o) => o.name === 'statusMap');
			expect([map?.displayName, map?.type]).toEqual(['Status Map', 'string']);
		}
		if (names.includes('maxItemsPerPoll'))
			expect(options.find((o) => o.name === 'maxItemsPerPoll')?.displayName).toBe(
				'Max Items per Poll',
			);
	});

	it('Options and Threshold Options hold no filter-like entry (those are filters)', () => {
		const names = [...collection(props, 'options'), ...collection(props, 'thresholdOptions')].map(
			(o) => o.displayName,
		);
		expect(names.filter((n) => FILTER_LIKE.test(n))).toEqual([]);
	});

	it('Filters, where present, is the shared collection "Add Filter"', () => {
		const filters = props.find((p) => p.name === 'filters');
		if (filters === undefined) return;
		expect([filters.type, filters.displayName, filters.placeholder]).toEqual([
			'collection',
			'Filters',
			'Add Filter',
		]);
	});

	it('First Run is the shared one', () => {
		const shown = props.filter((p) => ['firstRun', 'backfillDays', 'fromDate'].includes(p.name));
		if (name === 'BeMobTrigger') return expect(shown).toEqual([]); // no event with a backlog
		const strip = (p: INodeProperties) => ({ ...p, displayOptions: undefined });
		expect(shown.map(strip)).toEqual(firstRunProperties.map(strip));
	});
});

/**
 * The triggers whose version 2 moved the Status Map from the top level under Options, and the
 * Options entries it moved under Filters (and those of Threshold Options, below).
 */
const MOVED: Record<string, string[]> = {
	BinomTrigger: ['onlyStatuses'],
	RedTrackTrigger: ['campaignEvents', 'statuses'],
	TgTrackerTrigger: [],
	VoluumTrigger: ['campaignEvents', 'filter', 'statuses'],
};

/** Entries of Threshold Options that version 2 moved under Filters. */
const FROM_THRESHOLD: Record<string, string[]> = { BinomTrigger: ['ids'] };

describe.each(triggers.filter((t) => t.name in MOVED))(
	'$name: version 1 keeps what saved workflows hold',
	({ name, description }) => {
		const fromOptions = MOVED[name];
		const fromThreshold = FROM_THRESHOLD[name] ?? [];
		const toFilters = [...fromOptions, ...fromThreshold];
		const names = (ps: INodeProperties[]) => ps.map((p) => p.name);

		it('versions 1 and 2, new nodes get 2', () => {
			expect([description.version, description.defaultVersion]).toEqual([
				[1, TRIGGER_LAYOUT_VERSION],
				TRIGGER_LAYOUT_VERSION,
			]);
		});

		it('version 1 shows the Status Map at the top and not under Options; version 2 the reverse', () => {
			const v1 = shownFor(description, 1);
			const v2 = shownFor(description, 2);
			const optionNames = (ps: INodeProperties[]) => names(collection(ps, 'options'));
			expect(v1.some((p) => p.name === 'statusMap')).toBe(true);
			expect(optionNames(v1)).not.toContain('statusMap');
			expect(v2.some((p) => p.name === 'statusMap')).toBe(false);
			expect(optionNames(v2)).toContain('statusMap');
			// Nothing else differs between the versions but the filters (next test).
			const rest = (ps: INodeProperties[]) =>
				names(ps).filter((n) => n !== 'statusMap' && n !== 'filters');
			expect(rest(v1)).toEqual(rest(v2));
			expect(optionNames(v1).filter((n) => !fromOptions.includes(n))).toEqual(
				optionNames(v2).filter((n) => n !== 'statusMap'),
			);
			const thresholdNames = (ps: INodeProperties[]) => names(collection(ps, 'thresholdOptions'));
			expect(thresholdNames(v1).filter((n) => !fromThreshold.includes(n))).toEqual(
				thresholdNames(v2),
			);
		});

		it('version 1 shows the filter-like options under Options; version 2 under Filters', () => {
			const v1 = shownFor(description, 1);
			const v2 = shownFor(description, 2);
			expect(names(collection(v1, 'options'))).toEqual(expect.arrayContaining(fromOptions));
			expect(names(collection(v1, 'thresholdOptions'))).toEqual(
				expect.arrayContaining(fromThreshold),
			);
			for (const c of ['options', 'thresholdOptions'])
				expect(names(collection(v2, c)).filter((n) => toFilters.includes(n))).toEqual([]);
			const v1Filters = names(collection(v1, 'filters'));
			expect(v1Filters.filter((n) => toFilters.includes(n))).toEqual([]);
			expect(names(collection(v2, 'filters')).sort()).toEqual([...v1Filters, ...toFilters].sort());
			// The same field, only in another collection (shown for the same events).
			const field = (ps: INodeProperties[], c: string, n: string) => {
				const o = collection(ps, c).find((q) => q.name === n)!;
				const events =
					o.displayOptions?.show?.['/event'] ??
					ps.find((p) => p.name === c)!.displayOptions?.show?.event;
				return { ...o, displayOptions: undefined, events };
			};
			for (const n of fromOptions) expect(field(v2, 'filters', n)).toEqual(field(v1, 'options', n));
			for (const n of fromThreshold)
				expect(field(v2, 'filters', n)).toEqual(field(v1, 'thresholdOptions', n));
			// Version 1 has at most one Filters collection, as before; version 2 exactly one.
			expect(v2.filter((p) => p.name === 'filters')).toHaveLength(toFilters.length ? 1 : 0);
		});

		it('version 2 Filters are shown exactly for the events their filters apply to', () => {
			const v2 = shownFor(description, 2);
			const filters = v2.find((p) => p.name === 'filters');
			if (filters === undefined) return;
			const filtersEvents = filters.displayOptions?.show?.event as string[];
			for (const o of collection(v2, 'filters')) {
				const events = o.displayOptions?.show?.['/event'] as string[] | undefined;
				// An entry without its own condition is shown wherever the collection is.
				if (events === undefined) continue;
				expect(filtersEvents).toEqual(expect.arrayContaining(events));
			}
			const v1 = shownFor(description, 1);
			const v1Filters = v1.find((p) => p.name === 'filters');
			if (v1Filters === undefined) return;
			// The filters version 1 had keep the events version 1 showed them for.
			const v1Events = v1Filters.displayOptions?.show?.event as string[] | undefined;
			for (const o of collection(v1, 'filters')) {
				const mine = collection(v2, 'filters').find((q) => q.name === o.name)!;
				const events = (mine.displayOptions?.show?.['/event'] ?? filtersEvents) as string[];
				expect(events.filter((e) => !(v1Events ?? events).includes(e))).toEqual([]);
			}
		});
	},
);
