/**
 * Pickers shared by every tracker: an IANA time-zone list and an ISO 4217 currency list, as n8n
 * `options`. Expressions stay allowed (n8n lets every options field switch to an expression).
 *
 * A value typed before these fields were pickers keeps working: n8n does not check an options
 * value against its list when it runs a node (only a `validateType` is checked, and these fields
 * set none), so an off-list value such as "utc" or "usd" still reaches the node, which resolves it
 * as before (resolveTimeZone / checkCurrency). The list holds every zone and link name of the tz
 * database, so any name a user could have typed correctly is in it; the editor flags only a
 * spelling the list does not hold, e.g. lower case.
 *
 * Nothing here names a tracker: a field says what its empty value means ("Account default", "The
 * workflow's time zone"…) through `emptyLabel`.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ISO_4217_CODES } from '../validation/currencies';
import { IANA_LINKS, IANA_ZONES } from './timeZones';

export { IANA_LINKS, IANA_ZONES } from './timeZones';

let zoneOptionsCache: INodePropertyOptions[] | undefined;

/** Every IANA zone ("UTC" first), then the link names, each saying the zone it stands for. */
export function timeZoneOptions(): INodePropertyOptions[] {
	if (!zoneOptionsCache) {
		const out: INodePropertyOptions[] = [{ name: 'UTC', value: 'UTC' }];
		for (const zone of IANA_ZONES) {
			if (zone !== 'UTC') out.push({ name: zone.replace(/_/g, ' '), value: zone });
		}
		for (const [link, zone] of IANA_LINKS) {
			if (link === 'UTC') continue;
			out.push({ name: `${link.replace(/_/g, ' ')} (= ${zone.replace(/_/g, ' ')})`, value: link });
		}
		zoneOptionsCache = out;
	}
	return zoneOptionsCache.map((o) => ({ ...o }));
}

let currencyOptionsCache: INodePropertyOptions[] | undefined;

function currencyNamer(): (code: string) => string | undefined {
	try {
		const names = new Intl.DisplayNames(['en'], { type: 'currency', fallback: 'none' });
		return (code) => {
			const name = names.of(code);
			return name && name !== code ? name : undefined;
		};
	} catch {
		return () => undefined;
	}
}

/** ISO 4217 codes: USD, EUR, GBP first (the usual tracker currencies), then A–Z; "USD — US Dollar". */
export function currencyOptions(): INodePropertyOptions[] {
	if (!currencyOptionsCache) {
		const first = ['USD', 'EUR', 'GBP'];
		const codes = [...first, ...[...ISO_4217_CODES].filter((c) => !first.includes(c)).sort()];
		const currencyName = currencyNamer();
		currencyOptionsCache = codes.map((code) => {
			const name = currencyName(code);
			return { name: name ? `${code} — ${name}` : code, value: code };
		});
	}
	return currencyOptionsCache.map((o) => ({ ...o }));
}

/** The fields of a picker that a node states; `type` and `options` come from here. */
export type PickerSpec = Omit<INodeProperties, 'type' | 'options' | 'default'> & {
	default: string;
	/** When set, an option with value '' and this label comes first ("Account default"). */
	emptyLabel?: string;
	emptyDescription?: string;
};

function picker(spec: PickerSpec, list: INodePropertyOptions[]): INodeProperties {
	const { emptyLabel, emptyDescription, ...rest } = spec;
	const options = emptyLabel
		? [
				{
					name: emptyLabel,
					value: '',
					...(emptyDescription ? { description: emptyDescription } : {}),
				},
				...list,
			]
		: list;
	const property: INodeProperties = { ...rest, type: 'options', options };
	delete property.placeholder;
	return property;
}

/** A time-zone picker (IANA list). */
export function timeZoneField(spec: PickerSpec): INodeProperties {
	return picker(spec, timeZoneOptions());
}

/** A currency picker (ISO 4217 list). */
export function currencyField(spec: PickerSpec): INodeProperties {
	return picker(spec, currencyOptions());
}
