/**
 * The ad-network macro table (nodes/shared/adnetworks/macros.json): schema, coverage, no tracker
 * names, and the README fragment generated from it being up to date.
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { MACRO_CATALOG } from '../../../nodes/shared/adnetworks/catalog';

const root = join(__dirname, '..', '..', '..');
const raw = readFileSync(join(root, 'nodes/shared/adnetworks/macros.json'), 'utf8');

const macroEntry = {
	type: 'object',
	additionalProperties: false,
	required: ['confidence'],
	properties: {
		macro: { type: 'string', minLength: 2 },
		appendedParam: { type: 'string', pattern: '^[A-Za-z_]+$' },
		confidence: { enum: ['verified', 'unverified'] },
		source: { type: 'string', pattern: '^https://' },
		evidence: { type: 'string', minLength: 5 },
	},
	anyOf: [{ required: ['macro'] }, { required: ['appendedParam'] }],
	if: { properties: { confidence: { const: 'unverified' } } },
	then: { required: ['evidence'] },
};

const schema = {
	type: 'object',
	additionalProperties: false,
	required: ['description', 'checked', 'defaultSlots', 'roles', 'networks'],
	properties: {
		description: { type: 'string' },
		checked: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
		defaultSlots: { type: 'object', additionalProperties: { type: 'integer', minimum: 1 } },
		roles: {
			type: 'object',
			additionalProperties: {
				type: 'object',
				additionalProperties: false,
				required: ['label', 'param', 'kind'],
				properties: {
					label: { type: 'string' },
					param: { type: 'string', pattern: '^[a-z_]+$' },
					kind: { enum: ['core', 'cost', 'extra'] },
				},
			},
		},
		networks: {
			type: 'array',
			items: {
				type: 'object',
				additionalProperties: false,
				required: ['id', 'name', 'source', 'sourceVerified', 'labels', 'macros'],
				properties: {
					id: { type: 'string', pattern: '^[a-z]+$' },
					name: { type: 'string' },
					source: { type: 'string', pattern: '^https://' },
					sourceVerified: { type: 'boolean' },
					labels: { type: 'object', additionalProperties: { type: 'string' } },
					note: { type: 'string' },
					macros: {
						type: 'object',
						required: ['campaignId', 'clickId'],
						additionalProperties: macroEntry,
					},
				},
			},
		},
	},
};

describe('macros.json', () => {
	it('matches the schema (every unverified macro says where it was seen)', () => {
		const ajv = new Ajv({ allErrors: true });
		const ok = ajv.validate(schema, JSON.parse(raw));
		expect(ajv.errors ?? []).toEqual([]);
		expect(ok).toBe(true);
	});

	it('covers the required ad networks, each with a source URL', () => {
		expect(MACRO_CATALOG.networks.map((n) => n.id).sort()).toEqual(
			[
				'facebook',
				'google',
				'mgid',
				'microsoft',
				'outbrain',
				'propellerads',
				'snapchat',
				'taboola',
				'tiktok',
				'zeropark',
				'exoclick',
				'trafficjunky',
				'richads',
				'adsterra',
				'popads',
				'mintegral',
				'yandexdirect',
				'vkads',
			].sort(),
		);
		for (const n of MACRO_CATALOG.networks) expect(n.source).toMatch(/^https:\/\/[a-z0-9.-]+\//);
	});

	it('uses only known roles, and every network has campaign, ad-level and click-ID macros', () => {
		for (const n of MACRO_CATALOG.networks) {
			for (const role of Object.keys(n.macros)) expect(MACRO_CATALOG.roles[role]).toBeDefined();
			for (const role of Object.keys(n.labels)) expect(MACRO_CATALOG.roles[role]).toBeDefined();
			expect(n.macros.campaignId.macro).toBeTruthy();
		}
		expect(Object.keys(MACRO_CATALOG.defaultSlots)).toEqual([
			'campaignId',
			'adsetId',
			'adId',
			'placement',
			'clickId',
		]);
	});

	it('has the real click IDs and cost macros', () => {
		const m = (id: string, role: string) =>
			MACRO_CATALOG.networks.find((n) => n.id === id)!.macros[role];
		expect(m('facebook', 'clickId').appendedParam).toBe('fbclid');
		expect(m('google', 'clickId').macro).toBe('{gclid}');
		expect(m('tiktok', 'clickId').appendedParam).toBe('ttclid');
		expect(m('snapchat', 'clickId').appendedParam).toBe('ScCid');
		expect(m('microsoft', 'clickId').appendedParam).toBe('msclkid');
		expect(m('mgid', 'cost')).toEqual({ macro: '{click_price}', confidence: 'verified' });
	});

	it('is tracker-agnostic: names no tracker', () => {
		expect(raw).not.toMatch(/keitaro|voluum|redtrack|binom|bemob|tg ?tracker|sub_id_\d/i);
	});

	it('the README holds the table tools/macros-table.js prints', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { table, START, END } = require(join(root, 'tools/macros-table.js')) as {
			table: () => string;
			START: string;
			END: string;
		};
		const doc = readFileSync(join(root, 'README.md'), 'utf8');
		const block = doc.slice(doc.indexOf(START) + START.length, doc.indexOf(END)).trim();
		expect(block).toBe(table().trim());
		expect(doc).toMatch(/^## Connecting ad networks/m);
	});
});
