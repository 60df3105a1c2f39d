/**
 * What the editor test (test/e2e/editor.test.ts) reads from n8n's editor: the workflow that holds
 * every trigger of the package and a Keitaro Cost → Update node, and the words a person sees on the
 * canvas and in an opened node (labels, shown values, placeholders). Selectors are the
 * `data-test-id`s of n8n 2.39's editor-ui bundle (node-creator-search-bar is the search input
 * itself; node-creator-item-name, canvas-node with data-node-name/data-node-type, ndv,
 * parameter-input-<name>, collection-parameter-add).
 */
import type { INodeType } from 'n8n-workflow';

import { BeMobTrigger } from '../../../nodes/BeMob/BeMobTrigger.node';
import { BinomTrigger } from '../../../nodes/Binom/BinomTrigger.node';
import { KeitaroTrigger } from '../../../nodes/Keitaro/KeitaroTrigger.node';
import { RedTrackTrigger } from '../../../nodes/RedTrack/RedTrackTrigger.node';
import { TgTrackerTrigger } from '../../../nodes/TgTracker/TgTrackerTrigger.node';
import { VoluumTrigger } from '../../../nodes/Voluum/VoluumTrigger.node';
import type { Locator, Page } from './browser';
import type { CredentialSpec } from './n8n';
import { NODE_TYPE_PREFIX } from './paths';
import {
	BEMOB_CREDENTIAL,
	BINOM_CREDENTIAL,
	KEITARO_CREDENTIAL,
	REDTRACK_CREDENTIAL,
	TGTRACKER_CREDENTIAL,
	VOLUUM_CREDENTIAL,
} from './trackers';

type TrackerKey = 'keitaro' | 'voluum' | 'redtrack' | 'binom' | 'bemob' | 'tgtracker';

/** The sandbox credential of each tracker (the ids the examples use). */
const CREDENTIALS_BY_TRACKER: Record<TrackerKey, Omit<CredentialSpec, 'data'>> = {
	keitaro: KEITARO_CREDENTIAL,
	voluum: VOLUUM_CREDENTIAL,
	redtrack: REDTRACK_CREDENTIAL,
	binom: BINOM_CREDENTIAL,
	bemob: BEMOB_CREDENTIAL,
	tgtracker: TGTRACKER_CREDENTIAL,
};

