/**
 * "Act on Sample Items" on every write operation of every tracker (issue 14): an input item carrying
 * the sample marker of a trigger's test fetch is refused by default with the shared plain sentence
 * and nothing is sent; with the switch on the same item is acted on. "Acted on" is shown with the
 * operation's Dry Run: its output describes what it would send, and no request leaves the node
 * (the credential points at an unresolvable host, so a request would fail the test). A dry run that
 * first reads from the tracker (`reads`: a cost upload reads the campaign, a zone blacklist reads the
 * campaign's zones) is acted on when that read is sent, and it then fails only on the host.
 */
import type {
	ICredentialType,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { BeMobApi } from '../../../credentials/BeMobApi.credentials';
import { BinomApi } from '../../../credentials/BinomApi.credentials';
import { RedTrackApi } from '../../../credentials/RedTrackApi.credentials';
import { TgTrackerApi } from '../../../credentials/TgTrackerApi.credentials';
import { VoluumApi } from '../../../credentials/VoluumApi.credentials';
import { BeMob } from '../../../nodes/BeMob/BeMob.node';
import { Binom } from '../../../nodes/Binom/Binom.node';
import { RedTrack } from '../../../nodes/RedTrack/RedTrack.node';
import { TgTracker } from '../../../nodes/TgTracker/TgTracker.node';
import { Voluum } from '../../../nodes/Voluum/Voluum.node';
import { resources as voluumResources } from '../../../nodes/Voluum/actions';
import { resources as redTrackResources } from '../../../nodes/RedTrack/actions';
import { resources as binomResources } from '../../../nodes/Binom/actions';
import { resources as beMobResources } from '../../../nodes/BeMob/actions';
import { resources as tgTrackerResources } from '../../../nodes/TgTracker/actions';
import { listActionOperations, type ActionResource } from '../../../nodes/shared/actions';
import { ALLOW_SAMPLE_PARAMETER, SAMPLE_MARKER } from '../../../nodes/shared/safety';
import { Harness, createContext } from '../../helpers/n8n';

const HOST = 'https://tracker.invalid';
const POSTBACK = {
	trackingDomain: 'https://track.example.com',
	postbackClickId: 'abc123',
	dryRun: true,
};

interface Tracker {
	name: string;
	node: () => INodeType;
	credential: ICredentialType;
	data: Record<string, string | boolean>;
	resources: ActionResource[];
	/** Parameters of each write operation for a dry run ('resource.operation'). */
	writes: Record<string, INodeParameters>;
	/** Write operations whose dry run reads from the tracker first. */
	reads?: string[];
}

const trackers: Tracker[] = [
	{
		name: 'Voluum',
		node: () => new Voluum(),
		credential: new VoluumApi(),
		data: { url: HOST, accessId: 'id', accessKey: 'key' },
		resources: voluumResources,
		reads: ['cost.update'],
		writes: {
			'conversion.upload': { clickId: 'abc123', dryRun: true },
			'conversion.sendPostback': POSTBACK,
			'cost.update': {
				campaignId: 'c1',
				cost: 10,
				dateFrom: '2025-06-01',
				dateTo: '2025-06-02',
				options: { dryRun: true },
			},
		},
	},
	{
		name: 'RedTrack',
		node: () => new RedTrack(),
		credential: new RedTrackApi(),
		data: { url: HOST, apiKey: 'key' },
		resources: redTrackResources,
		reads: ['cost.update'],
		writes: {
			'conversion.upload': { clickid: 'abc123', dryRun: true },
			'conversion.sendPostback': POSTBACK,
			'cost.update': {
				campaignId: 'c1',
				cost: 10,
				dateFrom: '2025-06-01',
				dateTo: '2025-06-02',
				options: { dryRun: true },
			},
			'campaign.setStatus': { ids: 'c1', status: 'paused', dryRun: true },
			'offer.setStatus': { ids: 'o1', status: 'paused', dryRun: true },
		},
	},
	{
		name: 'Binom',
		node: () => new Binom(),
		credential: new BinomApi(),
		data: { url: HOST, apiKey: 'key' },
		resources: binomResources,
		reads: ['campaign.blacklistZones'],
		writes: {
			'conversion.send': { clickId: 'abc123', payout: 5, dryRun: true },
			'cost.update': {
				campaignId: '1',
				segmentValue: 'all',
				cost: 10,
				datePreset: 'custom',
				dateFrom: '2025-06-01',
				dateTo: '2025-06-02',
				dryRun: true,
			},
			'campaign.blacklistZones': { campaignId: '1', zones: 'z1', dryRun: true },
			'rotation.pause': { element: 'path', campaignId: '1', pathId: 1, dryRun: true },
			'rotation.unpause': { element: 'path', campaignId: '1', pathId: 1, dryRun: true },
		},
	},
	{
		name: 'BeMob',
		node: () => new BeMob(),
		credential: new BeMobApi(),
		data: { url: HOST, apiKey: 'key' },
		resources: beMobResources,
		writes: { 'conversion.sendPostback': POSTBACK },
	},
	{
		name: 'TG Tracker',
		node: () => new TgTracker(),
		credential: new TgTrackerApi(),
		data: { url: HOST, apiKey: 'key', botKey: 'bot', botUrl: HOST },
		resources: tgTrackerResources,
		writes: { 'goal.reachGoal': { userId: '123', goal: 'purchase', dryRun: true } },
	},
];

async function run(t: Tracker, key: string, act: boolean | undefined) {
	const [resource, operation] = key.split('.');
	const harness = new Harness().addCredential(t.credential, t.data);
	const parameters: INodeParameters = { resource, operation, ...t.writes[key] };
	if (act !== undefined) parameters[ALLOW_SAMPLE_PARAMETER] = act;
	const node = t.node();
	const ctx = createContext<IExecuteFunctions>({
		harness,
		nodeType: node,
		parameters,
		items: [{ json: { [SAMPLE_MARKER]: true, event: 'conversion.sample' } }],
	});
	try {
		const out = (await node.execute!.call(ctx)) as INodeExecutionData[][];
		return { out: out[0], sent: harness.sent.length };
	} catch (error) {
		return { error: error as Error & { description?: string }, sent: harness.sent.length };
	}
}

describe.each(trackers)('$name: Act on Sample Items on every write', (t) => {
	const writes = listActionOperations(t.resources).filter((o) => o.op.write);

	it('lists every write operation of the node', () => {
		expect(writes.map((w) => w.key).sort()).toEqual(Object.keys(t.writes).sort());
	});

	it('every write operation shows the switch, off by default', () => {
		const props = t.node().description.properties;
		for (const w of writes) {
			const sw = props.filter(
				(p) =>
					p.name === ALLOW_SAMPLE_PARAMETER &&
					p.displayOptions?.show?.resource?.includes(w.resource) &&
					p.displayOptions?.show?.operation?.includes(w.operation),
			);
			expect([w.key, sw.length, sw[0]?.default, sw[0]?.displayName]).toEqual([
				w.key,
				1,
				false,
				'Act on Sample Items',
			]);
		}
	});

	it.each(writes.map((w) => w.key))('%s: a sample item is refused by default', async (key) => {
		for (const act of [undefined, false]) {
			const r = await run(t, key, act);
			expect(r.error?.message).toMatch(
				/^Refused to .+: input item 1 is sample data from a test fetch, not a real event$/,
			);
			expect(r.error?.description).toMatch(/switch on "Act on Sample Items"/);
			expect(r.sent).toBe(0);
		}
	});

	it.each(writes.map((w) => w.key))('%s: switched on, a sample item is acted on', async (key) => {
		const r = await run(t, key, true);
		if (t.reads?.includes(key)) {
			expect(r.error?.message).toMatch(/tracker\.invalid could not be found/);
			expect(r.sent).toBeGreaterThan(0);
			return;
		}
		expect(r.error).toBeUndefined();
		expect(r.out).toHaveLength(1);
		expect(r.out![0].json).not.toHaveProperty('error');
		expect(r.sent).toBe(0);
	});
});
