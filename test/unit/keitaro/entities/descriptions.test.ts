/** Static checks of the entity operations' descriptions (names, actions, spec strings, pickers). */
import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Keitaro } from '../../../../nodes/Keitaro/Keitaro.node';
import { resources } from '../../../../nodes/Keitaro/actions';
import { listSearch, loadOptions } from '../../../../nodes/Keitaro/methods';
import { specOperations } from '../../../mock-servers/keitaro/validate';
import { makeNode } from '../../../helpers/n8n';

const MINE = [
	'campaign',
	'flow',
	'offer',
	'landingPage',
	'affiliateNetwork',
	'trafficSource',
	'domain',
	'group',
	'user',
	'botList',
	'integration',
	'log',
];

/** Operations outside the 2022 spec (docs §2 "N"/"C"/"9"); their description must say so. */
const NEWER = new Set([
	'POST /campaigns/clean_archive',
	'GET /offers/deleted',
	'POST /offers/{id}/restore',
	'POST /affiliate_networks/{id}/restore',
	'POST /domains/{id}/clone',
	'GET /domains/ip',
]);

const SPEC_TAG_COUNTS: Record<string, number> = {
	Campaigns: 11,
	'Flows (Streams)': 15,
	Offers: 12,
	'Landing pages': 12,
	'Affiliate networks': 6,
	'Traffic sources': 6,
	Domains: 8,
	Groups: 4,
	Users: 6,
	'Bot list': 5,
	'Third-party integrations': 12,
	Logs: 3,
};

const mine = resources.filter((r) => MINE.includes(String(r.option.value)));
const ops = mine.flatMap((r) =>
	Object.entries(r.operations).map(([value, op]) => ({
		resource: String(r.option.value),
		value,
		op,
	})),
);

function walk(props: INodeProperties[], visit: (p: INodeProperties) => void): void {
	for (const p of props) {
		visit(p);
		for (const o of (p.options ?? []) as unknown[]) {
			const opt = o as { values?: INodeProperties[]; type?: string; name?: string };
			if (Array.isArray(opt.values)) walk(opt.values, visit);
			else if (opt.type) walk([opt as INodeProperties], visit);
		}
	}
}