/** The minimal DOM element shape used inside `evaluateAll` (the root has no DOM typings). */
interface DomElement {
	textContent: string | null;
	innerText: string;
	value?: string;
	placeholder?: string;
	getAttribute(name: string): string | null;
	querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export interface TriggerPanel {
	/** Node name on the canvas. */
	name: string;
	tracker: TrackerKey;
	kind: 'polling' | 'postback';
}

const TRACKERS: Array<{ key: TrackerKey; label: string; type: string }> = [
	{ key: 'keitaro', label: 'Keitaro', type: 'keitaro' },
	{ key: 'voluum', label: 'Voluum', type: 'voluum' },
	{ key: 'redtrack', label: 'RedTrack', type: 'redTrack' },
	{ key: 'binom', label: 'Binom', type: 'binom' },
	{ key: 'bemob', label: 'BeMob', type: 'beMob' },
	{ key: 'tgtracker', label: 'TG Tracker', type: 'tgTracker' },
];

/** The version a new polling trigger gets in the editor (its defaultVersion): the shared layout. */
const POLLING_TRIGGERS: Record<TrackerKey, INodeType> = {
	keitaro: new KeitaroTrigger(),
	voluum: new VoluumTrigger(),
	redtrack: new RedTrackTrigger(),
	binom: new BinomTrigger(),
	bemob: new BeMobTrigger(),
	tgtracker: new TgTrackerTrigger(),
};

export function newTriggerVersion(tracker: TrackerKey): number {
	const d = POLLING_TRIGGERS[tracker].description;
	return d.defaultVersion ?? (Array.isArray(d.version) ? Math.max(...d.version) : d.version);
}

/** Polling triggers that map tracker statuses (Status Map under Options); BeMob has no conversion list. */
export const MAPS_STATUSES: TrackerKey[] = ['keitaro', 'voluum', 'redtrack', 'binom', 'tgtracker'];

/** The node picker names of the six action nodes (n8n lists a node and its trigger as one entry). */
export const PICKER_NAMES = [
	'Keitaro',
	'Voluum',
	'RedTrack',
	'Binom',
	'BeMob (Beta)',
	'TG Tracker (Beta)',
];

/** The six postback webhook triggers as the node picker names them. */
export const POSTBACK_TRIGGER_NAMES = TRACKERS.map((t) => `${t.label} Postback Trigger`);

export const COST_UPDATE_NODE = 'Keitaro Cost Update';

export const PANEL_TRIGGERS: TriggerPanel[] = TRACKERS.flatMap((t) => [
	{ name: `${t.label} Trigger`, tracker: t.key, kind: 'polling' as const },
	{ name: `${t.label} Postback Trigger`, tracker: t.key, kind: 'postback' as const },
]);

/**
 * A workflow (public API shape) with the six polling triggers, the six postback triggers (fresh,
 * default parameters, sandbox credentials where the node has one) and a Keitaro Cost → Update node.
 * It is never activated.
 */
export function panelsWorkflow(): Record<string, unknown> {
	const uuid = (n: number) => `e2e0e000-0000-4000-8000-${String(n).padStart(12, '0')}`;
	const nodes: Array<Record<string, unknown>> = [];
	TRACKERS.forEach((t, i) => {
		const credential = CREDENTIALS_BY_TRACKER[t.key];
		const credentials = { [credential.type]: { id: credential.id, name: credential.name } };
		nodes.push({
			id: uuid(10 + i),
			name: `${t.label} Trigger`,
			type: `${NODE_TYPE_PREFIX}${t.type}Trigger`,
			// A new node's version (the shared trigger layout); version 1 is held by the unit tests.
			typeVersion: newTriggerVersion(t.key),
			position: [i * 240, 0],
			parameters: {},
			credentials,
		});
		nodes.push({
			id: uuid(30 + i),
			name: `${t.label} Postback Trigger`,
			type: `${NODE_TYPE_PREFIX}${t.type}PostbackTrigger`,
			typeVersion: 1,
			position: [i * 240, 260],
			parameters: {},
			webhookId: uuid(50 + i),
			// Only Keitaro's postback trigger has an (optional) credential: it builds the postback URL.
			...(t.key === 'keitaro' ? { credentials } : {}),
		});
	});
	const keitaro = CREDENTIALS_BY_TRACKER.keitaro;
	nodes.push({
		id: uuid(90),
		name: COST_UPDATE_NODE,
		type: `${NODE_TYPE_PREFIX}keitaro`,
		typeVersion: 1,
		position: [0, 520],
		parameters: { resource: 'cost', operation: 'update' },
		credentials: { [keitaro.type]: { id: keitaro.id, name: keitaro.name } },
	});
	return { name: 'Editor e2e: every trigger panel and Cost → Update', nodes, connections: {} };
}

/** Every line of text an opened node (NDV) shows, plus the values and placeholders of its inputs. */
export async function panelWords(ndv: Locator): Promise<{
	lines: string[];
	values: string[];
	placeholders: string[];
}> {
	const lines = (await ndv.innerText())
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);
	const [inputs] = await ndv.evaluateAll((els) =>
		(els as unknown as DomElement[]).map((root) =>
			Array.from(root.querySelectorAll('input, textarea')).map((e) => ({
				value: e.value ?? '',
				placeholder: e.placeholder ?? '',
			})),
		),
	);
	return {
		lines,
		values: inputs.map((i) => i.value.trim()).filter(Boolean),
		placeholders: inputs.map((i) => i.placeholder.trim()).filter(Boolean),
	};
}

/**
 * Where `label` first stands as a line of an opened node (n8n may add a required-marker after it),
 * or -1.
 */
export function labelIndex(lines: string[], label: string): number {
	return lines.findIndex((l) => l === label || l.startsWith(`${label} `) || l === `${label}*`);
}

/** The visible lines of the package's nodes on the canvas besides their names (their subtitles). */
export async function canvasSubtitles(
	page: Page,
): Promise<Array<{ node: string; lines: string[] }>> {
	const nodes = await page
		.locator(`[data-test-id="canvas-node"][data-node-type^="${NODE_TYPE_PREFIX}"]`)
		.evaluateAll((els) =>
			(els as unknown as DomElement[]).map((e) => ({
				node: e.getAttribute('data-node-name') ?? '',
				text: e.innerText,
			})),
		);
	return nodes.map(({ node, text }) => ({
		node,
		lines: text
			.split('\n')
			.map((l) => l.trim())
			// n8n's own words on a node: its name, the hover button, run badges.
			.filter((l) => l && l !== node && !/^(Execute workflow|\d+ items?|Deactivated)$/.test(l)),
	}));
}

/** Texts of the items of the select dropdown that is open now. */
export async function openDropdownItems(page: Page): Promise<string[]> {
	return await page
		.locator('.el-select-dropdown:visible .el-select-dropdown__item')
		.evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
}
