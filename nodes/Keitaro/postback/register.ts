/**
 * Self-registration of the Keitaro Postback Trigger (n8n `webhookMethods`): on activation it adds
 * one S2S postback pointing at this node to each campaign the user picked (campaign `postbacks`,
 * keitaro-admin-api.md §7.1) or sets a traffic source's `postback_url` (§7.6); on deactivation it
 * removes exactly what it added. What is "ours" is recognised by the webhook path in the URL
 * (`/<webhook id>/postback`), which only this node uses; nothing else is touched.
 *
 * Assumptions (labelled in the README):
 * - `PUT /campaigns/{id}` with `postbacks` replaces the whole list (as arrays do on flow PUTs,
 *   §1.5). The node sends the list it read plus its own entry, then reads the campaign back and
 *   checks that its entry is there once and every other postback is unchanged; otherwise it stops
 *   with a sentence instead of guessing.
 * - A traffic source holds one postback URL. If it already points elsewhere, the node refuses
 *   rather than overwrite the user's URL.
 * Static data keeps only campaign / source ids (never the URL, which carries the secret).
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { buildInboundUrl } from '../../shared/postback/macros';
import { SECRET_QUERY_PARAM, assertPostbackSettings } from '../../shared/webhook';
import { keitaroApiRequest, unwrapSingle } from '../transport';
import { KEITARO_POSTBACK_MACROS } from './macros';

export const KEITARO_POSTBACK_STATUSES = ['lead', 'sale', 'rejected', 'rebill'] as const;

const postbackSchema = z
	.object({
		id: z.union([z.number(), z.string()]).optional().nullable(),
		url: z.string().optional().nullable(),
		method: z.string().optional().nullable(),
		statuses: z.array(z.string()).optional().nullable(),
	})
	.passthrough();

const campaignSchema = z
	.object({
		id: z.union([z.number(), z.string()]),
		name: z.string().optional().nullable(),
		postbacks: z.array(postbackSchema).optional().nullable(),
	})
	.passthrough();

const sourceSchema = z
	.object({
		id: z.union([z.number(), z.string()]),
		name: z.string().optional().nullable(),
		postback_url: z.string().optional().nullable(),
		postback_statuses: z.array(z.string()).optional().nullable(),
	})
	.passthrough();

type Postback = z.infer<typeof postbackSchema>;

function parseOrThrow<T>(
	ctx: IHookFunctions,
	schema: z.ZodType<T>,
	data: unknown,
	what: string,
): T {
	const parsed = schema.safeParse(unwrapSingle(data as T));
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new NodeOperationError(
			ctx.getNode(),
			`Keitaro answered with an unexpected ${what}: field "${issue.path.join('.') || '(root)'}" ${issue.message.toLowerCase()}`,
		);
	}
	return parsed.data;
}

interface Registration {
	kind: 'campaigns' | 'trafficSource';
	ids: string[];
}

const STATIC_KEY = 'keitaroPostbackRegistration';

function mode(ctx: IHookFunctions): 'campaigns' | 'trafficSource' | 'manual' {
	const m = ctx.getNodeParameter('registration', 'campaigns') as string;
	return m === 'trafficSource' || m === 'manual' ? m : 'campaigns';
}

function selectedIds(ctx: IHookFunctions): string[] {
	if (mode(ctx) === 'trafficSource') {
		const id = String(ctx.getNodeParameter('trafficSourceId', '') ?? '').trim();
		return id ? [id] : [];
	}
	const raw = ctx.getNodeParameter('campaignIds', []) as unknown;
	const list = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
	return [...new Set(list.map((v) => String(v).trim()).filter((v) => /^\d+$/.test(v)))];
}

/** The URL Keitaro will call: webhook URL (+ secret) + Keitaro's macros. */
export function keitaroPostbackUrl(ctx: IHookFunctions): string {
	const settings = assertPostbackSettings(ctx, KEITARO_POSTBACK_MACROS);
	let base = ctx.getNodeWebhookUrl('default') ?? '';
	if (settings.secretLocation === 'path') {
		base = base.replace(/\/:secret$/, `/${encodeURIComponent(settings.secret)}`);
		return buildInboundUrl(base, KEITARO_POSTBACK_MACROS);
	}
	return buildInboundUrl(base, KEITARO_POSTBACK_MACROS, {
		param: SECRET_QUERY_PARAM,
		value: settings.secret,
	});
}