describe('entity operations: descriptions', () => {
	it('every operation of the 12 spec tags is covered, with exact spec strings', () => {
		const spec = new Set(specOperations().map(([m, p]) => `${m} ${p}`));
		const covered = new Set(ops.flatMap((o) => o.op.spec));
		for (const s of covered) {
			expect(spec.has(s) || NEWER.has(s)).toBe(true);
		}
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const doc = require('../../../mock-servers/keitaro/openapi.json') as {
			paths: Record<string, Record<string, { tags?: string[] }>>;
		};
		for (const [tag, count] of Object.entries(SPEC_TAG_COUNTS)) {
			const tagged = Object.entries(doc.paths).flatMap(([p, item]) =>
				Object.entries(item)
					.filter(([, o]) => o.tags?.includes(tag))
					.map(([m]) => `${m.toUpperCase()} ${p}`),
			);
			expect([tag, tagged.length]).toEqual([tag, count]);
			expect(tagged.filter((s) => !covered.has(s))).toEqual([]);
		}
	});

	it('operations outside the 2022 spec say so in their description', () => {
		for (const { op } of ops) {
			if (op.spec.some((s) => NEWER.has(s))) {
				expect(op.option.description).toMatch(
					/newer Keitaro versions|not in the official API spec/,
				);
			}
		}
	});

	it('actions are sentence case and read as tool names; values are unique', () => {
		const proper = /^(Facebook|AVScan|IMKLO|IPs|ZIP|URL)$/;
		for (const { resource, value, op } of ops) {
			const action = op.option.action;
			expect([resource, value, action[0]]).toEqual([resource, value, action[0].toUpperCase()]);
			for (const word of action.split(' ').slice(1)) {
				if (/^[A-Z]/.test(word))
					expect([resource, value, word]).toEqual([resource, value, expect.stringMatching(proper)]);
			}
			expect(op.option.value).toBe(value);
		}
	});

	it('n8n operation names: Get Many (getAll), Archive = "Move to archive"', () => {
		for (const { value, op } of ops) {
			if (value === 'getAll') {
				expect(op.option.name).toBe('Get Many');
				expect(op.option.action).toMatch(/^Get many /);
			}
			if (value === 'archive') {
				expect(op.option.name).toBe('Archive');
				expect(op.option.description).toBe('Move to archive');
			}
		}
	});

	it('every list operation has Return All + Limit (default 50, min 1)', () => {
		const lists = ops.filter(({ op }) => op.properties.some((p) => p.name === 'returnAll'));
		expect(lists.map((l) => `${l.resource}.${l.value}`)).toEqual(
			expect.arrayContaining([
				'campaign.getAll',
				'campaign.getArchived',
				'flow.getAll',
				'flow.search',
				'flow.getArchived',
				'offer.getAll',
				'group.getAll',
				'user.getAll',
				'log.get',
				'integration.facebookGetAll',
				'integration.facebookGetCampaigns',
			]),
		);
		for (const { op } of lists) {
			const limit = op.properties.find((p) => p.name === 'limit');
			expect(limit).toMatchObject({ type: 'number', default: 50, typeOptions: { minValue: 1 } });
			expect(limit?.displayOptions?.show?.returnAll).toEqual([false]);
		}
	});

	it('resource locators: From List (existing list search) and By ID; campaigns also By Alias', () => {
		const seen = new Set<string>();
		for (const { op } of ops) {
			walk(op.properties, (p) => {
				if (p.type !== 'resourceLocator') return;
				seen.add(p.name);
				const modes = (p.modes ?? []).map((m) => m.name);
				expect(modes.slice(0, 2)).toEqual(['list', 'id']);
				const method = p.modes?.[0].typeOptions?.searchListMethod as string;
				expect(typeof listSearch[method]).toBe('function');
				if (p.name === 'campaignId') expect(modes).toContain('alias');
			});
		}
		expect([...seen].sort()).toEqual(
			[
				'affiliateNetworkId',
				'campaignId',
				'domainId',
				'flowId',
				'groupId',
				'integrationId',
				'landingPageId',
				'offerId',
				'trafficSourceId',
				'userId',
			].sort(),
		);
	});

	it('every loadOptionsMethod exists', () => {
		const used = new Set<string>();
		for (const { op } of ops) {
			walk(op.properties, (p) => {
				const m = p.typeOptions?.loadOptionsMethod as string | undefined;
				if (m) used.add(m);
			});
		}
		for (const m of used) expect(typeof loadOptions[m]).toBe('function');
		for (const m of [
			'getCampaignGroups',
			'getOfferGroups',
			'getLandingGroups',
			'getTrafficSources',
			'getAffiliateNetworks',
			'getFlowTypes',
			'getFlowSchemas',
			'getFlowActions',
			'getFlowFilters',
		]) {
			expect(used.has(m)).toBe(true);
		}
	});

	it('n8n resolves the parameters of every operation with their defaults', () => {
		const node = new Keitaro();
		for (const { resource, value } of ops) {
			const resolved = NodeHelpers.getNodeParameters(
				node.description.properties,
				{ resource, operation: value },
				true,
				false,
				makeNode(),
				node.description,
			);
			expect(resolved).toMatchObject({ resource, operation: value });
		}
	});

	it('every loadOptions / listSearch method referenced anywhere in the node exists', () => {
		const node = new Keitaro();
		const missing: string[] = [];
		const visit = (x: unknown): void => {
			if (Array.isArray(x)) return x.forEach(visit);
			if (!x || typeof x !== 'object') return;
			const o = x as Record<string, unknown>;
			if (
				typeof o.loadOptionsMethod === 'string' &&
				!node.methods.loadOptions[o.loadOptionsMethod]
			) {
				missing.push(`loadOptions.${o.loadOptionsMethod}`);
			}
			if (typeof o.searchListMethod === 'string' && !node.methods.listSearch[o.searchListMethod]) {
				missing.push(`listSearch.${o.searchListMethod}`);
			}
			Object.values(o).forEach(visit);
		};
		visit(node.description.properties);
		expect(missing).toEqual([]);
	});
});
