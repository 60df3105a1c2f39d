import { postbackTriggerNode } from '../shared/webhook';
import { TGTRACKER_POSTBACK_MACROS } from './postback/macros';

/**
 * Real-time TG Tracker conversions: paste the URL the node shows into TG Tracker; the shared webhook
 * engine (nodes/shared/webhook, node built by its factory) checks the secret, deduplicates and maps
 * the postback to a canonical conversion using TG Tracker's macro table (./postback/macros.ts).
 */
export class TgTrackerPostbackTrigger extends postbackTriggerNode({
	brand: 'TG Tracker',
	name: 'tgTrackerPostbackTrigger',
	icon: 'tgtracker',
	table: TGTRACKER_POSTBACK_MACROS,
}) {}
