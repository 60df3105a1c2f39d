/**
 * The example workflows (examples/*.json) against the node descriptions of this package, without
 * n8n: valid workflow JSON with a fixed id, every node of ours uses real parameters (names, option
 * values, collection and fixedCollection fields, resource-locator modes) as its description,
 * loaded from the TS sources, defines them; credentials are the sandbox ones (ids in
 * test/e2e/lib/trackers.ts); and every trigger → sheet example writes the same canonical columns.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodePropertyCollection, INodeTypeDescription } from 'n8n-workflow';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const PREFIX = 'n8n-nodes-affiliate-trackers.';

/** The canonical sheet row every trigger → Google Sheets example builds (same order). */
const SHEET_COLUMNS = [
	'date',
	'tracker',
	'conversionId',
	'clickId',
	'campaign',
	'offer',
	'status',
	'rawStatus',
	'revenue',
	'currency',
	'subId1',
	'subId2',
	'subId3',
	'subId4',
	'subId5',
	'postbackTime',
];

/** nodes-base types the examples may use without a credential of the sandbox (when enabled). */
const OFFLINE_BASE_TYPES = new Set(
	[
		'manualTrigger',
		'code',
		'set',
		'stickyNote',
		'noOp',
		'if',
		'filter',
		'switch',
		'merge',
		'aggregate',
		'splitOut',
		'sort',
		'limit',
		'summarize',
		'removeDuplicates',
		'dateTime',
		'splitInBatches',
		'scheduleTrigger',
		'webhook',
	].map((t) => `n8n-nodes-base.${t}`),
);

interface WfNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	disabled?: boolean;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

interface Workflow {
	id: string;
	name: string;
	active?: boolean;
	nodes: WfNode[];
	connections: Record<
		string,
		Record<string, Array<Array<{ node: string; type: string; index: number }>>>
	>;
	settings?: Record<string, unknown>;
}

// ── our node descriptions, from the TS sources ─────────────────────────────────────────────

function loadDescriptions(): Map<string, INodeTypeDescription> {
	const out = new Map<string, INodeTypeDescription>();
	const nodesDir = path.join(ROOT, 'nodes');
	for (const folder of fs.readdirSync(nodesDir)) {
		const dir = path.join(nodesDir, folder);
		if (!fs.statSync(dir).isDirectory()) continue;
		for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.node.ts'))) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const mod = require(path.join(dir, file)) as Record<string, unknown>;
			for (const value of Object.values(mod)) {
				if (typeof value !== 'function') continue;
				const instance = new (value as new () => { description?: INodeTypeDescription })();
				if (instance.description?.name) out.set(instance.description.name, instance.description);
			}
		}
	}
	return out;
}

/**
 * Sandbox credentials `{ id → type }`, read from the e2e tracker list and the Tracker Hub's extra
 * ones (second Keitaro, Postgres) (the ids the examples use).
 */
function sandboxCredentials(): Map<string, string> {
	const source = ['trackers.ts', 'hub.ts']
		.map((f) => fs.readFileSync(path.join(ROOT, 'test', 'e2e', 'lib', f), 'utf8'))
		.join('\n');
	const out = new Map<string, string>();
	const re = /id:\s*'([^']+)',\s*name:\s*'[^']*',\s*type:\s*'([^']+)'/g;
	for (let m = re.exec(source); m; m = re.exec(source)) out.set(m[1], m[2]);
	return out;
}

// ── parameter checking ─────────────────────────────────────────────────────────────────────

const isExpression = (v: unknown) => typeof v === 'string' && v.startsWith('=');

/** Parameter values with the defaults of the description filled in (for displayOptions). */
function withDefaults(
	props: INodeProperties[],
	values: Record<string, unknown>,
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const p of props) if (!(p.name in out)) out[p.name] = p.default;
	return { ...out, ...values };
}

function matches(
	cond: Record<string, unknown[] | undefined> | undefined,
	local: Record<string, unknown>,
	root: Record<string, unknown>,
): boolean | undefined {
	if (!cond) return undefined;
	let all = true;
	for (const [key, allowed] of Object.entries(cond)) {
		if (!Array.isArray(allowed)) continue;
		// `@version`: the node's typeVersion (root holds it under that key).
		const value =
			key === '@version' ? root[key] : key.startsWith('/') ? root[key.slice(1)] : local[key];
		const list = Array.isArray(value) ? value : [value];
		if (!list.some((v) => allowed.some((a) => a === v))) all = false;
	}
	return all;
}

