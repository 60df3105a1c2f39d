import type { IDataObject, INodeProperties, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import { byDisplayName, onlyForEvents } from './descriptions';

/**
 * One panel layout for every polling trigger (issue 14), top to bottom:
 *   1. a notice (beta, limits), if any;
 *   2. Event;
 *   3. what the chosen event needs (entity, group by, conditions, period, threshold options, watch
 *      window…), in the tracker's order;
 *   4. First Run (First Run, Backfill Days, From Date);
 *   5. Filters (a collection, "Add Filter"), where the tracker can filter;
 *   6. Options (a collection, "Add Option"): poll tuning, time zone / currency, Max Items per Poll,
 *      the Status Map, Include Raw Fields, Test Sample Size.
 * Reordering parameters is harmless for saved workflows; moving one between levels is not. A
 * parameter that version 1 of a node kept at the top level and version 2 keeps under Options
 * (`movedToOptions`) is therefore shown at the top level only to version-1 nodes (`@version`) and
 * under Options only to version-2 nodes, and the poll reads it with `readMovedOption`, so a
 * workflow saved with version 1 keeps its value and behaviour. Likewise an option that narrows what
 * is emitted (a search filter, statuses to emit) and that version 1 kept under Options is, in
 * version 2, a filter of the Filters collection (`movedToFilters`, read with `readMovedFilter`).
 */
export const TRIGGER_LAYOUT_VERSION = 2;

const FIRST_RUN = ['firstRun', 'backfillDays', 'fromDate'];

/** The layout position of a top-level trigger parameter (see the list above). */
export function layoutSlot(p: INodeProperties): number {
	if (p.type === 'notice' && p.displayOptions === undefined) return 1;
	if (p.name === 'event') return 2;
	if (FIRST_RUN.includes(p.name)) return 4;
	if (p.name === 'filters' || p.name === 'entityFilters') return 5;
	if (p.name === 'options') return 6;
	return 3;
}

/** `properties` in layout order (a stable sort: the tracker's order within a slot). */
export function inLayoutOrder(properties: INodeProperties[]): INodeProperties[] {
	return properties
		.map((p, i) => ({ p, i }))
		.sort((a, b) => layoutSlot(a.p) - layoutSlot(b.p) || a.i - b.i)
		.map(({ p }) => p);
}

function forVersions(p: INodeProperties, versions: number[]): INodeProperties {
	const show = { ...(p.displayOptions?.show ?? {}), '@version': versions };
	return { ...p, displayOptions: { ...(p.displayOptions ?? {}), show } };
}

/** A top-level parameter as an option of the Options collection: its `event` condition becomes `/event`. */
function asOption(p: INodeProperties): INodeProperties {
	const show = p.displayOptions?.show;
	const option: INodeProperties = { ...p };
	delete option.displayOptions;
	if (show?.event) option.displayOptions = { show: { '/event': show.event } };
	return option;
}

/**
 * The properties of a trigger whose version 2 keeps the top-level parameters `moved` under Options:
 * version 1 sees exactly its old parameters (top-level ones and its Options collection), version 2
 * sees them under Options (alphabetical, as collections list them). In layout order.
 */
export function movedToOptions(properties: INodeProperties[], moved: string[]): INodeProperties[] {
	const out: INodeProperties[] = [];
	const movedProps = properties.filter((p) => moved.includes(p.name));
	for (const p of properties) {
		if (moved.includes(p.name)) {
			out.push(forVersions(p, [1]));
		} else if (p.name === 'options' && p.type === 'collection') {
			out.push(forVersions(p, [1]));
			const options = [...((p.options ?? []) as INodeProperties[]), ...movedProps.map(asOption)];
			out.push(
				forVersions({ ...p, options: options.sort(byDisplayName) }, [TRIGGER_LAYOUT_VERSION]),
			);
		} else {
			out.push(p);
		}
	}
	return inLayoutOrder(out);
}

/** How a Filters collection the layout creates describes itself (shared by every trigger). */
export const FILTERS_DESCRIPTION =
	'Only events that pass every filter set here start the workflow; the others are skipped';

const shownTo = (p: INodeProperties, version: number): boolean => {
	const v = p.displayOptions?.show?.['@version'] as number[] | undefined;
	return v === undefined || v.includes(version);
};

/** The events an option is shown for (its `/event` condition); undefined: every event. */
const eventsOf = (p: INodeProperties): string[] | undefined =>
	p.displayOptions?.show?.['/event'] as string[] | undefined;

/**
 * The properties of a trigger whose version 2 keeps the entries `moved` of its Options (or of the
 * collection `from`, e.g. Threshold Options) in the Filters collection (created, named `filters`,
 * where the trigger has none): version 1 sees exactly its old collections, version 2 sees those
 * entries among the filters (alphabetical), shown for the events of the Filters collection and of
 * the moved entries. Apply after `movedToOptions`. In layout order.
 */
export function movedToFilters(
	properties: INodeProperties[],
	moved: string[],
	from = 'options',
): INodeProperties[] {
	const out: INodeProperties[] = [];
	const isOptions = (p: INodeProperties) => p.name === from && p.type === 'collection';
	const isFilters = (p: INodeProperties) => p.name === 'filters' && p.type === 'collection';
	const latestOptions = properties.find((p) => isOptions(p) && shownTo(p, TRIGGER_LAYOUT_VERSION));
	// An entry keeps being shown only for the events its collection was shown for.
	const fromEvents = latestOptions?.displayOptions?.show?.event as string[] | undefined;
	const movedProps = ((latestOptions?.options ?? []) as INodeProperties[])
		.filter((o) => moved.includes(o.name))
		.map((o) =>
			fromEvents === undefined || eventsOf(o) !== undefined ? o : onlyForEvents(fromEvents, o),
		);
	if (movedProps.length !== moved.length) {
		throw new Error(`movedToFilters: not all of ${moved.join(', ')} are options`);
	}
	/** The version-2 Filters: `base` (if any) with the moved entries, for their events too. */
	const filtersV2 = (base: INodeProperties | undefined): INodeProperties => {
		const filters: INodeProperties = base ?? {
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			description: FILTERS_DESCRIPTION,
		};
		const baseEvents =
			base === undefined ? [] : (base.displayOptions?.show?.event as string[] | undefined);
		// The collection's own filters stay shown for its events only.
		const own = ((filters.options ?? []) as INodeProperties[]).map((o) =>
			baseEvents === undefined || eventsOf(o) !== undefined ? o : onlyForEvents(baseEvents, o),
		);
		const options = [...own, ...movedProps];
		const events = [baseEvents, ...movedProps.map(eventsOf)];
		const show: Record<string, unknown> = { ...(filters.displayOptions?.show ?? {}) };
		delete show.event;
		if (events.every((e) => e !== undefined)) show.event = [...new Set(events.flat())];
		const v2 = { ...filters, options: options.sort(byDisplayName) };
		v2.displayOptions = { ...(filters.displayOptions ?? {}), show } as typeof v2.displayOptions;
		return forVersions(v2, [TRIGGER_LAYOUT_VERSION]);
	};
	let hasFilters = false;
	for (const p of properties) {
		if (isOptions(p) && shownTo(p, TRIGGER_LAYOUT_VERSION)) {
			if (shownTo(p, 1)) out.push(forVersions(p, [1]));
			const options = (p.options as INodeProperties[]).filter((o) => !moved.includes(o.name));
			out.push(forVersions({ ...p, options }, [TRIGGER_LAYOUT_VERSION]));
		} else if (isFilters(p) && shownTo(p, TRIGGER_LAYOUT_VERSION)) {
			hasFilters = true;
			if (shownTo(p, 1)) out.push(forVersions(p, [1]));
			out.push(filtersV2(p));
		} else {
			out.push(p);
		}
	}
	if (!hasFilters) out.push(filtersV2(undefined));
	return inLayoutOrder(out);
}

type Context = IPollFunctions | IWebhookFunctions;

/**
 * The value of a parameter that version 1 kept at the top level and version 2 keeps under Options
 * (see `movedToOptions`): read where this node's version shows it.
 */
export function readMovedOption<T>(ctx: Context, name: string, fallback: T): T {
	if ((ctx.getNode().typeVersion ?? 1) < TRIGGER_LAYOUT_VERSION) {
		return (ctx.getNodeParameter(name, fallback) as T) ?? fallback;
	}
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	return (options[name] as T | undefined) ?? fallback;
}

/**
 * The value of an option that version 1 kept under Options (or `from`) and version 2 keeps under
 * Filters (see `movedToFilters`): read where this node's version shows it.
 */
export function readMovedFilter<T>(ctx: Context, name: string, fallback: T, from = 'options'): T {
	const collection = (ctx.getNode().typeVersion ?? 1) < TRIGGER_LAYOUT_VERSION ? from : 'filters';
	const values = (ctx.getNodeParameter(collection, {}) ?? {}) as IDataObject;
	return (values[name] as T | undefined) ?? fallback;
}
