import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { paramError } from './utils';

/** One bot list entry: IPv4 (octets may be *), CIDR, an IPv4 range a-b, or IPv6 (optionally CIDR). */
const ENTRY =
	/^(?:(?:\d{1,3}|\*)(?:\.(?:\d{1,3}|\*)){3}(?:\/\d{1,2})?(?:-\d{1,3}(?:\.\d{1,3}){3})?|[0-9a-fA-F:]*:[0-9a-fA-F:.]*(?:\/\d{1,3})?)$/;

export const ipsField: INodeProperties = {
	displayName: 'IPs',
	name: 'ips',
	type: 'string',
	typeOptions: { rows: 4 },
	required: true,
	default: '',
	placeholder: 'e.g. 1.2.3.4, 10.0.0.0/8, 5.6.7.1-5.6.7.9',
	description:
		'IP addresses or ranges (1.2.3.*, CIDR, a-b ranges, IPv6), separated by commas, spaces or new lines',
};

/** Splits the IPs parameter, validates each entry and joins them with new lines (Keitaro format). */
export function botListValue(ctx: IExecuteFunctions, i: number, value: unknown): string {
	const entries = String(value ?? '')
		.split(/[\s,;]+/)
		.map((e) => e.trim())
		.filter((e) => e !== '');
	if (entries.length === 0)
		throw paramError(ctx, i, 'IPs must contain at least one IP address or range');
	const wrong = entries.filter(
		(e) => !ENTRY.test(e) || e.split('.').some((o) => /^\d+$/.test(o) && Number(o) > 255),
	);
	if (wrong.length) {
		throw paramError(
			ctx,
			i,
			`IPs: ${wrong
				.slice(0, 5)
				.map((w) => `"${w}"`)
				.join(
					', ',
				)} ${wrong.length === 1 ? 'is not an IP address or range' : 'are not IP addresses or ranges'}`,
			'Use addresses like 1.2.3.4, wildcards like 1.2.3.*, CIDR like 10.0.0.0/8, ranges like 1.2.3.1-1.2.3.9, or IPv6.',
		);
	}
	return [...new Set(entries)].join('\n');
}