/** Whether a property is shown for these values (n8n's show/hide, `/name` = root parameter). */
function shown(
	p: INodeProperties,
	local: Record<string, unknown>,
	root: Record<string, unknown>,
): boolean {
	const d = p.displayOptions;
	if (!d) return true;
	const show = matches(d.show as Record<string, unknown[]>, local, root);
	if (show === false) return false;
	if (d.hide) {
		for (const [key, allowed] of Object.entries(d.hide as Record<string, unknown[]>)) {
			if (!Array.isArray(allowed)) continue;
			const value = key.startsWith('/') ? root[key.slice(1)] : local[key];
			if (allowed.some((a) => a === value)) return false;
		}
	}
	return true;
}

function optionValues(p: INodeProperties): unknown[] {
	return (p.options ?? []).map((o) => (o as { value?: unknown }).value);
}

/**
 * Problems of `values` against `props` (empty when fine). `where` prefixes the messages; `root`
 * holds the node's top-level parameters (for `/name` display conditions).
 */
function checkValues(
	props: INodeProperties[],
	values: Record<string, unknown>,
	where: string,
	root: Record<string, unknown>,
	skip: string[] = [],
): string[] {
	const problems: string[] = [];
	const local = withDefaults(props, values);
	for (const [name, value] of Object.entries(values)) {
		if (skip.includes(name)) continue;
		const candidates = props.filter((p) => p.name === name);
		if (!candidates.length) {
			problems.push(`${where}${name}: no such parameter`);
			continue;
		}
		const visible = candidates.filter((p) => shown(p, local, root));
		if (!visible.length) {
			problems.push(`${where}${name}: not shown with these settings (displayOptions)`);
			continue;
		}
		// Fine when one of the visible definitions accepts the value.
		const results = visible.map((p) => checkValue(p, value, `${where}${name}`, root));
		if (!results.some((r) => r.length === 0)) problems.push(...results[0]);
	}
	return problems;
}

function checkValue(
	p: INodeProperties,
	value: unknown,
	where: string,
	root: Record<string, unknown>,
): string[] {
	if (isExpression(value)) {
		return p.noDataExpression ? [`${where}: does not accept expressions`] : [];
	}
	const loaded = !!p.typeOptions?.loadOptionsMethod;
	switch (p.type) {
		case 'options':
			if (loaded) return [];
			return optionValues(p).includes(value)
				? []
				: [`${where}: "${String(value)}" is not one of ${JSON.stringify(optionValues(p))}`];
		case 'multiOptions': {
			if (!Array.isArray(value)) return [`${where}: expected a list`];
			if (loaded) return [];
			const allowed = optionValues(p);
			const bad = value.filter((v) => !isExpression(v) && !allowed.includes(v));
			return bad.length
				? [`${where}: ${JSON.stringify(bad)} not in ${JSON.stringify(allowed)}`]
				: [];
		}
		case 'number':
			return typeof value === 'number' ? [] : [`${where}: expected a number`];
		case 'boolean':
			return typeof value === 'boolean' ? [] : [`${where}: expected a boolean`];
		case 'string':
		case 'dateTime':
		case 'json':
		case 'color':
			return typeof value === 'string' ? [] : [`${where}: expected a string`];
		case 'collection': {
			if (!value || typeof value !== 'object' || Array.isArray(value))
				return [`${where}: expected an object`];
			return checkValues(
				(p.options ?? []) as INodeProperties[],
				value as Record<string, unknown>,
				`${where}.`,
				root,
			);
		}
		case 'fixedCollection': {
			if (!value || typeof value !== 'object' || Array.isArray(value))
				return [`${where}: expected an object`];
			const groups = (p.options ?? []) as INodePropertyCollection[];
			const problems: string[] = [];
			for (const [groupName, groupValue] of Object.entries(value as Record<string, unknown>)) {
				const group = groups.find((g) => g.name === groupName);
				if (!group) {
					problems.push(`${where}.${groupName}: no such group`);
					continue;
				}
				const entries = p.typeOptions?.multipleValues
					? Array.isArray(groupValue)
						? groupValue
						: null
					: [groupValue];
				if (!entries) {
					problems.push(`${where}.${groupName}: expected a list`);
					continue;
				}
				entries.forEach((entry, i) =>
					problems.push(
						...checkValues(
							group.values,
							(entry ?? {}) as Record<string, unknown>,
							`${where}.${groupName}[${i}].`,
							root,
						),
					),
				);
			}
			return problems;
		}
		case 'resourceLocator': {
			const rl = value as { __rl?: unknown; mode?: unknown; value?: unknown };
			if (!rl || typeof rl !== 'object' || rl.__rl !== true)
				return [`${where}: expected a resource locator { __rl: true, mode, value }`];
			const modes = (p.modes ?? []).map((m) => m.name);
			if (!modes.includes(String(rl.mode)))
				return [`${where}: mode "${String(rl.mode)}" is not one of ${JSON.stringify(modes)}`];
			return [];
		}
		default:
			return [];
	}
}

