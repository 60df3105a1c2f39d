import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import { binomRequest, campaignSchema, checkAnswer } from '../api';
import { campaignField, dryRunField, readCampaignId } from '../common';
import { readCampaign } from './get';

/** Zone values from a list field: commas, spaces or new lines. */
export function parseZones(raw: unknown): string[] {
	const list = Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[\s,;]+/);
	return [...new Set(list.map((z) => z.trim()).filter(Boolean))];
}

/**
 * Campaign → Blacklist Zones: reads the campaign (`GET /campaign/{id}`), merges the zones into
 * `filters.zone` (`{type: 'black', values}`), writes the WHOLE campaign back (`PUT
 * /campaign/{id}`, so a server that replaces the object loses nothing), then reads it again and
 * checks the zones were kept. Pattern: mhhabil/binom-zone-blocker (3P); field names ASSUMED.
 * A campaign whose zone filter is a whitelist is refused (adding to it would ALLOW the zones).
 */
export const blacklistZones: ActionOperation = {
	option: {
		name: 'Blacklist Zones',
		value: 'blacklistZones',
		description: 'Add zones to (or remove them from) the zone blacklist of a campaign',
		action: 'Blacklist zones of a campaign',
	},
	write: true,
	calls: ['GET /campaign/{id}', 'PUT /campaign/{id}'],
	properties: [
		campaignField,
		{
			displayName: 'Action',
			name: 'zoneAction',
			type: 'options',
			options: [
				{ name: 'Add to Blacklist', value: 'add' },
				{ name: 'Remove From Blacklist', value: 'remove' },
			],
			default: 'add',
		},
		{
			displayName: 'Zones',
			name: 'zones',
			type: 'string',
			default: '',
			required: true,
			placeholder: '12345, 67890',
			description:
				'Zone IDs (the traffic source’s zone token values), separated by commas or new lines',
		},
		{
			...dryRunField,
			default: true,
			description:
				'Whether to only read the campaign and show the new blacklist, without writing it',
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const id = readCampaignId(this, i);
		const zones = parseZones(this.getNodeParameter('zones', i, ''));
		if (!zones.length) throw new NodeOperationError(node, 'Zones is empty', { itemIndex: i });
		const action = String(this.getNodeParameter('zoneAction', i, 'add'));
		const dryRun = this.getNodeParameter('dryRun', i, true) as boolean;

		const campaign = await readCampaign.call(this, id, i);
		const filters: IDataObject =
			campaign.filters && typeof campaign.filters === 'object' && !Array.isArray(campaign.filters)
				? { ...(campaign.filters as IDataObject) }
				: {};
		const zone = filters.zone as { type?: unknown; values?: unknown[] } | undefined;
		if (zone && zone.type !== undefined && zone.type !== 'black') {
			throw new NodeOperationError(
				node,
				`Campaign ${id} filters zones by a ${String(zone.type)} list, not a blacklist: nothing was changed`,
				{
					itemIndex: i,
					description:
						'Adding zones to a whitelist would allow them. Change the zone filter of the campaign in Binom, or edit it there.',
				},
			);
		}
		const before = parseZones(zone?.values ?? []);
		const after =
			action === 'remove'
				? before.filter((z) => !zones.includes(z))
				: [...before, ...zones.filter((z) => !before.includes(z))];
		const changed = zones.filter((z) =>
			action === 'remove' ? before.includes(z) : !before.includes(z),
		);
		const out: IDataObject = {
			tracker: 'binom',
			campaignId: id,
			campaignName: campaign.name ?? null,
			action,
			dryRun,
			zonesRequested: zones,
			zonesChanged: changed,
			zonesUnchanged: zones.filter((z) => !changed.includes(z)),
			blacklistBefore: before,
			blacklistAfter: after,
			written: false,
		};
		if (dryRun || changed.length === 0) return out;

		const body: IDataObject = {
			...campaign,
			filters: { ...filters, zone: { type: 'black', values: after } },
		};
		await binomRequest.call(this, {
			method: 'PUT',
			path: `/campaign/${id}`,
			body,
			entity: { label: 'Campaign', id },
			itemIndex: i,
		});
		const check = checkAnswer(
			node,
			campaignSchema,
			await binomRequest.call(this, {
				method: 'GET',
				path: `/campaign/${id}`,
				entity: { label: 'Campaign', id },
				itemIndex: i,
			}),
			`GET /campaign/${id}`,
			i,
		) as IDataObject;
		const kept = parseZones(
			((check.filters as IDataObject | undefined)?.zone as IDataObject | undefined)?.values ?? [],
		);
		const lostFields = Object.keys(campaign).filter((k) => k !== 'filters' && !(k in check));
		if (kept.length !== after.length || after.some((z) => !kept.includes(z)) || lostFields.length) {
			throw new NodeOperationError(
				node,
				`Binom did not keep the new zone blacklist of campaign ${id}`,
				{
					itemIndex: i,
					description: lostFields.length
						? `After the write, the campaign lacks the fields ${lostFields.join(', ')}. Check the campaign in Binom.`
						: `Read back ${kept.length} blacklisted zones instead of ${after.length}. Check the campaign in Binom.`,
				},
			);
		}
		out.written = true;
		return out;
	},
};
