/**
 * The paste-the-URL postback trigger nodes built by the shared factory
 * (nodes/shared/webhook/factory.ts): n8n's icon lint does not see through the factory, so the
 * icons it names are checked here (files exist next to the node file, light ≠ dark), with the
 * parts every node must have. Their descriptions were byte-identical to the hand-written ones when
 * the factory replaced them (JSON dump before/after, see the commit).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { INodeType } from 'n8n-workflow';

import { BeMobPostbackTrigger } from '../../../nodes/BeMob/BeMobPostbackTrigger.node';
import { BinomPostbackTrigger } from '../../../nodes/Binom/BinomPostbackTrigger.node';
import { RedTrackPostbackTrigger } from '../../../nodes/RedTrack/RedTrackPostbackTrigger.node';
import { TgTrackerPostbackTrigger } from '../../../nodes/TgTracker/TgTrackerPostbackTrigger.node';
import { VoluumPostbackTrigger } from '../../../nodes/Voluum/VoluumPostbackTrigger.node';

const nodes: Array<[string, string, INodeType]> = [
	['BeMob', 'BeMob', new BeMobPostbackTrigger()],
	['Binom', 'Binom', new BinomPostbackTrigger()],
	['RedTrack', 'RedTrack', new RedTrackPostbackTrigger()],
	['TgTracker', 'TG Tracker', new TgTrackerPostbackTrigger()],
	['Voluum', 'Voluum', new VoluumPostbackTrigger()],
];

describe.each(nodes)('%s Postback Trigger (factory)', (folder, brand, node) => {
	const d = node.description;

	it('names itself and its icons, which exist next to the node file', () => {
		expect(d.displayName).toBe(`${brand} Postback Trigger`);
		expect(d.name).toBe(`${folder.charAt(0).toLowerCase()}${folder.slice(1)}PostbackTrigger`);
		const icon = d.icon as { light: string; dark: string };
		expect(icon.light).not.toBe(icon.dark);
		for (const file of [icon.light, icon.dark]) {
			expect(file).toMatch(/^file:[a-z]+(\.dark)?\.svg$/);
			expect(existsSync(path.join(__dirname, '../../../nodes', folder, file.slice(5)))).toBe(true);
		}
	});

	it('is a webhook trigger with the shared parameters, activation check and handler', () => {
		expect(d.group).toEqual(['trigger']);
		expect(d.inputs).toEqual([]);
		expect(d.webhooks?.length).toBeGreaterThan(0);
		expect(d.properties.some((p) => p.type === 'notice' && p.displayName.includes(`into ${brand}`))).toBe(true);
		expect(Object.keys(node.webhookMethods?.default ?? {}).sort()).toEqual(['checkExists', 'create', 'delete']);
		expect(typeof node.webhook).toBe('function');
	});
});