/** n8n adds "Poll Times" to every polling node; a minimal check of its shape. */
function checkPollTimes(value: unknown, where: string): string[] {
	const items = (value as { item?: Array<{ mode?: string }> })?.item;
	if (!Array.isArray(items) || !items.length)
		return [`${where}pollTimes: expected { item: [...] }`];
	const modes = [
		'everyMinute',
		'everyHour',
		'everyDay',
		'everyWeek',
		'everyMonth',
		'everyX',
		'custom',
	];
	return items
		.filter((i) => !modes.includes(String(i.mode)))
		.map((i) => `${where}pollTimes: unknown mode "${String(i.mode)}"`);
}

// ── the examples ───────────────────────────────────────────────────────────────────────────

const descriptions = loadDescriptions();
const credentials = sandboxCredentials();
const files = fs
	.readdirSync(EXAMPLES_DIR)
	.filter((f) => f.endsWith('.json'))
	.sort();
const examples: Array<{ file: string; wf: Workflow }> = files.map((file) => ({
	file,
	wf: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as Workflow,
}));

const isTrigger = (type: string) =>
	type.startsWith(PREFIX) && descriptions.get(type.slice(PREFIX.length))?.polling === true;

test('the node classes and sandbox credentials load', () => {
	expect(descriptions.get('keitaro')).toBeDefined();
	for (const name of [
		'keitaroTrigger',
		'voluumTrigger',
		'redTrackTrigger',
		'binomTrigger',
		'beMobTrigger',
		'tgTrackerTrigger',
	])
		expect(descriptions.get(name)?.polling).toBe(true);
	expect([...credentials.keys()].sort()).toEqual([
		'bemob-sandbox',
		'binom-sandbox',
		'keitaro-sandbox',
		'keitaro-sandbox-eu',
		'postgres-hub',
		'redtrack-sandbox',
		'tgtracker-sandbox',
		'voluum-sandbox',
	]);
});

test('the parameter check rejects what n8n would not know', () => {
	const d = descriptions.get('keitaroTrigger')!;
	const check = (parameters: Record<string, unknown>) =>
		checkValues(d.properties, parameters, '', withDefaults(d.properties, parameters));
	expect(
		check({ event: 'newConversion', firstRun: 'fromNow', options: { maxItemsPerPoll: 10 } }),
	).toEqual([]);
	expect(check({ event: 'newConversions' })).toEqual([expect.stringContaining('is not one of')]);
	expect(check({ event: 'newConversion', maxItems: 5 })).toEqual(['maxItems: no such parameter']);
	expect(check({ event: 'newConversion', options: { maxItems: 5 } })).toEqual([
		'options.maxItems: no such parameter',
	]);
	// Shown only for another event.
	expect(check({ event: 'newConversion', period: 'today' })).toEqual([
		expect.stringContaining('not shown'),
	]);
	expect(
		check({
			event: 'metricThreshold',
			conditions: { condition: [{ measure: 'roi', operator: 'below', value: -30 }] },
		}),
	).toEqual([expect.stringContaining('conditions.condition[0].operator')]);
	expect(check({ event: 'newClick', filters: { statuses: ['sale'] } })).toEqual([
		expect.stringContaining('filters.statuses: not shown'),
	]);
});

test('the workflow ids are unique', () => {
	const ids = examples.map((e) => e.wf.id);
	expect(new Set(ids).size).toBe(ids.length);
});

