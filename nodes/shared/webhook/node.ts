/**
 * Building blocks of a postback trigger node: the setup notice with the tracker's macros filled in,
 * and the activation check of a paste-the-URL trigger.
 */
import type { IHookFunctions } from 'n8n-workflow';

import { macroQuery } from '../postback/macros';
import type { PostbackMacroTable } from '../postback/macros';
import { SECRET_QUERY_PARAM } from './description';
import { assertPostbackSettings } from './engine';

/**
 * The notice shown in the node: the suffix to append to the Production URL above, with the
 * tracker's macros in place.
 */
export function setupNotice(table: PostbackMacroTable): string {
	return `URL to paste into ${table.name}: the Production URL above followed by ?${SECRET_QUERY_PARAM}=<your secret>&${macroQuery(table)} — ${table.setupHint}`;
}

/**
 * `webhookMethods` of a paste-the-URL trigger: nothing to register at the tracker, but activation
 * fails with a sentence when the settings are wrong (no secret, a bad IP list or status map line).
 */
export function validatingWebhookMethods(table: PostbackMacroTable) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				assertPostbackSettings(this, table);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};
}