/** Path part that identifies this node's URL: `/webhook/<id>/postback` (or `/webhook-test/…`). */
export function ownMarker(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default') ?? '';
	let path = url;
	try {
		path = new URL(url).pathname;
	} catch {
		// keep the raw text
	}
	const at = path.lastIndexOf('/postback');
	return at >= 0 ? path.slice(0, at + '/postback'.length) : path;
}

function isOurs(url: unknown, marker: string): boolean {
	if (typeof url !== 'string' || marker === '') return false;
	try {
		const p = new URL(url).pathname;
		return p === marker || p.startsWith(`${marker}/`);
	} catch {
		return url.includes(`${marker}?`) || url.includes(`${marker}/`);
	}
}

function statuses(ctx: IHookFunctions): string[] {
	const raw = ctx.getNodeParameter('statuses', [...KEITARO_POSTBACK_STATUSES]) as unknown;
	const list = (Array.isArray(raw) ? raw : [])
		.map((s) => String(s))
		.filter((s) => (KEITARO_POSTBACK_STATUSES as readonly string[]).includes(s));
	return list.length ? list : [...KEITARO_POSTBACK_STATUSES];
}

async function getCampaign(ctx: IHookFunctions, id: string) {
	const data = await keitaroApiRequest.call(ctx, 'GET', `/campaigns/${id}`, {
		entity: { label: 'Campaign', id },
	});
	return parseOrThrow(ctx, campaignSchema, data, 'campaign');
}

async function getSource(ctx: IHookFunctions, id: string) {
	const data = await keitaroApiRequest.call(ctx, 'GET', `/traffic_sources/${id}`, {
		entity: { label: 'Traffic source', id },
	});
	return parseOrThrow(ctx, sourceSchema, data, 'traffic source');
}

function isNotFound(error: unknown): boolean {
	const e = error as { httpCode?: string; context?: IDataObject };
	return e?.httpCode === '404';
}

function loadRegistration(ctx: IHookFunctions): Registration | undefined {
	const data = ctx.getWorkflowStaticData('node');
	const reg = data[STATIC_KEY] as Registration | undefined;
	return reg && Array.isArray(reg.ids) ? reg : undefined;
}

function saveRegistration(ctx: IHookFunctions, reg: Registration | undefined): void {
	const data = ctx.getWorkflowStaticData('node');
	if (reg) data[STATIC_KEY] = { kind: reg.kind, ids: [...reg.ids] };
	else delete data[STATIC_KEY];
}

/** Comparable form of a postback (what the node must leave unchanged). */
function fingerprint(p: Postback): string {
	return JSON.stringify([p.url ?? '', (p.method ?? '').toUpperCase(), [...(p.statuses ?? [])].sort()]);
}

export async function keitaroPostbackCheckExists(this: IHookFunctions): Promise<boolean> {
	const m = mode(this);
	assertPostbackSettings(this, KEITARO_POSTBACK_MACROS);
	if (m === 'manual') return true;
	const ids = selectedIds(this);
	if (!ids.length) {
		throw new NodeOperationError(
			this.getNode(),
			m === 'campaigns'
				? 'Pick at least one campaign to add the postback to, or choose "Paste the URL Myself".'
				: 'Pick the traffic source to set the postback on, or choose "Paste the URL Myself".',
		);
	}
	const marker = ownMarker(this);
	for (const id of ids) {
		if (m === 'campaigns') {
			const c = await getCampaign(this, id);
			if (!(c.postbacks ?? []).some((p) => isOurs(p.url, marker))) return false;
		} else {
			const s = await getSource(this, id);
			if (!isOurs(s.postback_url, marker)) return false;
		}
	}
	saveRegistration(this, { kind: m, ids });
	return true;
}

