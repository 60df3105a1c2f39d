/**
 * Boundary check of RedTrack's `/conversions` answers (zod): a missing or renamed column, a time
 * in an unexpected format or a malformed id stops the poll with a sentence naming the field.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { parseTimeToMs } from '../../shared/polling';

const answerSchema = z.union([
	z.array(z.unknown()),
	z.object({
		items: z.array(z.unknown()),
		total: z.number().int().nonnegative().optional(),
	}),
]);

const rowSchema = z.object({
	id: z.union([z.string().trim().min(1), z.number().int().nonnegative()]),
	status: z.union([z.string(), z.number()]),
});

function fail(node: INode, message: string): never {
	throw new NodeOperationError(node, message, {
		description:
			'RedTrack answered in a shape the trigger does not know, so it stopped instead of guessing. The next poll reads the same days again; please report this with the message.',
	});
}

/** Validates a `/conversions` (or `/tracks`) answer; returns its rows and total. */
export function checkRedTrackLog(
	body: unknown,
	node: INode,
	check: { path: string; timeField: string; zone: string; requireStatus: boolean },
): { rows: Array<Record<string, unknown>>; total?: number } {
	const answer = answerSchema.safeParse(body);
	if (!answer.success) {
		fail(node, `RedTrack ${check.path}: the answer has no "items" list`);
	}
	const data = answer.data;
	const rows = Array.isArray(data) ? data : data.items;
	const total = Array.isArray(data) ? undefined : data.total;
	rows.forEach((raw, i) => {
		if (!raw || typeof raw !== 'object')
			fail(node, `RedTrack ${check.path} item ${i + 1} is not an object`);
		const row = raw as Record<string, unknown>;
		const shape = (check.requireStatus ? rowSchema : rowSchema.pick({ id: true })).safeParse(row);
		if (!shape.success) {
			const issue = shape.error.issues[0];
			const field = String(issue.path[0] ?? 'id');
			fail(
				node,
				row[field] === undefined
					? `RedTrack ${check.path} item ${i + 1}: the column "${field}" is missing`
					: `RedTrack ${check.path} item ${i + 1}: "${field}" is not valid (${issue.message})`,
			);
		}
		const t = row[check.timeField];
		if (t === undefined) {
			fail(
				node,
				`RedTrack ${check.path} item ${i + 1}: the column "${check.timeField}" is missing`,
			);
		}
		if (!Number.isFinite(parseTimeToMs(t, check.zone))) {
			fail(
				node,
				`RedTrack ${check.path} item ${i + 1}: "${check.timeField}" is not a time the trigger can read ("${String(t).slice(0, 40)}")`,
			);
		}
	});
	return total === undefined
		? { rows: rows as Array<Record<string, unknown>> }
		: { rows: rows as Array<Record<string, unknown>>, total };
}
