import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import { dryRunField } from '../../../shared/actions';
import { actOnSampleItemsProperty } from '../../../shared/safety';
import { botCallLine, botOptionsField, readTelegramUserId, tgBotCall } from '../bot';

/** Longest goal name sent (ours, to keep a request small; TGTrack's own limit is UNKNOWN). */
const MAX_GOAL_CHARS = 256;

/**
 * Goal → Reach Goal (BETA, third-party source): `POST /v1/{bot key}/send_reach_goal
 * {"user_id": "…", "target": "<goal>"}` tells TGTrack that a Telegram user reached a goal, which
 * TGTrack forwards as an offline conversion to the ad networks it is connected to. The method and
 * its two fields come from public scripts, not from TGTrack's docs; the answer's shape is unknown
 * (an OK envelope, an envelope with data, an empty body or a bare OK are all accepted; an error
 * status fails). A write: the write guard runs first, and it is sent once, never retried (TGTrack
 * has no idempotency key, so a second send may count the goal twice).
 */
export const reachGoal: ActionOperation = {
	option: {
		name: 'Reach Goal (Beta)',
		value: 'reachGoal',
		description:
			'Tell TG Tracker that a Telegram user reached a goal (beta: method known from third-party scripts only)',
		action: 'Reach a goal for a user',
	},
	write: true,
	calls: ['POST /send_reach_goal'],
	properties: [
		{
			displayName:
				'Beta: send_reach_goal is not in TGTrack’s docs; it is built as public scripts call it. Check in TGTrack that the goal arrives.',
			name: 'reachGoalNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 123456789',
			description: 'Telegram user ID (digits) of the user who reached the goal',
		},
		{
			displayName: 'Goal',
			name: 'goal',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. purchase',
			description: 'The goal (target) as it is named in TGTrack’s goal settings; sent as "target"',
		},
		{
			...dryRunField,
			description: 'Whether to send nothing and only output the request that would be sent',
		},
		actOnSampleItemsProperty(),
		botOptionsField,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const userId = readTelegramUserId(this, i);
		const raw = this.getNodeParameter('goal', i, '') as unknown;
		const goal = (typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '').trim();
		if (!goal) {
			throw new NodeOperationError(this.getNode(), 'Goal is empty', {
				itemIndex: i,
				description: 'Give the goal name as it is set up in TGTrack, e.g. purchase.',
			});
		}
		const control = [...goal].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);
		if (goal.length > MAX_GOAL_CHARS || control) {
			throw new NodeOperationError(
				this.getNode(),
				`Goal must be one line of at most ${MAX_GOAL_CHARS} characters`,
				{ itemIndex: i },
			);
		}
		const body = { user_id: userId, target: goal };
		if (this.getNodeParameter('dryRun', i, false) === true) {
			return {
				tracker: 'tgtracker',
				userId,
				goal,
				dryRun: true,
				wouldSend: { request: botCallLine('send_reach_goal'), body },
			};
		}
		const data = await tgBotCall.call(this, 'send_reach_goal', body, i, { write: true, userId });
		return {
			tracker: 'tgtracker',
			userId,
			goal,
			sent: true,
			answer: data === undefined ? null : (data as IDataObject),
		};
	},
};
