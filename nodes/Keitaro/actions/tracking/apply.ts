import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveCampaignId, resolveEntityId } from '../common/crud';
import { campaignLocator } from '../common/descriptions';
import { trafficSourceEntity } from '../common/entities';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';
import { generateFor, generatorProperties } from './generate';

const ACTION = 'Apply tracking parameters to a traffic source or campaign';

/**
 * Tracking → Apply Tracking Parameters: what Generate Tracking Parameters builds, stored on a
 * Keitaro traffic source or campaign in one step (no JSON to paste).
 *
 * Whether Keitaro's PUT replaces the whole `parameters` object or merges keys is not documented, so
 * the node reads the entity first and sends the whole object: the entity's other parameters, with
 * the generated ones put over them. The answer is then exact under either behaviour. Dry Run reads
 * the entity and shows what would change, and sends nothing. Without Dry Run, the router's write
 * guard applies before any request (nodes/shared/safety: read-only credential, sample items).
 */
export const applyParameters: KeitaroOperation = {
	option: {
		name: 'Apply Tracking Parameters',
		value: 'applyParameters',
		action: ACTION,
		description:
			'Generate the tracking parameters for an ad network and store them on a traffic source or campaign',
	},
	spec: [
		'GET /traffic_sources/{id}',
		'PUT /traffic_sources/{id}',
		'GET /campaigns',
		'GET /campaigns/{id}',
		'PUT /campaigns/{id}',
	],
	write: true,
	properties: [
		{
			displayName: 'Apply To',
			name: 'applyTo',
			type: 'options',
			options: [
				{
					name: 'Traffic Source',
					value: 'trafficSource',
					description: 'Every campaign of the source inherits the parameters',
				},
				{ name: 'Campaign', value: 'campaign', description: 'Only this campaign' },
			],
			default: 'trafficSource',
		},
		{ ...trafficSourceEntity.locator, displayOptions: { show: { applyTo: ['trafficSource'] } } },
		{ ...campaignLocator, displayOptions: { show: { applyTo: ['campaign'] } } },
		...generatorProperties,
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description:
				'Whether to only read the traffic source or campaign and show what would change, sending nothing',
		},
	],

	async execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
		const generated = generateFor(this, i);
		const target = this.getNodeParameter('applyTo', i, 'trafficSource') as string;
		if (target !== 'trafficSource' && target !== 'campaign') {
			throw new NodeOperationError(this.getNode(), `Apply To: unknown target "${String(target)}"`, {
				itemIndex: i,
			});
		}
		const isSource = target === 'trafficSource';
		const id = isSource
			? await resolveEntityId.call(this, trafficSourceEntity, i)
			: await resolveCampaignId.call(this, i);
		const path = isSource ? `/traffic_sources/${id}` : `/campaigns/${id}`;
		const label = isSource ? 'Traffic source' : 'Campaign';
		const dryRun = this.getNodeParameter('dryRun', i, false) === true;

		const current = (await keitaroApiRequest.call(this, 'GET', path, {
			entity: { label, id },
			itemIndex: i,
		})) as IDataObject;
		const before = currentParameters(this, i, current?.parameters, `${label} ${id}`);
		const wanted = generated.parameters as IDataObject;
		const parameters: IDataObject = { ...before, ...wanted };
		const changed = Object.keys(wanted).filter((k) => !sameJson(before[k], wanted[k]));

		const out: IDataObject = {
			dryRun,
			applied: false,
			target,
			id: Number(id),
			changedParameters: changed,
			before: pick(before, Object.keys(wanted)),
			parameters: wanted,
			urlParameters: generated.urlParameters,
			adNetwork: generated.adNetwork,
			warnings: generated.warnings,
			unverified: generated.unverified,
		};
		if (dryRun || !changed.length) return out;

		await keitaroApiRequest.call(this, 'PUT', path, {
			body: { parameters },
			entity: { label, id },
			itemIndex: i,
		});
		return { ...out, applied: true };
	},
};

/**
 * The entity's `parameters` as Keitaro gave them: an object, a JSON-encoded object (some versions
 * answer campaigns that way), or nothing / an empty list (PHP's empty array). Anything else stops
 * the node before a write, so parameters it cannot read are never overwritten.
 */
function currentParameters(
	ctx: IExecuteFunctions,
	i: number,
	raw: unknown,
	what: string,
): IDataObject {
	if (raw === undefined || raw === null || raw === '') return {};
	let value: unknown = raw;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			value = undefined;
		}
	}
	if (Array.isArray(value) && value.length === 0) return {};
	if (!isPlainObject(value)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${what}: Keitaro's "parameters" field is not an object the node can read, so nothing was changed`,
			{ itemIndex: i },
		);
	}
	return value;
}

function isPlainObject(v: unknown): v is IDataObject {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sameJson(a: unknown, b: unknown): boolean {
	return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function pick(obj: IDataObject, keys: string[]): IDataObject {
	const out: IDataObject = {};
	for (const k of keys) out[k] = obj[k] ?? null;
	return out;
}