describe.each(examples)('$file', ({ wf }) => {
	test('is n8n workflow JSON with a fixed id, inactive, with valid connections', () => {
		expect(typeof wf.id).toBe('string');
		// n8n keeps workflow ids in a 36-character column; `n8n execute --id` needs a plain one.
		expect(wf.id).toMatch(/^[A-Za-z0-9_-]{1,36}$/);
		expect(typeof wf.name).toBe('string');
		expect(wf.active === undefined || wf.active === false).toBe(true);
		expect(Array.isArray(wf.nodes)).toBe(true);
		expect(wf.nodes.length).toBeGreaterThan(0);
		const names = wf.nodes.map((n) => n.name);
		expect(new Set(names).size).toBe(names.length);
		const ids = wf.nodes.map((n) => n.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const n of wf.nodes) {
			expect({ node: n.name, id: n.id }).toEqual({ node: n.name, id: expect.any(String) });
			expect(typeof n.type).toBe('string');
			expect(typeof n.typeVersion).toBe('number');
			expect(Array.isArray(n.position) && n.position.length === 2).toBe(true);
			expect(typeof n.parameters).toBe('object');
		}
		for (const [from, outputs] of Object.entries(wf.connections ?? {})) {
			expect(names).toContain(from);
			for (const list of Object.values(outputs))
				for (const branch of list) for (const c of branch ?? []) expect(names).toContain(c.node);
		}
	});

	test('nodes of this package use real parameters, option values and sandbox credentials', () => {
		const problems: string[] = [];
		for (const n of wf.nodes.filter((x) => x.type.startsWith(PREFIX))) {
			const d = descriptions.get(n.type.slice(PREFIX.length));
			if (!d) {
				problems.push(`${n.name}: unknown node type ${n.type}`);
				continue;
			}
			const versions = Array.isArray(d.version) ? d.version : [d.version];
			if (!versions.includes(n.typeVersion))
				problems.push(`${n.name}: typeVersion ${n.typeVersion} not in ${JSON.stringify(versions)}`);
			const where = `${n.name}: `;
			if (d.polling) {
				if (n.parameters.pollTimes === undefined) problems.push(`${where}no pollTimes`);
				else problems.push(...checkPollTimes(n.parameters.pollTimes, where));
			}
			const root = { ...withDefaults(d.properties, n.parameters), '@version': n.typeVersion };
			problems.push(...checkValues(d.properties, n.parameters, where, root, ['pollTimes']));
			// Credentials: the ones the node declares, by sandbox id of the right type.
			const declared = (d.credentials ?? []).map((c) => c.name);
			for (const [type, ref] of Object.entries(n.credentials ?? {})) {
				if (!declared.includes(type)) problems.push(`${where}credential type ${type} not declared`);
				if (credentials.get(ref.id) !== type)
					problems.push(`${where}credential id "${ref.id}" is not the sandbox ${type}`);
			}
			for (const c of d.credentials ?? [])
				if (c.required && !n.credentials?.[c.name] && !n.disabled)
					problems.push(`${where}missing credential ${c.name}`);
		}
		expect(problems).toEqual([]);
	});

	test('nodes that need an outside service are disabled or use a sandbox credential', () => {
		const problems: string[] = [];
		for (const n of wf.nodes) {
			if (n.type.startsWith(PREFIX) || OFFLINE_BASE_TYPES.has(n.type) || n.disabled) continue;
			const refs = Object.values(n.credentials ?? {});
			if (!refs.length || refs.some((r) => !credentials.has(r.id)))
				problems.push(`${n.name} (${n.type}) is enabled and needs an outside service`);
		}
		expect(problems).toEqual([]);
	});
});

// ── trigger → sheet examples share one layout ──────────────────────────────────────────────

const sheetExamples = examples.filter(
	({ wf }) =>
		wf.nodes.some((n) => isTrigger(n.type)) &&
		wf.nodes.some((n) => n.type === 'n8n-nodes-base.googleSheets'),
);

/** The nodes that feed `target` (main connections). */
function parentsOf(wf: Workflow, target: string): WfNode[] {
	const names = Object.entries(wf.connections ?? {})
		.filter(([, outputs]) =>
			(outputs.main ?? []).some((branch) => (branch ?? []).some((c) => c.node === target)),
		)
		.map(([from]) => from);
	return wf.nodes.filter((n) => names.includes(n.name));
}

test('every tracker has a trigger → sheet example', () => {
	const trackers = new Set(
		sheetExamples.flatMap(({ wf }) => wf.nodes.filter((n) => isTrigger(n.type)).map((n) => n.type)),
	);
	for (const name of [
		'keitaroTrigger',
		'voluumTrigger',
		'redTrackTrigger',
		'binomTrigger',
		'beMobTrigger',
		'tgTrackerTrigger',
	])
		expect(trackers).toContain(`${PREFIX}${name}`);
});

describe.each(sheetExamples)('$file (trigger → sheet)', ({ wf }) => {
	test('the trigger feeds a Set node that builds exactly the canonical sheet columns', () => {
		const sheets = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.googleSheets');
		for (const sheet of sheets) {
			expect(sheet.disabled).toBe(true);
			const parents = parentsOf(wf, sheet.name);
			expect(parents).toHaveLength(1);
			const set = parents[0];
			expect(set.type).toBe('n8n-nodes-base.set');
			expect(set.parameters.mode ?? 'manual').toBe('manual');
			expect(set.parameters.includeOtherFields ?? false).toBe(false);
			const assignments = (
				set.parameters.assignments as {
					assignments: Array<{ name: string; type: string; value: unknown }>;
				}
			).assignments;
			expect(assignments.map((a) => a.name)).toEqual(SHEET_COLUMNS);
			for (const a of assignments) {
				expect(isExpression(a.value)).toBe(true);
				expect(a.type).toBe(a.name === 'revenue' ? 'number' : 'string');
			}
			// The Set node is fed by one of our triggers.
			const feeders = parentsOf(wf, set.name);
			expect(feeders.length).toBe(1);
			expect(isTrigger(feeders[0].type)).toBe(true);
		}
	});
});
