import { postbackTriggerNode } from '../shared/webhook';
import { BEMOB_POSTBACK_MACROS } from './postback/macros';

/**
 * Real-time BeMob conversions: paste the URL the node shows into BeMob; the shared webhook
 * engine (nodes/shared/webhook, node built by its factory) checks the secret, deduplicates and maps
 * the postback to a canonical conversion using BeMob's macro table (./postback/macros.ts).
 */
export class BeMobPostbackTrigger extends postbackTriggerNode({
	brand: 'BeMob',
	name: 'beMobPostbackTrigger',
	icon: 'bemob',
	table: BEMOB_POSTBACK_MACROS,
}) {}
