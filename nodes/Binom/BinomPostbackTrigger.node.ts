import { postbackTriggerNode } from '../shared/webhook';
import { BINOM_POSTBACK_MACROS } from './postback/macros';

/**
 * Real-time Binom conversions: paste the URL the node shows into Binom; the shared webhook
 * engine (nodes/shared/webhook, node built by its factory) checks the secret, deduplicates and maps
 * the postback to a canonical conversion using Binom's macro table (./postback/macros.ts).
 */
export class BinomPostbackTrigger extends postbackTriggerNode({
	brand: 'Binom',
	name: 'binomPostbackTrigger',
	icon: 'binom',
	table: BINOM_POSTBACK_MACROS,
}) {}
