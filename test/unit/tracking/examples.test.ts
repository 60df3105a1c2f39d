/**
 * The example workflows of the Tracking resource: importable shape (fixed id, Manual Trigger,
 * our node type, credential by id, Sheets disabled), every Keitaro parameter known to the node
 * for its operation, and the cost-sync example running against the Keitaro mock.
 */
import type { INode, INodeParameters, IDataObject } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';

import { Keitaro } from '../../../nodes/Keitaro/Keitaro.node';
import { startKeitaroMock } from '../../mock-servers/keitaro/server';
import { runLive } from '../keitaro/data/live';

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	parameters: INodeParameters;
	disabled?: boolean;
	credentials?: Record<string, { id: string; name: string }>;
}
interface Workflow {
	id: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const load = (file: string) =>
	JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'examples', file), 'utf8')) as Workflow;

const FILES = ['13-keitaro-ad-spend-reconciliation.json', '14-keitaro-ad-id-mapping-to-google-sheets.json'];

describe.each(FILES)('examples/%s', (file) => {
	const wf = load(file);
	const keitaro = wf.nodes.filter((n) => n.type === 'n8n-nodes-affiliate-trackers.keitaro');

	it('has a fixed id, starts with a Manual Trigger and wires every node', () => {
		expect(wf.id).toMatch(/^[A-Za-z0-9]{8,}$/);
		expect(wf.nodes.filter((n) => n.type === 'n8n-nodes-base.manualTrigger')).toHaveLength(1);
		for (const [from, c] of Object.entries(wf.connections)) {
			expect(wf.nodes.some((n) => n.name === from)).toBe(true);
			for (const to of c.main.flat()) expect(wf.nodes.some((n) => n.name === to.node)).toBe(true);
		}
		for (const n of wf.nodes.filter((x) => x.type === 'n8n-nodes-base.googleSheets'))
			expect(n.disabled).toBe(true);
	});

	it('uses our Keitaro node with the keitaro-sandbox credential and only parameters it knows', () => {
		expect(keitaro.length).toBeGreaterThan(0);
		const type = new Keitaro();
		for (const n of keitaro) {
			expect(n.credentials).toEqual({
				keitaroApi: { id: 'keitaro-sandbox', name: 'Keitaro sandbox' },
			});
			const node = { ...n, position: [0, 0] } as unknown as INode;
			const resolved = NodeHelpers.getNodeParameters(
				type.description.properties,
				n.parameters,
				true,
				false,
				node,
				type.description,
			);
			for (const [key, value] of Object.entries(n.parameters)) {
				expect([key, resolved?.[key]]).toEqual([key, value]);
			}
		}
	});
});

describe('examples/13-keitaro-ad-spend-reconciliation.json against the mock', () => {
	it('runs: the sample rows are reconciled, none is lost silently', async () => {
		const wf = load('13-keitaro-ad-spend-reconciliation.json');
		const code = wf.nodes.find((n) => n.type === 'n8n-nodes-base.code')!;
		const items = runInNewContext(`(() => {${String(code.parameters.jsCode)}})()`, {
			Date,
		}) as Array<{
			json: IDataObject;
		}>;
		const keitaro = wf.nodes.find((n) => n.type === 'n8n-nodes-affiliate-trackers.keitaro')!;
		const mock = await startKeitaroMock({
			seed: 5,
			seedData: { days: 2, clicksPerDay: 300 },
			// Seeded relative to today's UTC midnight, the same instant the example's "yesterday"
			// is cut from, so the clicks that fall into yesterday do not depend on the hour the
			// suite runs at.
			now: Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()),
		});
		try {
			const params = {
				...keitaro.parameters,
				options: { ...(keitaro.parameters.options as IDataObject), readbackWait: 0 },
			};
			const { json } = await runLive(mock, params, { items });
			expect(json).toHaveLength(3);
			// Ad set …11 has clicks yesterday (the sandbox's Facebook clicks carry ad set ids in
			// sub_id_2): its cost lands. Ad set …99 has none: flagged as lost spend, not sent.
			// Ad set …13 has clicks but is reported in EUR and Berlin time: sent, and flagged.
			expect(['matched', 'converted']).toContain(json[0].status);
			expect(json[0]).toMatchObject({ lostSpend: false, currencyMismatch: false });
			expect(json[1]).toMatchObject({ status: 'no clicks (not sent)', lostSpend: true });
			expect(['matched', 'converted']).toContain(json[2].status);
			expect(json[2]).toMatchObject({
				lostSpend: false,
				currency: 'EUR',
				currencyMismatch: true,
				timezone: 'Europe/Berlin',
			});
		} finally {
			await mock.close();
		}
	});
});
