/**
 * Findability and display: every node has a codex file with the `alias` words people search the
 * node picker for, and its subtitle is what a person reads ("Get many campaigns", "Metric
 * threshold"), never an internal value ("getAll: campaign", "metricThreshold").
 */
import fs from 'node:fs';
import path from 'node:path';

import type { INodePropertyOptions, INodeType } from 'n8n-workflow';

import { resources } from '../../../nodes/Keitaro/actions';
import { sentenceCase } from '../../../nodes/shared/subtitle';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PREFIX = 'n8n-nodes-affiliate-trackers.';
/** Words the users searched for and found nothing of ours. */
const REQUIRED_ALIASES = ['affiliate', 'tracker', 'conversion', 'postback', 'cost', 'ROI', 'campaign', 'media buying'];

const nodeFiles: string[] = [];
for (const folder of fs.readdirSync(path.join(ROOT, 'nodes'))) {
	const dir = path.join(ROOT, 'nodes', folder);
	if (folder === 'shared' || !fs.statSync(dir).isDirectory()) continue;
	for (const f of fs.readdirSync(dir)) if (f.endsWith('.node.ts')) nodeFiles.push(path.join(dir, f));
}

function load(file: string): INodeType {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(file) as Record<string, new () => INodeType>;
	const Cls = Object.values(mod).find((v) => typeof v === 'function')!;
	return new Cls();
}

/** Evaluates a `={{ … }}` subtitle with `$parameter` (the editor does the same). */
function subtitle(expr: string, parameter: Record<string, unknown>): string {
	const m = /^=\{\{([\s\S]*)\}\}$/.exec(expr);
	if (!m) return expr;
	return String(new Function('$parameter', `return (${m[1]});`)(parameter));
}

const looksInternal = (s: string) => /[a-z][A-Z]/.test(s) || /^\w+: \w+$/.test(s);

describe.each(nodeFiles.map((f) => [path.relative(ROOT, f), f]))('%s', (_rel, file) => {
	const node = load(file);
	const codexFile = file.replace(/\.ts$/, '.json');

	it('has a codex file with the alias words', () => {
		expect(fs.existsSync(codexFile)).toBe(true);
		const codex = JSON.parse(fs.readFileSync(codexFile, 'utf8')) as { node: string; alias?: string[] };
		expect(codex.node).toBe(`${PREFIX}${node.description.name}`);
		const alias = (codex.alias ?? []).map((a) => a.toLowerCase());
		for (const word of REQUIRED_ALIASES) expect([word, alias.includes(word.toLowerCase())]).toEqual([word, true]);
		// the tracker's own name is findable too
		expect(alias.some((a) => node.description.displayName.toLowerCase().startsWith(a.toLowerCase()))).toBe(true);
	});

	it('shows a subtitle a person reads', () => {
		const expr = String(node.description.subtitle ?? '');
		expect(expr).not.toBe('');
		const events = node.description.properties.filter((p) => p.name === 'event' && p.type === 'options');
		if (events.length) {
			for (const p of events) {
				for (const o of p.options as INodePropertyOptions[]) {
					const shown = subtitle(expr, { event: o.value });
					expect(shown).toBe(sentenceCase(o.name));
					expect([String(o.value), looksInternal(shown)]).toEqual([String(o.value), false]);
				}
			}
			return;
		}
		if (node.description.webhooks?.length && !node.description.properties.some((p) => p.name === 'operation')) {
			// a webhook trigger with one purpose (a postback trigger): a fixed phrase, not a parameter value
			expect(expr).not.toMatch(/^=/);
			expect([expr, looksInternal(expr)]).toEqual([expr, false]);
			return;
		}
		if (node.description.name !== 'keitaro') {
			// another action node: every resource / operation pair reads as words
			const ops = node.description.properties.filter((p) => p.name === 'operation' && p.type === 'options');
			expect(ops.length).toBeGreaterThan(0);
			for (const p of ops) {
				for (const res of (p.displayOptions?.show?.resource ?? ['']) as string[]) {
					for (const o of p.options as INodePropertyOptions[]) {
						const shown = subtitle(expr, { resource: res, operation: o.value });
						expect([`${res}.${String(o.value)}`, looksInternal(shown)]).toEqual([`${res}.${String(o.value)}`, false]);
					}
				}
			}
			return;
		}
		for (const r of resources) {
			for (const [value, op] of Object.entries(r.operations)) {
				const shown = subtitle(expr, { resource: r.option.value, operation: value });
				expect(shown).toBe(op.option.action);
				expect([`${String(r.option.value)}.${value}`, looksInternal(shown)]).toEqual([`${String(r.option.value)}.${value}`, false]);
			}
		}
	});
});

describe('sentenceCase', () => {
	it('lowers the words after the first, keeps acronyms and numbers', () => {
		expect(sentenceCase('Metric Threshold')).toBe('Metric threshold');
		expect(sentenceCase('New Conversion')).toBe('New conversion');
		expect(sentenceCase('ROI Below Target')).toBe('ROI below target');
		expect(sentenceCase('Sub ID 1')).toBe('Sub ID 1');
	});
});
