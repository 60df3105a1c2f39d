import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { z } from 'zod';

/**
 * Validates a tracker answer at the boundary. A surprise fails loudly with a sentence naming the
 * field (e.g. `RedTrack answered GET /campaigns with an unexpected shape: items.0.id is required`).
 */
export function parseAnswer<S extends z.ZodTypeAny>(
	ctx: IExecuteFunctions,
	schema: S,
	data: unknown,
	where: { tracker: string; call: string; itemIndex?: number },
): z.infer<S> {
	const res = schema.safeParse(data);
	if (res.success) return res.data as z.infer<S>;
	const issue = res.error.issues[0];
	const field = issue.path.length ? issue.path.join('.') : 'the answer';
	const text = issue.message === 'Required' ? 'is missing' : `: ${issue.message.toLowerCase()}`;
	throw new NodeOperationError(
		ctx.getNode(),
		`${where.tracker} answered ${where.call} with an unexpected shape: ${field} ${text}`.replace(
			/ +:/,
			':',
		),
		{
			itemIndex: where.itemIndex,
			description:
				'The tracker API may have changed, or the URL points to another service. Nothing was assumed about the answer.',
		},
	);
}
