/**
 * Boundary check of Voluum's `/report/conversions` answers (zod): a renamed or missing column, a
 * time in an unexpected format or a row outside the asked window stops the poll with a sentence
 * naming the field, instead of mis-placing or silently dropping rows.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { parseTimeToMs } from '../../shared/polling';

/** The columns the trigger asks for explicitly (`columns=`), so the account's view cannot change them. */
export const VOLUUM_CONVERSION_COLUMNS: readonly string[] = [
	'postbackTimestamp',
	'visitTimestamp',
	'clickId',
	'transactionId',
	'externalId',
	'conversionType',
	'conversionTypeId',
	'campaignId',
	'campaignName',
	'offerId',
	'offerName',
	'landerId',
	'landerName',
	'flowId',
	'flowName',
	'trafficSourceId',
	'trafficSourceName',
	'affiliateNetworkId',
	'affiliateNetworkName',
	'revenue',
	'payout',
	'cost',
	'profit',
	'currency',
	'countryCode',
	'countryName',
	'ip',
	'os',
	'browser',
	'deviceName',
	...Array.from({ length: 10 }, (_, i) => `customVariable${i + 1}`),
];

const idText = z.union([z.string().trim().min(1), z.number().finite()]);
const optionalText = z.union([z.string(), z.number(), z.null()]).optional();

const answerSchema = z.object({
	rows: z.array(z.unknown()),
	totalRows: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).optional(),
	limit: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).optional(),
});

const rowSchema = z.object({
	clickId: idText,
	transactionId: optionalText,
	conversionType: optionalText,
	conversionTypeId: optionalText,
	postbackTimestamp: z.string().min(1),
	visitTimestamp: z.string().min(1),
});

function fail(node: INode, message: string): never {
	throw new NodeOperationError(node, message, {
		description:
			'Voluum answered in a shape the trigger does not know, so it stopped instead of guessing. The next poll reads the same window again; please report this with the message.',
	});
}

function describeIssue(issue: z.ZodIssue): string {
	const field = issue.path.length ? `"${issue.path.join('.')}"` : 'the answer';
	if (issue.code === 'invalid_type' && issue.received === 'undefined') {
		return `the column ${field} is missing`;
	}
	return `${field} is not valid (${issue.message})`;
}

/** Validates one `/report/conversions` answer; returns its rows. */
export function checkConversionsAnswer(
	body: unknown,
	node: INode,
	check: {
		zone: string;
		timeField: 'postbackTimestamp' | 'visitTimestamp';
		fromMs: number;
		toMs: number;
	},
): Array<Record<string, unknown>> {
	const answer = answerSchema.safeParse(Array.isArray(body) ? { rows: body } : body);
	if (!answer.success) {
		fail(node, `Voluum /report/conversions: ${describeIssue(answer.error.issues[0])}`);
	}
	const rows = answer.data.rows;
	rows.forEach((raw, i) => {
		const parsed = rowSchema.safeParse(raw);
		if (!parsed.success) {
			fail(
				node,
				`Voluum /report/conversions row ${i + 1}: ${describeIssue(parsed.error.issues[0])}`,
			);
		}
		for (const field of ['postbackTimestamp', 'visitTimestamp'] as const) {
			const text = parsed.data[field];
			const ms = parseTimeToMs(text, check.zone);
			if (!Number.isFinite(ms)) {
				fail(
					node,
					`Voluum /report/conversions row ${i + 1}: "${field}" is not a time the trigger can read ("${text.slice(0, 40)}")`,
				);
			}
			if (field === check.timeField && (ms < check.fromMs || ms >= check.toMs)) {
				fail(
					node,
					`Voluum /report/conversions placed a row with "${field}" ${new Date(ms).toISOString()} in the window ${new Date(check.fromMs).toISOString()} – ${new Date(check.toMs).toISOString()}: it does not filter by the time mode the trigger asked for (conversionTimeMode)`,
				);
			}
		}
	});
	return rows as Array<Record<string, unknown>>;
}
