/**
 * Node subtitles a person reads ("Get many campaigns", "Metric threshold") instead of internal
 * values ("getAll: campaign", "metricThreshold"). The subtitle is an n8n expression evaluated in the
 * editor: a lookup table from parameter values to labels, falling back to the raw value.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** "Metric Threshold" → "Metric threshold"; words in capitals (ROI, ID) or with digits stay. */
export function sentenceCase(label: string): string {
	return label
		.split(' ')
		.map((w, i) => (i === 0 || /^[A-Z0-9]{2,}$/.test(w) || /\d/.test(w) ? w : w.toLowerCase()))
		.join(' ');
}

/** `={{ ({…})[key] || fallback }}` with the table as a JSON literal. */
export function lookupSubtitle(
	table: Record<string, string>,
	keyExpression: string,
	fallbackExpression: string,
): string {
	return `={{ (${JSON.stringify(table)})[${keyExpression}] || ${fallbackExpression} }}`;
}

/** Subtitle of a trigger: the label of the chosen option of `name` (default "event"). */
export function optionSubtitle(properties: INodeProperties[], name = 'event'): string {
	const table: Record<string, string> = {};
	for (const p of properties) {
		if (p.name !== name || p.type !== 'options') continue;
		for (const o of (p.options ?? []) as INodePropertyOptions[]) {
			if (!(String(o.value) in table)) table[String(o.value)] = sentenceCase(o.name);
		}
	}
	return lookupSubtitle(table, `$parameter["${name}"]`, `$parameter["${name}"]`);
}
