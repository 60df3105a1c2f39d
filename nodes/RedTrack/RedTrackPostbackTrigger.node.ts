import { postbackTriggerNode } from '../shared/webhook';
import { REDTRACK_POSTBACK_MACROS } from './postback/macros';

/**
 * Real-time RedTrack conversions: paste the URL the node shows into RedTrack; the shared webhook
 * engine (nodes/shared/webhook, node built by its factory) checks the secret, deduplicates and maps
 * the postback to a canonical conversion using RedTrack's macro table (./postback/macros.ts).
 */
export class RedTrackPostbackTrigger extends postbackTriggerNode({
	brand: 'RedTrack',
	name: 'redTrackPostbackTrigger',
	icon: 'redtrack',
	table: REDTRACK_POSTBACK_MACROS,
}) {}