export async function keitaroPostbackCreate(this: IHookFunctions): Promise<boolean> {
	const m = mode(this);
	if (m === 'manual') return true;
	const url = keitaroPostbackUrl(this);
	const marker = ownMarker(this);
	const wanted = statuses(this);
	const ids = selectedIds(this);
	const done: string[] = [];
	for (const id of ids) {
		if (m === 'campaigns') {
			const before = await getCampaign(this, id);
			const existing = before.postbacks ?? [];
			if (existing.some((p) => isOurs(p.url, marker))) {
				done.push(id);
				continue;
			}
			const others = existing.map(fingerprint).sort();
			const body = {
				postbacks: [
					...existing.map((p) => ({ ...p }) as IDataObject),
					{ method: 'GET', statuses: wanted, url },
				],
			};
			await keitaroApiRequest.call(this, 'PUT', `/campaigns/${id}`, {
				body,
				entity: { label: 'Campaign', id },
			});
			const after = await getCampaign(this, id);
			const list = after.postbacks ?? [];
			const ours = list.filter((p) => isOurs(p.url, marker));
			const rest = list.filter((p) => !isOurs(p.url, marker)).map(fingerprint).sort();
			if (ours.length !== 1 || JSON.stringify(rest) !== JSON.stringify(others)) {
				saveRegistration(this, { kind: m, ids: [...done, id] });
				throw new NodeOperationError(
					this.getNode(),
					`Keitaro did not store the postback on campaign ${id} as expected (its S2S postback list changed in another way). Check the campaign's S2S Postbacks tab, or choose "Paste the URL Myself".`,
				);
			}
		} else {
			const before = await getSource(this, id);
			const current = (before.postback_url ?? '').trim();
			if (current !== '' && !isOurs(current, marker)) {
				throw new NodeOperationError(
					this.getNode(),
					`Traffic source ${id} already sends postbacks to another URL, and Keitaro keeps one URL per traffic source. Add the postback to campaigns instead, or clear that URL first.`,
				);
			}
			await keitaroApiRequest.call(this, 'PUT', `/traffic_sources/${id}`, {
				body: { postback_url: url, postback_statuses: wanted },
				entity: { label: 'Traffic source', id },
			});
			const after = await getSource(this, id);
			if (!isOurs(after.postback_url, marker)) {
				throw new NodeOperationError(
					this.getNode(),
					`Keitaro did not store the postback URL on traffic source ${id}.`,
				);
			}
		}
		done.push(id);
	}
	saveRegistration(this, { kind: m, ids: done });
	return true;
}

export async function keitaroPostbackDelete(this: IHookFunctions): Promise<boolean> {
	const saved = loadRegistration(this);
	const m = saved?.kind ?? mode(this);
	if (m === ('manual' as string)) return true;
	const ids = [...new Set([...(saved?.ids ?? []), ...(mode(this) === m ? selectedIds(this) : [])])];
	const marker = ownMarker(this);
	for (const id of ids) {
		try {
			if (m === 'campaigns') {
				const c = await getCampaign(this, id);
				const list = c.postbacks ?? [];
				const keep = list.filter((p) => !isOurs(p.url, marker));
				if (keep.length === list.length) continue;
				await keitaroApiRequest.call(this, 'PUT', `/campaigns/${id}`, {
					body: { postbacks: keep.map((p) => ({ ...p }) as IDataObject) },
					entity: { label: 'Campaign', id },
				});
			} else {
				const s = await getSource(this, id);
				if (!isOurs(s.postback_url, marker)) continue;
				await keitaroApiRequest.call(this, 'PUT', `/traffic_sources/${id}`, {
					body: { postback_url: '', postback_statuses: [] },
					entity: { label: 'Traffic source', id },
				});
			}
		} catch (error) {
			// A campaign or source deleted meanwhile has nothing left to remove.
			const failure: unknown = error;
			if (isNotFound(failure)) continue;
			if (failure instanceof NodeApiError || failure instanceof NodeOperationError) throw failure;
			throw new NodeOperationError(this.getNode(), failure as Error);
		}
	}
	saveRegistration(this, undefined);
	return true;
}
