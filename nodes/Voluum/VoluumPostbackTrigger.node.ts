import { postbackTriggerNode } from '../shared/webhook';
import { VOLUUM_POSTBACK_MACROS } from './postback/macros';

/**
 * Real-time Voluum conversions: paste the URL the node shows into Voluum; the shared webhook
 * engine (nodes/shared/webhook, node built by its factory) checks the secret, deduplicates and maps
 * the postback to a canonical conversion using Voluum's macro table (./postback/macros.ts).
 */
export class VoluumPostbackTrigger extends postbackTriggerNode({
	brand: 'Voluum',
	name: 'voluumPostbackTrigger',
	icon: 'voluum',
	table: VOLUUM_POSTBACK_MACROS,
}) {}
