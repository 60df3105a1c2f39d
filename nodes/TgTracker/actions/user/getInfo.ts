import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import type { ActionOperation } from '../../../shared/actions';
import {
	includeRawField,
	parseAnswer,
	readOutputMode,
	simplifyField,
} from '../../../shared/actions';
import { botCallLine, botOptionsField, readTelegramUserId, tgBotCall } from '../bot';

const CALL = botCallLine('get_user_info');

/** Zod's message for a union: "Required" (→ "is missing") when absent, `what` otherwise. */
const unionMessage =
	(what: string): z.ZodErrorMap =>
	(_issue, ctx) => ({ message: ctx.data === undefined ? 'Required' : what });

/** A unix time as TGTrack writes it: a number or a digit string; 0 or empty means none. */
const unixTime = z.union(
	[
		z.number().int().nonnegative(),
		z
			.string()
			.regex(/^\d*$/)
			.transform((s) => (s === '' ? 0 : Number(s))),
		z.null().transform(() => 0),
	],
	{ errorMap: unionMessage('is not a unix time') },
);
const text = z
	.union([z.string(), z.number().transform(String), z.null()])
	.optional()
	.transform((v) => (v === undefined || v === null ? null : v));

/** `data` of get_user_info (OFFICIAL field list, doc.tgtrack.ru/?p=802); value types ASSUMED loose. */
const userSchema = z
	.object({
		user_id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)], {
			errorMap: unionMessage('is not a Telegram user ID'),
		}),
		first_join_date: unixTime,
		last_join_date: unixTime.optional(),
		left_date: unixTime.optional(),
		invite_link: text,
		first_name: text,
		username: text,
		utm_source: text,
		utm_medium: text,
		utm_campaign: text,
	})
	.passthrough();

/** unix seconds (or 13-digit milliseconds) → ISO time; 0 → null. */
function iso(sec: number): string | null {
	if (!sec) return null;
	const ms = sec >= 1e12 ? sec : sec * 1000;
	const d = new Date(ms);
	return Number.isFinite(d.getTime()) ? d.toISOString() : null;
}

/** "No such user" in every shape it may plausibly take: `data` null, `[]`, `{}` or false. */
function isEmptyData(data: unknown): boolean {
	if (data === undefined || data === null || data === false) return true;
	if (Array.isArray(data)) return data.length === 0;
	return typeof data === 'object' && Object.keys(data as object).length === 0;
}

/**
 * User → Get Info (bot API, OFFICIAL): `POST /v1/{bot key}/get_user_info {"user_id": "…"}` → where
 * this Telegram user came from (source name, UTM), when they first and last joined, and whether
 * they left. A user the tracker does not know fails with a sentence naming the user, whichever
 * plausible shape the answer takes (an error status, HTTP 404, or empty `data`).
 */
export const getInfo: ActionOperation = {
	option: {
		name: 'Get Info',
		value: 'getInfo',
		description:
			'Get where a Telegram user came from (source, UTM tags) and when they joined or left',
		action: 'Get info about a user',
	},
	calls: ['POST /get_user_info'],
	properties: [
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 123456789',
			description: 'Telegram user ID (digits), e.g. the user_id your bot receives',
		},
		simplifyField,
		includeRawField,
		botOptionsField,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const userId = readTelegramUserId(this, i);
		const data = await tgBotCall.call(this, 'get_user_info', { user_id: userId }, i, {
			write: false,
			userId,
		});
		if (isEmptyData(data)) {
			throw new NodeOperationError(this.getNode(), `TG Tracker has no user ${userId}`, {
				itemIndex: i,
				description:
					'TGTrack answered without data for this Telegram user ID: the user never joined through a tracked link, or the ID belongs to another project.',
			});
		}
		const user = parseAnswer(this, userSchema, data, {
			tracker: 'TG Tracker',
			call: CALL,
			itemIndex: i,
		});
		if (String(user.user_id) !== userId) {
			throw new NodeOperationError(
				this.getNode(),
				`TG Tracker answered ${CALL} for user ${String(user.user_id)} instead of ${userId}`,
				{ itemIndex: i },
			);
		}
		const raw = data as IDataObject;
		const mode = readOutputMode(this, i);
		if (!mode.simplify) return raw;
		const leftDate = user.left_date ?? 0;
		const lastJoin = user.last_join_date ?? user.first_join_date;
		const out: IDataObject = {
			tracker: 'tgtracker',
			userId,
			// left_date 0 = still subscribed (OFFICIAL). After a leave and a re-join left_date may be
			// reset to 0 or keep the last leave (UNKNOWN): a join after the leave counts as subscribed.
			subscribed: leftDate === 0 || lastJoin > leftDate,
			firstJoinTime: iso(user.first_join_date),
			lastJoinTime: iso(lastJoin),
			leftTime: iso(leftDate),
			source: user.invite_link,
			firstName: user.first_name,
			username: user.username,
			utm: { source: user.utm_source, medium: user.utm_medium, campaign: user.utm_campaign },
		};
		if (mode.includeRaw) out.raw = raw;
		return out;
	},
};
