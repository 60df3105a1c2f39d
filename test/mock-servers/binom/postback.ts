/**
 * Binom 2 firing a traffic-source / campaign S2S postback (docs.binom.org create-source.php,
 * conv-to-source-v2.php): token values written from Binom's docs, independent of the node's table.
 * Binom sends {time} as "YYYY-MM-DD HH:MM:SS" here (format not documented; the node also reads
 * Unix seconds).
 */
import { fireWith, subMacros } from '../shared/postback';
import type { MacroValues, MockConversionEvent } from '../shared/postback';

function wall(epochSeconds: number | undefined): string | undefined {
	if (epochSeconds === undefined) return undefined;
	return new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export const binomPostbackValues: MacroValues = (e) => ({
	'{clickid}': e.clickId,
	'{cnv_status}': e.status,
	'{cnv_status2}': '',
	'{payout}': e.payout === undefined ? '' : String(e.payout),
	'{cnv_currency}': e.currency,
	'{campaign}': e.campaignId,
	'{campaign_name}': e.campaignName,
	'{trafficsource}': e.sourceId,
	'{trafficsource_name}': e.sourceName,
	'{lander}': e.landingId,
	'{external_id}': e.externalId,
	'{externalid}': e.externalId,
	'{country_code}': e.country,
	'{time}': wall(e.clickTime),
	...subMacros(e, (n) => `{t${n}}`, 30),
});

export const fireBinomPostback = (template: string, e: MockConversionEvent, opts?: { method?: 'GET' | 'POST' }) =>
	fireWith(binomPostbackValues, template, e, opts);
