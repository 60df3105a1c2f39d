/**
 * One panel layout for the six polling triggers (issue 14), from nodes/shared/trigger/layout.ts:
 * notice, Event, the event's own parameters, First Run, Filters, Options; the same collection
 * names and placeholders; the status map, time zone / currency pickers and Max Items per Poll under
 * Options. Nodes whose version 2 moved a parameter keep version 1's parameters for saved workflows.
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

	it('First Run is the shared one', () => {
		const shown = props.filter((p) => ['firstRun', 'backfillDays', 'fromDate'].includes(p.name));
		if (name === 'BeMobTrigger') return expect(shown).toEqual([]); // no event with a backlog
		const strip = (p: INodeProperties) => ({ ...p, displayOptions: undefined });
		expect(shown.map(strip)).toEqual(firstRunProperties.map(strip));
	});
});

/** The triggers whose version 2 moved the Status Map from the top level under Options. */
const MOVED_STATUS_MAP = ['BinomTrigger', 'RedTrackTrigger', 'TgTrackerTrigger', 'VoluumTrigger'];

describe.each(triggers.filter((t) => MOVED_STATUS_MAP.includes(t.name)))(
	'$name: version 1 keeps what saved workflows hold',
	({ description }) => {
		it('versions 1 and 2, new nodes get 2', () => {
			expect([description.version, description.defaultVersion]).toEqual([
				[1, TRIGGER_LAYOUT_VERSION],
				TRIGGER_LAYOUT_VERSION,
			]);
		});

		it('version 1 shows the Status Map at the top and not under Options; version 2 the reverse', () => {
			const v1 = shownFor(description, 1);
			const v2 = shownFor(description, 2);
			const optionNames = (ps: INodeProperties[]) =>
				(ps.find((p) => p.name === 'options')!.options as INodeProperties[]).map((o) => o.name);
			expect(v1.some((p) => p.name === 'statusMap')).toBe(true);
			expect(optionNames(v1)).not.toContain('statusMap');
			expect(v2.some((p) => p.name === 'statusMap')).toBe(false);
			expect(optionNames(v2)).toContain('statusMap');
			// Nothing else differs between the versions.
			const rest = (ps: INodeProperties[]) =>
				ps.map((p) => p.name).filter((n) => n !== 'statusMap');
			expect(rest(v1)).toEqual(rest(v2));
			expect(optionNames(v1)).toEqual(optionNames(v2).filter((n) => n !== 'statusMap'));
		});
	},
);
