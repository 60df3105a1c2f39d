/**
 * Building blocks of a postback trigger node: the setup notice with the tracker's macros filled in.
 */
import { macroQuery } from '../postback/macros';
import type { PostbackMacroTable } from '../postback/macros';
import { SECRET_QUERY_PARAM } from './description';

/**
 * The notice shown in the node: the suffix to append to the Production URL above, with the
 * tracker's macros in place.
 */
export function setupNotice(table: PostbackMacroTable): string {
	return `URL to paste into ${table.name}: the Production URL above followed by ?${SECRET_QUERY_PARAM}=<your secret>&${macroQuery(table)} — ${table.setupHint}`;
}
