import type { PageResult, PageSpec, PollSource, TimeWindow } from '../polling';

/**
 * Every row of a paged list endpoint, in the API's order, each id once (rows without an id are
 * left out). `fetchPage` gets the page's index (from 0) and the number of rows before it; reading
 * stops at a short page, at a page of known ids only (the server ignores the paging), or after
 * `maxPages` pages.
 */
export async function readWholeList<Row>(
	fetchPage: (index: number, offset: number) => Promise<Row[]>,
	idOf: (row: Row) => string,
	pageSize: number,
	maxPages: number,
): Promise<Row[]> {
	const out: Row[] = [];
	const ids = new Set<string>();
	for (let index = 0, offset = 0; index < maxPages; index++) {
		const rows = await fetchPage(index, offset);
		let fresh = 0;
		for (const row of rows) {
			const id = idOf(row);
			if (id === '' || ids.has(id)) continue;
			ids.add(id);
			out.push(row);
			fresh++;
		}
		if (rows.length < pageSize || fresh === 0) break;
		offset += rows.length;
	}
	return out;
}

export interface ChangeListSpec<Row> {
	/** Reads the whole list; called at most once per source (one poll run). */
	load: () => Promise<Row[]>;
	/** Identity of a row (e.g. the entity id). */
	idOf: (row: Row) => string;
	/** When the row last changed (epoch ms); NaN leaves the row out. */
	changeTime: (row: Row) => number;
	/** Largest page the engine may ask for. */
	maxPageSize: number;
	/** Sees the whole list once, as loaded. */
	onList?: (rows: Row[]) => void;
}

/**
 * A `PollSource` over a list read once per poll run and served from memory ordered by change
 * time, for list endpoints without a time filter. What is new is `id|change time`: every change
 * that moves the time is one event, and re-reading the list never repeats one.
 */
export function changeListSource<Row>(spec: ChangeListSpec<Row>): PollSource<Row> {
	let loaded: Promise<Array<{ row: Row; t: number; k: string }>> | undefined;
	const key = (row: Row) => `${spec.idOf(row)}|${spec.changeTime(row)}`;
	const all = () => {
		loaded ??= spec.load().then((rows) => {
			spec.onList?.(rows);
			return rows
				.map((row) => ({ row, t: spec.changeTime(row), k: key(row) }))
				.filter((x) => Number.isFinite(x.t))
				.sort((a, b) => a.t - b.t || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
		});
		return loaded;
	};
	return {
		paging: {
			maxPageSize: spec.maxPageSize,
			granularity: 'millisecond',
			sorted: true,
			offsets: 'any',
		},
		async fetchPage(window: TimeWindow, page: PageSpec): Promise<PageResult<Row>> {
			const inWindow = (await all()).filter((x) => x.t >= window.fromMs && x.t <= window.toMs);
			return {
				rows: inWindow.slice(page.offset, page.offset + page.limit).map((x) => x.row),
				total: inWindow.length,
			};
		},
		eventTime: spec.changeTime,
		key,
		async fetchLatest(limit: number): Promise<Row[]> {
			return (await all()).slice(-limit).map((x) => x.row);
		},
	};
}
