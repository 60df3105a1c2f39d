/**
 * What a person reads in the editor (issue 14 §4): no "ID ID" or "Subid" in a field, option or
 * dimension label; Keitaro's flows are "Flow" wherever a person reads (the API value stays
 * `stream`); subtitles are words, not internal values; the common report dimensions come first.
 * Checked over every node description and over every dropdown list a node builds without asking
 * the tracker (its static loadOptions: report dimensions, measures, Group By…).
 */
import path from 'node:path';

import type { ILoadOptionsFunctions, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { allProperties, loadDescription, nodeFiles } from './descriptions';

interface Label {
	node: string;
	where: string;
	text: string;
}

const labels: Label[] = [];
for (const f of allProperties()) {
	const p = f.property;
	if (p.type === 'notice') continue;
	labels.push({ node: f.node, where: f.where, text: p.displayName });
	for (const o of (p.options ?? []) as INodePropertyOptions[]) {
		if (typeof o.name === 'string' && 'value' in o)
			labels.push({ node: f.node, where: f.where, text: o.name });
	}
}

/** A context that answers parameter reads with nothing and refuses every request. */
function offlineContext(): ILoadOptionsFunctions {
	const refuse = () => {
		throw new Error('offline');
	};
	return new Proxy(
		{
			getNodeParameter: () => undefined,
			getCurrentNodeParameter: () => undefined,
			getCurrentNodeParameters: () => ({}),
			getNode: () => ({ name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
			getCredentials: async () => refuse(),
			helpers: new Proxy({}, { get: () => refuse }),
		} as Record<string, unknown>,
		{ get: (t, k) => (k in t ? t[k as string] : refuse) },
	) as unknown as ILoadOptionsFunctions;
}

const dynamic: Record<string, Record<string, INodePropertyOptions[]>> = {};

beforeAll(async () => {
	for (const file of nodeFiles()) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(file) as Record<string, new () => INodeType>;
		const node = new (Object.values(mod).find((v) => typeof v === 'function')!)();
		const name = path.basename(file, '.node.ts');
		for (const [method, fn] of Object.entries(node.methods?.loadOptions ?? {})) {
			try {
				const list = await fn.call(offlineContext());
				(dynamic[name] ??= {})[method] = list;
				for (const o of list)
					labels.push({ node: name, where: `loadOptions.${method}`, text: o.name });
			} catch {
				// a list read from the tracker: not checked here
			}
		}
	}
});

const show = (l: Label) => `${l.node} › ${l.where}: ${l.text}`;

describe('labels a person reads', () => {
	it('include the static dropdown lists (report dimensions and measures)', () => {
		expect(Object.keys(dynamic.Keitaro ?? {})).toEqual(
			expect.arrayContaining(['getReportDimensions', 'getReportMeasures']),
		);
		expect(labels.length).toBeGreaterThan(1000);
	});

	it('never say "ID ID" or "Subid"', () => {
		expect(labels.filter((l) => /\bID ID\b|Subid/.test(l.text)).map(show)).toEqual([]);
	});

	it('Keitaro says Flow, never Stream', () => {
		const keitaro = labels.filter((l) => l.node.startsWith('Keitaro'));
		expect(keitaro.filter((l) => /\bStreams?\b/.test(l.text)).map(show)).toEqual([]);
		expect(dynamic.Keitaro.getReportDimensions.find((o) => o.value === 'stream_id')?.name).toMatch(
			/^Flow ID\b/,
		);
	});

	it('no option is an internal identifier (camelCase value shown as its name)', () => {
		const internal = labels.filter(
			(l) => /^[a-z]+[A-Z][A-Za-z]*$/.test(l.text) || /^\w+: \w+$/.test(l.text),
		);
		expect(internal.map(show)).toEqual([]);
	});

	it('"Add Option", "Add Filter"…: collection buttons read the same on every node (Title Case)', () => {
		const bad = allProperties().filter(
			(f) =>
				(f.property.type === 'collection' || f.property.type === 'fixedCollection') &&
				typeof f.property.placeholder === 'string' &&
				!/^Add( [A-Z0-9][\w/-]*| (a|an|to|of|by|per|or|and))+$/.test(f.property.placeholder),
		);
		expect(bad.map((f) => `${f.node} › ${f.where}: ${String(f.property.placeholder)}`)).toEqual([]);
	});

	it('report dimensions start with the common ones', () => {
		const dims = dynamic.Keitaro.getReportDimensions.map((o) => o.value);
		expect(dims.slice(0, 4)).toEqual(['campaign', 'campaign_id', 'stream', 'stream_id']);
		expect(dims.indexOf('country')).toBeLessThan(15);
	});
});

describe('subtitles', () => {
	/** Evaluates a `={{ … }}` subtitle with `$parameter`, as the editor does. */
	const evaluate = (expr: string, parameter: Record<string, unknown>) => {
		const m = /^=\{\{([\s\S]*)\}\}$/.exec(expr);
		return m ? String(new Function('$parameter', `return (${m[1]});`)(parameter)) : expr;
	};

	it.each(nodeFiles().map((f) => [path.basename(f, '.node.ts'), f]))(
		'%s: every choice gives a subtitle in words',
		(_n, file) => {
			const d = loadDescription(file);
			if (!d.subtitle) return;
			const choices = (name: string) =>
				d.properties
					.filter((p) => p.name === name && p.type === 'options')
					.flatMap((p) =>
						((p.options ?? []) as INodePropertyOptions[]).map((o) => ({
							value: o.value,
							show: p.displayOptions?.show,
						})),
					);
			const bad: string[] = [];
			const resources = choices('resource');
			const check = (parameter: Record<string, unknown>) => {
				const s = evaluate(d.subtitle!, parameter);
				if (/[a-z][A-Z]/.test(s) || /^\w+: \w+$/.test(s) || s === 'undefined')
					bad.push(`${JSON.stringify(parameter)} → ${s}`);
			};
			for (const op of choices('operation')) {
				const rs =
					(op.show?.resource as string[] | undefined) ?? resources.map((r) => r.value as string);
				for (const resource of rs.length ? rs : [undefined])
					check({ resource, operation: op.value });
			}
			for (const ev of choices('event')) check({ event: ev.value });
			expect(bad).toEqual([]);
		},
	);
});
